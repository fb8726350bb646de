// Scenario "demo" (what `npm start` shows): a calm stream of realistic inbound calls for
// agent1. A call rings, the "router" attaches data a moment later, a second update
// follows, and the remote party hangs up after a while. At most three demo calls at
// once, a new one every 20–40 s. The agent's calls are never answered for them.
import { randomUUID } from 'node:crypto';
import type { SimulatorControl } from './controlApi';

const CALLERS = ['5551234', '5552345', '5553456', '4155550101', '2125550199', '3125550142'];
const SEGMENTS = ['Gold', 'Silver', 'Bronze'];
const SERVICES = ['Billing', 'Technical Support', 'Sales', 'Cancellations'];
const MAX_DEMO_CALLS = 3;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

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
  ) {}

  start(): void {
    this.after(1500, () => this.newCall());
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private newCall(): void {
    this.after(between(20_000, 40_000), () => this.newCall());
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
    this.after(between(45_000, 120_000), () => this.onCall(id, () => this.control.remoteHangup(id)));
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
