// What the status bar says about the window's sessions. No `vscode` here: the unit tests check
// the texts. The user, URL and labels come from settings and the mode's text from the server:
// every part goes through plainText beside the item's own $(icons).
import * as l10n from '@vscode/l10n';
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
  return effectiveMode === 'agent' ? l10n.t('agent') : l10n.t('observing');
}

function callsText(calls: number): string {
  return calls === 1 ? l10n.t('1 call') : l10n.t('{0} calls', calls);
}

/** A function, not a constant: the translation is configured at activation, after this module loads. */
const click = (): string => l10n.t('Click to open the notification inspector.');

/** One session (or none): the text the status bar has always shown. Several: a sum, and one tooltip line each. */
export function statusBarText(sessions: readonly SessionSummary[]): StatusBarText {
  if (sessions.length > 1) return severalSessions(sessions);
  const session = sessions[0];
  if (!session) {
    return {
      text: `$(debug-disconnect) ${l10n.t('GWS signed out')}`,
      tooltip: l10n.t('Not signed in. Click to open the notification inspector; run "GWS: Sign In" to connect.'),
    };
  }
  // The agent state before the calls, as the status bar showed it with one session (server text).
  const calls = `${session.agentState ? `${session.agentState} · ` : ''}${callsText(session.calls)}`;
  const mode = session.mode ? ` · ${modeText(session.mode)}` : '';
  const modeLine = session.loginText ? ` ${session.loginText}.` : '';
  switch (session.state) {
    case 'connected':
      return {
        text: `$(pass-filled) ${plainText(l10n.t('GWS {0}{1} · {2}', session.user, mode, calls))}`,
        tooltip: plainText(l10n.t('Connected to {0} as {1}.{2} {3}. {4}', session.url, session.user, modeLine, calls, click())),
      };
    case 'signingIn':
      return { text: `$(sync~spin) ${l10n.t('GWS signing in…')}`, tooltip: plainText(l10n.t('Signing in to {0}…', session.url)) };
    case 'reconnecting':
      return {
        text: `$(sync~spin) ${plainText(l10n.t('GWS reconnecting{0} · {1}', mode, calls))}`,
        tooltip: plainText(l10n.t('Lost the notification connection to {0}; reconnecting. Calls will be resynced.', session.url)),
        tone: 'warning',
      };
    case 'failed':
      return { text: `$(error) ${l10n.t('GWS session lost')}`, tooltip: l10n.t('The GWS session ended. Run "GWS: Sign In" to sign in again.'), tone: 'error' };
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
    text: `${icon} ${plainText(l10n.t('GWS {0} sessions · {1}', sessions.length, calls))}`,
    tooltip: [...lines, click()].join('\n'),
    tone: states.includes('failed') ? 'error' : states.includes('reconnecting') ? 'warning' : undefined,
  };
}
