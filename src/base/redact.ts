// Secrets never reach a log line, an error message, an operation record or an exported file.
// Everything that shows headers, URLs or server text to the user passes through here first.
//
// The rule: a value is a credential because of the NAME it is given, never because of the
// letters in a name. A name is compared with its case, "-", "_" and "." ignored
// ("X-Api-Key", "api_key" and "apiKey" are one name), and is a credential name when it is
//   - exactly one of: password, passwd, pwd, pass, passphrase, secret, client_secret,
//     api_key, x-api-key, token, access_token, refresh_token, id_token, auth_token,
//     x-auth-token, session_token, bearer_token, private_key, credential(s), jsessionid,
//     or a credential-carrying header: Authorization, Proxy-Authorization, Cookie, Set-Cookie;
//   - or a name ending in "password", "passwd" or "secret" (newPassword, agent.password,
//     clientSecret, IW_Secret);
//   - or a name containing "csrf" (X-CSRF-TOKEN, csrfToken, and the server-chosen CSRF header
//     such as X-My-Csrf), except one ending in "header": X-CSRF-HEADER names a header, it is
//     no secret.
// So "Secretary", "SecretQuestion", "IW_TokenId", "TokenCount" and "passwordHint" are business
// data and stay as they are, while "password": 12345 (any type) is masked.
//
// Where the rule applies:
//   - JSON (exports, Copy JSON, detail panes: `redactingReplacer`, `redactJson`): the value of
//     a credential key is masked whatever its type (objects and arrays leaf by leaf, so their
//     shape stays); `null` and "" are kept (they show that nothing was sent).
//   - Headers (`redactHeaders`): the same names, plus the server-chosen CSRF header name.
//   - Free text (`redactText`: log lines, server messages, every string inside exported JSON):
//     `name: value` / `name=value` with a credential name, the name optionally quoted; the
//     value is a quoted string (JSON escapes honoured), a JSON literal, or unquoted: a
//     password runs to the end of the line or to the next `&name=` (form and query encoding),
//     a cookie list is cookie pairs, an Authorization value runs to the end of the line, any
//     other credential is one token. Also URL user info (`scheme://user:pass@`, `scheme://key@`)
//     and credential-looking words after an auth scheme (Basic, Bearer, Digest, Negotiate,
//     NTLM); a plain word ("Basic authentication") is prose and is kept.
// Prose that only mentions a credential ("Password change required", "Missing or invalid Csrf
// token") has no `:` or `=` after the name and is kept. Auth schemes and cookie names are kept
// ("Basic [redacted]", "JSESSIONID=[redacted]") because which scheme or cookie was sent is what
// a developer debugs; cookie attributes (Path, Domain, Expires, Max-Age, SameSite) are no secret.

export const REDACTED = '[redacted]';

// ---- the rule: which names are credentials --------------------------------------------------

/** How a credential's value is masked: keeping the auth scheme, the cookie names, or nothing. */
export type CredentialKind = 'authorization' | 'cookie' | 'password' | 'secret';

/** Credential names, normalised (lower case, without "-", "_", "."). */
const CREDENTIAL_NAMES: ReadonlyMap<string, CredentialKind> = new Map<string, CredentialKind>([
  ['authorization', 'authorization'],
  ['proxyauthorization', 'authorization'],
  ['cookie', 'cookie'],
  ['setcookie', 'cookie'],
  ['password', 'password'],
  ['passwd', 'password'],
  ['pwd', 'password'],
  ['pass', 'password'],
  ['passphrase', 'password'],
  ['secret', 'secret'],
  ['clientsecret', 'secret'],
  ['apikey', 'secret'],
  ['xapikey', 'secret'],
  ['token', 'secret'],
  ['accesstoken', 'secret'],
  ['refreshtoken', 'secret'],
  ['idtoken', 'secret'],
  ['authtoken', 'secret'],
  ['xauthtoken', 'secret'],
  ['sessiontoken', 'secret'],
  ['bearertoken', 'secret'],
  ['privatekey', 'secret'],
  ['credential', 'secret'],
  ['credentials', 'secret'],
  ['jsessionid', 'secret'],
]);

