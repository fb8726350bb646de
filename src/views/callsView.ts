import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { CallStore } from '../model/callStore';
import type { SessionController } from '../session/sessionController';
import type { CallsTreeProvider } from './callsTree';
import { modeText } from './statusBar';

/** The Calls view itself: its description (who is signed in, and how: observing or agent) and its message line. */
export function createCallsView(tree: CallsTreeProvider, controller: SessionController, store: CallStore): vscode.Disposable {
  const view = vscode.window.createTreeView('gws.calls', { treeDataProvider: tree, showCollapseAll: true });
  // Runs on every call change (thousands a second in a burst): the view is only told when
  // its text really changes, since each assignment is a message to the window.
  let described: { profile: typeof controller.profile; agentLogin: typeof controller.agentLogin } | undefined;
  const update = () => {
    const profile = controller.profile;
    const agentLogin = controller.agentLogin;
    if (!described || profile !== described.profile || agentLogin !== described.agentLogin) {
      described = { profile, agentLogin };
      view.description = profile
        ? plainText(`${profile.user} @ ${new URL(profile.url).host}${agentLogin ? ` · ${modeText(agentLogin.effectiveMode)}` : ''}`)
        : undefined;
    }
    const message = messageFor(controller.state, store.size);
    if (view.message !== message) view.message = message;
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

function messageFor(state: SessionController['state'], calls: number): string | undefined {
  switch (state) {
    case 'reconnecting':
      return 'Reconnecting to the notification stream… calls are resynced when it is back.';
    case 'failed':
      return 'The session ended. Run "GWS: Sign In" to sign in again.';
    case 'connected':
      return calls === 0 ? 'No live calls. New calls appear here as the server reports them.' : undefined;
    default:
      return undefined;
  }
}
