// Where a scenario's `signIn` with a profile goes, for the CLI (gws.profiles of a settings
// file, password from GWS_PASSWORD: cli.ts) and the Testing view (the extension's profiles,
// password from secret storage: src/testing/scenarioTests.ts): one set of checks for both.
// The URL follows the rules of a profile's URL (src/profiles/profile.ts parseServerUrl, which
// uses normalizeBaseUrl too; src/scenario may not import src/profiles,
// test/unit/architecture.test.ts): no user or password in it, no query or fragment, because
// the URL is shown in results, the CLI output and the JUnit XML.
import { normalizeBaseUrl } from '../gws/baseUrl';
import { readCaFile } from '../gws/tlsTrust';
import type { ResolvedProfile } from './runner';

/** The profile entry found, as the password lookup needs it. */
export interface FoundProfile {
  id: string;
  name: string;
  user: string;
  simulator: boolean;
}

export interface ProfileSource {
  /** gws.profiles entries as read (a settings file's, or the extension's already sanitised ones). */
  entries: unknown;
  /** Where the entries are, for error texts ("gws.profiles of" a settings file, for the CLI). */
  where: string;
  /** The profile's password, or undefined when there is none. Never read from the entries. */
  password(found: FoundProfile): Promise<string | undefined> | string | undefined;
  /** What to do about a missing password (set GWS_PASSWORD, sign in once…). */
  noPassword(found: FoundProfile, name: string): string;
  /** VS Code's http.systemCertificates (default on), as for a sign-in from the extension. */
  systemCertificates?: boolean;
}

/** The entry with this id or name, checked, with its password; throws a text a user can act on. */
export async function resolveProfile(name: string, source: ProfileSource): Promise<ResolvedProfile> {
  const entries = Array.isArray(source.entries) ? (source.entries as unknown[]) : [];
  const found = entries.find((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && ((entry as Record<string, unknown>).id === name || (entry as Record<string, unknown>).name === name));
  if (!found || typeof found.url !== 'string' || typeof found.user !== 'string') throw new Error(`no profile '${name}' with a url and a user in ${source.where}`);
  const baseUrl = checkedUrl(found.url, name, source.where);
  const profile: FoundProfile = {
    id: typeof found.id === 'string' ? found.id : name,
    name: typeof found.name === 'string' ? found.name : name,
    user: found.user,
    simulator: found.simulator === true,
  };
  const password = await source.password(profile);
  if (!password) throw new Error(source.noPassword(profile, name));
  return {
    baseUrl,
    userName: found.user,
    password,
    rejectUnauthorized: found.rejectUnauthorized !== false,
    ca: typeof found.caFile === 'string' && found.caFile.trim() ? readCaFile(found.caFile.trim()) : undefined,
    systemCertificates: source.systemCertificates !== false,
    origin: typeof found.origin === 'string' ? found.origin : undefined,
    transport: found.transport === 'websocket' ? 'websocket' : undefined,
  };
}

function checkedUrl(text: string, name: string, where: string): string {
  const problem = (why: string): Error => new Error(`profile '${name}' in ${where}: ${why}`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(text.trim());
  } catch {
    // normalizeBaseUrl below says what is wrong with it.
  }
  if (parsed && (parsed.username || parsed.password)) throw problem('its url must not hold a user name or password (the user goes in "user", the password is asked for)');
  if (/[?#]/.test(text.trim())) throw problem('its url must not have a query or fragment');
  try {
    return normalizeBaseUrl(text);
  } catch (error) {
    throw problem(error instanceof Error ? error.message : String(error));
  }
}
