import type * as vscode from 'vscode';

// Per-window memory of the profile this window was signed in to (an id, not a secret), so a
// reload or restart can sign in again to the same server (commands/startupSignIn.ts), and of
// whether the agent's voice login is this window's own: restoring the session after a reload
// then sends no second StartContactCenterSession, and a later Sign Out still offers to log the
// agent out (docs/gws-notes.md#session-modes).
const LAST_PROFILE_KEY = 'gws.lastProfileId';
const OWN_AGENT_LOGIN_KEY = 'gws.ownAgentLogin';

/** Whose login: the profile, and its server and user at the time (an edited profile is another agent). */
export interface OwnAgentLogin {
  profileId: string;
  url: string;
  user: string;
}

export function rememberSignedInProfile(workspaceState: vscode.Memento, profileId: string | undefined): Thenable<void> {
  return workspaceState.update(LAST_PROFILE_KEY, profileId);
}

export function lastSignedInProfile(workspaceState: vscode.Memento): string | undefined {
  return workspaceState.get<string>(LAST_PROFILE_KEY);
}

/** Remembers (or, with undefined, forgets) that this window logged the agent in. */
export function rememberOwnAgentLogin(workspaceState: vscode.Memento, login: OwnAgentLogin | undefined): Thenable<void> {
  return workspaceState.update(OWN_AGENT_LOGIN_KEY, login);
}

/** True when this window logged this profile's agent in and has not logged it out since. */
export function isOwnAgentLogin(workspaceState: vscode.Memento, profile: { id: string; url: string; user: string }): boolean {
  const login = workspaceState.get<Partial<OwnAgentLogin>>(OWN_AGENT_LOGIN_KEY);
  return !!login && login.profileId === profile.id && login.url === profile.url && login.user === profile.user;
}
