// The body of the simulator's POST /sim/replay made from inspector rows (src/model/simulatorReplay.ts):
// only the server's notifications on /v2/me/ channels, in seq order, at their offsets from the first.
import * as assert from 'node:assert/strict';
import { simulatorReplayNotifications } from '../../../src/model/simulatorReplay';
import type { StreamRecord } from '../../../src/model/streamLog';

function row(seq: number, time: number, kind: string, envelope?: unknown): StreamRecord {
  return { seq, time, kind, envelope } as unknown as StreamRecord;
}

describe('simulatorReplayNotifications', () => {
  it('keeps the /v2/me/ notifications with data, in seq order, at their offsets from the first', () => {
    const records = [
      row(7, 1_900, 'notification', { channel: '/v2/me/calls', data: { n: 3 } }),
      row(2, 1_000, 'notification', { channel: '/v2/me/calls', data: { n: 1 } }),
      row(3, 1_100, 'operation', { channel: '/v2/me/calls', data: { op: true } }),
      row(4, 1_200, 'notification', { channel: '/meta/connect', data: { advice: {} } }),
      row(5, 1_300, 'notification', { channel: '/v2/me/devices' }),
      row(6, 1_400, 'notification', { channel: 42, data: {} }),
      row(8, 1_500, 'notification'),
      row(9, 1_600, 'notification', { channel: '/v2/me/devices', data: { n: 2 } }),
      row(10, 1_650, 'notification', { channel: 'x/v2/me/calls', data: {} }),
    ];
    const before = records.map((r) => r.seq);
    assert.deepEqual(simulatorReplayNotifications(records), [
      { channel: '/v2/me/calls', data: { n: 1 }, offsetMs: 0 },
      { channel: '/v2/me/calls', data: { n: 3 }, offsetMs: 900 },
      { channel: '/v2/me/devices', data: { n: 2 }, offsetMs: 600 },
    ]);
    assert.deepEqual(records.map((r) => r.seq), before, 'the rows passed in are not reordered');
  });

  it('never gives a negative offset when recorded times go back, and nothing for no notification', () => {
    const records = [row(1, 5_000, 'notification', { channel: '/v2/me/calls', data: 1 }), row(2, 4_000, 'notification', { channel: '/v2/me/calls', data: 2 })];
    assert.deepEqual(
      simulatorReplayNotifications(records).map((n) => n.offsetMs),
      [0, 0],
    );
    assert.deepEqual(simulatorReplayNotifications([row(1, 10, 'meta')]), []);
    assert.deepEqual(simulatorReplayNotifications([]), []);
  });
});
