// Shared set-up for the simulator tests: a simulator on a free loopback port and agents
// that are signed in the way GWS clients do it (GET /me with Basic, CometD handshake and
// subscriptions, StartContactCenterSession).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator/index';
import { BareClient, type Notification } from '../../support/bareClient';

// The bundle runs from out/test/unit/simulator/; shared/ sits beside the repository
// (here /work/shared, in CI ../shared next to the clone).
export const SAMPLES_DIR = path.resolve(__dirname, '../../../../../shared/gws-samples');

export function readSample(name: string): { data: Record<string, unknown> & { call: Record<string, unknown> }; channel: string } {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, name), 'utf8'));
}

export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ answerDelayMs: 50, ...options });
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
