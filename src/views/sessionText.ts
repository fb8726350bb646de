// What the status bar says about the window's sessions. No `vscode` here: the unit tests check
// the texts. The user, URL and labels come from settings and the mode's text from the server:
// every part goes through plainText beside the item's own $(icons).
import { plainText } from '../common/plainText';
import { stateText } from '../session/sessionSummary';
import type { ConnectionState } from '../wire/sessionEvents';

export interface SessionSummary {
  /** "agent1 @ host". */
  label: string;
  user: string;
  url: string;
  state: ConnectionState;
  /** What the session decided about the agent's login; undefined while signing in. */
  mode?: 'agent' | 'observe';
  /** The agent-login outcome in words. */
  loginText?: string;
  calls: number;
  /** The agent state its devices report ("Ready", "NotReady (Break)"); undefined without devices. */
  agentState?: string;
}

export interface StatusBarText {
  text: string;
  tooltip: string;
  /** The item's background: a warning while reconnecting, an error once a session is lost. */
  tone?: 'warning' | 'error';
}

/** How the session mode reads in the status bar and the Calls view: "observing" or "agent". */
export function modeText(effectiveMode: 'agent' | 'observe'): string {
  return effectiveMode === 'agent' ? 'agent' : 'observing';
}

function callsText(calls: number): string {
  return `${calls} call${calls === 1 ? '' : 's'}`;
}

const CLICK = 'Click to open the notification inspector.';

/** One session (or none): the text the status bar has always shown. Several: a sum, and one tooltip line each. */
export function statusBarText(sessions: readonly SessionSummary[]): StatusBarText {
  if (sessions.length > 1) return severalSessions(sessions);
  const session = sessions[0];
  if (!session) return { text: '$(debug-disconnect) GWS signed out', tooltip: 'Not signed in. Click to open the notification inspector; run "GWS: Sign In" to connect.' };
  // The agent state before the calls, as the status bar showed it with one session (server text).
  const calls = `${session.agentState ? `${session.agentState} · ` : ''}${callsText(session.calls)}`;
  const mode = session.mode ? ` · ${modeText(session.mode)}` : '';
  const modeLine = session.loginText ? ` ${session.loginText}.` : '';
  switch (session.state) {
    case 'connected':
      return {
        text: `$(pass-filled) ${plainText(`GWS ${session.user}${mode} · ${calls}`)}`,
        tooltip: plainText(`Connected to ${session.url} as ${session.user}.${modeLine} ${calls}. ${CLICK}`),
      };
    case 'signingIn':
      return { text: '$(sync~spin) GWS signing in…', tooltip: plainText(`Signing in to ${session.url}…`) };
    case 'reconnecting':
      return {
        text: `$(sync~spin) ${plainText(`GWS reconnecting${mode} · ${calls}`)}`,
        tooltip: plainText(`Lost the notification connection to ${session.url}; reconnecting. Calls will be resynced.`),
        tone: 'warning',
      };
    case 'failed':
      return { text: '$(error) GWS session lost', tooltip: 'The GWS session ended. Run "GWS: Sign In" to sign in again.', tone: 'error' };
    default:
      return statusBarText([]);
  }
}

function severalSessions(sessions: readonly SessionSummary[]): StatusBarText {
  const states = sessions.map((s) => s.state);
  const calls = callsText(sessions.reduce((sum, s) => sum + s.calls, 0));
  const icon = states.includes('failed') ? '$(error)' : states.every((s) => s === 'connected') ? '$(pass-filled)' : '$(sync~spin)';
  const lines = sessions.map((s) =>
    plainText(`${s.label}: ${[stateText(s.state), s.mode ? modeText(s.mode) : undefined, s.agentState, callsText(s.calls)].filter(Boolean).join(', ')}`),
  );
  return {
    text: `${icon} ${plainText(`GWS ${sessions.length} sessions · ${calls}`)}`,
    tooltip: [...lines, CLICK].join('\n'),
    tone: states.includes('failed') ? 'error' : states.includes('reconnecting') ? 'warning' : undefined,
  };
}
