// Between the recording proxy (recordingProxy.ts) and its decoder (trafficDecoder.ts): the taps
// wait here and are decoded a moment later, in slices, so that forwarding never waits for
// recording. Decoding a burst's long-poll answer (2 MB, a thousand notifications) takes tens of
// milliseconds; done in the 'finish' handler it held the application's next /meta/connect
// until it was over, and a proxied client got notifications at 0.57 of a direct one's rate
// (bench/sections/proxy.ts, notificationRatioToDirect). Here a tap is decoded after the
// pending I/O (setImmediate), a large one message by message (TrafficDecoder.ingestSteps), for
// about SLICE_MS at a time: between two slices the proxy reads and forwards what arrived, and
// with a backlog it pauses PAUSE_MS between slices — much longer while the application's
// traffic flows (BUSY_PAUSE_MS), so that the recording takes little of the CPU the
// application needs.
//
// Nothing is dropped while the decoder keeps up. Bodies not decoded yet are bounded
// (maxQueuedBodyBytes, counting the bytes each one holds): a body that would pass the bound is
// recorded by its size only, like a body over maxRecordedBodyBytes, and the stream says so
// with a warning when it happens and a summary once the decoder has caught up
// (docs/recording-proxy.md#recording-off-the-forwarding-path).
import type { Disposable } from '../base/emitter';
import { dropRecordedBody, heldBodyBytes } from './bodyRecorder';
import type { ProxyTap } from './proxyTraffic';
import type { TrafficDecoder } from './trafficDecoder';

/**
 * A slice of decoding, as the pipeline's (src/model/inbox.ts SLICE_MS): long enough that a
 * turn of the event loop is not spent on scheduling, short enough that a request waits little.
 */
export const SLICE_MS = 5;
/**
 * The pause after a slice that left work behind (a backlog): the proxy then waits for I/O
 * rather than decoding on, so a request that arrives meanwhile finds it asleep, and the OS runs
 * a waking process promptly. On a busy machine a proxy that was always runnable forwarded
 * only when its turn came round again. Decoding a backlog takes at most SLICE_MS of every
 * SLICE_MS + PAUSE_MS.
 */
export const PAUSE_MS = 2;
/**
 * While the application's traffic flows (a tap arrived, or noteTraffic was called, in the last
 * TRAFFIC_QUIET_MS), each slice of decoding earns a pause of BUSY_PAUSE_MS per SLICE_MS it
 * took, also when the next tap arrives sooner: decoding then takes about a twentieth of a core,
 * and catches up once the traffic pauses (or the backlog grows old or large: MAX_SLOW_LAG_MS,
 * BUSY_BACKLOG_BYTES). Yielding the event loop between slices is not enough: where the
 * application, the proxy and maybe the server share two cores, every millisecond decoded
 * during a burst is one the application does not get. Decoding each tap as it came, a proxied
 * client received a burst at 0.71–0.76 of a direct one's rate (bench/sections/proxy.ts,
 * notificationRatioToDirect), against 0.89–1.0 with the proxy forwarding and decoding nothing.
 */
export const BUSY_PAUSE_MS = 100;
/** No traffic for this long: it has paused, and the backlog is decoded at full pace. */
export const TRAFFIC_QUIET_MS = 50;
/**
 * The slow pace holds while the oldest tap waiting has waited less than this: the inspector is
 * at most about this far behind the traffic, however long a flood lasts.
 */
export const MAX_SLOW_LAG_MS = 2_000;
/**
 * A backlog over this many body bytes is decoded at full pace even while the traffic flows, so
 * that sustained traffic faster than the slow pace cannot push it to maxQueuedBodyBytes.
 */
export const BUSY_BACKLOG_BYTES = 64 * 1024 * 1024;
/** Decoding steps between two looks at the clock. */
const CHECK_EVERY = 16;
/**
 * Recorded bodies waiting to be decoded, at most: four of the largest recorded body
 * (recordingProxy.ts DEFAULT_MAX_RECORDED_BODY_BYTES). A benchmark burst (20,000 notifications)
 * keeps up to about 40 MB here.
 */
export const DEFAULT_MAX_QUEUED_BODY_BYTES = 256 * 1024 * 1024;

