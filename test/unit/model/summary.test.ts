// The one-line summaries of the inspector's rows: a call's diff and a device's changes.
import * as assert from 'node:assert/strict';
import type { CallDiff } from '../../../src/model/diffTypes';
import { DeviceTracker, formatValue, summarizeDiff } from '../../../src/model/summary';
import type { GwsDevice } from '../../../src/wire/types';

function diff(parts: Partial<CallDiff>): CallDiff {
  return {
    first: false,
    userData: { added: {}, removed: {}, changed: {} },
    capabilities: { gained: [], lost: [] },
    fields: {},
    ...parts,
  };
}

describe('summarizeDiff', () => {
  it('starts with whichever section has something, with no separator before it', () => {
    assert.equal(summarizeDiff(diff({ capabilities: { gained: [], lost: ['Hold'] } })), 'caps −Hold');
    assert.equal(summarizeDiff(diff({ capabilities: { gained: ['Hold'], lost: [] } })), 'caps +Hold');
    assert.equal(summarizeDiff(diff({ fields: { state: { old: 'Ringing', new: 'Established' } } })), 'state Ringing→Established');
    assert.equal(summarizeDiff(diff({ userData: { added: {}, removed: { a: 1 }, changed: {} } })), 'userData +0 ~0 −1');
    assert.equal(
      summarizeDiff(diff({ userData: { added: {}, removed: { a: 1 }, changed: {} }, capabilities: { gained: [], lost: ['Hold'] }, fields: { mute: { old: 'Off', new: 'On' }, state: { old: 'Held', new: 'Established' } } })),
      'userData +0 ~0 −1 · caps −Hold · mute Off→On · state Held→Established',
    );
  });

  it('lists up to six capability names, and counts the rest beyond five', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `C${i + 1}`);
    assert.equal(summarizeDiff(diff({ capabilities: { gained: names(6), lost: [] } })), 'caps +C1 +C2 +C3 +C4 +C5 +C6');
    assert.equal(summarizeDiff(diff({ capabilities: { gained: names(5), lost: ['L1', 'L2'] } })), 'caps +C1 +C2 +C3 +C4 +C5 (+2 more)');
  });

  it('names a field whose old or new value is an object or array instead of printing it', () => {
    assert.equal(summarizeDiff(diff({ fields: { monitoring: { old: 'x', new: { level: 'on' } } } })), 'monitoring changed');
    // An object with a state (a userState) is named by its state; a plain value stays itself.
    assert.equal(summarizeDiff(diff({ fields: { monitoring: { old: 'x', new: { state: 'on' } } } })), 'monitoring x→on');
    assert.equal(summarizeDiff(diff({ fields: { userState: { old: { state: 'Ready' }, new: { state: 'NotReady' } } } })), 'userState Ready→NotReady');
    assert.equal(summarizeDiff(diff({ fields: { monitoring: { old: ['a'], new: 'x' } } })), 'monitoring changed');
    assert.equal(summarizeDiff(diff({ fields: { mute: { old: null, new: 'On' } } })), 'mute null→On');
    assert.equal(summarizeDiff(diff({ fields: { dnis: { old: '15001', new: undefined } } })), 'dnis 15001→∅');
  });

  it('counts own keys only', () => {
    const inherited = Object.create({ polluted: 1 }) as Record<string, unknown>;
    inherited.a = 1;
    assert.equal(summarizeDiff(diff({ userData: { added: inherited, removed: {}, changed: {} } })), 'userData +1 ~0 −0');
    assert.equal(summarizeDiff(diff({ first: true, userData: { added: inherited, removed: {}, changed: {} } })), 'first notification · userData 1 key · 0 capabilities');
  });

  it('says "key" and "capability" for one of each in a first notification', () => {
    assert.equal(
      summarizeDiff(diff({ first: true, userData: { added: { a: 1 }, removed: {}, changed: {} }, capabilities: { gained: ['Hold'], lost: [] } })),
      'first notification · userData 1 key · 1 capability',
    );
    assert.equal(
      summarizeDiff(diff({ first: true, userData: { added: { a: 1, b: 2 }, removed: {}, changed: {} }, capabilities: { gained: ['Hold', 'Hangup'], lost: [] } })),
      'first notification · userData 2 keys · 2 capabilities',
    );
  });
});

