// One line of an NDJSON export (ndjson.ts) read back into a stream record. Whatever the line
// holds, the result is a record with known fields of known types, or an Error saying what is
// wrong with it: files come from anywhere (a colleague's export, a crafted attachment).
// Shared by the whole-text import (ndjson.ts) and the streaming reader (ndjsonReader.ts).
import { isHttpMethod } from './curl';
import type { CallDiff, EntityDiff, ParticipantsDiff, ValueChange } from './diffTypes';
import type { StreamLog, StreamOperation, StreamRecord, StreamRecordKind } from './streamLog';

export const NDJSON_FORMAT = 'gws-call-inspector/stream';
export const NDJSON_VERSION = 1;

/** The first line of an export. */
export interface NdjsonHeader {
  format: typeof NDJSON_FORMAT;
  version: number;
  exportedAt: string;
  count: number;
  dropped: number;
  /** The sources the records name (their `source` ids), with kinds and labels. */
  sources?: ExportedSource[];
}

/** A source as a file keeps it: plain text fields. */
export interface ExportedSource {
  id: string;
  kind: string;
  label: string;
}

export interface NdjsonImport {
  log: StreamLog;
  /** Records read (before any capacity limit). */
  count: number;
  /** Lines that were not a record: "line 7: Unexpected token …" (the first ndjsonReader.MAX_NOTED_ERRORS). */
  errors: string[];
  /** Lines that were not a record, all of them. */
  errorCount: number;
  /** The sources the header names (ids the records carry). */
  sources: ExportedSource[];
  /** Lines read. */
  lines: number;
}

export function isNdjsonHeader(value: unknown): value is NdjsonHeader {
  return isObject(value) && value.format === NDJSON_FORMAT && value.seq === undefined;
}

const KINDS: ReadonlySet<StreamRecordKind> = new Set(['notification', 'operation', 'meta']);

export function lineToRecord(value: unknown): StreamRecord {
  if (!isObject(value)) throw new Error('not a JSON object');
  if (!Number.isInteger(value.seq)) throw new Error('no integer "seq"');
  const seq = value.seq as number;
  const kind = value.kind as StreamRecordKind;
  if (!KINDS.has(kind)) throw new Error(`unknown kind ${JSON.stringify(value.kind)}`);
  const record: StreamRecord = {
    seq,
    time: typeof value.time === 'number' ? value.time : 0,
    kind,
    channel: stringOr(value.channel, ''),
    type: stringOr(value.type, kind),
    summary: stringOr(value.summary, ''),
    changed: value.changed !== false,
  };
  for (const key of ['source', 'messageType', 'callId', 'state', 'recordingState', 'statusMessage', 'warning'] as const) {
    if (typeof value[key] === 'string') record[key] = value[key] as string;
  }
  for (const key of ['httpStatus', 'statusCode', 'rttMs', 'delayMs'] as const) {
    if (typeof value[key] === 'number') record[key] = value[key] as number;
  }
  if (typeof value.pending === 'boolean') record.pending = value.pending;
  if (typeof value.error === 'boolean') record.error = value.error;
  if (Array.isArray(value.linkedSeqs)) record.linkedSeqs = value.linkedSeqs.filter((s): s is number => typeof s === 'number');
  if (isObject(value.diff)) record.diff = readDiff(value.diff);
  if (Array.isArray(value.entities)) record.entities = value.entities.filter(isObject).map(readEntityDiff);
  if (value.envelope !== undefined) record.envelope = value.envelope;
  if (isObject(value.operation)) record.operation = readOperation(value.operation);
  if (value.detail !== undefined) record.detail = value.detail;
  return record;
}

/** JSON has no `undefined`: a ValueChange to or from "absent" lost its key on the way out. */
function readDiff(value: Record<string, unknown>): CallDiff {
  const userData = isObject(value.userData) ? value.userData : {};
  const capabilities = isObject(value.capabilities) ? value.capabilities : {};
  return {
    first: value.first === true,
    userData: {
      added: recordOf(userData.added),
      removed: recordOf(userData.removed),
      changed: readChanges(userData.changed),
    },
    capabilities: {
      gained: stringList(capabilities.gained),
      lost: stringList(capabilities.lost),
    },
    fields: readChanges(value.fields),
    ...(isObject(value.participants) ? { participants: readParticipants(value.participants) } : {}),
    ...(typeof value.participantsSeq === 'number' && Number.isSafeInteger(value.participantsSeq) ? { participantsSeq: value.participantsSeq } : {}),
  };
}

