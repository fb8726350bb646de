// Reads an NDJSON export (ndjson.ts) a piece at a time, so a file of any size is imported with
// bounded memory: text arrives in chunks (write), is cut into lines here, and each line becomes a
// record or a note about what was wrong with it and where ("line 7: …"). Only the newest
// `capacity` records are kept (a ring, like the stream log; the older ones are counted as
// dropped), only the first MAX_NOTED_ERRORS messages are kept (the rest counted), and a line
// longer than `maxLineChars` is skipped as it streams past instead of being buffered whole.
// Nothing a line contains can cost the records already read: every failure is per line.
// The VS Code side feeds it from a file stream (src/webviews/inspector/inspectorFiles.ts);
// readNdjsonChunks does the same for any async source of chunks (tests, the benchmark).
import { isNdjsonHeader, lineToRecord, readHeaderSources, type ExportedSource, type NdjsonImport } from './ndjsonRecord';
import { StreamLog, type StreamRecord } from './streamLog';

/** Error messages kept word for word; beyond these only the count grows. */
export const MAX_NOTED_ERRORS = 100;
/** A line longer than this (UTF-16 units, about bytes for JSON) is skipped: 16 MiB by default. */
export const DEFAULT_MAX_LINE_CHARS = 16 * 1024 * 1024;

export interface NdjsonReaderOptions {
  /** Records kept, newest first out; unbounded when absent. */
  capacity?: number;
  maxLineChars?: number;
  /**
   * Lines with a record in them to count as dropped without reading them: those a first pass
   * (countRecordLines) found older than the newest `capacity`. Such a line is not parsed, so
   * what is wrong with it, if anything, goes unreported: it would not be shown either way.
   */
  skipLines?: number;
}

export class NdjsonReader {
  private readonly capacity: number | undefined;
  private readonly maxLineChars: number;
  /** The kept records: a ring of `capacity` slots once full (head = the oldest). */
  private readonly kept: StreamRecord[] = [];
  private head = 0;
  private lastSeq = -Infinity;
  private readCount = 0;
  private headerDropped = 0;
  private headerSources: ExportedSource[] = [];
  private readonly noted: string[] = [];
  private errorTotal = 0;
  /** The line being read (text since the last newline). */
  private partial = '';
  /** Inside a line already reported as too long: skip up to its newline. */
  private skipping = false;
  private lineNumber = 0;
  private atStart = true;
  private ended = false;
  private toSkip: number;
  private skipped = 0;
  private sawLine = false;

  constructor(options: NdjsonReaderOptions = {}) {
    this.toSkip = Math.max(0, Math.floor(options.skipLines ?? 0));
    const capacity = options.capacity;
    this.capacity = capacity === undefined ? undefined : Math.max(1, Math.floor(capacity));
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  }

  /** Lines fully read so far (the number of the last one). */
  get lines(): number {
    return this.lineNumber;
  }

  /** Records read so far (before the capacity bound), skipped lines included. */
  get count(): number {
    return this.readCount + this.skipped;
  }

  get errorCount(): number {
    return this.errorTotal;
  }

