// A clock and timers for replay tests: time moves only when the test says so (no sleeps).
import type { ReplayTimers } from '../../../src/model/replayScheduler';

export class FakeReplayClock implements ReplayTimers {
  time = 1_000;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  get timerCount(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, running each timer at its own time, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.pending.delete(next[0]);
      // A timer whose time has passed (the test moved `time` itself) runs late, now.
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
    }
    this.time = end;
  }

  /** Runs timers until none is left (at most `limit`). */
  runAll(limit = 100_000): void {
    for (let i = 0; i < limit && this.pending.size > 0; i++) {
      const at = Math.min(...Array.from(this.pending.values(), (t) => t.at));
      this.advance(at - this.time);
    }
  }
}
