import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { plainText } from '../common/plainText';
import type { CallStore } from '../model/callStore';
import { agentStateText, deviceNumber, type DeviceList } from '../model/devices';
import type { SessionController } from '../session/sessionController';

/**
 * Connection state, user, session mode, agent state and number of calls; a click opens the notification
 * inspector. The user and URL come from settings, the mode's text from the server: plain text
 * beside the item's own icons.
 */
export class GwsStatusBar extends Disposable {
  private shown: { profile?: unknown; calls: number; state?: string; agentLogin?: unknown; agentState?: string } = { calls: -1 };
  private readonly item = this.register(vscode.window.createStatusBarItem('gws.status', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly controller: SessionController,
    private readonly store: CallStore,
    private readonly devices?: DeviceList,
  ) {
    super();
    this.item.name = 'GWS Call Inspector';
    this.item.command = 'gws.openInspector';
    this.register(controller.onDidChangeState(() => this.update()));
    this.register(store.onDidChange(() => this.update()));
    if (devices) this.register(devices.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const profile = this.controller.profile;
    const calls = this.store.size;
    // Called for every call change: the item is only rewritten when what it shows changes.
    const agentLogin = this.controller.agentLogin;
    const agentState = this.agentState();
    if (
      profile === this.shown.profile &&
      calls === this.shown.calls &&
      this.controller.state === this.shown.state &&
      agentLogin === this.shown.agentLogin &&
      agentState === this.shown.agentState
    ) {
      return;
    }
    this.shown = { profile, calls, state: this.controller.state, agentLogin, agentState };
    const callText = `${agentState ? `${agentState} · ` : ''}${calls} call${calls === 1 ? '' : 's'}`;
    const mode = agentLogin ? ` · ${modeText(agentLogin.effectiveMode)}` : '';
    const modeLine = agentLogin ? ` ${agentLogin.text}.` : '';
    this.item.backgroundColor = undefined;
    switch (this.controller.state) {
      case 'connected':
        this.item.text = `$(pass-filled) ${plainText(`GWS ${profile?.user ?? ''}${mode} · ${callText}`)}`;
        this.item.tooltip = plainText(`Connected to ${profile?.url} as ${profile?.user}.${modeLine} ${callText}. Click to open the notification inspector.`);
        break;
      case 'signingIn':
        this.item.text = '$(sync~spin) GWS signing in…';
        this.item.tooltip = plainText(`Signing in to ${profile?.url ?? 'the GWS server'}…`);
        break;
      case 'reconnecting':
        this.item.text = `$(sync~spin) ${plainText(`GWS reconnecting${mode} · ${callText}`)}`;
        this.item.tooltip = plainText(`Lost the notification connection to ${profile?.url}; reconnecting. Calls will be resynced.`);
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'failed':
        this.item.text = '$(error) GWS session lost';
        this.item.tooltip = 'The GWS session ended. Run "GWS: Sign In" to sign in again.';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      default:
        this.item.text = '$(debug-disconnect) GWS signed out';
        this.item.tooltip = 'Not signed in. Click to open the notification inspector; run "GWS: Sign In" to connect.';
    }
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
  }

  /**
   * The agent state the devices report ("Ready", "NotReady (AuxWork)"): one text when they agree,
   * else each with its number. Server text: the caller shows it through plainText.
   */
  private agentState(): string | undefined {
    const devices = this.devices?.list() ?? [];
    if (devices.length === 0) return undefined;
    const states = devices.map((device) => agentStateText(device));
    if (states.every((state) => state === states[0])) return states[0];
    return devices.map((device, i) => `${deviceNumber(device)} ${states[i]}`).join(', ');
  }
}

/** How the session mode reads in the status bar and the Calls view: "observing" or "agent". */
export function modeText(effectiveMode: 'agent' | 'observe'): string {
  return effectiveMode === 'agent' ? 'agent' : 'observing';
}
