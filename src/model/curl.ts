// A REST operation as a curl command a developer can paste into a shell (or a bug report):
//   curl -X POST 'https://gws/api/v2/me/calls/ID' -H 'Content-Type: application/json'
//     -H 'Origin: https://gws' -H 'X-CSRF-TOKEN: <csrf-token>' -b 'JSESSIONID=<session-cookie>'
//     -u '<user>:<password>' --data '{"operationName":"Hold"}'
// Credentials are always placeholders: the command is meant to be shared, and the operation
// record only holds redacted values anyway.

export interface CurlRequest {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
}

export interface CurlOptions {
  /** The signed-in user name; the password is never filled in. */
  userName?: string;
}

export const PASSWORD_PLACEHOLDER = '<password>';
export const USER_PLACEHOLDER = '<user>';
export const CSRF_PLACEHOLDER = '<csrf-token>';
export const SESSION_COOKIE_PLACEHOLDER = '<session-cookie>';

/**
 * The methods an operation may have. A method is put on a command line, so anything else
 * (an imported file can hold any string) is refused rather than quoted and hoped for.
 */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function isHttpMethod(value: unknown): value is string {
  return typeof value === 'string' && HTTP_METHODS.has(value);
}

/** Headers curl computes itself, or that would break a replay. */
const DROPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'transfer-encoding', 'accept-encoding']);

export function toCurl(request: CurlRequest, options: CurlOptions = {}): string {
  const method = (request.method || 'GET').toUpperCase();
  const parts = ['curl', '-X', method, shellQuote(stripUrlCredentials(request.url))];
  let cookieArgument: string | undefined;
  let hasContentType = false;
  for (const [name, value] of Object.entries(request.requestHeaders ?? {})) {
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower) || lower === 'authorization' || lower === 'proxy-authorization') continue;
    if (lower === 'cookie') {
      cookieArgument = maskCookies(value);
      continue;
    }
    if (lower === 'content-type') hasContentType = true;
    const shown = lower.includes('csrf') ? CSRF_PLACEHOLDER : value;
    parts.push('-H', shellQuote(`${name}: ${shown}`));
  }
  const body = bodyText(request.requestBody);
  if (body !== undefined && !hasContentType) parts.splice(4, 0, '-H', shellQuote('Content-Type: application/json'));
  if (cookieArgument) parts.push('-b', shellQuote(cookieArgument));
  // GWS authenticates with Basic; a pasted command without a live session cookie needs it.
  parts.push('-u', shellQuote(`${options.userName || USER_PLACEHOLDER}:${PASSWORD_PLACEHOLDER}`));
  if (body !== undefined) parts.push('--data', shellQuote(body));
  return parts.join(' ');
}

/**
 * Quotes a word for POSIX shells: single quotes keep everything literal ($, `, \, !, newlines),
 * and a single quote itself becomes '\'' (close, escaped quote, reopen).
 */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Cookie names are useful ("was JSESSIONID sent?"); values are secrets. */
function maskCookies(header: string): string {
  const names = header
    .split(/;\s*/)
    .map((part) => part.split('=')[0].trim())
    .filter((name) => name.length > 0 && !/^\[redacted\]$/i.test(name));
  if (names.length === 0) return `JSESSIONID=${SESSION_COOKIE_PLACEHOLDER}`;
  return names.map((name) => `${name}=${/^jsessionid$/i.test(name) ? SESSION_COOKIE_PLACEHOLDER : '<cookie>'}`).join('; ');
}

function stripUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return JSON.stringify(body, (key, value: unknown) =>
    /password|passwd/i.test(key) && value !== undefined ? PASSWORD_PLACEHOLDER : value,
  );
}
