// What the recording proxy's worker thread (proxyWorker.ts) and the decoder's thread
// (workerProxy.ts) say to each other. The proxy forwards in its own thread so that the
// application's traffic never waits for the thread that decodes and analyses it (the extension
// host, where other extensions run too), nor for that thread's garbage collector, which walks a
// stream of up to 50,000 events (docs/recording-proxy.md#a-thread-of-its-own).
// A tap crosses as a structured clone. A recorded body crosses as its chunks, not as text: the
// text is made by the decoder, in steps (bodyRecorder.ts). Chunks that own their memory are
// moved (transferred), the others copied.
import type { RecordingProxyOptions, ProxyTap } from './proxyTraffic';
import { BodyRecorder, recordedSource, withRecordedBody, type RecordedChunks } from './bodyRecorder';

/** Options as they cross to the worker: no function (the log comes back as messages). */
export type WorkerOptions = Omit<RecordingProxyOptions, 'log'> & { log: boolean };

/** A tap as it crosses: its plain fields, and the recorded body not read yet. */
export interface WireTap {
  tap: ProxyTap;
  body?: RecordedChunks & { contentEncoding?: string | string[] };
}

export type FromWorker =
  | { type: 'listening'; url: string }
  | { type: 'startFailed'; message: string; code?: string }
  | { type: 'tap'; wire: WireTap }
  /** The proxy forwarded a chunk (at most one such message per TRAFFIC_NOTE_MS). */
  | { type: 'traffic' }
  | { type: 'log'; line: string }
  /** stop() is done: every connection is closed and every tap was sent before this. */
  | { type: 'stopped' };

export type ToWorker = { type: 'stop' };

/**
 * A tap and what to transfer with it. `mayMove`: the proxy is done with the body's chunks (a
 * response tap comes once the application's socket took every byte: recordingProxy.ts,
 * tapResponse on 'finish'). A request tap comes when the request ended, possibly before its
 * last chunks were written upstream, so its chunks are always copied: a moved chunk would be
 * empty for the write still to come.
 */
export function toWire(tap: ProxyTap, mayMove: boolean): { wire: WireTap; transfer: ArrayBuffer[] } {
  const source = recordedSource(tap);
  if (!source) return { wire: { tap }, transfer: [] };
  // The plain fields only: reading `body` through its getter would make the text here.
  const plain: Record<string, unknown> = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(tap))) {
    if (descriptor.enumerable && 'value' in descriptor) plain[key] = descriptor.value;
  }
  const recorded = source.recorder.recorded();
  const transfer = new Set<ArrayBuffer>();
  const chunks = recorded.chunks.map((chunk) => {
    if (mayMove && ownsItsMemory(chunk) && !transfer.has(chunk.buffer as ArrayBuffer)) {
      transfer.add(chunk.buffer as ArrayBuffer);
      return chunk;
    }
    // Part of a larger buffer (Node's pool for small buffers, or a socket read that also
    // held the headers): moving it would take the rest away from whoever shares it. (Not
    // chunk.slice(): on a Buffer that is a view of the same memory, not a copy.)
    const copy = new Uint8Array(chunk);
    transfer.add(copy.buffer);
    return copy;
  });
  return { wire: { tap: plain as unknown as ProxyTap, body: { ...recorded, chunks, contentEncoding: source.contentEncoding } }, transfer: [...transfer] };
}

/** The tap on the decoder's side, its body read lazily as on the proxy's side. */
export function fromWire(wire: WireTap): ProxyTap {
  if (!wire.body) return wire.tap;
  const { contentEncoding, ...recorded } = wire.body;
  return withRecordedBody(wire.tap, BodyRecorder.restore(recorded), contentEncoding);
}

/** The whole of an ArrayBuffer (not a SharedArrayBuffer, which cannot be moved). */
function ownsItsMemory(chunk: Uint8Array): boolean {
  return chunk.buffer instanceof ArrayBuffer && chunk.byteLength === chunk.buffer.byteLength;
}
