import type * as vscode from 'vscode';

// Per-window memory of the profile this window was signed in to (an id, not a secret), so a
// reload or restart can sign in again to the same server (commands/startupSignIn.ts).
const LAST_PROFILE_KEY = 'gws.lastProfileId';

export function rememberSignedInProfile(workspaceState: vscode.Memento, profileId: string | undefined): Thenable<void> {
  return workspaceState.update(LAST_PROFILE_KEY, profileId);
}

export function lastSignedInProfile(workspaceState: vscode.Memento): string | undefined {
  return workspaceState.get<string>(LAST_PROFILE_KEY);
}
