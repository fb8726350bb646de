// "Save as Scenario": inspector rows (StreamRecord, src/model/streamLog.ts) → a scenario that
// does again what was done and expects again what was seen. Operations become `operation`
// steps and the notifications the inspector linked to them (src/model/operationLinks.ts)
// `expect` steps with the observed diff; a call first seen without an operation of ours
// (rung by a caller, or already there) becomes a simulator `inboundCall`. What changes from
// run to run becomes something a run can match: call ids become bindings ($call1), the
// observed delays a tolerance (`within`), generated values (ids, uris, the recording file
// name) are left out. Operation params and call userData come from raw rows, so they are
// redacted here (src/base/redact.ts): a saved scenario is a file that gets shared.
import { redactJson } from '../base/redact';
import type { CallDiff } from '../model/diffTypes';
import type { StreamRecord } from '../model/streamLog';
import { DEFAULT_WITHIN_MS, type ExpectStep, type Scenario, type ScenarioStep } from './types';

export interface FromRecordsOptions {
  name: string;
  /** The simulator user the scenario signs in as (default agent1). */
  user?: string;
}

export interface FromRecordsResult {
  scenario: Scenario;
  /** Rows that could not become steps, one line each (an agent-state operation, a failed one…). */
  skipped: string[];
}

/** Call fields that differ on every run: they identify, they do not describe. */
const GENERATED_FIELDS = new Set(['id', 'connId', 'callUuid', 'uri', 'path', 'deviceUri', 'parentCallUri', 'parentCallPath', 'previousConnId', 'previousCallUri', 'duration', 'startedAt', 'timestamp']);

export function scenarioFromRecords(records: readonly StreamRecord[], options: FromRecordsOptions): FromRecordsResult {
  const rows = [...records].sort((a, b) => a.seq - b.seq);
  const bySeq = new Map(rows.map((row) => [row.seq, row]));
  const steps: ScenarioStep[] = [{ do: 'signIn', simulator: true, user: options.user ?? 'agent1' }];
  const skipped: string[] = [];
  const bindings = new Map<string, string>();
  const used = new Set<number>();
  const bindingOf = (callId: string): string => bindings.get(callId) as string;

  /** A call the scenario has not met yet: the simulator rings it in, as it looked when first seen. */
  const introduce = (callId: string, first: StreamRecord | undefined): void => {
    if (bindings.has(callId)) return;
    const bind = `$call${bindings.size + 1}`;
    bindings.set(callId, bind);
    const call = callOf(first);
    const state = first?.state === 'Established' ? 'Established' : 'Ringing';
    steps.push({
      do: 'inboundCall',
      bind,
      ...(typeof call?.ani === 'string' ? { from: call.ani } : {}),
      ...(isRecord(call?.userData) && Object.keys(call.userData).length > 0 ? { userData: redactJson(call.userData) } : {}),
      ...(state === 'Established' ? { state } : {}),
    });
    if (first && first.kind === 'notification') {
      used.add(first.seq);
      steps.push({ do: 'expect', notification: first.type, call: bind, within: DEFAULT_WITHIN_MS, fields: { state } });
    }
  };
  const firstNotificationOf = (callId: string): StreamRecord | undefined => rows.find((row) => row.kind === 'notification' && row.callId === callId && row.diff !== undefined);

  for (const row of rows) {
    if (row.kind === 'notification' && row.callId !== undefined && row.diff !== undefined && !bindings.has(row.callId) && !isLinkedToOperation(row, bySeq)) {
      introduce(row.callId, row);
      continue;
    }
    if (row.kind !== 'operation') continue;
    const body = isRecord(row.operation?.requestBody) ? row.operation.requestBody : {};
    if (row.callId === undefined) {
      skipped.push(`${row.type}: not an operation on a call`);
      continue;
    }
    if ((row.httpStatus !== undefined && row.httpStatus >= 400) || (row.statusCode !== undefined && row.statusCode !== 0) || row.operation?.error !== undefined) {
      skipped.push(`${row.type} on ${row.callId}: it failed`);
      continue;
    }
    introduce(row.callId, firstNotificationOf(row.callId));
    const { operationName: _name, ...params } = body;
    steps.push({ do: 'operation', call: bindingOf(row.callId), operation: row.type, ...(Object.keys(params).length > 0 ? { params: redactJson(params) } : {}) });
    for (const seq of row.linkedSeqs ?? []) {
      const linked = bySeq.get(seq);
      if (!linked || linked.kind !== 'notification' || used.has(seq)) continue;
      used.add(seq);
      steps.push(expectationOf(linked, linked.callId !== undefined && bindings.has(linked.callId) ? bindingOf(linked.callId) : undefined, bindings));
    }
  }
  return { scenario: { name: options.name, steps }, skipped };
}

function expectationOf(row: StreamRecord, call: string | undefined, bindings: Map<string, string>): ExpectStep {
  const step: ExpectStep = { do: 'expect', notification: row.type, within: toleranceFor(row.delayMs) };
  if (call !== undefined) step.call = call;
  else if (row.callId !== undefined) {
    // A call the operation made (Dial, InitiateTransfer…): bound from this notification on.
    const bind = `$call${bindings.size + 1}`;
    bindings.set(row.callId, bind);
    step.bind = bind;
  }
  const diff = row.diff;
  if (!diff) return step;
  const fields = observedFields(diff, row.callId);
  if (Object.keys(fields).length > 0) step.fields = fields;
  if (diff.capabilities.gained.length > 0 || diff.capabilities.lost.length > 0) {
    step.capabilities = {};
    if (diff.capabilities.gained.length > 0) step.capabilities.gained = [...diff.capabilities.gained];
    if (diff.capabilities.lost.length > 0) step.capabilities.lost = [...diff.capabilities.lost];
  }
  const added = Object.keys(diff.userData.added);
  const removed = Object.keys(diff.userData.removed);
  const changed = Object.keys(diff.userData.changed);
  if (added.length + removed.length + changed.length > 0) {
    // Keys only: values such as the recording's file name (GSIP_REC_FN) are generated per call.
    step.userData = {};
    if (added.length > 0) step.userData.added = added;
    if (removed.length > 0) step.userData.removed = removed;
    if (changed.length > 0) step.userData.changed = changed;
  }
  return step;
}

/** The new values of the fields that changed, except generated ones and any that quote the call's id. */
function observedFields(diff: CallDiff, callId: string | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(diff.fields)) {
    if (GENERATED_FIELDS.has(field)) continue;
    if (callId !== undefined && JSON.stringify(change.new)?.includes(callId)) continue;
    if (typeof change.new === 'object' && change.new !== null) continue; // participants and the like: who, not what
    fields[field] = change.new;
  }
  return fields;
}

/** The observed delay with room for a slower machine: 4×, rounded up to whole seconds, at least the default. */
export function toleranceFor(delayMs: number | undefined): number {
  if (delayMs === undefined || !Number.isFinite(delayMs)) return DEFAULT_WITHIN_MS;
  return Math.max(DEFAULT_WITHIN_MS, Math.ceil((delayMs * 4) / 1000) * 1000);
}

function isLinkedToOperation(row: StreamRecord, bySeq: Map<number, StreamRecord>): boolean {
  return (row.linkedSeqs ?? []).some((seq) => bySeq.get(seq)?.kind === 'operation');
}

function callOf(row: StreamRecord | undefined): Record<string, unknown> | undefined {
  const envelope = row?.envelope as { data?: { call?: unknown } } | undefined;
  return isRecord(envelope?.data?.call) ? envelope.data.call : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
