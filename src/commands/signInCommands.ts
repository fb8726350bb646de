import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { plainText } from '../common/plainText';
import { GwsError } from '../gws/errors';
import { findOperation } from '../gws/operations';
import { callName } from '../model/callName';
import { SignInCancelled, type SignInMode } from '../session/sessionController';
import { defaultSessionMode, type ServerProfile, type SessionMode } from '../profiles/profile';
import { hostOf, sessionLabel } from '../session/sessionSummary';
import { forgetOwnAgentLogin, forgetSession, isOwnAgentLogin, rememberOwnAgentLogin, rememberSignedInProfile } from '../session/windowMemory';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { createProfile, pickProfile, sessionModeItems } from './profileCommands';
import { pickSession } from './sessionPick';
import type { GwsCall } from '../wire/types';

export interface SignInArgs {
  /** Sign in to this saved profile without asking which. */
  profileId?: string;
  /**
   * Restoring this window's session at startup (after a reload or restart): asks nothing and
   * never logs the agent in; takes back the window's own agent login when there is one.
   */
  restore?: boolean;
}

/** The buttons of the Sign Out confirmation. */
export const LOG_OUT_OF_VOICE = vscode.l10n.t('Log Out of Voice and Sign Out');
export const SIGN_OUT_ONLY = vscode.l10n.t('Sign Out Only');
/** The answers when auto mode finds the agent logged out. */
export const LOG_IN_TO_VOICE = vscode.l10n.t('Log In to Voice');
export const OBSERVE_ONLY = vscode.l10n.t('Observe Only');

export function registerSessionCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gws.signIn', (args?: SignInArgs) => signIn(deps, args)),
    vscode.commands.registerCommand('gws.signOut', (arg?: unknown) => signOut(deps, arg)),
    vscode.commands.registerCommand('gws.refreshCalls', (arg?: unknown) => refreshCalls(deps, arg)),
    vscode.commands.registerCommand('gws.showLog', () => deps.logger.show()),
    deps.sessions.onDidLoseSession(({ profile }) =>
      inBackground(offerSignInAgain(deps, profile), (message) => deps.logger.error('session', `Offering to sign in again failed: ${message}`)),
    ),
    deps.sessions.onDidReceiveErrorMessage((error) => showAsyncError(deps, error)),
  ];
}

/**
 * Resolves true when signed in. Another profile's session goes on beside this one; the same
 * profile's session is replaced.
 */
export async function signIn(deps: CommandDeps, args?: SignInArgs): Promise<boolean> {
  let profile: ServerProfile | undefined;
  let password: string | undefined;
  if (args?.profileId) {
    profile = deps.profiles.get(args.profileId);
    if (!profile) {
      void vscode.window.showErrorMessage(plainText(vscode.l10n.t('GWS: no saved server profile with id "{0}". Check the gws.profiles setting.', args.profileId)));
      return false;
    }
  } else {
    const pick = await pickProfile(deps, vscode.l10n.t('Sign in to which GWS server?'), true);
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
  const mode = await signInModeFor(deps, profile, args?.restore === true);
  if (!mode) return false;
  profile = deps.profiles.get(profile.id) ?? profile;
  password ??= await passwordFor(deps, profile);
  if (password === undefined) return false;

  const target = profile;
  const secret = password;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: plainText(vscode.l10n.t('GWS: Signing in to {0}…', target.name)), cancellable: true },
      (_progress, token) => {
        // Cancel = sign out: the pending sign-in stops at its next step and cleans up.
        const cancel = token.onCancellationRequested(() => void deps.sessions.forProfile(target.id)?.signOut());
        return deps.sessions.signIn(target, secret, mode).finally(() => cancel.dispose());
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
    showError(vscode.l10n.t('Sign-in to {0} failed', target.name), error, deps);
    return false;
  }
  if (!target.simulator) await deps.profiles.setPassword(target.id, secret);
  await rememberSignedInProfile(deps.context.workspaceState, target.id);
  const outcome = deps.sessions.forProfile(target.id)?.agentLogin;
  const own = outcome?.effectiveMode === 'agent';
  if (own) await rememberOwnAgentLogin(deps.context.workspaceState, { profileId: target.id, url: target.url, user: target.user });
  else await forgetOwnAgentLogin(deps.context.workspaceState, target.id);
  if (outcome?.channels) {
    // Refused or partly refused: signed in all the same, observing. The server's words, per channel.
    const openInspector = vscode.l10n.t('Open Inspector');
    const shown = deps.prompter.current.warning(plainText(vscode.l10n.t('GWS: signed in to {0}, observing only. {1}', target.name, outcome.text)), openInspector).then((choice) => {
      if (choice === openInspector) void vscode.commands.executeCommand('gws.openInspector');
    });
    inBackground(shown, (message) => deps.logger.error('ui', `The warning notification failed: ${message}`));
  }
  vscode.window.setStatusBarMessage(`$(pass-filled) ${plainText(own ? vscode.l10n.t('GWS: signed in to {0} as {1}, agent logged in to voice', target.name, target.user) : vscode.l10n.t('GWS: signed in to {0} as {1}, observing', target.name, target.user))}`, 5000);
  return true;
}

