// The inspector's stream: every notification, REST operation and session event, newest
// last, in a fixed-size ring (an array and a head index: nothing is ever shifted). It holds
// up to `gws.inspector.maxEvents` records for hours of traffic, so a record is small: a few
// derived fields, the diff, and the Bayeux message object the client delivered, shared
// rather than copied.
//
// Why the message object and not its JSON text: measured on Node 20 with the documented
// 2.2 KB notification (sample 03), V8's parsed tree retains about 1.3× the JSON size (keys
// are internalised, strings are one-byte), the text about 1.1×, but JSON.stringify costs
// more than JSON.parse itself, which alone broke the per-notification CPU budget
// (pipeline ≤ 3× JSON.parse: 3.5× with the text, 1.4–1.9× with the shared object).
// Since the diff shares what a notification repeats from the previous one for its call
// (userData values, capabilities, participants), and repeated strings are pooled, a
// retained notification costs about 0.6× its JSON size (bench: memory.retainedToRawRatio
// 0.58; 1.47× before).
// The detail pane and the NDJSON export serialise on demand.
import { Emitter, type Event } from '../base/emitter';
import type { CallDiff, EntityDiff } from './diffTypes';

export const DEFAULT_MAX_EVENTS = 50_000;

export type StreamRecordKind = 'notification' | 'operation' | 'meta';

/** What an operation row keeps of the request and its answer (headers already redacted). */
export interface StreamOperation {
  id: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
  error?: string;
  /** Only for operations seen through a recording proxy (src/proxy/trafficDecoder.ts). */
  responseHeaders?: Record<string, string>;
  responseBody?: unknown;
}

export interface StreamRecord {
  /** Unique, increasing; assigned by the log. */
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  kind: StreamRecordKind;
  /** The id of the source the record belongs to (sources.ts); absent in files from before sources. */
  source?: string;
  /** Bayeux channel, 'REST' for operations, '/meta/…' for session events. */
  channel: string;
  /** notificationType, messageType, operationName or meta type. */
  type: string;
  messageType?: string;
  callId?: string;
  state?: string;
  recordingState?: string;
  summary: string;
  /** False when nothing tracked changed (the "changes only" filter hides the row). */
  changed: boolean;
  diff?: CallDiff;
  /** Notification rows other than calls: one diff per entity of the message (devices, a chat…). */
  entities?: EntityDiff[];
  /**
   * Notification rows: the Bayeux message as the client delivered it. Shared with the call
   * store (its `data.call`), so nothing may mutate it; the one exception is the pipeline's
   * diff, which points values equal to the previous notification's at that one's (the JSON
   * stays identical: see DiffOptions.shareUnchanged). Serialised only on demand.
   */
  envelope?: unknown;
  /** Operation rows. */
  operation?: StreamOperation;
  pending?: boolean;
  httpStatus?: number;
  statusCode?: number;
  statusMessage?: string;
  rttMs?: number;
  /** Meta rows: structured detail for the detail pane. */
  detail?: unknown;
  /** Operation → the notifications it caused; notification → the operation that caused it. */
  linkedSeqs?: number[];
  delayMs?: number;
  warning?: string;
  error?: boolean;
}

export type NewStreamRecord = Omit<StreamRecord, 'seq'>;

export class StreamLog {
  private slots: Array<StreamRecord | undefined>;
  /** Index of the oldest record. */
  private head = 0;
  private count = 0;
  private nextSeq = 1;
  private droppedCount = 0;

  private readonly appendEmitter = new Emitter<StreamRecord[]>();
  private readonly updateEmitter = new Emitter<StreamRecord[]>();
  private readonly resetEmitter = new Emitter<void>();

  /** Records were added at the end (oldest ones may have been dropped to make room). */
  readonly onDidAppend: Event<StreamRecord[]> = this.appendEmitter.event;
  /** Records already in the log changed (an operation completed, got linked or warned). */
  readonly onDidUpdate: Event<StreamRecord[]> = this.updateEmitter.event;
  /** The content changed wholesale (clear, capacity change, load): re-read `rows()`. */
  readonly onDidReset: Event<void> = this.resetEmitter.event;

  constructor(capacity: number = DEFAULT_MAX_EVENTS) {
    this.slots = emptySlots(normalizeCapacity(capacity));
  }

