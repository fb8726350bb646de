// How a call is named to the user, the same in the calls view, the toasts and pickers, the
// inspector's rows and its call filter (issue 15, "one call, four names"): the other party and
// a short id the user can match from one place to the next. No `vscode` here: the page gets
// the names the extension computed with it (src/webviews/inspector/rows.ts).
import { otherParty, shortCallId } from '../wire/callReader';
import type { GwsCall } from '../wire/types';

export interface CallName {
  /** The other end: participants (both shapes), else ani, else dnis; undefined when none is known. */
  party?: string;
  /** The end of the call id (shortCallId): what differs between two calls of one server. */
  shortId: string;
  /** "5551234 · 00000A", or "call 00000A" with no party known. */
  text: string;
}

/**
 * The name of a call, or of a call id alone (an operation row, a message about a call that is
 * gone): then only the short id. Fields a server leaves out are tolerated, never thrown on.
 */
export function callName(call: Partial<GwsCall> | string, ownNumber?: string): CallName {
  const id = typeof call === 'string' ? call : typeof call.id === 'string' ? call.id : '';
  const shortId = shortCallId(id);
  const party = typeof call === 'string' ? undefined : otherParty(call as GwsCall, ownNumber);
  return { party, shortId, text: party ? `${party} · ${shortId}` : `call ${shortId}` };
}
