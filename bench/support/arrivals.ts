// Counts one benchmark publish as it arrives: distinct BenchSeq values (so a duplicate is
// not mistaken for a delivery), publish → arrival latency from the simulator's
// data.metrics.serverGenerationTimestamp, and when the first and last messages came.
import { percentile } from './stats';

interface BenchData {
  call?: { userData?: { BenchSeq?: unknown } };
  metrics?: { serverGenerationTimestamp?: unknown };
}

export class Arrivals {
  private readonly seen = new Set<number>();
  private readonly latencies: number[] = [];
  duplicates = 0;
  firstAt = 0;
  lastAt = 0;

  /** Call once per message on the benchmark channel, at the moment it counts as received. */
  observe(data: unknown, now = Date.now()): void {
    const bench = data as BenchData | undefined;
    const seq = bench?.call?.userData?.BenchSeq;
    const stamp = bench?.metrics?.serverGenerationTimestamp;
    if (typeof seq !== 'number' || typeof stamp !== 'number') return;
    if (this.seen.has(seq)) {
      this.duplicates++;
      return;
    }
    this.seen.add(seq);
    this.latencies.push(now - stamp);
    if (this.firstAt === 0) this.firstAt = now;
    this.lastAt = now;
  }

  get received(): number {
    return this.seen.size;
  }

  latencyPercentile(p: number): number {
    return percentile(this.latencies, p);
  }
}

/** Waits until `arrivals` has `expected` messages, or nothing new came for `stallMs`. */
export async function waitForArrivals(arrivals: Arrivals, expected: number, stallMs: number): Promise<void> {
  let lastCount = -1;
  let lastProgress = Date.now();
  while (arrivals.received < expected) {
    if (arrivals.received !== lastCount) {
      lastCount = arrivals.received;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
