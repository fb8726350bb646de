// A saved GWS server profile. Lives in the `gws.profiles` setting; the password never does:
// it is kept in SecretStorage under `gws.password:<id>`.
import { isCredentialName } from '../base/redact';
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

/** The settings a profile may hold (package.json `gws.profiles`); anything else is reported. */
const PROFILE_KEYS = new Set([
  'id', 'name', 'url', 'user', 'transport', 'rejectUnauthorized', 'caFile', 'simulator', 'sessionMode', 'place', 'queue', 'loginCode', 'devicePath', 'channels', 'origin',
]);

/** The id a `gws.profiles` entry goes by: its own, else `user@url`; undefined when the entry is no usable profile. */
export function profileIdOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const p = item as Record<string, unknown>;
  if (typeof p.url !== 'string' || typeof p.user !== 'string') return undefined;
  const parsed = parseServerUrl(p.url);
  if ('error' in parsed) return undefined;
  return typeof p.id === 'string' && p.id ? p.id : `${p.user}@${parsed.url}`;
}

/**
 * The usable profiles of the `gws.profiles` setting, and one sentence per bad value saying
 * what is wrong, what happens instead and how to fix it. A profile without a usable url or
 * user is left out; a bad optional value reads as unset. Values are quoted only where they
 * cannot be a secret (never an unknown key's value: it may be a password typed by mistake).
 */
export function readProfiles(value: unknown): { profiles: ServerProfile[]; problems: string[] } {
  const problems: string[] = [];
  if (value === undefined || value === null) return { profiles: [], problems };
  if (!Array.isArray(value)) return { profiles: [], problems: ['The setting gws.profiles must be a list of profiles ([{ "url": …, "user": … }]); it is ignored.'] };
  const out: ServerProfile[] = [];
  const ids = new Set<string>();
  value.forEach((item, index) => {
    const where = `gws.profiles[${index}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`${where} is not a profile object ({ "url": …, "user": … }); it is ignored.`);
      return;
    }
    const p = item as Record<string, unknown>;
    const label = typeof p.name === 'string' && p.name.trim() ? `${where} ("${p.name.trim()}")` : where;
    if (typeof p.url !== 'string' || !p.url.trim()) {
      problems.push(`${label} has no url: add the GWS server address, e.g. https://gws.example.com:8090. The profile is ignored.`);
      return;
    }
    if (typeof p.user !== 'string' || !p.user.trim()) {
      problems.push(`${label} has no user: add the agent's user name. The profile is ignored.`);
      return;
    }
    const parsed = parseServerUrl(p.url);
    if ('error' in parsed) {
      problems.push(`${label}: ${parsed.error.replace(/[^.]$/, '$&.')} The profile is ignored.`);
      return;
    }
    const id = profileIdOf(p) as string;
    if (ids.has(id)) problems.push(`${label}: another profile has the id "${id}"; give each profile its own id.`);
    ids.add(id);
    for (const key of Object.keys(p)) {
      if (PROFILE_KEYS.has(key)) continue;
      problems.push(
        key.toLowerCase() === 'password'
          ? `${label}: a password is never read from settings; remove it (Sign In asks for it and keeps it in VS Code's secret storage).`
          : `${label}: "${key}" is not a profile setting; it is ignored.`,
      );
    }
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
    if (p.transport !== undefined && p.transport !== 'websocket' && p.transport !== 'long-polling') {
      problems.push(`${label}: transport ${JSON.stringify(p.transport)} is not "long-polling" or "websocket"; long-polling is used.`);
    }
    for (const key of ['rejectUnauthorized', 'simulator'] as const) {
      if (p[key] !== undefined && typeof p[key] !== 'boolean') problems.push(`${label}: ${key} must be true or false; ${profile[key]} is used.`);
    }
    // Optional fields appear only when set and valid: a typo reads as unset, never as a wrong value.
    if (SESSION_MODES.includes(p.sessionMode as SessionMode)) profile.sessionMode = p.sessionMode as SessionMode;
    else if (p.sessionMode !== undefined) {
      problems.push(`${label}: sessionMode ${JSON.stringify(p.sessionMode)} is not "observe", "agent" or "auto"; the next sign-in asks.`);
    }
    for (const key of ['place', 'queue', 'loginCode', 'devicePath'] as const) {
      const text = optionalText(p[key]);
      if (text !== undefined) profile[key] = text;
    }
    const channels = channelList(p.channels);
    if (channels) profile.channels = channels;
    if (typeof p.origin === 'string') {
      const origin = parseOrigin(p.origin);
      if ('origin' in origin) profile.origin = origin.origin;
      else problems.push(`${label}: origin: ${origin.error}; the server's own origin is sent.`);
    }
    out.push(profile);
  });
  return { profiles: out, problems };
}

/**
 * The `gws.profiles` entries to write back when the profile `exceptId` is saved or removed: the
 * others as the user wrote them (a mistyped one included), minus any credential-named key
 * ("password" typed into an entry), which writing back would otherwise keep for good. Throws
 * when the setting is not a list: writing would silently replace what the user typed.
 */
export function entriesToWriteBack(value: unknown, exceptId: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new Error('The setting gws.profiles is not a list of profiles ([{ "url": …, "user": … }]): fix it in settings.json first; nothing was saved.');
  }
  return value.filter((entry) => profileIdOf(entry) !== exceptId).map(withoutCredentials);
}

function withoutCredentials(entry: unknown): unknown {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return entry;
  const keys = Object.keys(entry);
  if (!keys.some(isCredentialName)) return entry;
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !isCredentialName(key)));
}

export function sanitizeProfiles(value: unknown): ServerProfile[] {
  return readProfiles(value).profiles;
}
