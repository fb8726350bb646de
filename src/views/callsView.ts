import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { Sessions } from '../session/sessions';
import { sessionLabel } from '../session/sessionSummary';
import type { CallsTreeNode } from './callNodes';
import type { CallsTreeProvider } from './callsTree';
import { modeText } from './sessionText';

/** The view's name in package.json, its title while nobody is signed in. */
const VIEW_NAME = 'Calls';

/**
 * The Calls view itself: its title (who is signed in: "agent1 @ host"; or how many sessions,
 * each then a node of the tree), its description (how: observing or agent) and its message line.
 * The view is alone in its container, so VS Code shows the container's title and the view's
 * title as one header ("GWS: AGENT1 @ HOST") and never shows the description there: the user
 * and server go in the title, and the container's title is short so that they fit (issue 15).
 * The title's buttons share that line: with four of them "agent1 @ 127.0.0.1:NNNNN" was cut
 * at the default sidebar width (test/e2e/callsAndInspector.test.ts). So only Open Inspector and
 * Make Call (Sign In when signed out) are inline, Refresh Calls is in the "..." menu
 * (package.json "view/title"), and there is no Collapse All: the tree is shallow and its calls
 * and devices start collapsed (callsTree.ts).
 */
export function createCallsView(tree: CallsTreeProvider, sessions: Sessions): vscode.Disposable & { readonly view: vscode.TreeView<CallsTreeNode> } {
  const view = vscode.window.createTreeView('gws.calls', { treeDataProvider: tree, showCollapseAll: false });
  // Runs on every call change (thousands a second in a burst): the view is only told when
  // its text really changes, since each assignment is a message to the window.
  const update = () => {
    const live = sessions.list();
    const one = live.length === 1 ? live[0] : undefined;
    const title = live.length > 1 ? vscode.l10n.t('{0} sessions', live.length) : one?.profile ? plainText(sessionLabel(one.profile)) : VIEW_NAME;
    if (view.title !== title) view.title = title;
    const description = one?.agentLogin ? modeText(one.agentLogin.effectiveMode) : undefined;
    if (view.description !== description) view.description = description;
    const calls = live.reduce((sum, s) => sum + s.store.size, 0);
    const message = messageFor(sessions.state, calls);
    if (view.message !== message) view.message = message;
  };
  const subscriptions = [sessions.onDidChange(update), sessions.onDidChangeCalls(update)];
  update();
  return {
    view,
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      view.dispose();
    },
  };
}

function messageFor(state: Sessions['state'], calls: number): string | undefined {
  switch (state) {
    case 'reconnecting':
      return vscode.l10n.t('Reconnecting to the notification stream… calls are resynced when it is back.');
    case 'failed':
      return vscode.l10n.t('The session ended. Run "GWS: Sign In" to sign in again.');
    case 'connected':
      return calls === 0 ? vscode.l10n.t('No live calls. New calls appear here as the server reports them.') : undefined;
    default:
      return undefined;
  }
}
