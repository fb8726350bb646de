import * as vscode from 'vscode';
import type { Logger } from '../common/logger';

/** What `gws.showOnStartup` may name, and the command that opens each (package.json). */
const OPENERS: Readonly<Record<string, string>> = {
  // `<view id>.focus` is the command VS Code makes for every contributed view.
  calls: 'gws.calls.focus',
  inspector: 'gws.openInspector',
};

/**
 * Opens what `gws.showOnStartup` lists, once, after activation: `npm start` sets it
 * (test/host/start.js) so its window shows the Calls view and the inspector instead of an empty
 * Explorer. The default is empty, so an ordinary install opens nothing by itself.
 */
export async function showViewsOnStartup(logger: Logger): Promise<void> {
  const wanted = vscode.workspace.getConfiguration('gws').get<unknown>('showOnStartup', []);
  if (!Array.isArray(wanted)) {
    logger.warn('startup', 'gws.showOnStartup must be a list such as ["calls", "inspector"]; it is ignored');
    return;
  }
  // The calls view first: the inspector then takes the focus, with the view still in sight.
  for (const name of Object.keys(OPENERS)) {
    if (wanted.includes(name)) await vscode.commands.executeCommand(OPENERS[name]);
  }
  const unknown = wanted.filter((name) => typeof name !== 'string' || !Object.hasOwn(OPENERS, name));
  if (unknown.length > 0) {
    logger.warn('startup', `gws.showOnStartup: ${unknown.map((name) => JSON.stringify(name)).join(', ')} ignored; use "calls" or "inspector"`);
  }
}