export interface TapQueueOptions {
  sliceMs?: number;
  maxQueuedBodyBytes?: number;
  now?: () => number;
  /** Runs `drain` after the pending I/O (setImmediate), or after `pauseMs` (setTimeout). */
  schedule?: (drain: () => void, pauseMs: number) => void;
  pauseMs?: number;
  busyPauseMs?: number;
  trafficQuietMs?: number;
  busyBacklogBytes?: number;
  maxSlowLagMs?: number;
}

export class TapQueue implements Disposable {
  private taps: Array<ProxyTap | undefined> = [];
  /** The bytes each queued tap's body held when it was queued. */
  private bytes: number[] = [];
  private head = 0;
  private queuedBytes = 0;
  /** The tap being decoded, when a slice ended in the middle of it. */
  private current?: Generator<void, void, undefined>;
  private scheduled = false;
  private disposed = false;
  private dropped = { bodies: 0, bytes: 0 };
  private idleWaiters: Array<() => void> = [];
  private readonly sliceMs: number;
  private readonly maxQueuedBodyBytes: number;
  private readonly now: () => number;
  private readonly schedule: (drain: () => void, pauseMs: number) => void;
  private readonly pauseMs: number;
  private readonly busyPauseMs: number;
  private readonly trafficQuietMs: number;
  private readonly busyBacklogBytes: number;
  private readonly maxSlowLagMs: number;
  /** When each queued tap was pushed, and the one being decoded. */
  private pushedAt: number[] = [];
  private currentPushedAt = 0;
  /** When the last tap arrived, or the proxy last forwarded a chunk (noteTraffic). */
  private lastTrafficAt = -Infinity;
  /** Whether traffic had passed within trafficQuietMs before the latest tap. */
  private flowingAtPush = false;
  /** While the traffic flows, the next slice starts no sooner than this. */
  private nextSliceAt = -Infinity;

  constructor(
    private readonly decoder: Pick<TrafficDecoder, 'ingestSteps'>,
    options: TapQueueOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    this.maxQueuedBodyBytes = options.maxQueuedBodyBytes ?? DEFAULT_MAX_QUEUED_BODY_BYTES;
    this.now = options.now ?? (() => performance.now());
    this.pauseMs = options.pauseMs ?? PAUSE_MS;
    this.busyPauseMs = options.busyPauseMs ?? BUSY_PAUSE_MS;
    this.trafficQuietMs = options.trafficQuietMs ?? TRAFFIC_QUIET_MS;
    this.busyBacklogBytes = options.busyBacklogBytes ?? BUSY_BACKLOG_BYTES;
    this.maxSlowLagMs = options.maxSlowLagMs ?? MAX_SLOW_LAG_MS;
    this.schedule = options.schedule ?? ((drain, pauseMs) => void (pauseMs > 0 ? setTimeout(drain, pauseMs) : setImmediate(drain)));
  }

  /** Taps queued or being decoded. */
  get size(): number {
    return this.taps.length - this.head + (this.current ? 1 : 0);
  }

  /** Queues a tap; it is decoded after the taps before it. */
  push(tap: ProxyTap): void {
    if (this.disposed) return;
    const now = this.now();
    this.flowingAtPush = now - this.lastTrafficAt < this.trafficQuietMs;
    this.lastTrafficAt = now;
    let bytes = heldBodyBytes(tap);
    if (bytes > 0 && this.queuedBytes + bytes > this.maxQueuedBodyBytes) {
      if (this.dropped.bodies === 0) {
        this.enqueue(
          {
            kind: 'notice',
            at: Date.now(),
            level: 'warning',
            text: `the decoder fell behind the traffic (${mib(this.queuedBytes)} waiting): bodies are recorded by size only until it catches up`,
          },
          0,
        );
      }
      this.dropped.bodies++;
      this.dropped.bytes += bytes;
      dropRecordedBody(tap);
      bytes = 0;
    }
    this.enqueue(tap, bytes);
  }

  /**
   * The proxy forwarded a chunk. A burst's long-poll answer streams through for a while before
   * its tap arrives (at its end): the chunks say that the traffic flows meanwhile.
   */
  noteTraffic(): void {
    this.lastTrafficAt = this.now();
  }

  /** Decodes everything queued now, however long it takes. */
  drain(): void {
    this.run(Infinity);
  }

