import * as vscode from 'vscode';

/** Every context key the extension sets, in one place; package.json `when` clauses use these names. */
export const ContextKeys = {
  /** A GWS session is signed in (connected or reconnecting). */
  signedIn: 'gws.signedIn',
  /** The session's connection state: signedOut | signingIn | connected | reconnecting | failed. */
  connectionState: 'gws.connectionState',
  /** The built-in simulator runs inside this extension host. */
  simulatorRunning: 'gws.simulatorRunning',
  /** At least one recording proxy runs (src/session/recordingProxies.ts). */
  proxyRunning: 'gws.proxyRunning',
  /** The replay into the inspector (src/commands/replayCommands.ts): playing | paused | done | stopped. */
  replayState: 'gws.replayState',
  /** The Calls view lists at least one live call (src/views/callContextKeys.ts). */
  hasCall: 'gws.hasCall',
  /** A live call records (recordingState Recording or Paused): the walkthrough's recording step. */
  recordingStarted: 'gws.recordingStarted',
} as const;

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