function classifyName(name: string): CredentialKind | undefined {
  const normal = name.toLowerCase().replace(/[-_.]/g, '');
  const exact = CREDENTIAL_NAMES.get(normal);
  if (exact) return exact;
  if (normal.endsWith('password') || normal.endsWith('passwd')) return 'password';
  if (normal.endsWith('secret')) return 'secret';
  if (normal.includes('csrf') && !normal.endsWith('header')) return 'secret';
  return undefined;
}

/**
 * Names seen → their kind (null: not a credential). An export asks about the same few hundred
 * keys millions of times, so each name is classified once; the cache is bounded.
 */
const kindCache = new Map<string, CredentialKind | null>();
const KIND_CACHE_LIMIT = 4096;
const CACHEABLE_NAME_LENGTH = 64;

/** The kind of credential a key or header name holds, or undefined when it names no credential. */
export function credentialKind(name: string): CredentialKind | undefined {
  const first = name.charCodeAt(0);
  if (!(first >= 65 && first <= 90) && !(first >= 97 && first <= 122) && first !== 45 && first !== 95 && first !== 46) return undefined;
  if (name.length > CACHEABLE_NAME_LENGTH) return classifyName(name);
  const cached = kindCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const kind = classifyName(name);
  if (kindCache.size >= KIND_CACHE_LIMIT) kindCache.clear();
  kindCache.set(name, kind ?? null);
  return kind;
}

export function isCredentialName(name: string): boolean {
  return credentialKind(name) !== undefined;
}

// ---- headers and URLs -------------------------------------------------------------------------

/**
 * A copy of `headers` with credential values replaced. The auth scheme is kept
 * ("Basic [redacted]") because "was Basic sent?" is exactly what a developer debugs.
 * `extraSecretNames` covers a server-chosen CSRF header name (X-CSRF-HEADER).
 */
export function redactHeaders(
  headers: Record<string, unknown> | undefined,
  extraSecretNames: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const extra = new Set(extraSecretNames.map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    const kind = credentialKind(name) ?? (extra.has(name.toLowerCase()) ? 'secret' : undefined);
    out[name] = kind ? maskString(kind, text) : text;
  }
  return out;
}

/** Replaces the user info of a URL (`user:password@`, `key@`); leaves anything that is not a URL untouched. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, `$1${REDACTED}@`);
}

/**
 * Replaces every occurrence of each secret in `text` (and of its Basic-auth and
 * URL-encoded forms, which is how a password usually leaks). Empty secrets are ignored.
 */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** The Basic credential for user/password, and the forms a log could show it in. */
export function basicCredential(userName: string, password: string): string {
  return Buffer.from(`${userName}:${password}`, 'utf8').toString('base64');
}

// ---- credentials inside JSON values (exports, detail panes, Copy JSON) -----------------------

/**
 * Cheap pre-check so the text patterns run only on strings that might need them: every
 * credential name, auth scheme and URL user info the patterns find contains one of these.
 * Plain words only: character classes here made a 2 KB notification's export ~25% slower.
 */
const MAYBE_SECRET_TEXT = /pass|pwd|secret|token|csrf|key|auth|cookie|session|credential|basic|bearer|digest|negotiate|ntlm|@/i;

/**
 * A JSON.stringify replacer that masks credentials (see the rule at the top of this file).
 * It runs on every key of every exported record: a cached name lookup, and one pre-check
 * regex on string values.
 */
export function redactingReplacer(this: unknown, key: string, value: unknown): unknown {
  // The root's key is "", which names no credential.
  const kind = credentialKind(key);
  if (kind) return maskValue(kind, value, 0);
  // redactText starts with the pre-check.
  return typeof value === 'string' ? redactText(value) : value;
}

/**
 * A deep copy of a JSON-like value with every credential masked. A value that cannot be
 * serialised (see `stringifyRedacted`) becomes `{ unserializable: "<why>" }`: this never throws.
 */
export function redactJson<T>(value: T): T {
  const json = stringifyRedacted(value);
  if (json.problem !== undefined) return { unserializable: json.problem } as T;
  return (json.text === undefined ? undefined : JSON.parse(json.text)) as T;
}

