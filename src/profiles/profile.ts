// A saved GWS server profile. Lives in the `gws.profiles` setting; the password never does:
// it is kept in SecretStorage under `gws.password:<id>`.
import { normalizeBaseUrl } from '../gws/baseUrl';
import type { SessionMode } from '../gws/gwsSession';

export type Transport = 'long-polling' | 'websocket';
export type { SessionMode } from '../gws/gwsSession';

export const SESSION_MODES: readonly SessionMode[] = ['observe', 'agent', 'auto'];

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
  /**
   * What signing in does about the agent's voice login (docs/gws-notes.md#session-modes).
   * Unset: asked at the next sign-in and saved (simulator profiles: `agent`).
   */
  sessionMode?: SessionMode;
  /** StartContactCenterSession parameters in `agent` mode (and `auto` when it logs in). */
  place?: string;
  queue?: string;
  loginCode?: string;
  /** Which ACD position of a place with several (a device path such as /devices/<id>). */
  devicePath?: string;
  /** Channels to log in to; default ["voice"]. */
  channels?: string[];
  /** `Origin` sent to this server instead of its own origin (docs/gws-notes.md#origin). */
  origin?: string;
}

/** The mode a sign-in uses when the profile has none: simulator profiles log in, others ask. */
export function defaultSessionMode(profile: ServerProfile): SessionMode | undefined {
  return profile.sessionMode ?? (profile.simulator ? 'agent' : undefined);
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

/** An origin as browsers send it (scheme://host[:port]), or an error text. */
export function parseOrigin(text: string): { origin: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: 'Enter an origin such as https://desk.example.com' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'An origin starts with http:// or https://' };
  if (url.username || url.password) return { error: 'An origin has no user or password' };
  if (url.pathname !== '/' || url.search || url.hash) return { error: 'An origin is only scheme, host and port, no path' };
  return { origin: url.origin };
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function channelList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const channels = [...new Set(value.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()))];
  return channels.length > 0 ? channels : undefined;
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
    const profile: ServerProfile = {
      id,
      name: typeof p.name === 'string' && p.name ? p.name : `${p.user} @ ${new URL(parsed.url).host}`,
      url: parsed.url,
      user: p.user,
      transport: p.transport === 'websocket' ? 'websocket' : 'long-polling',
      rejectUnauthorized: p.rejectUnauthorized !== false,
      ...caFileOf(p.caFile),
      simulator: p.simulator === true,
    };
    // Optional fields appear only when set and valid: a typo reads as unset, never as a wrong value.
    if (SESSION_MODES.includes(p.sessionMode as SessionMode)) profile.sessionMode = p.sessionMode as SessionMode;
    for (const key of ['place', 'queue', 'loginCode', 'devicePath'] as const) {
      const text = optionalText(p[key]);
      if (text !== undefined) profile[key] = text;
    }
    const channels = channelList(p.channels);
    if (channels) profile.channels = channels;
    if (typeof p.origin === 'string') {
      const origin = parseOrigin(p.origin);
      if ('origin' in origin) profile.origin = origin.origin;
    }
    out.push(profile);
  }
  return out;
}
