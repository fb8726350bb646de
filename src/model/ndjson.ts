// The inspector's stream as NDJSON: one JSON record per line, readable with jq, and
// importable back into a StreamLog with the same rows and diffs. The first line is a small
// header (format, version, dropped count). Everything written passes a redacting replacer:
// credentials (Authorization, Cookie, Set-Cookie, CSRF tokens, passwords) never reach a file,
// even when an upstream module forgot to redact them. Every record is serialised on its own,
// and one that cannot be (nested too deep, cyclic, a BigInt) is written with a note in place
// of the part that failed, so one bad record never costs the rest of the export.
import { stringifyRedacted } from '../base/redact';
import { isHttpMethod } from './curl';
import type { CallDiff, EntityDiff, ValueChange } from './diffTypes';
import type { Source } from './sources';
import { StreamLog, type StreamOperation, type StreamRecord, type StreamRecordKind } from './streamLog';

export const NDJSON_FORMAT = 'gws-call-inspector/stream';
export const NDJSON_VERSION = 1;

interface HeaderLine {
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

/** One exported line is a stream record as it is (field names and all). */
type RecordLine = StreamRecord;

// ---- export ------------------------------------------------------------------------------

/** The lines of an export, header first; each line ends with "\n". Lazy, for big logs. */
export function* ndjsonLines(log: StreamLog, exportedAt = new Date(), sources: readonly ExportedSource[] = []): Generator<string> {
  const records = log.rows();
  const header: HeaderLine = {
    format: NDJSON_FORMAT,
    version: NDJSON_VERSION,
    exportedAt: exportedAt.toISOString(),
    count: records.length,
    dropped: log.dropped,
  };
  if (sources.length > 0) header.sources = sources.map(({ id, kind, label }) => ({ id, kind, label }));
  yield `${JSON.stringify(header)}\n`;
  for (const record of records) yield `${recordToLine(record)}\n`;
}

export function exportNdjson(log: StreamLog, exportedAt?: Date, sources?: readonly ExportedSource[]): string {
  return Array.from(ndjsonLines(log, exportedAt, sources)).join('');
}

/** One record as one redacted JSON line (no trailing newline). Never throws. */
export function recordToLine(record: StreamRecord): string {
  const line: RecordLine = record;
  const json = stringifyRedacted(line);
  return json.text ?? unserializableRecordLine(record);
}

/** What stands in a file for a part of a record that could not be serialised. */
export interface UnserializableNote {
  unserializable: string;
}

/**
 * The record with each part that cannot be serialised (its envelope, diff, detail, or the
 * operation's body) replaced by a note saying why, and a warning on the row saying which part
 * is missing, so an import shows it.
 */
function unserializableRecordLine(record: StreamRecord): string {
  const copy: Record<string, unknown> = { ...record };
  const missing: string[] = [];
  let why = '';
  for (const [key, value] of Object.entries(record)) {
    if (key === 'operation' && isObject(value)) {
      const operation: Record<string, unknown> = { ...value };
      for (const [field, part] of Object.entries(value)) {
        const problem = stringifyRedacted(part).problem;
        if (problem === undefined) continue;
        operation[field] = unserializableNote(problem);
        missing.push(`operation ${field}`);
        why = problem;
      }
      copy.operation = operation;
      continue;
    }
    const problem = stringifyRedacted(value).problem;
    if (problem === undefined) continue;
    copy[key] = unserializableNote(problem);
    missing.push(key);
    why = problem;
  }
  copy.warning = [record.warning, `not exported: ${missing.join(', ')} (${why})`].filter(Boolean).join(' · ');
  const json = stringifyRedacted(copy);
  if (json.text !== undefined) return json.text;
  // Only the plain fields: this cannot fail.
  return JSON.stringify({
    seq: Number(record.seq),
    time: Number(record.time),
    kind: String(record.kind),
    channel: String(record.channel),
    type: String(record.type),
    summary: String(record.summary),
    changed: record.changed !== false,
    warning: `not exported (${json.problem ?? 'it cannot be serialised'})`,
  });
}

function unserializableNote(problem: string): UnserializableNote {
  return { unserializable: problem };
}

// ---- import ------------------------------------------------------------------------------

export interface NdjsonImport {
  log: StreamLog;
  /** Records read (before any capacity limit). */
  count: number;
  /** Lines that were not a record: "line 7: Unexpected token …". */
  errors: string[];
  /** The sources the header names (ids the records carry). */
  sources: ExportedSource[];
}

/**
 * Reads an export back. Bad lines are reported, not fatal: a file cut short by a crash
 * still shows everything before the cut. `capacity` bounds memory for very large files
 * (the newest records are kept); by default the whole file is shown.
 */
export function importNdjson(text: string, options: { capacity?: number } = {}): NdjsonImport {
  const records: StreamRecord[] = [];
  const errors: string[] = [];
  let dropped = 0;
  let sources: ExportedSource[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line.length === 0) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isHeader(value)) {
        dropped = typeof value.dropped === 'number' ? value.dropped : 0;
        sources = readSources(value.sources);
        continue;
      }
      records.push(lineToRecord(value));
    } catch (error) {
      errors.push(`line ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const log = new StreamLog(options.capacity ?? Math.max(records.length, 1));
  log.load(records, dropped);
  return { log, count: records.length, errors, sources };
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
  };
}

function readEntityDiff(value: Record<string, unknown>): EntityDiff {
  const diff: EntityDiff = { kind: stringOr(value.kind, '?'), id: stringOr(value.id, '?'), ...readDiff(value) };
  if (typeof value.dataKey === 'string') diff.dataKey = value.dataKey;
  return diff;
}

/** Keys come from the file: fromEntries keeps "__proto__" a plain property. */
function readChanges(value: unknown): Record<string, ValueChange> {
  return Object.fromEntries(
    Object.entries(recordOf(value)).map(([key, change]): [string, ValueChange] => {
      const pair = recordOf(change);
      return [key, { old: pair.old, new: pair.new }];
    }),
  );
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

function readSources(value: unknown): ExportedSource[] {
  if (!Array.isArray(value)) return [];
  const out: ExportedSource[] = [];
  for (const item of value.slice(0, MAX_SOURCES)) {
    if (!isObject(item) || typeof item.id !== 'string' || item.id.length === 0) continue;
    out.push({ id: item.id, kind: stringOr(item.kind, 'file'), label: stringOr(item.label, item.id) });
  }
  return out;
}

/** A model source as a file keeps it. */
export function exportedSource(source: Source): ExportedSource {
  return { id: source.id, kind: source.kind, label: source.label };
}

// ---- small readers -------------------------------------------------------------------------

function isHeader(value: unknown): value is HeaderLine {
  return isObject(value) && value.format === NDJSON_FORMAT && value.seq === undefined;
}

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