// ---- values that cannot be serialised ---------------------------------------------------------

/**
 * Nesting limit for what is shown or described. JSON.stringify recurses: with a replacer it
 * overflows the stack at a few thousand levels (about 5,000 on Node 20), and a crafted or
 * broken message can be nested deeper than that. Real GWS messages are about ten levels deep.
 */
export const MAX_JSON_DEPTH = 1000;

export type RedactedJsonText = { text: string | undefined; problem?: undefined } | { text?: undefined; problem: string };

/**
 * `value` as redacted JSON text (`text` is undefined for undefined, a function…), or why it
 * cannot be serialised: nested too deep, a cycle, a BigInt, a throwing toJSON. Never throws;
 * costs one JSON.stringify when the value is fine.
 */
export function stringifyRedacted(value: unknown, space?: number): RedactedJsonText {
  try {
    return { text: JSON.stringify(value, redactingReplacer, space) };
  } catch (error) {
    return { problem: jsonProblem(value) ?? `it cannot be serialised (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * Why `value` cannot become JSON, found without recursion: nested more than `maxDepth`
 * levels, a cycle, or a BigInt. Undefined when none of these applies.
 */
export function jsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const onPath = new Set<object>();
  // A node to visit (depth ≥ 0), or the marker that all of an object's children are done.
  const stack: Array<[node: unknown, depth: number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth < 0) {
      onPath.delete(node as object);
      continue;
    }
    if (typeof node === 'bigint') return 'it holds a BigInt, which JSON cannot represent';
    if (typeof node !== 'object' || node === null || typeof (node as { toJSON?: unknown }).toJSON === 'function') continue;
    if (depth >= maxDepth) return `it is nested more than ${maxDepth} levels deep`;
    if (onPath.has(node)) return 'it contains itself (a cycle)';
    onPath.add(node);
    stack.push([node, -1]);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** Objects under a credential key are masked leaf by leaf down to this depth, then as a whole. */
const MAX_MASK_DEPTH = 32;

/** The value of a credential key or header, masked but keeping its scheme / cookie names / shape. */
function maskValue(kind: CredentialKind, value: unknown, depth: number): unknown {
  if (value === undefined || value === null || value === '') return value;
  if (typeof value === 'string') return maskString(kind, value);
  if (typeof value !== 'object' || depth >= MAX_MASK_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return REDACTED;
  if (Array.isArray(value)) return value.map((item) => maskValue(kind, item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, name, { value: maskValue(kind, item, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function maskString(kind: CredentialKind, value: string): string {
  if (value === '') return value;
  if (kind === 'authorization') {
    const scheme = /^\s*([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  if (kind === 'cookie') return redactCookieHeader(value);
  return REDACTED;
}

/** Cookie attributes: they say how a cookie is scoped, not what it holds. */
const COOKIE_ATTRIBUTES = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'secure', 'httponly', 'partitioned', 'priority']);

/**
 * "JSESSIONID=abc; Path=/; HttpOnly" → "JSESSIONID=[redacted]; Path=/; HttpOnly": names help
 * debugging, values are secrets. A bare value ("abc123", no name) is all secret. Items are
 * separated by ";" or "," (several Set-Cookie headers joined), except the comma of an Expires date.
 */
export function redactCookieHeader(value: string): string {
  return value.replace(/\s*expires=[a-z]{3},[^;,]*|[^;,]+/gi, (part) => {
    const item = part.trim();
    if (item.length === 0 || item === REDACTED) return part;
    const equal = item.indexOf('=');
    const name = equal < 0 ? item : item.slice(0, equal).trim();
    if (COOKIE_ATTRIBUTES.has(name.toLowerCase())) return part;
    const start = part.indexOf(item);
    const masked = equal > 0 ? `${item.slice(0, equal)}=${REDACTED}` : REDACTED;
    return `${part.slice(0, start)}${masked}${part.slice(start + item.length)}`;
  });
}

// ---- credentials inside free text (log lines, server messages, strings inside JSON) ----------

/**
 * A name followed by ":" or "=", the name optionally quoted (or \"-quoted, as in JSON inside a
 * JSON string). Any name: `credentialKind` decides, so text and JSON follow one rule. The name
 * starts where no name character precedes it, which keeps the search linear.
 */
const TEXT_NAME = /(?<![\w.-])(\\?["']?)([\w.-]+)(\\?["'\]]?)([ \t]*[:=][ \t]*)/g;
/** An unquoted password: to the end of the line, or to the next `&name=` (form / query encoding). */
const PASSWORD_VALUE = /(?:[^\r\n&]|&(?![\w.-]+=))*/y;
const PASSWORD_VALUE_IN_DOUBLE_QUOTES = /(?:[^\r\n&"]|&(?![\w.-]+=))*/y;
const PASSWORD_VALUE_IN_SINGLE_QUOTES = /(?:[^\r\n&']|&(?![\w.-]+=))*/y;
/** An unquoted token, CSRF value, API key or session id. */
const TOKEN_VALUE = /[^\s&;,"'<>)\]}]+/y;
/** An unquoted cookie list: name=value or bare items separated by ";" or ",". */
const COOKIE_ITEM = String.raw`(?:expires=[a-z]{3},[^;,\r\n"']*|[^\s;,"']+)`;
const COOKIE_VALUE = new RegExp(String.raw`${COOKIE_ITEM}(?:[;,][ \t]*${COOKIE_ITEM})*`, 'iy');
/** An unquoted Authorization value: the rest of the line. */
const LINE_VALUE = /[^\r\n]*/y;
const LINE_VALUE_IN_DOUBLE_QUOTES = /[^\r\n"]*/y;
const LINE_VALUE_IN_SINGLE_QUOTES = /[^\r\n']*/y;
/** A JSON literal after a JSON key: number, true, false, null. */
const JSON_LITERAL = /[^\s,}\]]+/y;

/** Masks credentials embedded in free text (the rule at the top of this file). */
export function redactText(text: string): string {
  if (!MAYBE_SECRET_TEXT.test(text)) return text;
  // The scheme starts where no scheme character precedes it and is short: "x-x-x-…" must not
  // make every letter a candidate scanned to the end of the text.
  let out = text.replace(/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/)[^/?#\s]*@/gi, `$1${REDACTED}@`);
  out = redactNamedValues(out);
  out = out.replace(/\b(SESSION)=([^;,\s"']+)/gi, (match, name: string, value: string) => (value === REDACTED ? match : `${name}=${REDACTED}`));
  return out.replace(/\b(Basic|Bearer|Digest|Negotiate|NTLM)([ \t]+)([^\s"',;\\]+)/gi, (match, scheme: string, space: string, word: string, offset: number) =>
    looksLikeCredential(word, out[offset + match.length]) ? `${scheme}${space}${REDACTED}` : match,
  );
}

/**
 * A word after an auth scheme is a credential unless it is a plain word ("Basic authentication")
 * or starts an auth parameter (realm="GWS", nonce=abc). Base64 padding ("YWJj=") is no parameter.
 */
function looksLikeCredential(word: string, next: string | undefined): boolean {
  if (word === REDACTED) return false;
  if (/^[A-Za-z][a-z]*$/.test(word)) return false;
  if (/^[A-Za-z][\w-]*=$/.test(word) && next === '"') return false;
  return !/^[A-Za-z][\w-]*=[^=]/.test(word);
}

function redactNamedValues(text: string): string {
  const pieces: string[] = [];
  let copied = 0;
  TEXT_NAME.lastIndex = 0;
  for (let match = TEXT_NAME.exec(text); match !== null; match = TEXT_NAME.exec(text)) {
    const [whole, open, name, close] = match;
    const kind = credentialKind(name);
    // The search goes on after the separator: no name starts inside this name (the lookbehind)
    // or inside the separator.
    if (!kind) continue;
    const valueStart = match.index + whole.length;
    const value = readValue(text, valueStart, kind, open, close);
    if (value.end > valueStart) {
      pieces.push(text.slice(copied, valueStart), value.masked);
      copied = value.end;
    }
    TEXT_NAME.lastIndex = value.end;
  }
  pieces.push(text.slice(copied));
  return pieces.join('');
}

interface MaskedValue {
  /** Where the value ends in the text (== start when there is none). */
  end: number;
  masked: string;
}

function readValue(text: string, start: number, kind: CredentialKind, open: string, close: string): MaskedValue {
  const first = text[start];
  // \"…\": JSON text inside a JSON string.
  if (first === '\\' && text[start + 1] === '"') {
    const closing = text.indexOf('\\"', start + 2);
    const end = closing < 0 ? lineEnd(text, start) : closing + 2;
    const content = text.slice(start + 2, closing < 0 ? end : closing);
    return { end, masked: `\\"${maskString(kind, content)}${closing < 0 ? '' : '\\"'}` };
  }
  if (first === '"' || first === "'") {
    let index = start + 1;
    while (index < text.length && text[index] !== first && text[index] !== '\n') index += text[index] === '\\' ? 2 : 1;
    const closed = text[index] === first;
    const content = text.slice(start + 1, Math.min(index, text.length));
    if (content.length === 0) return { end: start, masked: '' };
    return { end: closed ? index + 1 : Math.min(index, text.length), masked: `${first}${maskString(kind, content)}${closed ? first : ''}` };
  }
  const jsonKey = close.endsWith('"') && open.endsWith('"');
  if (jsonKey) {
    if (first === '{' || first === '[') {
      const end = jsonValueEnd(text, start, open.startsWith('\\'));
      return { end, masked: `${open.startsWith('\\') ? '\\"' : '"'}${REDACTED}${open.startsWith('\\') ? '\\"' : '"'}` };
    }
    const literal = sticky(JSON_LITERAL, text, start);
    if (literal === 'null') return { end: start, masked: '' };
    const quote = open.startsWith('\\') ? '\\"' : '"';
    return { end: start + literal.length, masked: `${quote}${REDACTED}${quote}` };
  }
  // Already masked (redaction runs again on what it produced): nothing more to do.
  if (text.startsWith(REDACTED, start)) return { end: start, masked: '' };
  const quote = open.endsWith('"') ? '"' : open.endsWith("'") ? "'" : '';
  let value: string;
  if (kind === 'password') value = sticky(quote === '"' ? PASSWORD_VALUE_IN_DOUBLE_QUOTES : quote === "'" ? PASSWORD_VALUE_IN_SINGLE_QUOTES : PASSWORD_VALUE, text, start);
  else if (kind === 'authorization') value = sticky(quote === '"' ? LINE_VALUE_IN_DOUBLE_QUOTES : quote === "'" ? LINE_VALUE_IN_SINGLE_QUOTES : LINE_VALUE, text, start);
  else if (kind === 'cookie') value = sticky(COOKIE_VALUE, text, start);
  else value = sticky(TOKEN_VALUE, text, start);
  const trimmed = value.trimEnd();
  if (trimmed.length === 0) return { end: start, masked: '' };
  return { end: start + trimmed.length, masked: maskString(kind, trimmed) };
}

function sticky(pattern: RegExp, text: string, start: number): string {
  pattern.lastIndex = start;
  return pattern.exec(text)?.[0] ?? '';
}

function lineEnd(text: string, start: number): number {
  const newline = text.slice(start).search(/[\r\n]/);
  return newline < 0 ? text.length : start + newline;
}

/**
 * The end of the JSON object or array starting at `start` (strings skipped), or the end of the
 * line. `escaped`: JSON text inside a JSON string (\" quotes), where each `\x` pair stands for
 * one character of the inner JSON and a bare `"` ends the outer string, so the value too.
 */
function jsonValueEnd(text: string, start: number, escaped: boolean): number {
  let depth = 0;
  let inString = false;
  let afterBackslash = false;
  for (let index = start; index < text.length; ) {
    let c = text[index];
    let width = 1;
    if (escaped && c === '"') return index;
    if (escaped && c === '\\') {
      c = text[index + 1] ?? '';
      width = 2;
    }
    if (inString) {
      if (afterBackslash) afterBackslash = false;
      else if (c === '\\') afterBackslash = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return index + width;
    } else if (c === '\n') return index;
    index += width;
  }
  return text.length;
}
