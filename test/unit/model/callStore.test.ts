import * as assert from 'node:assert/strict';
import { CallStore, type CallChange } from '../../../src/model/callStore';
import type { GwsCall } from '../../../src/wire/types';
import { heldCall, legacyCall, recordingCall } from '../gws/samples';

function collect(store: CallStore): CallChange[][] {
  const batches: CallChange[][] = [];
  store.onDidChange((changes) => batches.push(changes));
  return batches;
}

describe('CallStore', () => {
  it('creates a call on its first notification and stores the object as received', () => {
    const store = new CallStore();
    const batches = collect(store);
    const call = recordingCall();
    const change = store.applyCall(call);
    assert.ok(change);
    assert.equal(change.callId, call.id);
    assert.equal(change.previous, undefined);
    assert.equal(change.current, call);
    assert.equal(change.removed, false);
    assert.equal(store.get(call.id), call, 'no clone: the same object');
    assert.equal(store.size, 1);
    assert.deepEqual(batches, [[change]]);
  });

  it('updates a known call and reports the previous value', () => {
    const store = new CallStore();
    const first = recordingCall();
    const second = recordingCall({ recordingState: 'Paused' });
    store.applyCall(first);
    const change = store.applyCall(second);
    assert.equal(change?.previous, first);
    assert.equal(change?.current, second);
    assert.equal(store.get(first.id), second);
    assert.equal(store.size, 1);
  });

  it('removes a call when it is Released and keeps the Released payload as current', () => {
    const store = new CallStore();
    const batches = collect(store);
    const live = heldCall();
    store.applyCall(live);
    const released = heldCall({ state: 'Released', capabilities: [] });
    const change = store.applyCall(released);
    assert.equal(change?.removed, true);
    assert.equal(change?.previous, live);
    assert.equal(change?.current, released);
    assert.equal(store.get(live.id), undefined);
    assert.equal(store.size, 0);
    assert.equal(batches.length, 2);
  });

  it('accepts calls without userData, with unknown states and with string participants', () => {
    const store = new CallStore();
    store.applyCall(heldCall({ id: 'a', userData: undefined }));
    store.applyCall(heldCall({ id: 'b', state: 'Alerting-Custom' }));
    store.applyCall(legacyCall({ id: 'c' }));
    assert.deepEqual(store.list().map((c) => c.id), ['a', 'b', 'c']);
    assert.equal(store.get('b')?.state, 'Alerting-Custom');
  });

  it('ignores a value without a usable id and fires nothing', () => {
    const store = new CallStore();
    const batches = collect(store);
    assert.equal(store.applyCall({} as GwsCall), undefined);
    assert.equal(store.applyCall(null as unknown as GwsCall), undefined);
    assert.equal(store.applyCall({ id: 42 } as unknown as GwsCall), undefined);
    assert.equal(store.applyCall({ id: '' } as GwsCall), undefined);
    assert.equal(store.size, 0);
    assert.equal(batches.length, 0);
  });

  it('lists calls by first seen, and updates do not move them', () => {
    const store = new CallStore();
    store.applyCall(heldCall({ id: 'first' }));
    store.applyCall(heldCall({ id: 'second' }));
    store.applyCall(heldCall({ id: 'first', state: 'Established' }));
    assert.deepEqual(store.list().map((c) => c.id), ['first', 'second']);
  });

  it('applySnapshot replaces the live set: missing calls are removed, Released ones are not live', () => {
    const store = new CallStore();
    const batches = collect(store);
    const kept = heldCall({ id: 'kept' });
    store.applyCall(kept);
    store.applyCall(heldCall({ id: 'ended-while-away' }));
    const keptNow = heldCall({ id: 'kept', state: 'Established' });
    const changes = store.applySnapshot([keptNow, heldCall({ id: 'new' }), heldCall({ id: 'gone', state: 'Released' })]);
    assert.deepEqual(store.list().map((c) => c.id), ['kept', 'new']);
    assert.equal(store.get('kept'), keptNow);
    const byId = new Map(changes.map((c) => [c.callId, c]));
    assert.equal(byId.get('ended-while-away')?.removed, true);
    assert.equal(byId.get('ended-while-away')?.current, undefined);
    assert.equal(byId.get('kept')?.previous, kept);
    assert.equal(byId.get('new')?.previous, undefined);
    assert.equal(byId.has('gone'), false);
    assert.equal(batches.length, 3, 'two applyCall events and one snapshot event');
    assert.equal(batches[2], changes);
  });

  it('applySnapshot ignores entries without a usable id', () => {
    const store = new CallStore();
    const changes = store.applySnapshot([heldCall({ id: 'a' }), { state: 'Ringing' } as GwsCall, { id: '' } as GwsCall, null as unknown as GwsCall]);
    assert.deepEqual(changes.map((c) => c.callId), ['a']);
    assert.deepEqual(store.list().map((c) => c.id), ['a']);
  });

  it('clear() on an empty store fires nothing, and a disposed store tells nobody', () => {
    const store = new CallStore();
    const batches = collect(store);
    assert.deepEqual(store.clear(), []);
    assert.equal(batches.length, 0);
    store.dispose();
    store.applyCall(heldCall({ id: 'x' }));
    assert.equal(batches.length, 0);
  });

  it('an empty snapshot into an empty store fires nothing', () => {
    const store = new CallStore();
    const batches = collect(store);
    assert.deepEqual(store.applySnapshot([]), []);
    assert.equal(batches.length, 0);
  });

  it('clear() removes every call and reports each', () => {
    const store = new CallStore();
    store.applyCall(heldCall({ id: 'x' }));
    store.applyCall(heldCall({ id: 'y' }));
    const batches = collect(store);
    const changes = store.clear();
    assert.deepEqual(changes.map((c) => [c.callId, c.removed]), [['x', true], ['y', true]]);
    assert.equal(store.size, 0);
    assert.equal(batches.length, 1);
  });

  describe('a call whose id changes (docs/gws-notes.md#call-id-changes)', () => {
    it('removes the old call when the new one names its id in previousConnId, in the same batch', () => {
      const store = new CallStore();
      const before = heldCall({ id: 'OLD-CONN', connId: 'OLD-CONN', state: 'Established' });
      store.applyCall(before);
      store.applyCall(heldCall({ id: 'OTHER' }));
      const batches = collect(store);
      const after = heldCall({ id: 'NEW-CONN', connId: 'NEW-CONN', previousConnId: 'OLD-CONN', state: 'Established' });
      const change = store.applyCall(after);
      assert.equal(change?.replaces, 'OLD-CONN');
      assert.equal(change?.previous, undefined, 'the new id has no history of its own');
      assert.deepEqual(store.list().map((c) => c.id), ['OTHER', 'NEW-CONN'], 'no ghost of the old id');
      assert.equal(batches.length, 1);
      assert.deepEqual(batches[0].map((c) => [c.callId, c.removed]), [['OLD-CONN', true], ['NEW-CONN', false]]);
      assert.equal(batches[0][0].previous, before);
    });

    it('finds the old call by its connId when its id is a UUID', () => {
      const store = new CallStore();
      store.applyCall(heldCall({ id: 'uuid-1', connId: '006f02719260c1a2' }));
      const change = store.applyCall(heldCall({ id: 'uuid-2', connId: '006f02719260c1b7', previousCallId: 'x', previousConnId: '006f02719260c1a2' }));
      assert.equal(change?.replaces, 'uuid-1');
      assert.deepEqual(store.list().map((c) => c.id), ['uuid-2']);
    });

    it('changes nothing when the named id is unknown, is its own, or is not a string', () => {
      const store = new CallStore();
      store.applyCall(heldCall({ id: 'A', connId: 'A' }));
      store.applyCall(heldCall({ id: 'B', previousConnId: 'UNKNOWN' }));
      store.applyCall(heldCall({ id: 'C', previousConnId: 'C' }));
      const same = store.applyCall(heldCall({ id: 'D', previousConnId: 42 as unknown as string }));
      assert.equal(same?.replaces, undefined);
      assert.deepEqual(store.list().map((c) => c.id), ['A', 'B', 'C', 'D']);
    });
  });

  it('keeps one entry per call through many updates of ~2 KB calls, each the latest received', () => {
    // How fast this goes is the benchmark's business (npm run bench), not a test's.
    const store = new CallStore();
    const batches = collect(store);
    // The documented call plus enough attached data to weigh about 2 KB, as busy desks do.
    const userData: Record<string, unknown> = { ...recordingCall().userData };
    for (let i = 0; JSON.stringify(recordingCall({ userData })).length < 2_048; i++) {
      userData[`IW_Key${i}`] = `value-${i}-of-attached-data`;
    }
    const template = recordingCall({ userData });
    const calls = Array.from({ length: 200 }, (_, i) => ({ ...template, id: `call-${i % 20}`, duration: String(i) }));
    for (const call of calls) store.applyCall(call);
    assert.equal(store.size, 20);
    assert.equal(batches.length, 200, 'one event per applyCall');
    assert.deepEqual(store.list().map((c) => c.id), Array.from({ length: 20 }, (_, i) => `call-${i}`));
    assert.equal(store.get('call-7'), calls[187], 'the last of the ten updates of call-7');
  });
});
