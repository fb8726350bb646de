import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { SessionController } from '../session/sessionController';
import { sessionLabel, stateText } from '../session/sessionSummary';
import { sourceOf } from '../views/callNodes';
import { modeText } from '../views/sessionText';
import type { CommandDeps } from './commandDeps';

/**
 * The session a command acts on: the one of the tree item it was invoked on; from the palette
 * the only one, or the one the user picks when the window has several. Undefined when there is
 * none (or the user cancelled).
 */
export async function pickSession(deps: CommandDeps, arg: unknown, question: string, among = deps.sessions.list()): Promise<SessionController | undefined> {
  const source = sourceOf(arg);
  if (source) {
    const session = deps.sessions.forSource(source);
    if (!session) void vscode.window.showWarningMessage(vscode.l10n.t('GWS: that session is signed out.'));
    return session;
  }
  if (among.length <= 1) return among[0];
  const pick = await deps.prompter.current.quickPick(among.map(sessionItem), { title: 'GWS', placeHolder: question });
  return pick?.session;
}

/** A quick-pick item for a session: "agent1 @ host", its state and mode, the profile's name. */
export function sessionItem(session: SessionController): vscode.QuickPickItem & { session: SessionController } {
  const profile = session.profile;
  return {
    label: `$(account) ${plainText(profile ? sessionLabel(profile) : (session.source?.label ?? vscode.l10n.t('GWS session')))}`,
    description: plainText([stateText(session.state), session.agentLogin ? modeText(session.agentLogin.effectiveMode) : undefined].filter(Boolean).join(' · ')),
    detail: profile ? plainText(profile.name) : undefined,
    session,
  };
}
