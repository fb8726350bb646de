// A REST operation as a curl command a developer can paste into a shell (or a bug report):
//   curl -X POST 'https://gws/api/v2/me/calls/ID' -H 'Content-Type: application/json'
//     -H 'Origin: https://gws' -H 'X-CSRF-TOKEN: <csrf-token>' -b 'JSESSIONID=<session-cookie>'
//     -u '<user>:<password>' --data-raw '{"operationName":"Hold"}'
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

/** Header names are HTTP tokens (RFC 9110 §5.6.2); anything else is left out of the command. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value may not hold CR, LF or NUL: curl would send them, splitting the request. */
const BAD_HEADER_VALUE = /[\r\n\0]/;
/** Characters curl reads as a URL glob ("{a,b}", "[1-9]") unless told --globoff. */
const URL_GLOB = /[[\]{}]/;

/**
 * The command for `request`. Every word is single-quoted after it has been checked: the method
 * must be an HTTP method and the URL an http(s) URL, or the result is a shell comment saying
 * why; a header with an invalid name or value, or a body a shell cannot carry (a NUL byte), is
 * left out and a trailing comment says so. Whatever the record holds (an imported file can hold
 * anything), pasting the result runs curl and nothing else.
 */
export function toCurl(request: CurlRequest, options: CurlOptions = {}): string {
  const method = (request.method || 'GET').toUpperCase();
  if (!isHttpMethod(method)) return '# Not copied as curl: the operation\'s method is not an HTTP method.';
  const url = replayableUrl(request.url);
  if (url === undefined) return '# Not copied as curl: the operation\'s URL is not an http(s) URL.';
  const parts = ['curl'];
  if (URL_GLOB.test(url)) parts.push('-g');
  parts.push('-X', method, shellQuote(url));
  const headers: string[] = [];
  let cookieArgument: string | undefined;
  let hasContentType = false;
  let leftOut = 0;
  for (const [name, value] of Object.entries(request.requestHeaders ?? {})) {
    if (typeof value !== 'string' || !HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(value)) {
      leftOut++;
      continue;
    }
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower) || lower === 'authorization' || lower === 'proxy-authorization') continue;
    if (lower === 'cookie') {
      cookieArgument = maskCookies(value);
      continue;
    }
    if (lower === 'content-type') hasContentType = true;
    const shown = lower.includes('csrf') ? CSRF_PLACEHOLDER : value;
    headers.push('-H', shellQuote(`${name}: ${shown}`));
  }
  let body = bodyText(request.requestBody);
  const notes: string[] = [];
  if (body !== undefined && body.includes('\0')) {
    body = undefined;
    notes.push('the body holds a NUL byte and is left out');
  }
  if (leftOut > 0) notes.push(`${leftOut} header${leftOut === 1 ? '' : 's'} with an invalid name or value left out`);
  if (body !== undefined && !hasContentType) parts.push('-H', shellQuote('Content-Type: application/json'));
  parts.push(...headers);
  if (cookieArgument) parts.push('-b', shellQuote(cookieArgument));
  // GWS authenticates with Basic; a pasted command without a live session cookie needs it.
  parts.push('-u', shellQuote(`${userArgument(options.userName)}:${PASSWORD_PLACEHOLDER}`));
  // --data-raw, not --data: a body starting with "@" must not make curl read a local file.
  if (body !== undefined) parts.push('--data-raw', shellQuote(body));
  if (notes.length > 0) parts.push(`# ${notes.join('; ')}`);
  return parts.join(' ');
}

/**
 * Quotes a word for POSIX shells: single quotes keep everything literal ($, `, \, !, newlines),
 * and a single quote itself becomes '\'' (close, escaped quote, reopen). A NUL byte cannot be
 * part of a shell word at all, so it is refused.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a shell word cannot hold a NUL byte');
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The URL as the request would send it, without user info: parsed (so it is normalised the
 * way an HTTP client does it: no raw spaces, newlines or control characters) and http(s) only,
 * which also guarantees it cannot start with "-" and be read by curl as an option.
 */
function replayableUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  return url.href;
}

/** The -u user: the signed-in user's name when it can be one ("user:password" splits at the first colon). */
function userArgument(userName: string | undefined): string {
  return userName && !/[:\0\r\n]/.test(userName) ? userName : USER_PLACEHOLDER;
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

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return JSON.stringify(body, (key, value: unknown) =>
    /password|passwd/i.test(key) && value !== undefined ? PASSWORD_PLACEHOLDER : value,
  );
}
