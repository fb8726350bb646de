// A saved GWS server profile. Lives in the `gws.profiles` setting; the password never does:
// it is kept in SecretStorage under `gws.password:<id>`.
import { normalizeBaseUrl } from '../gws/baseUrl';

export type Transport = 'long-polling' | 'websocket';

export interface ServerProfile {
  id: string;
  name: string;
  /** Base URL of the GWS server, e.g. https://gws.example.com:8090 (no /api/v2). */
  url: string;
  user: string;
  /** CometD transport; GWS 8.5.2 documents long-polling only. */
  transport?: Transport;
  /** false = do not verify the server's TLS certificate (this profile only). */
  rejectUnauthorized?: boolean;
  /**
   * Absolute path of a PEM file with the CA(s) to trust for this server, in addition to the
   * usual roots; read at sign-in (src/gws/tlsTrust.ts readCaFile says what is wrong with it).
   */
  caFile?: string;
  /** The profile points at the built-in simulator; its demo users' password is their user name. */
  simulator?: boolean;
}

export function secretKeyFor(profileId: string): string {
  return `gws.password:${profileId}`;
}

/** Normalises what a user typed as the server URL; returns an error text when it is not usable. */
export function parseServerUrl(text: string): { url: string } | { error: string } {
  try {
    const url = normalizeBaseUrl(text);
    // The client would drop these silently; the input box says so instead.
    if (/[?#]/.test(text.trim())) return { error: 'The URL must not have a query or fragment' };
    return { url };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A non-empty path, trimmed; kept even when not absolute, so that sign-in can say what is wrong with it. */
function caFileOf(value: unknown): { caFile?: string } {
  if (typeof value !== 'string') return {};
  const caFile = value.trim();
  return caFile ? { caFile } : {};
}

export function sanitizeProfiles(value: unknown): ServerProfile[] {
  if (!Array.isArray(value)) return [];
  const out: ServerProfile[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const p = item as Record<string, unknown>;
    if (typeof p.url !== 'string' || typeof p.user !== 'string') continue;
    const parsed = parseServerUrl(p.url);
    if ('error' in parsed) continue;
    const id = typeof p.id === 'string' && p.id ? p.id : `${p.user}@${parsed.url}`;
    out.push({
      id,
      name: typeof p.name === 'string' && p.name ? p.name : `${p.user} @ ${new URL(parsed.url).host}`,
      url: parsed.url,
      user: p.user,
      transport: p.transport === 'websocket' ? 'websocket' : 'long-polling',
      rejectUnauthorized: p.rejectUnauthorized !== false,
      ...caFileOf(p.caFile),
      simulator: p.simulator === true,
    });
  }
  return out;
}
