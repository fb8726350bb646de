// The session's events on their way into the pipeline: queued in arrival order and analysed
// together on a later turn of the event loop, not inside the transport's callback.
//
// Why: cometd delivers a long-poll response's messages synchronously and schedules the next
// /meta/connect with a 0 ms timer. Analysing each message there (call store, diff, stream
// record) delays that next poll by the whole batch's analysis, and the server sits idle
// with the messages that arrive meanwhile. Deferred past that timer, the poll goes out first
// and the server serialises the next batch while we analyse this one: in a burst the
// extension keeps pace with a bare cometd subscriber (bench: endToEnd.burstRatioToBareCometd).
//
// The analysis runs in slices of at most SLICE_MS: between two slices the event loop reads
// the next response and sends the next poll, and the extension host stays responsive when
// a long poll brings tens of thousands of notifications at once.
//
// Order is kept across kinds (an operation and the notifications it caused are analysed in
// the order they happened), so operation ↔ notification links are unaffected.
import type { Disposable } from '../base/emitter';

/** Runs `drain` later; must run it exactly once. */
export type Defer = (drain: () => void) => void;

/**
 * A timer queued from the check phase: it runs after every timer already pending, such as
 * cometd's "send the next /meta/connect" (a plain setTimeout(0) could run before it when
 * the server sends its connect reply after the messages).
 */
export const afterPendingTimers: Defer = (drain) => {
  setImmediate(() => setTimeout(drain, 0));
};

/**
 * Analysis runs in slices of about this long; I/O goes between them, so a response that
 * arrives mid-batch is read (and the next poll sent) within a few ms. Measured on the
 * endToEnd burst (three runs of fifteen rounds each): 2 ms slices cost more in turns than they
 * gained (ratio 0.89), 5 ms gave 0.94 and 20 ms 0.92, within the benchmark's noise of both.
 */
export const SLICE_MS = 5;
/** Events handled between two looks at the clock. */
const CHECK_EVERY = 32;

export interface InboxOptions {
  defer?: Defer;
  /** 0 = everything in one go. */
  sliceMs?: number;
  now?: () => number;
}

export class Inbox implements Disposable {
  /** Flat pairs (handler, value) from `head` on: no closure per event on the notification hot path. */
  private pending: unknown[] = [];
  private head = 0;
  private scheduled = false;
  /** Inside run(): an event queued now joins it, no extra drain is scheduled. */
  private running = false;
  private disposed = false;
  private readonly defer: Defer;
  private readonly sliceMs: number;
  private readonly now: () => number;

  constructor(options: InboxOptions = {}) {
    this.defer = options.defer ?? afterPendingTimers;
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Queues one event; `handler(value)` runs on a later drain, after earlier events. */
  push<T>(handler: (value: T) => void, value: T): void {
    if (this.disposed) return;
    this.pending.push(handler, value);
    this.schedule();
  }

  /** Number of events waiting. */
  get size(): number {
    return (this.pending.length - this.head) / 2;
  }

  /** Handles everything queued now, however long it takes. */
  drain(): void {
    this.run(Infinity);
  }

  /** Handles what is queued, then accepts nothing more. */
  dispose(): void {
    if (this.disposed) return;
    this.drain();
    this.disposed = true;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      this.run(this.sliceMs > 0 ? this.sliceMs : Infinity);
    });
  }

  /** Handles events for up to `budgetMs`; what is left waits for the next slice. */
  private run(budgetMs: number): void {
    const deadline = budgetMs === Infinity ? Infinity : this.now() + budgetMs;
    let handled = 0;
    this.running = true;
    // Events queued by a handler join this run, behind the ones already here.
    while (this.head < this.pending.length) {
      const handler = this.pending[this.head] as (value: unknown) => void;
      const value = this.pending[this.head + 1];
      this.pending[this.head] = this.pending[this.head + 1] = undefined;
      this.head += 2;
      try {
        handler(value);
      } catch (error) {
        // One event that breaks a handler must not cost the others behind it.
        console.error('[gws] pipeline event failed', error);
      }
      if (++handled % CHECK_EVERY === 0 && this.head < this.pending.length && this.now() >= deadline) {
        // Drop the handled prefix, so a stream that never lets the queue empty stays bounded.
        this.pending = this.pending.slice(this.head);
        this.head = 0;
        this.running = false;
        this.schedule();
        return;
      }
    }
    this.running = false;
    // A fresh array: a burst's backing store is not kept for the quiet time after it.
    this.pending = [];
    this.head = 0;
  }
}
