import * as vscode from 'vscode';
import type { ServerProfile } from '../profiles/profile';
import { LOCAL_SIMULATOR_PROFILE_ID } from '../session/localSimulator';
import { forgetSession } from '../session/windowMemory';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { signIn } from './signInCommands';

export function registerSimulatorCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gws.startSimulator', () => startAndSignIn(deps)),
    vscode.commands.registerCommand('gws.stopSimulator', () => stop(deps)),
  ];
}

/** Starts the built-in simulator (demo scenario) and signs in to it as agent1. */
async function startAndSignIn(deps: CommandDeps): Promise<boolean> {
  let url: string;
  try {
    url = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GWS: Starting the built-in simulator…') },
      () => deps.simulator.start(),
    );
  } catch (error) {
    showError(vscode.l10n.t('Starting the built-in simulator failed'), error, deps);
    return false;
  }
  // Its own profile: other profiles (the one `npm start` writes, test/host/startProfile.js)
  // keep pointing at their simulators.
  const profile: ServerProfile = {
    id: LOCAL_SIMULATOR_PROFILE_ID,
    name: 'Local simulator (this window)',
    url,
    user: deps.profiles.get(LOCAL_SIMULATOR_PROFILE_ID)?.user ?? 'agent1',
    transport: 'long-polling',
    rejectUnauthorized: true,
    simulator: true,
  };
  // The port may differ from run to run: keep the profile pointing at the running simulator.
  await deps.profiles.save(profile);
  return signIn(deps, { profileId: profile.id });
}

async function stop(deps: CommandDeps): Promise<void> {
  if (!deps.simulator.url) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: the built-in simulator is not running'), 3000);
    return;
  }
  // Every session of the window on it (agent1, agent2...) ends with it, and a reload does not
  // bring them (or the simulator) back.
  const url = deps.simulator.url;
  for (const session of deps.sessions.list().filter((s) => s.profile?.url === url)) {
    const id = session.profile?.id;
    await session.signOut();
    if (id) await forgetSession(deps.context.workspaceState, id);
  }
  await deps.simulator.stop();
  vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: built-in simulator stopped'), 3000);
}
