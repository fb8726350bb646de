// Keeps a copy of a request or response body while the proxy streams it on (recordingProxy.ts):
// up to a limit, then only counts. The copy is for the recording only; what the application and
// GWS receive is never held back or changed. A compressed body (Content-Encoding gzip, deflate
// or br, as a servlet container's gzip filter sends larger JSON answers) is recorded as the
// text it decompresses to, with the same limit on the decompressed size.
// The text is made when the decoder first reads it (withRecordedBody), not when the body ends:
// joining, decompressing and decoding a 2 MB long-poll answer would otherwise run in the
// forwarding path, before the application's next request is read.
import zlib from 'node:zlib';

export interface RecordedBody {
  body?: string;
  bodyOmittedBytes?: number;
}

export interface RecordedChunks {
  chunks: Uint8Array[];
  /** Bytes seen, kept or not. */
  bytes: number;
  maxBytes: number;
}

export class BodyRecorder {
  private chunks: Uint8Array[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * A recorder holding what another one recorded (its `recorded()`): the recording proxy's
   * worker thread hands a body over to the decoder this way (workerWire.ts).
   */
  static restore(recorded: RecordedChunks): BodyRecorder {
    const recorder = new BodyRecorder(recorded.maxBytes);
    recorder.chunks = recorded.chunks;
    recorder.bytes = recorded.bytes;
    return recorder;
  }

  /** What restore() needs: the chunks kept (none once the body passed maxBytes), their count and the limit. */
  recorded(): RecordedChunks {
    return { chunks: this.chunks, bytes: this.bytes, maxBytes: this.maxBytes };
  }

  add(chunk: Buffer | string): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.bytes += buffer.length;
    if (this.bytes <= this.maxBytes) this.chunks.push(buffer);
    else this.chunks = [];
  }

  get size(): number {
    return this.bytes;
  }

  /**
   * result() in steps, one per chunk as it came off the socket: a burst's long-poll answer is
   * several MB, and decoding it to text in one go held the forwarding for tens of milliseconds
   * (tapQueue.ts). A compressed body is decompressed in one go (GWS answers are rarely compressed).
   */
  *resultSteps(contentEncoding?: string | string[]): Generator<void, RecordedBody, undefined> {
    const encoding = String(contentEncoding ?? '').trim().toLowerCase();
    if (this.bytes > this.maxBytes || (encoding !== '' && encoding !== 'identity')) return this.result(contentEncoding);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let text = '';
    try {
      for (const chunk of this.chunks) {
        text += decoder.decode(chunk, { stream: true });
        yield;
      }
      text += decoder.decode();
    } catch {
      return { bodyOmittedBytes: this.bytes };
    }
    return { body: text };
  }

  /** The body as text, or its size when it is too large, binary or cannot be decompressed. */
  result(contentEncoding?: string | string[]): RecordedBody {
    if (this.bytes > this.maxBytes) return { bodyOmittedBytes: this.bytes };
    let raw: Buffer = Buffer.concat(this.chunks, this.bytes);
    try {
      raw = decompress(raw, String(contentEncoding ?? '').trim().toLowerCase(), this.maxBytes);
      return { body: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
    } catch {
      return { bodyOmittedBytes: this.bytes };
    }
  }
}

function decompress(raw: Buffer, encoding: string, maxBytes: number): Buffer {
  if (raw.length === 0 || encoding === '' || encoding === 'identity') return raw;
  const options = { maxOutputLength: Math.max(maxBytes, 1) };
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(raw, options);
  if (encoding === 'deflate') return zlib.inflateSync(raw, options);
  if (encoding === 'br') return zlib.brotliDecompressSync(raw, options);
  throw new Error(`unknown content encoding ${encoding}`);
}

/** Reads a tap's lazily recorded body in steps (readRecordedBodySteps). */
const READ_STEPS = Symbol('recorded body read in steps');
/**
 * The recorder and content encoding of a body not read yet (recordedSource); its size is what
 * the body holds until it is read (heldBodyBytes: tapQueue.ts bounds it).
 */
const SOURCE = Symbol('recorded body source');

export interface RecordedSource {
  recorder: BodyRecorder;
  contentEncoding?: string | string[];
}

/**
 * Gives `tap` the `body` / `bodyOmittedBytes` of `recorder`, made on first read (one
 * BodyRecorder.result() for both). They are ordinary enumerable properties to a reader
 * (spread, JSON.stringify and deepEqual see values).
 */
export function withRecordedBody<T extends object>(tap: T, recorder: BodyRecorder, contentEncoding?: string | string[]): T & RecordedBody {
  let recorded: RecordedBody | undefined;
  let source: BodyRecorder | undefined = recorder;
  const keep = (body: RecordedBody): RecordedBody => {
    recorded = body;
    source = undefined;
    delete (tap as Record<symbol, unknown>)[SOURCE];
    return body;
  };
  const read = (): RecordedBody => recorded ?? keep(source?.result(contentEncoding) ?? {});
  function* readSteps(): Generator<void, void, undefined> {
    if (recorded || !source) return;
    const body = yield* source.resultSteps(contentEncoding);
    // A read through the getter meanwhile made the same text.
    if (!recorded) keep(body);
  }
  Object.defineProperties(tap, {
    body: { get: () => read().body, enumerable: true, configurable: true },
    bodyOmittedBytes: { get: () => read().bodyOmittedBytes, enumerable: true, configurable: true },
    [READ_STEPS]: { value: readSteps, enumerable: false, configurable: true },
    [SOURCE]: { value: { recorder, contentEncoding } satisfies RecordedSource, enumerable: false, configurable: true },
  });
  return tap as T & RecordedBody;
}

/** The recorder behind a tap's body that was not read yet, with its content encoding. */
export function recordedSource(tap: object): RecordedSource | undefined {
  return (tap as Record<symbol, RecordedSource | undefined>)[SOURCE];
}

/**
 * Makes a lazily recorded body into text in steps (BodyRecorder.resultSteps), so that reading
 * `body` afterwards costs nothing; does nothing for any other tap.
 */
export function* readRecordedBodySteps(tap: unknown): Generator<void, void, undefined> {
  if (typeof tap !== 'object' || tap === null) return;
  const steps = (tap as Record<symbol, unknown>)[READ_STEPS];
  if (typeof steps === 'function') yield* (steps as () => Generator<void, void, undefined>)();
}

/** Bytes held by a body not read yet (0 for anything else). */
export function heldBodyBytes(tap: object): number {
  return recordedSource(tap)?.recorder.size ?? 0;
}

/** Lets go of a body not read yet: the tap records only its size. */
export function dropRecordedBody(tap: object): void {
  const bytes = heldBodyBytes(tap);
  if (bytes === 0) return;
  Object.defineProperties(tap, {
    body: { value: undefined, enumerable: true, configurable: true, writable: true },
    bodyOmittedBytes: { value: bytes, enumerable: true, configurable: true, writable: true },
  });
  delete (tap as Record<symbol, unknown>)[READ_STEPS];
  delete (tap as Record<symbol, unknown>)[SOURCE];
}
