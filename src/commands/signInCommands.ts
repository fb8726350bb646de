import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { plainText } from '../common/plainText';
import { GwsError } from '../gws/errors';
import { SignInCancelled } from '../session/sessionController';
import type { ServerProfile } from '../profiles/profile';
import { rememberSignedInProfile } from '../session/windowMemory';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { createProfile, pickProfile } from './profileCommands';

export interface SignInArgs {
  /** Sign in to this saved profile without asking which. */
  profileId?: string;
}

export function registerSessionCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gws.signIn', (args?: SignInArgs) => signIn(deps, args)),
    vscode.commands.registerCommand('gws.signOut', () => signOut(deps)),
    vscode.commands.registerCommand('gws.refreshCalls', () => refreshCalls(deps)),
    vscode.commands.registerCommand('gws.showLog', () => deps.logger.show()),
    deps.controller.onDidLoseSession(({ profile }) =>
      inBackground(offerSignInAgain(deps, profile), (message) => deps.logger.error('session', `Offering to sign in again failed: ${message}`)),
    ),
    deps.controller.onDidReceiveErrorMessage((error) => showAsyncError(deps, error)),
  ];
}

/** Resolves true when signed in. */
export async function signIn(deps: CommandDeps, args?: SignInArgs): Promise<boolean> {
  let profile: ServerProfile | undefined;
  let password: string | undefined;
  if (args?.profileId) {
    profile = deps.profiles.get(args.profileId);
    if (!profile) {
      void vscode.window.showErrorMessage(plainText(`GWS: no saved server profile with id "${args.profileId}". Check the gws.profiles setting.`));
      return false;
    }
  } else {
    const pick = await pickProfile(deps, 'Sign in to which GWS server?', true);
    if (!pick) return false;
    if (pick.create) {
      const created = await createProfile(deps);
      if (!created) return false;
      ({ profile, password } = created);
    } else {
      profile = pick.profile;
    }
  }
  if (!profile) return false;
  password ??= await passwordFor(deps, profile);
  if (password === undefined) return false;

  const target = profile;
  const secret = password;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: plainText(`GWS: Signing in to ${target.name}…`), cancellable: true },
      (_progress, token) => {
        // Cancel = sign out: the pending sign-in stops at its next step and cleans up.
        const cancel = token.onCancellationRequested(() => void deps.controller.signOut());
        return deps.controller.signIn(target, secret).finally(() => cancel.dispose());
      },
    );
  } catch (error) {
    if (error instanceof SignInCancelled) {
      deps.logger.info('session', `Sign-in to ${target.name} cancelled`);
      return false;
    }
    if (error instanceof GwsError && error.credentialsRejected && !target.simulator) {
      // The server refused this password at GET /api/v2/me: ask for it next time. (A refusal
      // later in the sequence is about the session, and says nothing about the password.)
      await deps.profiles.deletePassword(target.id);
    }
    showError(`Sign-in to ${target.name} failed`, error, deps);
    return false;
  }
  if (!target.simulator) await deps.profiles.setPassword(target.id, secret);
  await rememberSignedInProfile(deps.context.workspaceState, target.id);
  vscode.window.setStatusBarMessage(`$(pass-filled) ${plainText(`GWS: signed in to ${target.name} as ${target.user}`)}`, 5000);
  return true;
}

/** The stored password; for simulator profiles the demo convention; otherwise ask. */
async function passwordFor(deps: CommandDeps, profile: ServerProfile): Promise<string | undefined> {
  const stored = await deps.profiles.getPassword(profile.id);
  if (stored) return stored;
  // The built-in simulator's documented demo users sign in with their user name as password.
  if (profile.simulator) return profile.user;
  return deps.prompter.current.input({
    title: plainText(`Sign in to ${profile.name}`),
    prompt: plainText(`Password for ${profile.user} at ${profile.url}`),
    password: true,
    validateInput: (value) => (value ? undefined : 'Enter the password'),
  });
}

async function signOut(deps: CommandDeps): Promise<void> {
  if (!deps.controller.active && deps.controller.state === 'signedOut') {
    vscode.window.setStatusBarMessage('GWS: not signed in', 3000);
    return;
  }
  const name = deps.controller.profile?.name ?? 'the GWS server';
  await deps.controller.signOut();
  await rememberSignedInProfile(deps.context.workspaceState, undefined);
  vscode.window.setStatusBarMessage(plainText(`GWS: signed out of ${name}`), 4000);
}

async function refreshCalls(deps: CommandDeps): Promise<void> {
  try {
    await vscode.window.withProgress({ location: { viewId: 'gws.calls' }, title: 'Refreshing calls' }, () => deps.controller.refresh());
  } catch (error) {
    showError('Refreshing calls failed', error, deps);
  }
}

let lastAsyncErrorAt = 0;

/**
 * At most one toast every few seconds: a storm of ErrorMessages is for the inspector, not for
 * toasts. The ErrorMessage's text is the server's: shown as plain text.
 */
function showAsyncError(deps: CommandDeps, error: { text: string; callId?: string }): void {
  const now = Date.now();
  if (now - lastAsyncErrorAt < 3_000) return;
  lastAsyncErrorAt = now;
  const shown = deps.prompter.current
    .error(plainText(`GWS: an operation failed after the server accepted it: ${error.text}`), 'Open Inspector')
    .then(async (choice) => {
      if (choice === 'Open Inspector') await vscode.commands.executeCommand('gws.inspector.focusCall', error.callId);
    });
  inBackground(shown, (message) => deps.logger.error('ui', `The error notification failed: ${message}`));
}

async function offerSignInAgain(deps: CommandDeps, profile: ServerProfile): Promise<void> {
  const choice = await deps.prompter.current.error(
    plainText(`GWS: the session with ${profile.name} ended and could not be renewed. Sign in again to keep receiving notifications.`),
    'Sign In Again',
    'Show Log',
  );
  if (choice === 'Sign In Again') await signIn(deps, { profileId: profile.id });
  if (choice === 'Show Log') deps.logger.show();
}
