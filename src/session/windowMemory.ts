import type * as vscode from 'vscode';

// Per-window memory of the profiles this window is signed in to (ids, not secrets), so a
// reload or restart signs in again to every one of them (commands/startupSignIn.ts), and of
// the agents whose voice login is this window's own: restoring a session after a reload then
// sends no second StartContactCenterSession, and a later Sign Out still offers to log that
// agent out (docs/gws-notes.md#session-modes).
const SIGNED_IN_KEY = 'gws.signedInProfileIds';
const OWN_AGENT_LOGINS_KEY = 'gws.ownAgentLogins';
// What a window remembered when it held one session: still read, so an update restores it.
const LEGACY_PROFILE_KEY = 'gws.lastProfileId';
const LEGACY_OWN_AGENT_LOGIN_KEY = 'gws.ownAgentLogin';

/** Whose login: the profile, and its server and user at the time (an edited profile is another agent). */
export interface OwnAgentLogin {
  profileId: string;
  url: string;
  user: string;
}

/** The part of vscode.Memento this needs (unit tests give a Map-backed one). */
export type WindowState = Pick<vscode.Memento, 'get' | 'update'>;

/** The profiles to sign in to again, in the order they were signed in. */
export function signedInProfiles(workspaceState: WindowState): string[] {
  const ids = workspaceState.get<unknown>(SIGNED_IN_KEY);
  const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  const legacy = workspaceState.get<unknown>(LEGACY_PROFILE_KEY);
  if (typeof legacy === 'string' && legacy !== '' && !list.includes(legacy)) list.unshift(legacy);
  return list;
}

/** Adds a profile to the window's sign-ins; with undefined, forgets every one of them. */
export async function rememberSignedInProfile(workspaceState: WindowState, profileId: string | undefined): Promise<void> {
  const ids = profileId === undefined ? [] : [...signedInProfiles(workspaceState).filter((id) => id !== profileId), profileId];
  await workspaceState.update(LEGACY_PROFILE_KEY, undefined);
  await workspaceState.update(SIGNED_IN_KEY, ids.length > 0 ? ids : undefined);
}

/** Signed out of this profile: a reload no longer signs in to it. */
export async function forgetSignedInProfile(workspaceState: WindowState, profileId: string): Promise<void> {
  const ids = signedInProfiles(workspaceState).filter((id) => id !== profileId);
  await workspaceState.update(LEGACY_PROFILE_KEY, undefined);
  await workspaceState.update(SIGNED_IN_KEY, ids.length > 0 ? ids : undefined);
}

/** Signed out of this profile (Sign Out, Stop Local Simulator, Remove Profile): no restore, and no own login. */
export async function forgetSession(workspaceState: WindowState, profileId: string): Promise<void> {
  await forgetSignedInProfile(workspaceState, profileId);
  await forgetOwnAgentLogin(workspaceState, profileId);
}

function ownAgentLogins(workspaceState: WindowState): OwnAgentLogin[] {
  const stored = workspaceState.get<unknown>(OWN_AGENT_LOGINS_KEY);
  const list = (Array.isArray(stored) ? stored : []).filter(isOwnAgentLoginRecord);
  const legacy = workspaceState.get<unknown>(LEGACY_OWN_AGENT_LOGIN_KEY);
  if (isOwnAgentLoginRecord(legacy) && !list.some((l) => l.profileId === legacy.profileId)) list.unshift(legacy);
  return list;
}

/**
 * Remembers that this window logged this profile's agent in (replacing what it knew of that
 * profile); with undefined, forgets every agent login of the window.
 */
export async function rememberOwnAgentLogin(workspaceState: WindowState, login: OwnAgentLogin | undefined): Promise<void> {
  const logins = login === undefined ? [] : [...ownAgentLogins(workspaceState).filter((l) => l.profileId !== login.profileId), { ...login }];
  await saveOwnAgentLogins(workspaceState, logins);
}

/** The agent of this profile is no longer this window's own (signed out, or it observes). */
export async function forgetOwnAgentLogin(workspaceState: WindowState, profileId: string): Promise<void> {
  await saveOwnAgentLogins(
    workspaceState,
    ownAgentLogins(workspaceState).filter((l) => l.profileId !== profileId),
  );
}

async function saveOwnAgentLogins(workspaceState: WindowState, logins: OwnAgentLogin[]): Promise<void> {
  await workspaceState.update(LEGACY_OWN_AGENT_LOGIN_KEY, undefined);
  await workspaceState.update(OWN_AGENT_LOGINS_KEY, logins.length > 0 ? logins : undefined);
}

/** True when this window logged this profile's agent in and has not logged it out since. */
export function isOwnAgentLogin(workspaceState: WindowState, profile: { id: string; url: string; user: string }): boolean {
  return ownAgentLogins(workspaceState).some((login) => login.profileId === profile.id && login.url === profile.url && login.user === profile.user);
}

function isOwnAgentLoginRecord(value: unknown): value is OwnAgentLogin {
  if (!value || typeof value !== 'object') return false;
  const login = value as Partial<OwnAgentLogin>;
  return typeof login.profileId === 'string' && typeof login.url === 'string' && typeof login.user === 'string';
}
