// Plays a recording back at its own pace: each event is dispatched when its place in the
// recording comes due, at 1×, 10× or as fast as possible, with pause, resume and step.
// Due times are reckoned from the previous event's due time, not from when it actually ran,
// so a late dispatch never delays the ones after it (lateness does not accumulate; the
// benchmark's replayLagP99Ms measures it). Clock and timers are injected: unit tests drive a
// fake clock, no sleeps. Knows nothing of what an event is (replayFeed.ts turns stream records
// into the pipeline's events); no vscode.
import { Emitter, type Disposable, type Event } from '../base/emitter';

export type ReplaySpeed = 1 | 10 | 'max';

export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, 'max'];

export interface ReplayTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** paused: waiting for resume or step; done: every event dispatched; stopped: given up. */
export type ReplayState = 'playing' | 'paused' | 'done' | 'stopped';

export interface ReplayStatus {
  state: ReplayState;
  /** Events dispatched so far. */
  position: number;
  total: number;
  speed: ReplaySpeed;
}

export interface ReplaySchedulerOptions<T> {
  /** In the order they are to be dispatched. */
  events: readonly T[];
  /** The event's time in the recording (epoch ms). */
  timeOf(event: T): number;
  /** Runs one event; `lateMs` is how long after its due time it ran (0 when stepped). */
  dispatch(event: T, lateMs: number): void;
  speed?: ReplaySpeed;
  timers?: ReplayTimers;
  /**
   * The longest wait between two events, in recording time: a recording that sat idle for an
   * hour replays the idle part in a minute (default), instead of looking stuck.
   */
  maxGapMs?: number;
  /** Events dispatched at most per turn of the event loop (the extension host stays responsive). */
  batch?: number;
}

export const DEFAULT_MAX_GAP_MS = 60_000;
const DEFAULT_BATCH = 500;

