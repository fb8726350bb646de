import type * as vscode from 'vscode';
import { ContextKeys, setContext } from '../common/contextKeys';
import type { SessionController } from '../session/sessionController';
import type { Sessions } from '../session/sessions';
import type { GwsCall } from '../wire/types';

/** A call whose recording was started and not stopped (`recordingState`, docs/gws-notes.md#call-resource). */
function isRecording(call: GwsCall | undefined): boolean {
  return call?.recordingState === 'Recording' || call?.recordingState === 'Paused';
}

/**
 * Keeps gws.hasCall and gws.recordingStarted in step with the live calls of every session, for
 * `when` clauses and the walkthrough's completion events (package.json `walkthroughs`). Runs on
 * every call change (thousands a second in a burst): the work is per changed call, and the
 * window is only told when a key's value changes.
 */
export function trackCallContextKeys(sessions: Pick<Sessions, 'onDidChangeCalls' | 'list'>): vscode.Disposable {
  const recording = new Map<SessionController, Set<string>>();
  const recordingIn = (session: SessionController): Set<string> => {
    let calls = recording.get(session);
    if (!calls) recording.set(session, (calls = new Set()));
    return calls;
  };
  let hasCall: boolean | undefined;
  let recordingStarted: boolean | undefined;
  const update = () => {
    const live = sessions.list().some((session) => session.store.size > 0);
    if (hasCall !== live) {
      hasCall = live;
      void setContext(ContextKeys.hasCall, hasCall);
    }
    const records = [...recording.values()].some((calls) => calls.size > 0);
    if (recordingStarted !== records) {
      recordingStarted = records;
      void setContext(ContextKeys.recordingStarted, recordingStarted);
    }
  };
  const subscription = sessions.onDidChangeCalls(({ session, changes }) => {
    const calls = recordingIn(session);
    for (const change of changes) {
      if (!change.removed && isRecording(change.current)) calls.add(change.callId);
      else calls.delete(change.callId);
    }
    update();
  });
  for (const session of sessions.list()) for (const call of session.store.list()) if (isRecording(call)) recordingIn(session).add(call.id);
  update();
  return subscription;
}
