// A REST operation as a curl command a developer can paste into a shell (or a bug report):
//   curl -X POST 'https://gws/api/v2/me/calls/ID' -H 'Content-Type: application/json'
//     -H 'Origin: https://gws' -H 'X-CSRF-TOKEN: <csrf-token>' -b 'JSESSIONID=<session-cookie>'
//     -u '<user>:<password>' --data-raw '{"operationName":"Hold"}'
// Credentials are always placeholders: the command is meant to be shared, and the operation
// record only holds redacted values anyway (an imported file may not, so nothing is trusted):
// Authorization and Proxy-Authorization are dropped (-u stands for them), cookie values and
// CSRF tokens become placeholders, and so does every header, query parameter or body value that
// the redaction rule (src/base/redact.ts) calls a credential or that carries one in its text.
import { credentialKind, jsonProblem, REDACTED, redactText } from '../base/redact';

export interface CurlRequest {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
}

export interface CurlOptions {
  /** The signed-in user name; the password is never filled in. */
  userName?: string;
  /** The server-chosen CSRF header (X-CSRF-HEADER), when known: its value becomes <csrf-token>. */
  csrfHeaderName?: string;
}

export const PASSWORD_PLACEHOLDER = '<password>';
export const USER_PLACEHOLDER = '<user>';
export const CSRF_PLACEHOLDER = '<csrf-token>';
export const SESSION_COOKIE_PLACEHOLDER = '<session-cookie>';
export const COOKIE_PLACEHOLDER = '<cookie>';
export const SECRET_PLACEHOLDER = '<secret>';

/**
 * The methods an operation may have. A method is put on a command line, so anything else
 * (an imported file can hold any string) is refused rather than quoted and hoped for.
 */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function isHttpMethod(value: unknown): value is string {
  return HTTP_METHODS.has(value as string);
}

/**
 * Headers curl computes itself, that would break a replay, or that only stand for credentials
 * (-u replaces Authorization; Set-Cookie is never a request header).
 */
const DROPPED_HEADERS = new Set([
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'accept-encoding',
  'authorization',
  'proxy-authorization',
  'set-cookie',
]);

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
  const csrfHeader = options.csrfHeaderName?.toLowerCase();
  for (const [name, value] of Object.entries(request.requestHeaders ?? {})) {
    if (typeof value !== 'string' || !HEADER_NAME.test(name) || BAD_HEADER_VALUE.test(value)) {
      leftOut++;
      continue;
    }
    const lower = name.toLowerCase();
    if (DROPPED_HEADERS.has(lower)) continue;
    if (lower === 'cookie') {
      cookieArgument = maskCookies(value);
      continue;
    }
    if (lower === 'content-type') hasContentType = true;
    headers.push('-H', shellQuote(`${name}: ${headerValue(lower, value, csrfHeader)}`));
  }
  const notes: string[] = [];
  let body: string | undefined;
  const problem = unserializableBody(request.requestBody);
  if (problem === undefined) body = bodyText(request.requestBody);
  else notes.push('the body cannot be serialised and is left out');
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
  return maskQuery(url.href);
}

/** `?access_token=abc&call=1` → `?access_token=<secret>&call=1`; the rest of the URL as it is. */
function maskQuery(href: string): string {
  const question = href.indexOf('?');
  if (question < 0) return href;
  const hash = href.indexOf('#', question);
  const end = hash < 0 ? href.length : hash;
  const query = href
    .slice(question + 1, end)
    .split('&')
    .map((pair) => {
      const equal = pair.indexOf('=');
      if (equal <= 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, equal).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, equal);
      }
      if (credentialKind(name)) return `${pair.slice(0, equal)}=${SECRET_PLACEHOLDER}`;
      const value = pair.slice(equal + 1);
      return redactText(value) === value ? pair : `${pair.slice(0, equal)}=${SECRET_PLACEHOLDER}`;
    })
    .join('&');
  return `${href.slice(0, question + 1)}${query}${href.slice(end)}`;
}

/**
 * What a header shows: a CSRF header (a name with "csrf", the server-chosen one, or a value the
 * session already masked, which it does only for credential headers and the CSRF header) shows
 * <csrf-token>; any other credential header, or a value with a credential in it, shows <secret>.
 */
function headerValue(lower: string, value: string, csrfHeader: string | undefined): string {
  if (lower.includes('csrf') || lower === csrfHeader) return CSRF_PLACEHOLDER;
  if (credentialKind(lower)) return SECRET_PLACEHOLDER;
  if (value.trim() === REDACTED) return CSRF_PLACEHOLDER;
  return redactText(value) === value ? value : SECRET_PLACEHOLDER;
}

/** The -u user: the signed-in user's name when it can be one ("user:password" splits at the first colon). */
function userArgument(userName: string | undefined): string {
  return userName && !/[:\0\r\n]/.test(userName) ? userName : USER_PLACEHOLDER;
}

/** A cookie's name (an HTTP token) before its "="; anything else in a Cookie header is no name worth keeping. */
const COOKIE_NAME = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=/;

/**
 * Cookie names are useful ("was JSESSIONID sent?"); values are secrets. A bare value (no
 * name=) is all secret, so it never becomes a name.
 */
function maskCookies(header: string): string {
  const names = header.split(/[;,]/).flatMap((part) => COOKIE_NAME.exec(part)?.[1] ?? []);
  if (names.length === 0) return `JSESSIONID=${SESSION_COOKIE_PLACEHOLDER}`;
  return names.map((name) => `${name}=${/^jsessionid$/i.test(name) ? SESSION_COOKIE_PLACEHOLDER : COOKIE_PLACEHOLDER}`).join('; ');
}

/**
 * Why a body cannot go into the command: too deep or cyclic (a crafted record), or already
 * replaced by a note saying so (what redactJson and an export make of such a body).
 */
function unserializableBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === 'unserializable') return String((body as { unserializable: unknown }).unserializable);
  return jsonProblem(body);
}

/** Placeholders for a credential in a JSON body, by the kind of credential its key names. */
const BODY_PLACEHOLDERS = { password: PASSWORD_PLACEHOLDER, secret: SECRET_PLACEHOLDER, authorization: SECRET_PLACEHOLDER, cookie: COOKIE_PLACEHOLDER } as const;

/**
 * The body as sent, with credentials as placeholders: the value of a credential key (whatever
 * its type) and any credential inside a string (e.g. "password=…" in a userData note, or a
 * value the record already holds as [redacted]).
 */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return textWithPlaceholders(body);
  return JSON.stringify(body, (key, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') {
      const kind = credentialKind(key);
      if (kind) return key.toLowerCase().includes('csrf') ? CSRF_PLACEHOLDER : BODY_PLACEHOLDERS[kind];
    }
    return typeof value === 'string' ? textWithPlaceholders(value) : value;
  });
}

function textWithPlaceholders(text: string): string {
  return redactText(text).split(REDACTED).join(SECRET_PLACEHOLDER);
}