/**
 * The session mode of this sign-in (docs/gws-notes.md#session-modes): the profile's, asked
 * and saved when it has none. A restore never logs the agent in; any sign-in takes back this
 * window's own login when the agent is still logged in.
 */
async function signInModeFor(deps: CommandDeps, profile: ServerProfile, restore: boolean): Promise<SignInMode | undefined> {
  const resumeOwnLogin = isOwnAgentLogin(deps.context.workspaceState, profile);
  if (restore) return { mode: 'observe', resumeOwnLogin };
  let mode = defaultSessionMode(profile);
  if (!mode) {
    mode = await askSessionMode(deps, profile);
    if (!mode) return undefined;
    await deps.profiles.save({ ...profile, sessionMode: mode });
    deps.logger.info('profiles', `Profile "${profile.name}" now signs in in ${mode} mode`);
  }
  return { mode, resumeOwnLogin, askWhenLoggedOut: () => askToLogIn(deps, profile) };
}

async function askSessionMode(deps: CommandDeps, profile: ServerProfile): Promise<SessionMode | undefined> {
  const pick = await deps.prompter.current.quickPick(sessionModeItems(), {
    title: plainText(vscode.l10n.t('GWS: How should "{0}" treat {1}\'s voice login?', profile.name, profile.user)),
    placeHolder: vscode.l10n.t('Saved in the profile (sessionMode); your own integration may be signed in as the same agent'),
    ignoreFocusOut: true,
  });
  return pick?.mode;
}

async function askToLogIn(deps: CommandDeps, profile: ServerProfile): Promise<'agent' | 'observe'> {
  const logIn = profile.place
    ? vscode.l10n.t('{0} sends StartContactCenterSession at place {1}: the agent can take calls, and Sign Out will offer to log it out again.', LOG_IN_TO_VOICE, profile.place)
    : vscode.l10n.t('{0} sends StartContactCenterSession: the agent can take calls, and Sign Out will offer to log it out again.', LOG_IN_TO_VOICE);
  const choice = await deps.prompter.current.choose(
    plainText(vscode.l10n.t('GWS: {0} is not logged in to voice on {1}. Log in?', profile.user, hostOf(profile.url))),
    plainText(`${logIn} ${vscode.l10n.t("{0} sends nothing: you see the agent's calls and can still run call operations.", OBSERVE_ONLY)}`),
    LOG_IN_TO_VOICE,
    OBSERVE_ONLY,
  );
  return choice === LOG_IN_TO_VOICE ? 'agent' : 'observe';
}

/** The stored password; for simulator profiles the demo convention; otherwise ask. */
async function passwordFor(deps: CommandDeps, profile: ServerProfile): Promise<string | undefined> {
  const stored = await deps.profiles.getPassword(profile.id);
  if (stored) return stored;
  // The built-in simulator's documented demo users sign in with their user name as password.
  if (profile.simulator) return profile.user;
  return deps.prompter.current.input({
    title: plainText(vscode.l10n.t('Sign in to {0}', profile.name)),
    prompt: plainText(vscode.l10n.t('Password for {0} at {1}', profile.user, profile.url)),
    password: true,
    validateInput: (value) => (value ? undefined : vscode.l10n.t('Enter the password')),
  });
}

/**
 * Sign Out of one session: the item's, the only one, or the one the user picks. When the
 * agent's voice login is this window's own, a modal asks whether to log the agent out of voice
 * too (EndContactCenterSession) or only sign out; dismissing it does nothing. The other
 * sessions go on. Resolves true when signed out.
 */
