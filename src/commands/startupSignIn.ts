import * as vscode from 'vscode';
import { LOCAL_SIMULATOR_PROFILE_ID } from '../session/localSimulator';
import { lastSignedInProfile } from '../session/windowMemory';
import type { CommandDeps } from './commandDeps';
import { signIn } from './signInCommands';

/**
 * At activation: `gws.autoSignIn` (what `npm start` uses) wins; otherwise the window signs in
 * again to the profile it was signed in to before a reload or restart, when its password is
 * stored (`gws.restoreSessionOnStartup`). The in-window simulator died with the old extension
 * host, so for it the simulator is started again first.
 *
 * Signing in again to the profile of before is a restore: a reload changed nothing on the
 * server, so it asks nothing and never sends StartContactCenterSession; it takes back the
 * window's own agent login when there is one (docs/gws-notes.md#session-modes).
 */
export async function signInOnStartup(deps: CommandDeps): Promise<void> {
  const config = vscode.workspace.getConfiguration('gws');
  const auto = config.get<string>('autoSignIn', '');
  if (auto) {
    if (!deps.profiles.get(auto)) {
      deps.logger.warn('startup', `gws.autoSignIn names "${auto}", but no profile has that id`);
      return;
    }
    await signIn(deps, { profileId: auto, restore: lastSignedInProfile(deps.context.workspaceState) === auto });
    return;
  }
  const last = lastSignedInProfile(deps.context.workspaceState);
  if (!last || !config.get<boolean>('restoreSessionOnStartup', true)) return;
  if (last === LOCAL_SIMULATOR_PROFILE_ID) {
    deps.logger.info('startup', 'Restarting the built-in simulator this window used before');
    await vscode.commands.executeCommand('gws.startSimulator');
    return;
  }
  const profile = deps.profiles.get(last);
  if (!profile) return;
  if (!profile.simulator && !(await deps.profiles.getPassword(profile.id))) return;
  deps.logger.info('startup', `Signing in again to "${profile.name}", as before the reload`);
  await signIn(deps, { profileId: profile.id, restore: true });
}