describe('formatValue', () => {
  it('shortens text longer than 40 characters to 39 and an ellipsis', () => {
    assert.equal(formatValue('x'.repeat(40)), 'x'.repeat(40));
    assert.equal(formatValue('y'.repeat(41)), `${'y'.repeat(39)}…`);
    assert.equal(formatValue(12), '12');
    assert.equal(formatValue(false), 'false');
    assert.equal(formatValue(null), 'null');
    assert.equal(formatValue(undefined), '∅');
    assert.equal(formatValue({ a: 1 }), undefined);
    assert.equal(formatValue([]), undefined);
  });
});

describe('DeviceTracker', () => {
  const device = (fields: Partial<GwsDevice> = {}): GwsDevice => ({ id: 'dev-1', deviceState: 'Active', ...fields });

  it('lists every watched field the first time it sees a device, and then what moved', () => {
    const tracker = new DeviceTracker();
    const full = device({
      userState: { state: 'NotReady', workMode: 'AfterCallWork', reason: 'Lunch' },
      doNotDisturb: 'On',
      forwardTo: '5551234',
      supervisorMonitoringState: { state: 'Monitoring' },
    });
    assert.deepEqual(tracker.apply([full]), {
      summary: 'device dev-1: deviceState Active, userState NotReady, workMode AfterCallWork, reason Lunch, dnd On, forwardTo 5551234, monitoring Monitoring',
      changed: true,
    });
    const moved = device({ userState: { state: 'Ready' }, doNotDisturb: 'Off', supervisorMonitoringState: { state: 'None' } });
    assert.deepEqual(tracker.apply([moved]), {
      summary: 'device dev-1: userState NotReady→Ready, workMode AfterCallWork→∅, reason Lunch→∅, dnd On→Off, forwardTo 5551234→∅, monitoring Monitoring→None',
      changed: true,
    });
    assert.deepEqual(tracker.apply([moved]), { summary: 'device dev-1: no tracked change', changed: false });
  });

  it('reads a device without userState, a device with nothing watched, an object value and no devices', () => {
    const tracker = new DeviceTracker();
    assert.equal(tracker.apply([device()]).summary, 'device dev-1: deviceState Active');
    assert.equal(tracker.apply([{ id: 'bare' }]).summary, 'device bare: first notification');
    assert.equal(tracker.apply([device({ id: 'obj', forwardTo: { to: 'x' } as unknown as string })]).summary, 'device obj: deviceState Active, forwardTo {…}');
    assert.deepEqual(tracker.apply([]), { summary: 'no devices', changed: false });
  });

  it('shows a device without an id as "?" and never remembers it', () => {
    const tracker = new DeviceTracker();
    const anonymous = { deviceState: 'Active' } as GwsDevice;
    assert.equal(tracker.apply([anonymous]).summary, 'device ?: deviceState Active');
    assert.deepEqual(tracker.apply([anonymous]), { summary: 'device ?: deviceState Active', changed: true });
  });

  it('shortens long device ids to their first eight characters and joins several devices', () => {
    const tracker = new DeviceTracker();
    const result = tracker.apply([device({ id: '631608b3-ceb1-472b-ba05-2ae39555b0d1' }), device({ id: 'short' })]);
    assert.equal(result.summary, 'device 631608b3: deviceState Active · device short: deviceState Active');
  });

  it('compares with a snapshot after reset(), which forgets devices it no longer lists', () => {
    const tracker = new DeviceTracker();
    tracker.apply([device({ id: 'gone' })]);
    tracker.reset([device({ userState: { state: 'Ready' } }), null as unknown as GwsDevice, { deviceState: 'Active' } as GwsDevice]);
    assert.deepEqual(tracker.apply([device({ userState: { state: 'NotReady' } })]), { summary: 'device dev-1: userState Ready→NotReady', changed: true });
    assert.equal(tracker.apply([device({ id: 'gone' })]).summary, 'device gone: deviceState Active', 'new again after the snapshot');
  });
});
