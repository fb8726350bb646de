import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { agentStateText, deviceNumber, type DeviceList } from '../model/devices';
import type { SessionController } from '../session/sessionController';
import type { Sessions } from '../session/sessions';
import { sessionLabel } from '../session/sessionSummary';
import { statusBarText, type SessionSummary } from './sessionText';

export { modeText } from './sessionText';

/**
 * Connection state, user, session mode, agent state and number of calls of the window's
 * session, or the sum of several ("GWS 2 sessions · 3 calls", one tooltip line each, with its
 * agent state); a click opens the notification inspector. The texts are in sessionText.ts.
 */
export class GwsStatusBar extends Disposable {
  private shown = '';
  private readonly item = this.register(vscode.window.createStatusBarItem('gws.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly sessions: Sessions) {
    super();
    this.item.name = vscode.l10n.t('GWS Call Inspector');
    this.item.command = 'gws.openInspector';
    this.register(sessions.onDidChange(() => this.update()));
    this.register(sessions.onDidChangeCalls(() => this.update()));
    this.register(sessions.onDidChangeDevices(() => this.update()));
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
    agentState: session.state === 'connected' || session.state === 'reconnecting' ? agentState(session.devices) : undefined,
  };
}

/**
 * The agent state the devices report ("Ready", "NotReady (AuxWork)"): one text when they agree,
 * else each with its number. Server text: sessionText.ts shows it through plainText.
 */
function agentState(devices: DeviceList): string | undefined {
  const list = devices.list();
  if (list.length === 0) return undefined;
  const states = list.map((device) => agentStateText(device));
  if (states.every((state) => state === states[0])) return states[0];
  return list.map((device, i) => `${deviceNumber(device)} ${states[i]}`).join(', ');
}
