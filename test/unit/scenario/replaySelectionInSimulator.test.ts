// Replay Selected Rows in Simulator: rows of a real recorded session (simulator → GwsSession →
// Pipeline) become a POST /sim/replay body (src/model/simulatorReplay.ts), sent by the scenario's
// simulator client; a fresh session on a fresh simulator receives the selected notifications,
// in order, and nothing of the operations.
import * as assert from 'node:assert/strict';
import { GwsSession } from '../../../src/gws/gwsSession';
import { simulatorReplayNotifications } from '../../../src/model/simulatorReplay';
import type { StreamRecord } from '../../../src/model/streamLog';
import { SimulatorActions } from '../../../src/scenario/simulatorActions';
import { startSimulator } from '../../../src/simulator';
import type { NotificationReceived } from '../../../src/wire/sessionEvents';
import { answeredAndRecordedRows, waitFor } from './support';

describe('scenario: replay of selected rows into the simulator', function () {
  let rows: StreamRecord[];

  before(async () => {
    rows = await answeredAndRecordedRows();
  });

  it('keeps the notifications of /v2/me/ channels, with their offsets from the first', () => {
    const selected = rows.filter((r) => r.callId !== undefined);
    assert.ok(selected.some((r) => r.kind === 'operation'));
    const notifications = simulatorReplayNotifications(selected);
    const expected = selected.filter((r) => r.kind === 'notification');
    assert.equal(notifications.length, expected.length);
    assert.ok(notifications.every((n) => n.channel === '/v2/me/calls'));
    assert.equal(notifications[0].offsetMs, 0);
    assert.deepEqual(notifications.map((n) => n.offsetMs), expected.map((r) => r.time - expected[0].time));
    assert.deepEqual(simulatorReplayNotifications(rows.filter((r) => r.kind !== 'notification')), []);
  });

  it('has a fresh simulator publish the selected notifications, in order, to a signed-in user', async () => {
    const selected = rows.filter((r) => r.kind === 'notification' && r.callId !== undefined).slice(1);
    const sim = await startSimulator({ port: 0 });
    const session = new GwsSession({ baseUrl: sim.url, userName: 'agent1', password: 'agent1' });
    try {
      const received: NotificationReceived[] = [];
      session.onNotification((n) => {
        if (n.message.channel === '/v2/me/calls') received.push(n);
      });
      await session.signIn();
      const count = await new SimulatorActions(sim.url).replay({ user: 'agent1', notifications: simulatorReplayNotifications(selected), speed: 0 });
      assert.equal(count, selected.length);
      await waitFor('the replayed notifications', () => received.length >= selected.length);
      const typeOf = (data: unknown) => (data as { notificationType?: string }).notificationType;
      assert.deepEqual(received.map((n) => typeOf(n.message.data)), selected.map((r) => r.type));
    } finally {
      session.dispose();
      await sim.stop();
    }
  });

  it('says why when the simulator refuses the replay', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      await assert.rejects(
        new SimulatorActions(sim.url).replay({ user: 'nobody-here', notifications: simulatorReplayNotifications(rows), speed: 0 }),
        /the simulator refused POST \/sim\/replay \(HTTP \d+\)/,
      );
    } finally {
      await sim.stop();
    }
  });
});
