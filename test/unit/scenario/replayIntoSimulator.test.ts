// Replay into the simulator (POST /sim/replay, src/simulator/replay.ts): the notifications a
// session received, published again by a fresh simulator to a fresh session, arrive there
// the same and in the same order, with fresh ids.
import * as assert from 'node:assert/strict';
import { GwsSession } from '../../../src/gws/gwsSession';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import type { NotificationReceived } from '../../../src/wire/sessionEvents';
import { waitFor } from './support';

const CALLS = '/v2/me/calls';

describe('scenario: replay into the simulator', function () {
  const open: Array<{ dispose?(): void; stop?(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) {
      item.dispose?.();
      await item.stop?.();
    }
  });

  async function signedIn(sim: RunningSimulator): Promise<{ session: GwsSession; received: NotificationReceived[] }> {
    const session = new GwsSession({ baseUrl: sim.url, userName: 'agent1', password: 'agent1' });
    open.push(session);
    const received: NotificationReceived[] = [];
    session.onNotification((n) => {
      if (n.message.channel === CALLS) received.push(n);
    });
    await session.signIn();
    return { session, received };
  }

  it('delivers the same notifications, in order, to a fresh session, with fresh ids', async () => {
    const recorded = await startSimulator({ port: 0 });
    open.push(recorded);
    const first = await signedIn(recorded);
    const callId = recorded.control.createInboundCall({ to: 'agent1', from: '5551234', userData: { Customer: 'ACME' } });
    await waitFor('the ringing call', () => first.received.length >= 1);
    await first.session.runCallOperation(callId, 'Answer');
    await first.session.runCallOperation(callId, 'StartCallRecording');
    recorded.control.changeUserData(callId, { Segment: 'Gold' });
    await waitFor('four call notifications', () => first.received.length >= 4);
    const recording = first.received.slice(0, 4);

    const fresh = await startSimulator({ port: 0 });
    open.push(fresh);
    const second = await signedIn(fresh);
    const start = recording[0].receivedAt;
    const response = await fetch(`${fresh.url}/sim/replay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'agent1', notifications: recording.map((n) => ({ channel: n.message.channel, data: n.message.data, offsetMs: n.receivedAt - start })) }),
    });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { statusCode: number; count: number; ids: Record<string, string> };
    assert.equal(answer.count, 4);
    const freshId = answer.ids[callId];
    assert.ok(freshId && freshId !== callId, JSON.stringify(answer.ids));

    await waitFor('the replayed notifications', () => second.received.length >= 4);
    assert.equal(second.received.length, 4);
    // Mapped back to the recorded ids, each replayed message is the recorded one.
    const back = Object.entries(answer.ids).map(([old, replaced]) => [replaced, old] as const);
    const unmap = (value: unknown): unknown => JSON.parse(back.reduce((text, [replaced, old]) => text.split(replaced).join(old), JSON.stringify(value)));
    assert.deepEqual(
      second.received.map((n) => unmap(n.message.data)),
      recording.map((n) => n.message.data),
    );
    assert.ok(!JSON.stringify(second.received.map((n) => n.message.data)).includes(callId), 'no recorded call id is left');
    const types = second.received.map((n) => (n.message.data as { notificationType: string }).notificationType);
    assert.ok(types.includes('CallRecordingStateChange') && types.includes('AttachedDataChanged'), types.join(', '));
  });

  it('refuses a bad replay with a clear error', async () => {
    const sim = await startSimulator({ port: 0 });
    open.push(sim);
    const post = async (body: unknown) => {
      const response = await fetch(`${sim.url}/sim/replay`, { method: 'POST', body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { statusMessage: string } };
    };
    const noList = await post({ user: 'agent1', notifications: [] });
    assert.equal(noList.status, 400);
    assert.match(noList.body.statusMessage, /'notifications' must be an array of 1 to 100000/);
    const badChannel = await post({ user: 'agent1', notifications: [{ channel: '/meta/connect', data: {} }] });
    assert.equal(badChannel.status, 400);
    assert.match(badChannel.body.statusMessage, /channel under \/v2\/me\//);
    const unknownUser = await post({ user: 'nobody', notifications: [{ channel: CALLS, data: {} }] });
    assert.equal(unknownUser.status, 404);
  });
});