/** The party-by-party change of a conference (participantsDiff.ts), as an export wrote it. */
function readParticipants(value: Record<string, unknown>): ParticipantsDiff {
  const parties = (list: unknown) =>
    (Array.isArray(list) ? list : []).filter(isObject).filter((entry) => typeof entry.party === 'string');
  return {
    joined: parties(value.joined).map((entry) => ({ party: entry.party as string, value: entry.value })),
    left: parties(value.left).map((entry) => ({ party: entry.party as string, value: entry.value })),
    changed: parties(value.changed).map((entry) => ({ party: entry.party as string, changes: readChanges(entry.changes) })),
  };
}

function readEntityDiff(value: Record<string, unknown>): EntityDiff {
  const diff: EntityDiff = { kind: stringOr(value.kind, '?'), id: stringOr(value.id, '?'), ...readDiff(value) };
  if (typeof value.dataKey === 'string') diff.dataKey = value.dataKey;
  return diff;
}

/** One pass over the keys, no entry arrays: every record of an import has a diff or two. */
function readChanges(value: unknown): Record<string, ValueChange> {
  const changes: Record<string, ValueChange> = {};
  if (!isObject(value)) return changes;
  for (const key of Object.keys(value)) {
    const pair = recordOf(value[key]);
    const change: ValueChange = { old: pair.old, new: pair.new };
    // Keys come from the file: an assignment to "__proto__" would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(changes, key, { value: change, enumerable: true, writable: true, configurable: true });
    else changes[key] = change;
  }
  return changes;
}

/**
 * An operation as the file has it. Its method ends up on a command line (Copy as curl), so
 * only a known HTTP method is accepted: any other string makes the whole line an error, never
 * a record with an invented method. An absent method reads as POST (every GWS operation is one).
 */
function readOperation(value: Record<string, unknown>): StreamOperation {
  if (value.method !== undefined && !isHttpMethod(value.method)) {
    const shown = typeof value.method === 'string' ? JSON.stringify(value.method.slice(0, 40)) : `of type ${typeof value.method}`;
    throw new Error(`operation method ${shown} is not an HTTP method`);
  }
  const operation: StreamOperation = {
    id: typeof value.id === 'number' ? value.id : 0,
    method: stringOr(value.method, 'POST'),
    url: stringOr(value.url, ''),
    requestHeaders: {},
  };
  for (const [name, header] of Object.entries(recordOf(value.requestHeaders))) {
    if (typeof header === 'string') operation.requestHeaders[name] = header;
  }
  if (value.requestBody !== undefined) operation.requestBody = value.requestBody;
  if (typeof value.error === 'string') operation.error = value.error;
  // A proxied application's operation (src/proxy/trafficDecoder.ts) also keeps its answer.
  if (isObject(value.responseHeaders)) {
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(value.responseHeaders)) if (typeof header === 'string') headers[name] = header;
    operation.responseHeaders = headers;
  }
  if (value.responseBody !== undefined) operation.responseBody = value.responseBody;
  return operation;
}

/** At most this many sources are read from a header (a crafted file cannot flood the page). */
const MAX_SOURCES = 100;

export function readHeaderSources(value: unknown): ExportedSource[] {
  if (!Array.isArray(value)) return [];
  const out: ExportedSource[] = [];
  for (const item of value.slice(0, MAX_SOURCES)) {
    if (!isObject(item) || typeof item.id !== 'string' || item.id.length === 0) continue;
    out.push({ id: item.id, kind: stringOr(item.kind, 'file'), label: stringOr(item.label, item.id) });
  }
  return out;
}

// ---- small readers -------------------------------------------------------------------------


function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function recordOf(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

