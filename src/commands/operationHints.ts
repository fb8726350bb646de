// What the operation prompts suggest and why an operation has no call to act on. No `vscode`
// import: unit-tested (test/unit/commands/operationHints.test.ts).
import { findOperation } from '../gws/operations';
import { callStateOf } from '../wire/callReader';
import { callName } from '../model/callName';
import type { GwsCall } from '../wire/types';

/**
 * The number offered as an example for Make Call, transfers and conferences. Not an agent's
 * DN: an agent who is not signed in never answers, and the call stays Dialing. On the
 * built-in simulator every number outside its agents answers after a ring (README.md, "The
 * simulator's control API"); this one is its documented customer line.
 */
export const SUGGESTED_NUMBER = '5550100';

/** Which calls an operation usually needs, for the message that none allows it. */
const NEEDS: Record<string, string> = {
  Answer: 'a Ringing call',
  Hold: 'an Established call',
  Retrieve: 'a Held call',
  CompleteTransfer: 'a consultation call (Initiate Transfer) that the other party has answered',
  CompleteConference: 'a consultation call (Initiate Conference) that the other party has answered',
  SwapCalls: 'one Established and one Held call',
};

/**
 * Why no live call offers `operation` now: the calls there are with their states, and what
 * the operation needs. The calls' parties and states are server text: callers show it as plain text.
 */
export function noCallAllowsText(operation: string, calls: readonly GwsCall[]): string {
  const label = findOperation(operation)?.label ?? operation;
  if (calls.length === 0) return `${label}: there are no live calls.`;
  const listed = calls.map((call) => `${callName(call).text} (${callStateOf(call)})`).join(', ');
  const need = NEEDS[operation] ?? 'a call whose capabilities list it';
  const which = calls.length === 1 ? 'the live call does not offer it' : `none of the ${calls.length} live calls offers it`;
  const pending = operation === 'CompleteConference' || operation === 'CompleteTransfer' ? dialingNote(calls) : '';
  return `${label} needs ${need}; ${which} now: ${listed}.${pending}`;
}

/** A consultation still Dialing is the usual reason Complete … is not offered yet. */
function dialingNote(calls: readonly GwsCall[]): string {
  const dialing = calls.filter((call) => call.state === 'Dialing');
  return dialing.length > 0 ? ' The consultation is still Dialing: it is offered once the other party answers.' : '';
}
