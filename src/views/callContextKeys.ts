import type * as vscode from 'vscode';
import { ContextKeys, setContext } from '../common/contextKeys';
import type { CallStore } from '../model/callStore';
import type { GwsCall } from '../wire/types';

/** A call whose recording was started and not stopped (`recordingState`, docs/gws-notes.md#call-resource). */
function records(call: GwsCall | undefined): boolean {
  return call?.recordingState === 'Recording' || call?.recordingState === 'Paused';
}

/**
 * Keeps gws.hasCall and gws.recordingStarted in step with the live calls, for `when` clauses
 * and the walkthrough's completion events (package.json `walkthroughs`). Runs on every call
 * change (thousands a second in a burst): the work is per changed call, and the window is only
 * told when a key's value changes.
 */
export function trackCallContextKeys(store: CallStore): vscode.Disposable {
  const recording = new Set<string>();
  let hasCall: boolean | undefined;
  let recordingStarted: boolean | undefined;
  const update = () => {
    if (hasCall !== store.size > 0) {
      hasCall = store.size > 0;
      void setContext(ContextKeys.hasCall, hasCall);
    }
    if (recordingStarted !== recording.size > 0) {
      recordingStarted = recording.size > 0;
      void setContext(ContextKeys.recordingStarted, recordingStarted);
    }
  };
  const subscription = store.onDidChange((changes) => {
    for (const change of changes) {
      if (!change.removed && records(change.current)) recording.add(change.callId);
      else recording.delete(change.callId);
    }
    update();
  });
  for (const call of store.list()) if (records(call)) recording.add(call.id);
  update();
  return subscription;
}
