// Scenario "demo" (what `npm start` shows): a calm stream of realistic inbound calls for
// agent1. A call rings, the "router" attaches data a moment later, a second update
// follows, and a caller nobody answers gives up after a while. A call someone answered
// stays until an agent hangs up (operations need an Established call; a demo caller that
// hung up mid-way would end the user's experiment). At most three demo calls at once, a
// new one every 20–40 s. The agent's calls are never answered for them.
import { randomUUID } from 'node:crypto';
import type { SimulatorControl } from './controlApi';

/** When things happen in the demo, in ms; a [min, max] pair is a random time in between. */
export interface DemoTimings {
  /** The first call after the start. */
  firstCallMs: number;
  /** The next call after one. */
  nextCallMs: [number, number];
  /** An unanswered caller hangs up (abandons) after this. */
  abandonMs: [number, number];
}

export const DEFAULT_DEMO_TIMINGS: DemoTimings = { firstCallMs: 1500, nextCallMs: [20_000, 40_000], abandonMs: [45_000, 120_000] };

const CALLERS = ['5551234', '5552345', '5553456', '4155550101', '2125550199', '3125550142'];
const SEGMENTS = ['Gold', 'Silver', 'Bronze'];
const SERVICES = ['Billing', 'Technical Support', 'Sales', 'Cancellations'];
const MAX_DEMO_CALLS = 3;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** A random time in [minMs, maxMs); minMs when both are equal. */
function between(minMs: number, maxMs: number): number {
  return minMs + Math.floor(Math.random() * (maxMs - minMs));
}

export class DemoScenario {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly live = new Set<string>();
  private stopped = false;

  constructor(
    private readonly control: SimulatorControl,
    private readonly agent = 'agent1',
    private readonly timings: DemoTimings = DEFAULT_DEMO_TIMINGS,
  ) {}

  start(): void {
    this.after(this.timings.firstCallMs, () => this.newCall());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private newCall(): void {
    this.after(between(...this.timings.nextCallMs), () => this.newCall());
    // Answered calls outlive their timers: forget those an agent has hung up since.
    const calls = new Set(this.control.state().calls.map((call) => call.id));
    for (const id of this.live) if (!calls.has(id)) this.live.delete(id);
    if (this.live.size >= MAX_DEMO_CALLS) return;
    const from = pick(CALLERS);
    let id: string;
    try {
      id = this.control.createInboundCall({ to: this.agent, from, userData: { IW_CaseUid: randomUUID(), CallerNumber: from } });
    } catch {
      return; // the agent has do-not-disturb on, or forwards outside: no call this time
    }
    this.live.add(id);
    this.after(between(800, 2000), () =>
      this.onCall(id, () =>
        this.control.changeUserData(id, {
          CustomerSegment: pick(SEGMENTS),
          ServiceType: pick(SERVICES),
          AccountNumber: String(between(10_000_000, 99_999_999)),
          RoutingPoint: '8000',
        }),
      ),
    );
    this.after(between(6000, 12_000), () => this.onCall(id, () => this.control.changeUserData(id, { IVRPath: 'main>billing>agent', Language: 'en' })));
    this.after(between(...this.timings.abandonMs), () => this.onCall(id, () => this.abandonUnanswered(id)));
  }

  /** The caller hangs up while every leg still rings; an answered call is left to the agents. */
  private abandonUnanswered(id: string): void {
    const legs = this.control.state().calls.filter((call) => call.id === id);
    if (legs.length > 0 && legs.every((leg) => leg.state === 'Ringing')) this.control.remoteHangup(id);
  }

  /** Runs `action` if the call still exists; forgets it when it is gone. */
  private onCall(id: string, action: () => void): void {
    try {
      action();
    } catch {
      this.live.delete(id); // the agent hung up or transferred it already
    }
    if (!this.control.state().calls.some((call) => call.id === id)) this.live.delete(id);
  }

  private after(delayMs: number, action: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) action();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}
