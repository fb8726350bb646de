import * as vscode from 'vscode';
import type { CommandDeps } from './commandDeps';
import { signIn } from './signInCommands';
import { LOCAL_SIMULATOR_PROFILE_ID } from './simulatorCommands';

/** Per-window memory of the profile this window was signed in to (not a secret). */
const LAST_PROFILE_KEY = 'gws.lastProfileId';

export function rememberSignedInProfile(deps: CommandDeps, profileId: string | undefined): Thenable<void> {
  return deps.context.workspaceState.update(LAST_PROFILE_KEY, profileId);
}

/**
 * At activation: `gws.autoSignIn` (what `npm start` uses) wins; otherwise the window signs in
 * again to the profile it was signed in to before a reload or restart, when its password is
 * stored (`gws.restoreSessionOnStartup`). The in-window simulator died with the old extension
 * host, so for it the simulator is started again first.
 */
export async function signInOnStartup(deps: CommandDeps): Promise<void> {
  const config = vscode.workspace.getConfiguration('gws');
  const auto = config.get<string>('autoSignIn', '');
  if (auto) {
    if (!deps.profiles.get(auto)) {
      deps.logger.warn('startup', `gws.autoSignIn names "${auto}", but no profile has that id`);
      return;
    }
    await signIn(deps, { profileId: auto });
    return;
  }
  const last = deps.context.workspaceState.get<string>(LAST_PROFILE_KEY);
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
  await signIn(deps, { profileId: profile.id });
}
