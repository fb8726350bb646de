import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { plainText } from '../common/plainText';
import type { RecordingProxies, RunningProxy } from '../session/recordingProxies';

/** The command a proxy's status bar item runs: Copy URL / Show Facts / Stop for that proxy. */
export const PROXY_ACTIONS_COMMAND = 'gws.proxy.actions';

/**
 * One status bar item per running recording proxy, showing its URL (what the developer points
 * the integration at); a click offers Copy URL, Show Facts and Stop (proxyCommands.ts). The
 * item goes when its proxy stops. Profile names and URLs come from settings: plain text.
 */
export class ProxyStatusBar extends Disposable {
  private readonly items = new Map<string, vscode.StatusBarItem>();

  constructor(proxies: RecordingProxies) {
    super();
    this.register(proxies.onDidChange((running) => this.update(running)));
    this.register({ dispose: () => this.items.forEach((item) => item.dispose()) });
    this.update(proxies.list());
  }

  /** For the integration tests: the items shown now, by proxy id. */
  get shown(): ReadonlyMap<string, vscode.StatusBarItem> {
    return this.items;
  }

  private update(running: readonly RunningProxy[]): void {
    const ids = new Set(running.map((p) => p.id));
    for (const [id, item] of this.items) {
      if (ids.has(id)) continue;
      item.dispose();
      this.items.delete(id);
    }
    for (const proxy of running) {
      if (this.items.has(proxy.id)) continue;
      const item = vscode.window.createStatusBarItem(`gws.proxy.${proxy.id}`, vscode.StatusBarAlignment.Left, 49);
      item.name = vscode.l10n.t('GWS Recording Proxy');
      item.text = `$(radio-tower) ${plainText(proxy.url)}`;
      item.tooltip = plainText(vscode.l10n.t('GWS recording proxy {0} → {1} ({2}). Click to copy the URL, show the facts or stop it.', proxy.url, proxy.target, proxy.profileName));
      item.accessibilityInformation = { label: plainText(vscode.l10n.t('GWS recording proxy {0}', proxy.url)) };
      item.command = { command: PROXY_ACTIONS_COMMAND, title: vscode.l10n.t('Recording Proxy'), arguments: [proxy.id] };
      item.show();
      this.items.set(proxy.id, item);
    }
  }
}