  /** Resolves once everything queued so far (and since) is decoded. */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Decodes what is queued, then accepts nothing more. */
  dispose(): void {
    if (this.disposed) return;
    this.drain();
    this.disposed = true;
  }

  private enqueue(tap: ProxyTap, bytes: number): void {
    this.taps.push(tap);
    this.bytes.push(bytes);
    this.pushedAt.push(this.lastTrafficAt);
    this.queuedBytes += bytes;
    if (this.scheduled) return;
    this.scheduleSlice(this.flowingAtPush && this.slowPace() ? this.waitForNextSlice() : 0);
  }

  private scheduleSlice(pauseMs: number): void {
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      // A wait is at most trafficQuietMs: if the traffic still flows, the rest of the pause follows.
      const wait = this.pacedWait();
      if (wait > 0) this.scheduleSlice(wait);
      else this.run(this.sliceMs > 0 ? this.sliceMs : Infinity);
    }, pauseMs);
  }

  /** While the traffic flows (and the pace is slow), what is left of the pause the last slice earned. */
  private pacedWait(): number {
    const flowing = this.now() - this.lastTrafficAt < this.trafficQuietMs;
    return flowing && this.slowPace() ? this.waitForNextSlice() : 0;
  }

  /** The slow pace holds while the backlog is small and young. */
  private slowPace(): boolean {
    if (this.queuedBytes >= this.busyBacklogBytes) return false;
    const oldest = this.current ? this.currentPushedAt : this.pushedAt[this.head];
    return oldest === undefined || this.now() - oldest < this.maxSlowLagMs;
  }

  /**
   * Until the slice earned by the last one, but no longer than trafficQuietMs: if the traffic
   * pauses meanwhile, decoding goes on at full pace without waiting out a long pause.
   */
  private waitForNextSlice(): number {
    return Math.min(this.trafficQuietMs, Math.max(0, Math.ceil(this.nextSliceAt - this.now())));
  }

  /** Slow while the traffic flows and the backlog is small; otherwise the normal pause. */
  private pauseAfterSlice(): number {
    return Math.max(this.pauseMs, this.pacedWait());
  }

  /** While the traffic flows, a slice earns a pause in proportion to its length. */
  private endSlice(started: number): void {
    const now = this.now();
    this.nextSliceAt = now + ((now - started) * this.busyPauseMs) / Math.max(1, this.sliceMs);
  }

  private run(budgetMs: number): void {
    const started = this.now();
    const deadline = budgetMs === Infinity ? Infinity : started + budgetMs;
    let steps = 0;
    for (;;) {
      if (!this.current) {
        if (this.head >= this.taps.length) break;
        const tap = this.taps[this.head]!;
        this.queuedBytes -= this.bytes[this.head];
        this.currentPushedAt = this.pushedAt[this.head];
        this.taps[this.head] = undefined;
        this.head++;
        this.current = this.decoder.ingestSteps(tap);
      }
      // ingestSteps catches what a tap's decoding throws (an error row), so this only steps.
      if (this.current.next().done) this.current = undefined;
      if (++steps % CHECK_EVERY === 0 && this.now() >= deadline) {
        if (this.head >= this.taps.length && !this.current) break;
        // Drop the decoded prefix, so a queue that never empties stays bounded.
        this.taps = this.taps.slice(this.head);
        this.bytes = this.bytes.slice(this.head);
        this.pushedAt = this.pushedAt.slice(this.head);
        this.head = 0;
        this.endSlice(started);
        this.scheduleSlice(this.pauseAfterSlice());
        return;
      }
    }
    this.endSlice(started);
    this.taps = [];
    this.bytes = [];
    this.pushedAt = [];
    this.head = 0;
    this.queuedBytes = 0;
    if (this.dropped.bodies > 0) {
      const { bodies, bytes } = this.dropped;
      this.dropped = { bodies: 0, bytes: 0 };
      // Decoded at once: the queue is empty, and this must not start a new episode.
      const summary: ProxyTap = {
        kind: 'notice',
        at: Date.now(),
        level: 'warning',
        text: `the decoder caught up: ${bodies} ${bodies === 1 ? 'body was' : 'bodies were'} recorded by size only (${mib(bytes)}) while it was behind`,
      };
      const steps = this.decoder.ingestSteps(summary);
      while (!steps.next().done);
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
