// Secrets never reach a log line, an error message, an operation record or an exported file.
// Everything that shows headers, URLs or server text to the user passes through here first.

export const REDACTED = '[redacted]';

/** Header names whose values are credentials (compared lower-case). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
]);

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
    const lower = name.toLowerCase();
    out[name] = SECRET_HEADERS.has(lower) || extra.has(lower) ? String(redactSecretValue(name, text)) : text;
  }
  return out;
}

/** Removes `user:password@` from a URL; leaves anything that is not a URL untouched. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, `$1${REDACTED}@`);
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

// ---- credentials inside JSON values and free text (exports, detail panes, logs) ----------

/** Keys whose values are credentials wherever they appear (headers, bodies, details). */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie)$|password|passwd|secret|csrf|token/i;
/** Cheap pre-check so the full set of patterns runs only on strings that might need it. */
const MAYBE_SECRET_TEXT = /basic|bearer|jsessionid|cookie|pass|pwd|csrf|token|secret|@/i;

/**
 * A JSON.stringify replacer that masks credentials. Header-like values keep their shape
 * ("Basic [redacted]", "JSESSIONID=[redacted]") because which scheme or cookie was sent is
 * what a developer debugs; the secret part never survives.
 */
export function redactingReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key)) return redactSecretValue(key, value);
  if (typeof value === 'string' && MAYBE_SECRET_TEXT.test(value)) return redactText(value);
  return value;
}

/** A deep copy of a JSON-like value with every credential masked. */
export function redactJson<T>(value: T): T {
  if (value === undefined) return value;
  return JSON.parse(JSON.stringify(value, redactingReplacer)) as T;
}

/** The value of a credential-bearing key or header, masked but keeping its scheme / cookie names. */
function redactSecretValue(key: string, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return value;
  if (typeof value !== 'string') return REDACTED;
  const lower = key.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const scheme = /^\s*([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} ${REDACTED}` : REDACTED;
  }
  if (lower === 'cookie' || lower === 'set-cookie') return redactCookieHeader(value);
  return REDACTED;
}

/** "JSESSIONID=abc; Path=/" → "JSESSIONID=[redacted]; Path=[redacted]": names help debugging, values are secrets. */
export function redactCookieHeader(value: string): string {
  if (!value.includes('=')) return REDACTED;
  return value
    .split(/;\s*/)
    .filter((part) => part.length > 0)
    .map((part) => {
      const equal = part.indexOf('=');
      return equal > 0 ? `${part.slice(0, equal)}=${REDACTED}` : REDACTED;
    })
    .join('; ');
}

/** Masks credentials embedded in free text: auth headers, session cookies, URL user info, password=… */
export function redactText(text: string): string {
  return text
    .replace(/\b(Basic|Bearer|Digest)\s+[A-Za-z0-9+/=._~-]{4,}/gi, `$1 ${REDACTED}`)
    .replace(/\b(JSESSIONID|SESSION|[A-Z0-9_-]*CSRF[A-Z0-9_-]*)=([^;,\s"']+)/gi, `$1=${REDACTED}`)
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]*@/gi, `$1${REDACTED}@`)
    .replace(/\b(password|passwd|pwd)(["']?\s*[:=]\s*["']?)[^"'&\s,;})]+/gi, `$1$2${REDACTED}`);
}
