import * as vscode from 'vscode';
import { LOCAL_SIMULATOR_PROFILE_ID } from '../session/localSimulator';
import { signedInProfiles } from '../session/windowMemory';
import type { CommandDeps } from './commandDeps';
import { signIn } from './signInCommands';

/**
 * At activation: `gws.autoSignIn` (what `npm start` uses) first; then the window signs in
 * again to every profile it was signed in to before a reload or restart, when its password is
 * stored (`gws.restoreSessionOnStartup`). The in-window simulator died with the old extension
 * host, so for it the simulator is started again first.
 *
 * Signing in again to a profile of before is a restore: a reload changed nothing on the
 * server, so it asks nothing and never sends StartContactCenterSession; it takes back the
 * window's own agent login when there is one (docs/gws-notes.md#session-modes). One after the
 * other: each sign-in may show its progress and its errors.
 */
export async function signInOnStartup(deps: CommandDeps): Promise<void> {
  const config = vscode.workspace.getConfiguration('gws');
  const auto = config.get<string>('autoSignIn', '');
  const remembered = signedInProfiles(deps.context.workspaceState);
  if (auto) {
    if (!deps.profiles.get(auto)) {
      deps.logger.warn('startup', `gws.autoSignIn names "${auto}", but no profile has that id`);
    } else {
      await signIn(deps, { profileId: auto, restore: remembered.includes(auto) });
    }
  }
  if (!config.get<boolean>('restoreSessionOnStartup', true)) return;
  for (const id of remembered) {
    if (id === auto) continue;
    await restore(deps, id);
  }
}

async function restore(deps: CommandDeps, profileId: string): Promise<void> {
  if (profileId === LOCAL_SIMULATOR_PROFILE_ID) {
    deps.logger.info('startup', 'Restarting the built-in simulator this window used before');
    await vscode.commands.executeCommand('gws.startSimulator');
    return;
  }
  const profile = deps.profiles.get(profileId);
  if (!profile) return;
  if (!profile.simulator && !(await deps.profiles.getPassword(profile.id))) return;
  deps.logger.info('startup', `Signing in again to "${profile.name}", as before the reload`);
  await signIn(deps, { profileId: profile.id, restore: true });
}
