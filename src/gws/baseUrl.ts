// The base URL of a GWS server as the client uses it, from whatever a user typed or a
// profile holds. Used by the REST client and by the profile input box (one set of rules).
import { redactUrl } from '../base/redact';

/** `https://gws:8090/` or `https://gws:8090/api/v2` → `https://gws:8090`; throws a message a user can act on. */
export function normalizeBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error(`"${redactUrl(input.trim())}" is not a full URL. Enter the GWS server address, e.g. https://gws.example.com:8090`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The GWS server URL must start with http:// or https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password) {
    throw new Error('Put the user name in the User field and the password in its own prompt, not in the server URL.');
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return `${url.origin}${path}`;
}