async function signOut(deps: CommandDeps, arg?: unknown): Promise<boolean> {
  if (deps.sessions.list().length === 0) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: not signed in'), 3000);
    return false;
  }
  const controller = await pickSession(deps, arg, vscode.l10n.t('Sign out of which session?'));
  const profile = controller?.profile;
  if (!controller || !profile) return false;
  const name = profile.name;
  const user = profile.user;
  let end = false;
  // The Accounts menu (src/session/authProvider.ts) has asked already, and never logs the agent out.
  const keepAgentLogin = !!arg && typeof arg === 'object' && (arg as { keepAgentLogin?: unknown }).keepAgentLogin === true;
  if (controller.ownsAgentLogin && !keepAgentLogin) {
    const choice = await deps.prompter.current.choose(
      plainText(vscode.l10n.t('GWS: Sign out of {0}? This window logged {1} in to voice.', name, user)),
      plainText(
        vscode.l10n.t(
          "{0} sends EndContactCenterSession: GWS logs {1} out of voice, gives the place's devices back and ends the HTTP session, for every application signed in as {1}, your integration included. {2} leaves {1} logged in.",
          LOG_OUT_OF_VOICE,
          user,
          SIGN_OUT_ONLY,
        ),
      ),
      LOG_OUT_OF_VOICE,
      SIGN_OUT_ONLY,
    );
    if (!choice) return false;
    end = choice === LOG_OUT_OF_VOICE;
  }
  await controller.signOut({ endContactCenterSession: end });
  await forgetSession(deps.context.workspaceState, profile.id);
  vscode.window.setStatusBarMessage(plainText(end ? vscode.l10n.t('GWS: logged {0} out of voice and signed out of {1}', user, name) : vscode.l10n.t('GWS: signed out of {0}', name)), 4000);
  return true;
}

/**
 * Re-reads the calls of the item's session; from the palette or the view's title, of every
 * session (reading is harmless, and the title button has no item to name one).
 */
async function refreshCalls(deps: CommandDeps, arg?: unknown): Promise<void> {
  const one = arg === undefined ? undefined : await pickSession(deps, arg, vscode.l10n.t('Refresh the calls of which session?'));
  const targets = one ? [one] : deps.sessions.list();
  try {
    if (targets.length === 0) throw new Error(vscode.l10n.t('Not signed in to a GWS server. Run "GWS: Sign In" first.'));
    await vscode.window.withProgress({ location: { viewId: 'gws.calls' }, title: vscode.l10n.t('Refreshing calls') }, () => Promise.all(targets.map((s) => s.refresh())));
  } catch (error) {
    showError(vscode.l10n.t('Refreshing calls failed'), error, deps);
  }
}

/** When the last asynchronous-error toast of each operation was shown ('' for an unknown operation). */
const lastAsyncErrorAt = new Map<string, number>();

/**
 * At most one toast every few seconds per operation: a storm of ErrorMessages is for the
 * inspector, not for toasts, but a Dial refused by a DND agent must not hide the failure of the
 * transfer the user tries next. The ErrorMessage's text is the server's: shown as plain text.
 */
function showAsyncError(
  deps: CommandDeps,
  error: { text: string; callId?: string; operationName?: string; session?: { profile?: ServerProfile; store?: { get(id: string): GwsCall | undefined } } },
): void {
  const now = Date.now();
  const operation = error.operationName ?? '';
  if (now - (lastAsyncErrorAt.get(operation) ?? 0) < 3_000) return;
  lastAsyncErrorAt.set(operation, now);
  // With several sessions, say whose operation it was.
  const profile = deps.sessions.list().length > 1 ? error.session?.profile : undefined;
  const whose = profile ? ` (${sessionLabel(profile)})` : '';
  // The call as the calls view names it (src/model/callName.ts); a call already gone by its id.
  const call = error.callId === undefined ? undefined : callName(error.session?.store?.get(error.callId) ?? error.callId).text;
  const openInspector = vscode.l10n.t('Open Inspector');
  const what = call ? vscode.l10n.t('{0} on {1}', operationLabel(error.operationName), call) : operationLabel(error.operationName);
  const shown = deps.prompter.current
    .error(plainText(vscode.l10n.t('GWS: {0} failed after the server accepted it{1}: {2}', what, whose, error.text)), openInspector)
    .then(async (choice) => {
      if (choice === openInspector) await vscode.commands.executeCommand('gws.inspector.focusCall', error.callId);
    });
  inBackground(shown, (message) => deps.logger.error('ui', `The error notification failed: ${message}`));
}

/** The operation in the words of its command ("Single-Step Transfer"); server text otherwise. */
function operationLabel(operationName: string | undefined): string {
  if (operationName === undefined) return vscode.l10n.t('an operation');
  return findOperation(operationName)?.label ?? operationName;
}

async function offerSignInAgain(deps: CommandDeps, profile: ServerProfile): Promise<void> {
  const signInAgain = vscode.l10n.t('Sign In Again');
  const showLog = vscode.l10n.t('Show Log');
  const choice = await deps.prompter.current.error(
    plainText(vscode.l10n.t('GWS: the session with {0} ended and could not be renewed. Sign in again to keep receiving notifications.', profile.name)),
    signInAgain,
    showLog,
  );
  if (choice === signInAgain) await signIn(deps, { profileId: profile.id });
  if (choice === showLog) deps.logger.show();
}
