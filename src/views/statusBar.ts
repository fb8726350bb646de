import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import type { SessionController } from '../session/sessionController';
import type { Sessions } from '../session/sessions';
import { sessionLabel } from '../session/sessionSummary';
import { statusBarText, type SessionSummary } from './sessionText';

export { modeText } from './sessionText';

/**
 * Connection state, user, session mode and number of calls of the window's session, or the sum
 * of several ("GWS 2 sessions · 3 calls", one tooltip line each); a click opens the
 * notification inspector. The texts are in sessionText.ts.
 */
export class GwsStatusBar extends Disposable {
  private shown = '';
  private readonly item = this.register(vscode.window.createStatusBarItem('gws.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly sessions: Sessions) {
    super();
    this.item.name = 'GWS Call Inspector';
    this.item.command = 'gws.openInspector';
    this.register(sessions.onDidChange(() => this.update()));
    this.register(sessions.onDidChangeCalls(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const { text, tooltip, tone } = statusBarText(this.sessions.list().map(summaryOf));
    // Called for every call change: the item is only rewritten when what it shows changes.
    const key = `${text}\n${tooltip}\n${tone ?? ''}`;
    if (key === this.shown) return;
    this.shown = key;
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = tone ? new vscode.ThemeColor(tone === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, '') };
  }
}

function summaryOf(session: SessionController): SessionSummary {
  const profile = session.profile;
  return {
    label: profile ? sessionLabel(profile) : '',
    user: profile?.user ?? '',
    url: profile?.url ?? '',
    state: session.state,
    mode: session.agentLogin?.effectiveMode,
    loginText: session.agentLogin?.text,
    calls: session.store.size,
  };
}
