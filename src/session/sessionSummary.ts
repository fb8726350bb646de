// What several sessions add up to, for the context keys, the inspector's header and the calls
// view's message (sessions.ts). No `vscode` here: the unit tests check it.
import * as l10n from '@vscode/l10n';
import type { ConnectionState } from '../wire/sessionEvents';

/** The best state among the window's sessions wins: one connected session is enough to run commands. */
const PRECEDENCE: readonly ConnectionState[] = ['connected', 'reconnecting', 'signingIn', 'failed', 'signedOut'];

export function overallState(states: readonly ConnectionState[]): ConnectionState {
  for (const state of PRECEDENCE) if (states.includes(state)) return state;
  return 'signedOut';
}

/** "agent1 @ host": how a session is named in the tree, the status bar, the pickers and the inspector. */
export function sessionLabel(profile: { user: string; url: string }): string {
  return `${profile.user} @ ${hostOf(profile.url)}`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** How a connection state reads after a session's name ("agent1 @ host · Connected"). */
export function stateText(state: ConnectionState): string {
  switch (state) {
    case 'connected':
      return l10n.t('Connected');
    case 'signingIn':
      return l10n.t('Signing in');
    case 'reconnecting':
      return l10n.t('Reconnecting');
    case 'failed':
      return l10n.t('Session lost');
    default:
      return l10n.t('Signed out');
  }
}
