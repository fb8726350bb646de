// "Save as Scenario from Selected Rows": the rows a user picked in the inspector are rarely all
// a scenario needs. A selected operation brings the notifications the inspector linked to it
// (src/model/operationLinks.ts), which become its expectations, and, when none of its call's
// notifications before it is selected, the call's latest notification before it, so that the
// scenario rings the call in as it was when the operation ran (an Established call, its userData)
// instead of a bare Ringing one. Everything else selected goes in as it is; the rows then become
// a scenario as the whole stream does (fromRecords.ts).
import type { StreamRecord } from '../model/streamLog';
import { scenarioFromRecords, type FromRecordsOptions, type FromRecordsResult } from './fromRecords';

/** The selected rows and the rows they need, in seq order. `stream`: the rows of the log, ascending seq. */
export function rowsForSelection(stream: readonly StreamRecord[], selectedSeqs: Iterable<number>): StreamRecord[] {
  const bySeq = new Map(stream.map((row) => [row.seq, row]));
  const selected = [...new Set(selectedSeqs)].filter((seq) => bySeq.has(seq)).sort((a, b) => a - b);
  const picked = new Set(selected);
  /** Call id → the seqs of its selected notifications, ascending. */
  const selectedOfCall = new Map<string, number[]>();
  for (const seq of selected) {
    const row = bySeq.get(seq) as StreamRecord;
    if (row.kind === 'notification' && row.callId !== undefined) selectedOfCall.set(row.callId, [...(selectedOfCall.get(row.callId) ?? []), seq]);
  }
  for (const seq of selected) {
    const row = bySeq.get(seq) as StreamRecord;
    if (row.kind !== 'operation') continue;
    for (const linked of row.linkedSeqs ?? []) if (bySeq.get(linked)?.kind === 'notification') picked.add(linked);
    if (row.callId === undefined) continue;
    // A notification of the call selected before the operation already says how the call was.
    if ((selectedOfCall.get(row.callId) ?? []).some((s) => s < row.seq)) continue;
    const before = callStateBefore(stream, row.callId, row.seq);
    if (before) picked.add(before.seq);
  }
  return stream.filter((row) => picked.has(row.seq));
}

/** The scenario of the selected rows (rowsForSelection), and what could not become a step. */
export function scenarioFromSelection(stream: readonly StreamRecord[], selectedSeqs: Iterable<number>, options: FromRecordsOptions): FromRecordsResult {
  return scenarioFromRecords(rowsForSelection(stream, selectedSeqs), options);
}

/** The call's latest notification with a diff before `seq`: how the call looked then. */
function callStateBefore(stream: readonly StreamRecord[], callId: string, seq: number): StreamRecord | undefined {
  let found: StreamRecord | undefined;
  for (const row of stream) {
    if (row.seq >= seq) break;
    if (row.kind === 'notification' && row.callId === callId && row.diff !== undefined) found = row;
  }
  return found;
}
