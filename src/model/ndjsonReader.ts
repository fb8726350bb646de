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
  private skipped = 0;

  constructor(options: NdjsonReaderOptions = {}) {
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

  /**
   * Lines the caller dropped unread between two writes (readNdjsonFile: those older than the
   * newest `capacity`), `records` of them not blank: they count as dropped records. Such a line
   * is not parsed, so what is wrong with it, if anything, goes unreported: it would not be
   * shown either way. Only at the start of a line.
   */
  passOver(lines: number, records: number): void {
    if (this.ended) throw new Error('the NDJSON reader has ended');
    if (this.partial.length > 0 || this.skipping) throw new Error('passOver in the middle of a line');
    this.lineNumber += lines;
    this.skipped += records;
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

/**
 * Bytes decoded at once. A decoded string over V8's regular object size (128 KiB) lands in the
 * large-object space, which counts toward the old generation: 1 MiB chunks decoded whole made
 * the heap of kept records be marked again every few megabytes (bench/sections/import.ts).
 */
const DECODE_BYTES = 64 * 1024;

/** Text decoding of a byte stream into a reader, in pieces of at most DECODE_BYTES. */
class ByteFeed {
  // stream: true keeps a character cut between two chunks whole.
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly reader: NdjsonReader) {}

  write(bytes: Uint8Array, from = 0, to = bytes.length): void {
    for (let at = from; at < to; at += DECODE_BYTES) {
      this.reader.write(this.decoder.decode(bytes.subarray(at, Math.min(to, at + DECODE_BYTES)), { stream: true }));
    }
  }

  end(): NdjsonImport {
    const rest = this.decoder.decode();
    if (rest.length > 0) this.reader.write(rest);
    return this.reader.end();
  }
}

/** Reads every chunk of `chunks` (a file stream, say) through an NdjsonReader. */
export async function readNdjsonChunks(chunks: AsyncIterable<string | Uint8Array>, options: ChunkReadOptions = {}): Promise<ChunkReadResult> {
  const reader = new NdjsonReader(options);
  const feed = new ByteFeed(reader);
  let read = 0;
  for await (const chunk of chunks) {
    if (options.cancelled?.()) return { ...reader.result(), cancelled: true };
    if (typeof chunk === 'string') {
      reader.write(chunk);
      read += chunk.length;
    } else {
      feed.write(chunk);
      read += chunk.byteLength;
    }
    options.progress?.(read);
  }
  return { ...feed.end(), cancelled: false };
}

/** Bytes a line may hold and still be blank (what trim() takes off a line of an export). */
function isBlankByte(byte: number): boolean {
  return byte === 0x20 || byte === 0x0d || byte === 0x09;
}

/**
 * Cuts bytes into lines without decoding them, counting the lines and those that are not
 * blank. The newline is found with indexOf (memchr for a Buffer); only a line's first bytes
 * are looked at, up to one that is not blank: a record's "{".
 */
class LineCounter {
  /** Lines ended so far. */
  lines = 0;
  /** Lines ended so far that are not blank. */
  filled = 0;
  /** The line being read is blank so far. */
  private blank = true;
  private atStart = true;

  /**
   * Reads `bytes` from `from` up to its end, or up to the end of the line (newline included)
   * that makes `filled` reach `stopAt`; answers where it stopped.
   */
  read(bytes: Uint8Array, from = 0, stopAt = Infinity): number {
    let at = from;
    if (this.atStart && bytes.length > 0) {
      this.atStart = false;
      // A byte-order mark is not text (the decoder drops it): a line of it alone is blank.
      if (at === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
    }
    while (at < bytes.length) {
      const newline = bytes.indexOf(0x0a, at);
      const end = newline < 0 ? bytes.length : newline;
      for (let i = at; this.blank && i < end; i++) if (!isBlankByte(bytes[i])) this.blank = false;
      if (newline < 0) return bytes.length;
      this.lines++;
      if (!this.blank) this.filled++;
      this.blank = true;
      at = newline + 1;
      if (this.filled >= stopAt) break;
    }
    return at;
  }

  /** Lines that are not blank, a last one without a newline included. */
  get filledAtEnd(): number {
    return this.filled + (this.blank ? 0 : 1);
  }
}

/**
 * Lines that are not blank in a file's bytes (a first pass: no decoding, no parsing), the
 * first line excepted (the header, usually).
 */
export async function countRecordLines(chunks: AsyncIterable<Uint8Array>, cancelled?: () => boolean): Promise<number | undefined> {
  const counter = new LineCounter();
  for await (const chunk of chunks) {
    if (cancelled?.()) return undefined;
    counter.read(chunk);
  }
  return Math.max(0, counter.filledAtEnd - 1);
}

/**
 * A file read twice: once to count its lines, then through the reader with the lines older
 * than the newest `capacity` counted as dropped instead of read. For a file four times the
 * capacity that is most of the work saved: those lines are neither decoded nor parsed, only
 * their newlines found (the first line is always read: it may be the header). `open` must give
 * the same bytes each time (a file on disk).
 */
export async function readNdjsonFile(open: () => AsyncIterable<Uint8Array>, options: ChunkReadOptions = {}): Promise<ChunkReadResult> {
  const capacity = options.capacity;
  if (capacity === undefined) return readNdjsonChunks(open(), options);
  const records = await countRecordLines(open(), options.cancelled);
  if (records === undefined) return { ...new NdjsonReader(options).result(), cancelled: true };
  const toSkip = Math.max(0, records - capacity);
  if (toSkip === 0) return readNdjsonChunks(open(), options);

  const reader = new NdjsonReader(options);
  const feed = new ByteFeed(reader);
  // Line by line up to the first one that is not blank (read), then `toSkip` (passed over).
  const counter = new LineCounter();
  let skippedFromLine = -1;
  let read = 0;
  for await (const chunk of open()) {
    if (options.cancelled?.()) return { ...reader.result(), cancelled: true };
    let at = 0;
    if (counter.filled < 1) {
      at = counter.read(chunk, 0, 1);
      feed.write(chunk, 0, at);
      if (counter.filled === 1) skippedFromLine = counter.lines;
    }
    if (skippedFromLine >= 0 && counter.filled < 1 + toSkip) {
      at = counter.read(chunk, at, 1 + toSkip);
      if (counter.filled === 1 + toSkip) reader.passOver(counter.lines - skippedFromLine, toSkip);
    }
    if (counter.filled >= 1 + toSkip) feed.write(chunk, at);
    read += chunk.byteLength;
    options.progress?.(read);
  }
  return { ...feed.end(), cancelled: false };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
