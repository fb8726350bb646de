// The inspector's stream as NDJSON: one JSON record per line, readable with jq, and
// importable back into a StreamLog with the same rows and diffs. The first line is a small
// header (format, version, dropped count). Everything written passes a redacting replacer:
// credentials (Authorization, Cookie, Set-Cookie, CSRF tokens, passwords) never reach a file,
// even when an upstream module forgot to redact them. Every record is serialised on its own,
// and one that cannot be (nested too deep, cyclic, a BigInt) is written with a note in place
// of the part that failed, so one bad record never costs the rest of the export.
import { stringifyRedacted } from '../base/redact';
import { NDJSON_FORMAT, NDJSON_VERSION, type ExportedSource, type NdjsonHeader, type NdjsonImport } from './ndjsonRecord';
import { NdjsonReader } from './ndjsonReader';
import type { Source } from './sources';
import type { StreamLog, StreamRecord } from './streamLog';

export { isNdjsonHeader, lineToRecord, NDJSON_FORMAT, NDJSON_VERSION, type ExportedSource, type NdjsonImport } from './ndjsonRecord';

/** One exported line is a stream record as it is (field names and all). */
type RecordLine = StreamRecord;

// ---- export ------------------------------------------------------------------------------

/** The lines of an export, header first; each line ends with "\n". Lazy, for big logs. */
export function ndjsonLines(log: StreamLog, exportedAt = new Date(), sources: readonly ExportedSource[] = []): Generator<string> {
  return ndjsonRecordLines(log.rows(), { exportedAt, sources, dropped: log.dropped });
}

/** The lines of an export of some records (the rows a filter shows): same header, same redaction. */
export function* ndjsonRecordLines(
  records: readonly StreamRecord[],
  { exportedAt = new Date(), sources = [], dropped = 0 }: { exportedAt?: Date; sources?: readonly ExportedSource[]; dropped?: number } = {},
): Generator<string> {
  const header: NdjsonHeader = {
    format: NDJSON_FORMAT,
    version: NDJSON_VERSION,
    exportedAt: exportedAt.toISOString(),
    count: records.length,
    dropped,
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

/**
 * Reads an export back from its whole text (ndjsonReader.ts streams a file instead). Bad lines
 * are reported, not fatal: a file cut short by a crash still shows everything before the cut.
 * `capacity` bounds memory for very large files (the newest records are kept); by default the
 * whole file is shown.
 */
export function importNdjson(text: string, options: { capacity?: number } = {}): NdjsonImport {
  const reader = new NdjsonReader({ capacity: options.capacity });
  reader.write(text);
  return reader.end();
}

/** A model source as a file keeps it. */
export function exportedSource(source: Source): ExportedSource {
  return { id: source.id, kind: source.kind, label: source.label };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
