// The server checks that can be changed while the simulator runs (startSimulator options,
// then GET/POST /sim/config). They let a test make the server stricter than the client
// expects, so that the client's handling of it can be tested. The gateway and the Bayeux
// hub read the one live object on every request.
import { errors } from './errors';
import { isPlainObject } from './operationParams';

export interface ServerChecks {
  /** Reject requests whose Origin is missing or not the server's own URL (or listed in allowedOrigins). */
  checkOrigin: boolean;
  /**
   * When set: a REST or CometD request carrying an Origin that is not in this list gets 403
   * (a request without Origin passes unless checkOrigin is on). The server's own URL is not
   * implicitly allowed. Compared case-insensitively, without a trailing slash.
   */
  allowedOrigins: string[] | undefined;
  /** With CSRF protection on: Bayeux POSTs must carry the session's X-CSRF-TOKEN too, else 403. */
  requireCsrfOnCometd: boolean;
  /** Refuse `/meta/subscribe` to any channel with `*` (so a client's fallback to named channels can be tested). */
  refuseWildcardSubscriptions: boolean;
}

/** What POST /sim/config takes: any subset; `allowedOrigins: null` removes the list. */
export type ServerChecksPatch = Partial<Omit<ServerChecks, 'allowedOrigins'>> & { allowedOrigins?: string[] | null };

const BOOLEAN_KEYS = ['checkOrigin', 'requireCsrfOnCometd', 'refuseWildcardSubscriptions'] as const;

/**
 * A patch as the simulator can apply it, or a 400 naming the problem: unknown keys,
 * non-booleans, an origin list that is not strings, or a bare `*` (GWS refuses one too,
 * docs/gws-notes.md#origin).
 */
export function checkChecksPatch(value: unknown): ServerChecksPatch {
  if (!isPlainObject(value)) throw errors.invalidParameter('The configuration must be a JSON object');
  const patch: ServerChecksPatch = {};
  for (const [key, item] of Object.entries(value)) {
    if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (typeof item !== 'boolean') throw errors.invalidParameter(`'${key}' must be true or false`);
      patch[key as (typeof BOOLEAN_KEYS)[number]] = item;
    } else if (key === 'allowedOrigins') {
      patch.allowedOrigins = item === null ? null : checkOrigins(item);
    } else {
      throw errors.invalidParameter(`Unknown setting '${key}': known are ${[...BOOLEAN_KEYS, 'allowedOrigins'].join(', ')}`);
    }
  }
  return patch;
}

export function checkOrigins(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((o) => typeof o === 'string' && o.trim() !== '')) {
    throw errors.invalidParameter("'allowedOrigins' must be an array of origins such as \"https://wwe.example.com:8443\", or null");
  }
  const origins = value as string[];
  if (origins.some((o) => o.trim() === '*')) throw errors.invalidParameter("'allowedOrigins' may not be a bare '*' (GWS refuses it too); list the origins");
  return origins.map(normaliseOrigin);
}

export function applyChecksPatch(checks: ServerChecks, patch: ServerChecksPatch): void {
  for (const key of BOOLEAN_KEYS) if (patch[key] !== undefined) checks[key] = patch[key];
  if (patch.allowedOrigins !== undefined) checks.allowedOrigins = patch.allowedOrigins === null ? undefined : [...patch.allowedOrigins];
}

export function normaliseOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}