  /** The next piece of the file's text (any size, cut anywhere: a line may span chunks). */
  write(chunk: string): void {
    if (this.ended) throw new Error('the NDJSON reader has ended');
    let text = chunk;
    if (this.atStart && text.length > 0) {
      // A byte-order mark some editors put first is not part of the header's JSON.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.atStart = false;
    }
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      if (newline < 0) break;
      const piece = text.slice(from, newline);
      from = newline + 1;
      this.lineNumber++;
      if (this.skipping) {
        this.skipping = false;
        this.partial = '';
        continue;
      }
      const line = this.partial.length > 0 ? this.partial + piece : piece;
      this.partial = '';
      if (line.length > this.maxLineChars) this.tooLong();
      else this.line(line);
    }
    if (from < text.length && !this.skipping) {
      this.partial = this.partial.length > 0 ? this.partial + text.slice(from) : text.slice(from);
      if (this.partial.length > this.maxLineChars) {
        // Said now, while the rest of the line streams past unbuffered.
        this.tooLong(this.lineNumber + 1);
        this.partial = '';
        this.skipping = true;
      }
    }
  }

  /** The end of the file: a last line without a newline is read, or reported as cut short. */
  end(): NdjsonImport {
    if (!this.ended) {
      this.ended = true;
      const last = this.partial;
      this.partial = '';
      if (this.skipping) this.lineNumber++;
      else if (last.trim().length > 0) {
        this.lineNumber++;
        this.line(last, true);
      }
    }
    return this.result();
  }

  /** What was read so far as a stream log (also after a cancelled read). */
  result(): NdjsonImport {
    const records = this.records();
    const log = new StreamLog(this.capacity ?? Math.max(records.length, 1));
    log.load(records, this.headerDropped + this.skipped + Math.max(0, this.readCount - records.length));
    // load() counted nothing beyond the header's dropped and ours: the ring already cut.
    return { log, count: this.count, errors: [...this.noted], errorCount: this.errorTotal, sources: this.headerSources, lines: this.lineNumber };
  }

  private line(raw: string, last = false): void {
    // CRLF files: the \r before the newline; spaces around a record are harmless.
    const line = raw.trim();
    if (line.length === 0) return;
    const first = !this.sawLine;
    this.sawLine = true;
    if (this.toSkip > 0 && !first) {
      // The first line is never skipped: it may be the header (countRecordLines leaves it out too).
      this.toSkip--;
      this.skipped++;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const why = last ? 'the file ends in the middle of a record (cut short?)' : messageOf(error);
      return this.error(this.lineNumber, why);
    }
    if (isNdjsonHeader(value)) {
      this.headerDropped = typeof value.dropped === 'number' && Number.isFinite(value.dropped) && value.dropped >= 0 ? Math.floor(value.dropped) : 0;
      this.headerSources = readHeaderSources(value.sources);
      return;
    }
    let record: StreamRecord;
    try {
      record = lineToRecord(value);
    } catch (error) {
      return this.error(this.lineNumber, messageOf(error));
    }
    // The stream log finds rows by seq (and the links name seqs): they must increase.
    if (record.seq <= this.lastSeq) return this.error(this.lineNumber, `seq ${record.seq} does not follow seq ${this.lastSeq}`);
    this.lastSeq = record.seq;
    this.readCount++;
    this.keep(record);
  }

  private keep(record: StreamRecord): void {
    if (this.capacity === undefined || this.kept.length < this.capacity) {
      this.kept.push(record);
      return;
    }
    this.kept[this.head] = record;
    this.head = (this.head + 1) % this.capacity;
  }

  private records(): StreamRecord[] {
    if (this.head === 0) return this.kept.slice();
    return [...this.kept.slice(this.head), ...this.kept.slice(0, this.head)];
  }

  private tooLong(lineNumber = this.lineNumber): void {
    const mib = this.maxLineChars / (1024 * 1024);
    this.error(lineNumber, `longer than ${Number.isInteger(mib) ? `${mib} MiB` : `${this.maxLineChars} characters`}, skipped`);
  }

  private error(lineNumber: number, why: string): void {
    this.errorTotal++;
    // A crafted line's text may be huge: the message quotes at most the start of it.
    if (this.noted.length < MAX_NOTED_ERRORS) this.noted.push(`line ${lineNumber}: ${why.length > 200 ? `${why.slice(0, 200)}…` : why}`);
  }
}

export interface ChunkReadOptions extends NdjsonReaderOptions {
  /** Polled between chunks: true stops the read (what was read so far is kept). */
  cancelled?: () => boolean;
  /** Called after each chunk with the bytes (or characters, for strings) read so far. */
  progress?: (read: number) => void;
}

export interface ChunkReadResult extends NdjsonImport {
  cancelled: boolean;
}

/** Reads every chunk of `chunks` (a file stream, say) through an NdjsonReader. */
export async function readNdjsonChunks(chunks: AsyncIterable<string | Uint8Array>, options: ChunkReadOptions = {}): Promise<ChunkReadResult> {
  const reader = new NdjsonReader(options);
  const decoder = new TextDecoder('utf-8');
  let read = 0;
  for await (const chunk of chunks) {
    if (options.cancelled?.()) return { ...reader.result(), cancelled: true };
    if (typeof chunk === 'string') {
      reader.write(chunk);
      read += chunk.length;
    } else {
      // stream: true keeps a character cut between two chunks whole.
      reader.write(decoder.decode(chunk, { stream: true }));
      read += chunk.byteLength;
    }
    options.progress?.(read);
  }
  const rest = decoder.decode();
  if (rest.length > 0) reader.write(rest);
  return { ...reader.end(), cancelled: false };
}

/**
 * Lines that are not blank in a file's bytes (a first pass: no decoding, no parsing), the
 * first line excepted (the header, usually).
 */
export async function countRecordLines(chunks: AsyncIterable<Uint8Array>, cancelled?: () => boolean): Promise<number | undefined> {
  let count = 0;
  let blank = true;
  let first = true;
  for await (const chunk of chunks) {
    if (cancelled?.()) return undefined;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        if (!blank && !first) count++;
        if (!blank) first = false;
        blank = true;
      } else if (blank && byte !== 0x20 && byte !== 0x0d && byte !== 0x09) {
        blank = false;
      }
    }
  }
  if (!blank && !first) count++;
  return count;
}

/**
 * A file read twice: once to count its lines, then through the reader with the lines older
 * than the newest `capacity` counted as dropped instead of parsed. For a file four times the
 * capacity that is most of the work saved (parsing is the cost; counting bytes is not).
 * `open` must give the same bytes each time (a file on disk).
 */
export async function readNdjsonFile(open: () => AsyncIterable<Uint8Array>, options: ChunkReadOptions = {}): Promise<ChunkReadResult> {
  const capacity = options.capacity;
  if (capacity === undefined) return readNdjsonChunks(open(), options);
  const lines = await countRecordLines(open(), options.cancelled);
  if (lines === undefined) return { ...new NdjsonReader(options).result(), cancelled: true };
  return readNdjsonChunks(open(), { ...options, skipLines: Math.max(0, lines - capacity) });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
