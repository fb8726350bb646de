// Stream records → the protocol's DTOs. Pure (no vscode), so it is unit-tested with the model.
// Rows are built when a batch is posted, not when a record is appended: a row posted later
// already carries its latest state (an operation that completed in the meantime).
import { jsonProblem, redactJson, redactText, stringifyRedacted } from '../../base/redact';
import { callName } from '../../model/callName';
import { compareMessages } from '../../model/compare';
import type { CallDiff } from '../../model/diffTypes';
import type { StreamLog, StreamRecord } from '../../model/streamLog';
import { payloadText } from './payloadText';
import type { DetailDto, OperationDetailDto, RowDto } from './protocol';

/** The row as the page renders it; optional fields only when set (small messages). */
/**
 * `withPayload`: also the searchable text of the event's JSON (payloadText.ts). It is a walk of
 * the whole message, so it is built only once the page searches payloads (the page asks with
 * `payloadSearch`): on the per-notification path it would cost twice what parsing does.
 */
export function toRowDto(record: StreamRecord, withPayload = true): RowDto {
  const row: RowDto = {
    seq: record.seq,
    time: record.time,
    kind: record.kind,
    channel: record.channel,
    type: record.type,
    summary: record.summary,
    changed: record.changed,
  };
  if (record.source !== undefined) row.source = record.source;
  if (record.messageType !== undefined) row.messageType = record.messageType;
  if (record.callId !== undefined) {
    row.callId = record.callId;
    row.callName = rowCallName(record, record.callId);
  }
  if (record.state !== undefined) row.state = record.state;
  if (record.recordingState !== undefined) row.recordingState = record.recordingState;
  if (record.pending !== undefined) row.pending = record.pending;
  if (record.httpStatus !== undefined) row.httpStatus = record.httpStatus;
  if (record.statusCode !== undefined) row.statusCode = record.statusCode;
  if (record.statusMessage !== undefined) row.statusMessage = record.statusMessage;
  if (record.rttMs !== undefined) row.rttMs = record.rttMs;
  if (record.linkedSeqs !== undefined) row.linkedSeqs = record.linkedSeqs.slice();
  if (record.delayMs !== undefined) row.delayMs = record.delayMs;
  if (record.warning !== undefined) row.warning = record.warning;
  if (record.error !== undefined) row.error = record.error;
  if (withPayload) {
    const payload = payloadText(record);
    if (payload !== undefined) row.payload = payload;
  }
  return row;
}

/** The call's name from the call a CallStateChangeMessage carries, else from its id alone. */
function rowCallName(record: StreamRecord, callId: string): string {
  if (record.messageType === 'CallStateChangeMessage' && isObject(record.envelope) && isObject(record.envelope.data)) {
    const call = record.envelope.data.call;
    if (isObject(call) && call.id === callId) return callName(call).text;
  }
  return callName(callId).text;
}

/**
 * Everything the detail pane shows for one record, with every credential masked: the envelope,
 * the message, the diffs and a session event's detail are what the server or the application
 * sent (a userData "password", a token in an ext, a cookie in a URL), and the page may show,
 * search and copy any of it. A part that cannot be serialised (nested too deep for the message
 * to the page, cyclic, a BigInt) is replaced by a note saying why, instead of breaking the
 * message that carries the whole detail.
 */
export function buildDetail(record: StreamRecord): DetailDto {
  const detail: DetailDto = { seq: record.seq, kind: record.kind };
  // The page draws a diff by its shape: one it could not receive is left out (the envelope's
  // note says why, the same nesting is in both).
  if (record.diff !== undefined && jsonProblem(record.diff) === undefined) detail.diff = redactJson(record.diff);
  if (record.entities !== undefined && record.entities.length > 0 && jsonProblem(record.entities) === undefined) detail.entities = redactJson(record.entities);
  if (record.envelope !== undefined) {
    const envelope = showable(record.envelope);
    detail.envelope = envelope;
    detail.message = isObject(envelope) && 'data' in envelope ? envelope.data : envelope;
  }
  if (record.operation !== undefined) detail.operation = operationDetail(record);
  if (record.kind === 'meta' && record.detail !== undefined) detail.message = showable(record.detail);
  return detail;
}

