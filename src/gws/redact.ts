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
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = /^\s*(\S+)\s+\S/.exec(text)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (SECRET_HEADERS.has(lower) || extra.has(lower)) {
      out[name] = redactCookieLike(text);
    } else {
      out[name] = text;
    }
  }
  return out;
}

/** "JSESSIONID=abc; Path=/" → "JSESSIONID=[redacted]": names help debugging, values are secrets. */
function redactCookieLike(text: string): string {
  if (!text.includes('=')) return REDACTED;
  return text
    .split(/;\s*/)
    .filter((part) => part.length > 0)
    .map((part) => {
      const equal = part.indexOf('=');
      return equal > 0 ? `${part.slice(0, equal)}=${REDACTED}` : REDACTED;
    })
    .join('; ');
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
