import * as vscode from 'vscode';
import type { CallStore } from '../model/callStore';
import type { SessionController } from '../session/sessionController';
import type { CallsTreeProvider } from './callsTree';

/** The Calls view itself: its description (who is signed in) and its message line. */
export function createCallsView(tree: CallsTreeProvider, controller: SessionController, store: CallStore): vscode.Disposable {
  const view = vscode.window.createTreeView('gws.calls', { treeDataProvider: tree, showCollapseAll: true });
  const update = () => {
    const profile = controller.profile;
    view.description = profile ? `${profile.user} @ ${new URL(profile.url).host}` : undefined;
    switch (controller.state) {
      case 'reconnecting':
        view.message = 'Reconnecting to the notification stream… calls are resynced when it is back.';
        break;
      case 'failed':
        view.message = 'The session ended. Run "GWS: Sign In" to sign in again.';
        break;
      case 'connected':
        view.message = store.size === 0 ? 'No live calls. New calls appear here as the server reports them.' : undefined;
        break;
      default:
        view.message = undefined;
    }
  };
  const subscriptions = [controller.onDidChangeState(update), store.onDidChange(update)];
  update();
  return {
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      view.dispose();
    },
  };
}