  get capacity(): number {
    return this.slots.length;
  }

  get size(): number {
    return this.count;
  }

  /** Records evicted to respect the capacity since the last clear. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** The seq the next appended record will get. */
  get nextSequence(): number {
    return this.nextSeq;
  }

  append(record: NewStreamRecord): StreamRecord {
    const stored = record as StreamRecord;
    stored.seq = this.nextSeq++;
    this.push(stored);
    this.appendEmitter.fire([stored]);
    return stored;
  }

  /** Tells listeners that these records (already in the log) were changed in place. */
  updated(records: StreamRecord[]): void {
    const present = records.filter((record) => this.get(record.seq) === record);
    if (present.length > 0) this.updateEmitter.fire(present);
  }

  get(seq: number): StreamRecord | undefined {
    if (this.count === 0) return undefined;
    const oldest = this.at(0)!.seq;
    // Seqs are contiguous unless the log was loaded from a file: try the direct slot first.
    const guess = seq - oldest;
    if (guess >= 0 && guess < this.count) {
      const record = this.at(guess)!;
      if (record.seq === seq) return record;
    }
    let low = 0;
    let high = this.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const record = this.at(middle)!;
      if (record.seq === seq) return record;
      if (record.seq < seq) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Records oldest first; with `fromSeq`, only those with seq ≥ fromSeq. */
  rows(fromSeq?: number): StreamRecord[] {
    const out: StreamRecord[] = [];
    for (let i = 0; i < this.count; i++) {
      const record = this.at(i)!;
      if (fromSeq === undefined || record.seq >= fromSeq) out.push(record);
    }
    return out;
  }

  clear(): void {
    this.slots = emptySlots(this.slots.length);
    this.head = 0;
    this.count = 0;
    this.droppedCount = 0;
    // nextSeq keeps counting: a seq the page saw before the clear never names a new record.
    this.resetEmitter.fire();
  }

  /** Keeps the newest records that fit; the others count as dropped. */
  setCapacity(capacity: number): void {
    const next = normalizeCapacity(capacity);
    if (next === this.slots.length) return;
    const kept = this.rows().slice(-next);
    this.droppedCount += this.count - kept.length;
    this.slots = emptySlots(next);
    kept.forEach((record, index) => (this.slots[index] = record));
    this.head = 0;
    this.count = kept.length;
    this.resetEmitter.fire();
  }

  /**
   * Replaces the content with records that already have their seqs (an imported file).
   * Seqs must increase; records that would not fit keep only the newest.
   */
  load(records: readonly StreamRecord[], dropped = 0): void {
    const sorted = [...records].sort((a, b) => a.seq - b.seq);
    const kept = sorted.slice(-this.slots.length);
    this.slots = emptySlots(this.slots.length);
    kept.forEach((record, index) => (this.slots[index] = record));
    this.head = 0;
    this.count = kept.length;
    this.droppedCount = dropped + sorted.length - kept.length;
    this.nextSeq = Math.max(this.nextSeq, (kept.at(-1)?.seq ?? 0) + 1);
    this.resetEmitter.fire();
  }

  dispose(): void {
    this.appendEmitter.dispose();
    this.updateEmitter.dispose();
    this.resetEmitter.dispose();
  }

  private push(record: StreamRecord): void {
    const capacity = this.slots.length;
    if (this.count < capacity) {
      this.slots[(this.head + this.count) % capacity] = record;
      this.count++;
      return;
    }
    // Full: overwrite the oldest slot and move the head; nothing is shifted.
    this.slots[this.head] = record;
    this.head = (this.head + 1) % capacity;
    this.droppedCount++;
  }

  private at(index: number): StreamRecord | undefined {
    return this.slots[(this.head + index) % this.slots.length];
  }
}

/**
 * A packed array of `capacity` empty slots. `new Array(n)` would make a holey array, and
 * above about 100,000 elements V8 turns that into a slow dictionary.
 */
function emptySlots(capacity: number): Array<StreamRecord | undefined> {
  const slots: Array<StreamRecord | undefined> = [];
  for (let i = 0; i < capacity; i++) slots.push(undefined);
  return slots;
}

function normalizeCapacity(capacity: number): number {
  return Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : DEFAULT_MAX_EVENTS;
}
