import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { Sessions } from '../session/sessions';
import { sessionLabel } from '../session/sessionSummary';
import type { CallsTreeProvider } from './callsTree';
import { modeText } from './sessionText';

/**
 * The Calls view itself: its description (who is signed in, and how: observing or agent; or
 * how many sessions, each then a node of the tree) and its message line.
 */
export function createCallsView(tree: CallsTreeProvider, sessions: Sessions): vscode.Disposable {
  const view = vscode.window.createTreeView('gws.calls', { treeDataProvider: tree, showCollapseAll: true });
  // Runs on every call change (thousands a second in a burst): the view is only told when
  // its text really changes, since each assignment is a message to the window.
  const update = () => {
    const live = sessions.list();
    const one = live.length === 1 ? live[0] : undefined;
    const description =
      live.length > 1
        ? `${live.length} sessions`
        : one?.profile
          ? plainText(`${sessionLabel(one.profile)}${one.agentLogin ? ` · ${modeText(one.agentLogin.effectiveMode)}` : ''}`)
          : undefined;
    if (view.description !== description) view.description = description;
    const calls = live.reduce((sum, s) => sum + s.store.size, 0);
    const message = messageFor(sessions.state, calls);
    if (view.message !== message) view.message = message;
  };
  const subscriptions = [sessions.onDidChange(update), sessions.onDidChangeCalls(update)];
  update();
  return {
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      view.dispose();
    },
  };
}

function messageFor(state: Sessions['state'], calls: number): string | undefined {
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
