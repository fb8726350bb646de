import * as vscode from 'vscode';
import type { CommandDeps } from './commandDeps';
import { signIn } from './session';

/** Honours `gws.autoSignIn` (a profile id): what `npm start` uses to open a signed-in window. */
export async function signInOnStartup(deps: CommandDeps): Promise<void> {
  const profileId = vscode.workspace.getConfiguration('gws').get<string>('autoSignIn', '');
  if (!profileId) return;
  if (!deps.profiles.get(profileId)) {
    deps.logger.warn('startup', `gws.autoSignIn names "${profileId}", but no profile has that id`);
    return;
  }
  await signIn(deps, { profileId });
}
