// Keeps a copy of a request or response body while the proxy streams it on (recordingProxy.ts):
// up to a limit, then only counts. The copy is for the recording only; what the application and
// GWS receive is never held back or changed. A compressed body (Content-Encoding gzip, deflate
// or br, as a servlet container's gzip filter sends larger JSON answers) is recorded as the
// text it decompresses to, with the same limit on the decompressed size.
import zlib from 'node:zlib';

export interface RecordedBody {
  body?: string;
  bodyOmittedBytes?: number;
}

export class BodyRecorder {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(chunk: Buffer | string): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.bytes += buffer.length;
    if (this.bytes <= this.maxBytes) this.chunks.push(buffer);
    else this.chunks = [];
  }

  get size(): number {
    return this.bytes;
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
