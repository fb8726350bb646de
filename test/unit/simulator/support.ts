// Shared set-up for the simulator tests: a simulator on a free loopback port and agents
// that are signed in the way GWS clients do it (GET /me with Basic, CometD handshake and
// subscriptions, StartContactCenterSession).
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator, type SessionClock, type SimulatorOptions } from '../../../src/simulator/index';
import { BareClient, type Notification } from '../../support/bareClient';
import { GWS_FIXTURES_DIR, readGwsFixture } from '../../support/fixtures';

/** The documented GWS payloads in test/fixtures/gws. */
export const SAMPLES_DIR = GWS_FIXTURES_DIR;

export function readSample(name: string): { data: Record<string, unknown> & { call: Record<string, unknown> }; channel: string } {
  return readGwsFixture(name);
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ answerDelayMs: 50, ...options });
}

/** A session clock the test moves by hand: sessions expire exactly when it says, never by a real timer. */
export class FakeSessionClock implements SessionClock {
  private time = 1_000_000;
  private readonly intervals = new Map<number, { callback: () => void; ms: number; next: number }>();
  private nextHandle = 1;

  now(): number {
    return this.time;
  }

  setInterval(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.intervals.set(handle, { callback, ms, next: this.time + ms });
    return handle;
  }

  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }

  /** Moves the clock, running each interval as often as it falls due on the way. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      let due: { callback: () => void; ms: number; next: number } | undefined;
      for (const interval of this.intervals.values()) if (interval.next <= until && (!due || interval.next < due.next)) due = interval;
      if (!due) break;
      this.time = due.next;
      due.next += due.ms;
      due.callback();
    }
    this.time = until;
  }
}

/** Signed in, CometD connected and subscribed, logged in to voice. */
export async function signIn(sim: RunningSimulator, userName: string, transport: 'long-polling' | 'websocket' = 'long-polling'): Promise<BareClient> {
  const client = new BareClient(sim.url);
  const me = await client.login(userName);
  assert.equal(me.status, 200, `login of ${userName}: ${JSON.stringify(me.data)}`);
  await client.connect(transport);
  const start = await client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] });
  assert.equal(start.status, 200, JSON.stringify(start.data));
  await client.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { what: 'DeviceStateChangeMessage after login' });
  return client;
}

/** An inbound call to `agent`, answered, with the Established notification seen. */
export async function establishedInbound(sim: RunningSimulator, agent: BareClient, to: string): Promise<string> {
  const id = sim.control.createInboundCall({ to });
  await agent.waitForCall(id, 'StatusChange', 'Ringing');
  const mark = agent.notifications.length;
  assert.equal((await agent.op(id, 'Answer')).status, 200);
  await agent.waitForCall(id, 'StatusChange', 'Established', mark);
  return id;
}

export function capabilitiesOf(notification: Notification): string[] {
  return [...((notification.data.call?.capabilities as string[] | undefined) ?? [])];
}

export function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

export async function getCall(client: BareClient, id: string): Promise<{ status: number; call?: Record<string, unknown>; body: Record<string, unknown> }> {
  const response = await client.get(`/api/v2/me/calls/${id}`);
  return { status: response.status, call: response.data.call, body: response.data };
}

/**
 * A fresh simulator for each test of the calling `describe`, and the bare clients a test signs
 * in (through `track`), disconnected after it.
 */
export function simulatorPerTest(options: SimulatorOptions = {}): { readonly sim: RunningSimulator; track(client: BareClient): BareClient } {
  let current: RunningSimulator | undefined;
  const clients: BareClient[] = [];
  beforeEach(async () => {
    current = await startTestSimulator(options);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect()));
    await current?.stop();
  });
  return {
    get sim(): RunningSimulator {
      if (!current) throw new Error('the simulator starts in beforeEach: use it inside a test');
      return current;
    },
    track(client: BareClient): BareClient {
      clients.push(client);
      return client;
    },
  };
}