const realTimers: ReplayTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ReplayScheduler<T> implements Disposable {
  private readonly events: readonly T[];
  private readonly timers: ReplayTimers;
  private readonly maxGapMs: number;
  private readonly batch: number;
  private currentSpeed: ReplaySpeed;
  private currentState: ReplayState = 'paused';
  private index = 0;
  /** Wall-clock time the next event is due (while playing). */
  private nextDue = 0;
  /** How long the next event still had to wait when the replay was paused. */
  private remaining = 0;
  private timer: unknown;
  private readonly changeEmitter = new Emitter<ReplayStatus>();
  /** The state, position or speed changed. */
  readonly onDidChange: Event<ReplayStatus> = this.changeEmitter.event;

  constructor(private readonly options: ReplaySchedulerOptions<T>) {
    this.events = options.events;
    this.timers = options.timers ?? realTimers;
    this.maxGapMs = Math.max(0, options.maxGapMs ?? DEFAULT_MAX_GAP_MS);
    this.batch = Math.max(1, options.batch ?? DEFAULT_BATCH);
    this.currentSpeed = options.speed ?? 1;
    if (this.events.length === 0) this.currentState = 'done';
  }

  get status(): ReplayStatus {
    return { state: this.currentState, position: this.index, total: this.events.length, speed: this.currentSpeed };
  }

  get state(): ReplayState {
    return this.currentState;
  }

  get speed(): ReplaySpeed {
    return this.currentSpeed;
  }

  /**
   * Where the replay is in the recording's time: the last dispatched event's time, moving on
   * towards the next one's as the wait passes (the replay pipeline's clock, so its link
   * windows and "no notification" deadlines run in recording time, and stop while paused).
   */
  recordingTime(): number {
    const last = this.index > 0 ? this.timeAt(this.index - 1) : this.events.length > 0 ? this.timeAt(0) : this.timers.now();
    if (this.currentState !== 'playing' || this.index >= this.events.length || this.currentSpeed === 'max') return last;
    const next = Math.max(last, this.timeAt(this.index));
    const waited = this.gapBefore(this.index) - Math.max(0, this.nextDue - this.timers.now()) * this.currentSpeed;
    return Math.min(next, last + Math.max(0, waited));
  }

  /** Starts or resumes playing: the next event after what it still had to wait when paused. */
  play(): void {
    if (this.currentState !== 'paused') return;
    this.currentState = 'playing';
    this.nextDue = this.timers.now() + this.remaining;
    this.changed();
    this.schedule();
  }

  pause(): void {
    if (this.currentState !== 'playing') return;
    this.cancelTimer();
    this.remaining = Math.max(0, this.nextDue - this.timers.now());
    this.currentState = 'paused';
    this.changed();
  }

  /** Dispatches the next event now and stays paused (pauses first when playing). False at the end. */
  step(): boolean {
    this.pause();
    if (this.currentState !== 'paused') return false;
    this.dispatchNext(0);
    this.remaining = this.index < this.events.length ? this.waitBefore(this.index) : 0;
    if (this.index >= this.events.length) this.currentState = 'done';
    this.changed();
    return true;
  }

  /** A new speed applies to the wait in progress too (from 'max', the next event runs at once). */
  setSpeed(speed: ReplaySpeed): void {
    if (speed === this.currentSpeed) return;
    const playing = this.currentState === 'playing';
    const left = playing ? Math.max(0, this.nextDue - this.timers.now()) : this.remaining;
    const scaled = speed === 'max' || this.currentSpeed === 'max' ? 0 : (left * this.currentSpeed) / speed;
    this.currentSpeed = speed;
    if (playing) {
      this.cancelTimer();
      this.nextDue = this.timers.now() + scaled;
      this.schedule();
    } else {
      this.remaining = scaled;
    }
    this.changed();
  }

  /** Gives up: nothing more is dispatched. */
  stop(): void {
    if (this.currentState === 'stopped' || this.currentState === 'done') return;
    this.cancelTimer();
    this.currentState = 'stopped';
    this.changed();
  }

  dispose(): void {
    this.stop();
    this.changeEmitter.dispose();
  }

  // ---- the loop ------------------------------------------------------------------------

  /** Only while playing (play, setSpeed and tick call it then). */
  private schedule(): void {
    const wait = Math.max(0, this.nextDue - this.timers.now());
    this.timer = this.timers.setTimeout(this.tick, wait);
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.currentState !== 'playing') return;
    let ran = 0;
    while (this.index < this.events.length && ran < this.batch) {
      const now = this.timers.now();
      if (this.nextDue > now) break;
      const late = this.currentSpeed === 'max' ? 0 : now - this.nextDue;
      // The next event's due time first: during the dispatch the recording time (the replayed
      // pipeline's clock) is this event's, and a pause there keeps the whole wait for the next.
      if (this.index + 1 < this.events.length) this.nextDue += this.waitBefore(this.index + 1);
      this.dispatchNext(late);
      ran++;
      // A dispatch may pause or stop the replay (a listener reacting to the row).
      if (this.currentState !== 'playing') return this.changed();
    }
    if (this.index >= this.events.length) {
      this.currentState = 'done';
      this.changed();
      return;
    }
    if (ran > 0) this.changed();
    this.schedule();
  };

  private dispatchNext(lateMs: number): void {
    const event = this.events[this.index++];
    this.options.dispatch(event, lateMs);
  }

  /** Wall-clock wait between event i-1 and event i at the current speed. */
  private waitBefore(i: number): number {
    if (this.currentSpeed === 'max') return 0;
    return this.gapBefore(i) / this.currentSpeed;
  }

  /** Recording time between event i-1 and event i: never negative, at most maxGapMs. */
  private gapBefore(i: number): number {
    if (i <= 0) return 0;
    const gap = this.timeAt(i) - this.timeAt(i - 1);
    return Number.isFinite(gap) ? Math.min(Math.max(0, gap), this.maxGapMs) : 0;
  }

  private timeAt(i: number): number {
    const time = this.options.timeOf(this.events[i]);
    // Only a number can be finite.
    return Number.isFinite(time) ? time : 0;
  }

  private cancelTimer(): void {
    // Clearing no timer (undefined) does nothing, for setTimeout's timers and the fake clock's.
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    this.changeEmitter.fire(this.status);
  }
}