/**
 * Two records compared as the detail pane shows them: a notification's data, an operation's
 * request body (redacted), a session event's detail. Undefined when a message cannot be sent.
 */
export function compareRecords(a: StreamRecord, b: StreamRecord): CallDiff | undefined {
  const shown = (record: StreamRecord): unknown => {
    const detail = buildDetail(record);
    return detail.message ?? detail.operation?.requestBody ?? {};
  };
  const diff = compareMessages(shown(a), shown(b));
  return jsonProblem(diff) === undefined ? diff : undefined;
}

/**
 * A call's state at one of its notifications (`seq`) against its latest notification in the
 * log: the inspector's "compare with now" from a point of the call's timeline. Only the call
 * is diffed (userData, capabilities, participants party by party, state and the other
 * fields), not the messages around it; credentials masked. No diff when `seq` is no longer in
 * the log or carries no call `callId`.
 */
export function compareCallWithLatest(log: StreamLog, seq: number, callId: string): { latest?: number; diff?: CallDiff } {
  const then = callOf(log.get(seq), callId);
  if (!then) return {};
  let latest = seq;
  let now = then;
  for (const record of log.rows(seq + 1)) {
    const call = callOf(record, callId);
    if (call) {
      latest = record.seq;
      now = call;
    }
  }
  const diff = compareMessages(redactJson(then), redactJson(now));
  return jsonProblem(diff) === undefined ? { latest, diff } : { latest };
}

/** The call a notification record carries, when it is the call `callId`. */
function callOf(record: StreamRecord | undefined, callId: string): Record<string, unknown> | undefined {
  if (record?.kind !== 'notification' || record.callId !== callId || !isObject(record.envelope)) return undefined;
  const data = record.envelope.data;
  return isObject(data) && isObject(data.call) ? data.call : undefined;
}

/** A redacted copy of `value` (redactJson), or a note saying why it cannot be sent to the page. */
function showable(value: unknown): unknown {
  return redactJson(value);
}

export function operationDetail(record: StreamRecord): OperationDetailDto | undefined {
  const operation = record.operation;
  if (!operation) return undefined;
  const detail: OperationDetailDto = {
    method: operation.method,
    url: operation.url,
    // The session already redacted these; redact again because a miss here would show a secret.
    requestHeaders: redactJson(operation.requestHeaders),
  };
  if (operation.requestBody !== undefined) detail.requestBody = redactJson(operation.requestBody);
  if (record.httpStatus !== undefined) detail.httpStatus = record.httpStatus;
  if (record.statusCode !== undefined) detail.statusCode = record.statusCode;
  if (record.statusMessage !== undefined) detail.statusMessage = redactText(record.statusMessage);
  if (operation.error !== undefined) detail.error = redactText(operation.error);
  if (record.rttMs !== undefined) detail.rttMs = record.rttMs;
  // Redacted where they were recorded (restClient.ts, trafficDecoder.ts) and again here, like the
  // request's headers: an imported file may hold anything.
  if (operation.responseHeaders !== undefined) detail.responseHeaders = redactJson(operation.responseHeaders);
  if (operation.responseBody !== undefined) detail.responseBody = redactJson(operation.responseBody);
  return detail;
}

/**
 * What "Copy JSON" puts on the clipboard: the message as received, or the operation, with
 * credentials masked. Never throws: a record that cannot be serialised gives a JSON note that
 * says so, with the row's seq, type and summary.
 */
export function copyableJson(record: StreamRecord): string {
  let value: unknown;
  if (record.envelope !== undefined) value = record.envelope;
  else if (record.operation !== undefined) value = operationDetail(record);
  else value = { type: record.type, time: new Date(record.time).toISOString(), text: record.summary, detail: record.detail };
  const json = stringifyRedacted(value, 2);
  if (json.problem === undefined) return json.text ?? 'null';
  const note = {
    unserializable: `Event #${record.seq} cannot be copied as JSON: ${json.problem}.`,
    seq: record.seq,
    type: record.type,
    summary: record.summary,
  };
  return stringifyRedacted(note, 2).text ?? '{}';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
