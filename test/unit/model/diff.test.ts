import * as assert from 'node:assert/strict';
import { diffCalls, isEmptyDiff, sameValue } from '../../../src/model/diff';
import { summarizeDiff } from '../../../src/model/summary';
import type { CallDiff } from '../../../src/model/diffTypes';
import type { GwsCall } from '../../../src/wire/types';
import { callBeforeHold, callBeforeRecording, heldMessage, recordingStartedMessage } from './fixtures/samples';

describe('diffCalls', () => {
  it('reports StartCallRecording (sample 03) as two userData keys added and the recording capabilities swapped', () => {
    const after = recordingStartedMessage().data.call;
    const diff = diffCalls(callBeforeRecording(), after);

    assert.equal(diff.first, false);
    assert.deepEqual(diff.userData.added, {
      GSIP_RECORD: 'ON',
      GSIP_REC_FN: after.userData!.GSIP_REC_FN,
    });
    assert.deepEqual(diff.userData.removed, {});
    assert.deepEqual(diff.userData.changed, {});
    assert.deepEqual([...diff.capabilities.gained].sort(), ['PauseCallRecording', 'StopCallRecording']);
    assert.deepEqual(diff.capabilities.lost, ['StartCallRecording']);
    assert.deepEqual(diff.fields, { recordingState: { old: 'Stopped', new: 'Recording' } });
    assert.equal(
      summarizeDiff(diff),
      'userData +2 ~0 −0 · caps +PauseCallRecording +StopCallRecording −StartCallRecording · recordingState Stopped→Recording',
    );
  });

  it('reports Hold (sample 04) as a state change with Retrieve replacing Hold and SendDtmf', () => {
    const diff = diffCalls(callBeforeHold(), heldMessage().data.call);
    assert.deepEqual(diff.capabilities.gained, ['Retrieve']);
    assert.deepEqual([...diff.capabilities.lost].sort(), ['Hold', 'SendDtmf']);
    assert.deepEqual(diff.fields, { state: { old: 'Established', new: 'Held' } });
    // Sample 04 has no userData at all: missing on both sides is no change.
    assert.deepEqual(diff.userData, { added: {}, removed: {}, changed: {} });
    assert.match(summarizeDiff(diff), /state Established→Held/);
  });

  it('treats missing userData as empty, in both directions', () => {
    const withData: GwsCall = { id: 'c1', state: 'Established', userData: { a: '1' } };
    const without: GwsCall = { id: 'c1', state: 'Established' };
    assert.deepEqual(diffCalls(without, withData).userData.added, { a: '1' });
    assert.deepEqual(diffCalls(withData, without).userData.removed, { a: '1' });
    assert.ok(isEmptyDiff(diffCalls(without, { ...without, userData: {} })));
  });

  it('compares userData values by value: duplicate keys from AttachUserData arrive as arrays', () => {
    const before: GwsCall = { id: 'c1', userData: { reason: 'sales', tags: ['a', 'b'], nested: { x: 1 } } };
    const same: GwsCall = { id: 'c1', userData: { reason: 'sales', tags: ['a', 'b'], nested: { x: 1 } } };
    assert.ok(isEmptyDiff(diffCalls(before, same)), 'equal arrays and objects are not a change');

    const duplicated: GwsCall = { id: 'c1', userData: { reason: ['sales', 'support'], tags: ['a', 'b'], nested: { x: 2 } } };
    const diff = diffCalls(before, duplicated);
    assert.deepEqual(diff.userData.changed, {
      reason: { old: 'sales', new: ['sales', 'support'] },
      nested: { old: { x: 1 }, new: { x: 2 } },
    });
    assert.match(summarizeDiff(diff), /^userData \+0 ~2 −0$/);
  });

  it('sees no change when the server reorders the capability list', () => {
    const call = recordingStartedMessage().data.call;
    const reordered = { ...call, capabilities: [...call.capabilities!].reverse(), duration: '99' };
    const diff = diffCalls(call, reordered);
    assert.deepEqual(diff.capabilities, { gained: [], lost: [] });
    assert.ok(isEmptyDiff(diff), 'a reorder plus a new duration is no tracked change');
    assert.equal(summarizeDiff(diff), 'no tracked change');
  });

  it('ignores duration but reports mute, participants and unknown fields generically', () => {
    const before = recordingStartedMessage().data.call;
    const after: GwsCall = {
      ...before,
      duration: '35',
      mute: 'On',
      participants: [...before.participants!, { phoneNumber: '15002', digits: '15002' }],
      supervisorListeningIn: true,
      brandNewField: { level: 2 },
    };
    delete (after as Record<string, unknown>).dnis;
    const diff = diffCalls(before, after);
    assert.deepEqual(Object.keys(diff.fields).sort(), ['brandNewField', 'dnis', 'mute', 'participants', 'supervisorListeningIn']);
    assert.deepEqual(diff.fields.mute, { old: 'Off', new: 'On' });
    assert.deepEqual(diff.fields.dnis, { old: '15001', new: undefined });
    assert.deepEqual(diff.fields.brandNewField, { old: undefined, new: { level: 2 } });
    const summary = summarizeDiff(diff);
    assert.match(summary, /mute Off→On/);
    assert.match(summary, /participants 15002 joined/);
    assert.match(summary, /dnis 15001→∅/);
  });

  it('marks the first notification of a call: everything added or gained, no field changes', () => {
    const call = recordingStartedMessage().data.call;
    const diff = diffCalls(undefined, call);
    assert.equal(diff.first, true);
    assert.deepEqual(diff.userData.added, call.userData);
    assert.deepEqual(diff.capabilities.gained, call.capabilities);
    assert.deepEqual(diff.fields, {});
    assert.equal(isEmptyDiff(diff), false);
    assert.equal(summarizeDiff(diff), 'first notification · userData 4 keys · 13 capabilities');
  });

  it('compares values whose keys are named like Object methods (valueOf, toString, constructor)', () => {
    const value = () => ({ valueOf: '1', toString: 'x', constructor: { name: 'n' }, hasOwnProperty: true });
    const before: GwsCall = { id: 'c', state: 'Established', userData: { Case: value() } };
    const same = diffCalls(before, { id: 'c', state: 'Established', userData: { Case: value() } });
    assert.ok(isEmptyDiff(same), 'equal values with those keys are no change');
    const changed = diffCalls(before, { id: 'c', state: 'Established', userData: { Case: { ...value(), valueOf: '2' } } });
    assert.deepEqual(Object.keys(changed.userData.changed), ['Case']);
    const fewer = diffCalls(before, { id: 'c', state: 'Established', userData: { Case: { valueOf: '1' } } });
    assert.deepEqual(Object.keys(fewer.userData.changed), ['Case'], 'a missing key is a change');
  });

  it('keeps a userData key named __proto__ as data, not as a prototype', () => {
    const after = JSON.parse('{"id":"c1","userData":{"__proto__":{"polluted":true}}}') as GwsCall;
    const diff = diffCalls({ id: 'c1' }, after);
    assert.ok(Object.prototype.hasOwnProperty.call(diff.userData.added, '__proto__'));
    assert.equal(Object.getPrototypeOf(diff.userData.added), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(
      Object.getOwnPropertyDescriptor(diff.userData.added, '__proto__'),
      { value: { polluted: true }, enumerable: true, writable: true, configurable: true },
      'a plain own property, like any other key',
    );
    assert.deepEqual(Object.keys(diff.userData.added), ['__proto__']);
  });

  it('counts repeated capability names once and tolerates non-array capabilities', () => {
    const diff = diffCalls({ id: 'c1', capabilities: ['Hold', 'Hold'] }, { id: 'c1', capabilities: ['Hold'] });
    assert.ok(isEmptyDiff(diff));
    const broken = diffCalls({ id: 'c1', capabilities: 'Hold' as unknown as string[] }, { id: 'c1', capabilities: ['Hold'] });
    assert.deepEqual(broken.capabilities, { gained: ['Hold'], lost: [] });
  });

  it('lists at most a few capability names in the summary', () => {
    const before: GwsCall = { id: 'c1', capabilities: [] };
    const after: GwsCall = { id: 'c1', capabilities: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] };
    assert.equal(summarizeDiff(diffCalls(before, after)), 'caps +A +B +C +D +E (+3 more)');
  });

  it('finds removed keys and fields, also when an object inherits enumerable keys (a polluted prototype)', () => {
    const inherited = Object.create({ Polluted: 'x' }) as Record<string, unknown>;
    Object.assign(inherited, { Kept: 1, Gone: 2 });
    const before: GwsCall = { id: 'c1', state: 'Established', mute: 'Off', userData: inherited };
    const after: GwsCall = { id: 'c1', state: 'Established', userData: { Kept: 1 } };
    const diff = diffCalls(before, after);
    assert.deepEqual(diff.userData.removed, { Gone: 2 });
    assert.deepEqual(diff.fields, { mute: { old: 'Off', new: undefined } });
    const same = Object.create({ Polluted: 'x' }) as Record<string, unknown>;
    Object.assign(same, { Kept: 1 });
    assert.deepEqual(diffCalls({ id: 'c1', userData: same }, { id: 'c1', userData: { Kept: 1 } }).userData.removed, {});
  });

  it('is empty only when no section reports anything, and never for a first notification', () => {
    const none = { added: {}, removed: {}, changed: {} };
    const base = { first: false, userData: none, capabilities: { gained: [], lost: [] }, fields: {} };
    assert.equal(isEmptyDiff(base), true, 'a diff made of empty plain objects (an imported one, say)');
    const oneThing: Array<[string, CallDiff]> = [
      ['a gained capability', { ...base, capabilities: { gained: ['Hold'], lost: [] } }],
      ['a lost capability', { ...base, capabilities: { gained: [], lost: ['Hold'] } }],
      ['an added key', { ...base, userData: { ...none, added: { a: 1 } } }],
      ['a removed key', { ...base, userData: { ...none, removed: { a: 1 } } }],
      ['a changed key', { ...base, userData: { ...none, changed: { a: { old: 1, new: 2 } } } }],
      ['a changed field', { ...base, fields: { state: { old: 'Ringing', new: 'Established' } } }],
    ];
    for (const [what, diff] of oneThing) assert.equal(isEmptyDiff(diff), false, what);
    assert.equal(isEmptyDiff({ ...base, first: true }), false);
    const bare = diffCalls(undefined, { id: 'c1' });
    assert.equal(isEmptyDiff(bare), false, 'a new call is news even with no userData and no capabilities');
    assert.equal(summarizeDiff(bare), 'first notification · userData 0 keys · 0 capabilities');
  });

  it('reports a capability lost without one gained, and one gained without one lost', () => {
    assert.deepEqual(diffCalls({ id: 'c1', capabilities: ['Hold', 'Hangup'] }, { id: 'c1', capabilities: ['Hangup'] }).capabilities, {
      gained: [],
      lost: ['Hold'],
    });
    assert.deepEqual(diffCalls({ id: 'c1', capabilities: ['Hangup'] }, { id: 'c1', capabilities: ['Hold', 'Hangup'] }).capabilities, {
      gained: ['Hold'],
      lost: [],
    });
  });

  it('reads capability names that are not strings as text', () => {
    const diff = diffCalls({ id: 'c1', capabilities: ['Hold'] }, { id: 'c1', capabilities: ['Hold', 7, null] as unknown as string[] });
    assert.deepEqual(diff.capabilities, { gained: ['7', 'null'], lost: [] });
  });

  it('reports every removed userData key', () => {
    const diff = diffCalls({ id: 'c1', userData: { a: 1, b: 2, c: 3 } }, { id: 'c1', userData: { a: 1 } });
    assert.deepEqual(diff.userData.removed, { b: 2, c: 3 });
    assert.equal(summarizeDiff(diff), 'userData +0 ~0 −2');
  });

  it('treats userData that is not an object (a string, an array, null) as empty', () => {
    for (const broken of ['ab', ['x'], null, 5]) {
      const diff = diffCalls({ id: 'c1', userData: broken as unknown as Record<string, unknown> }, { id: 'c1', userData: { a: 1 } });
      assert.deepEqual(diff.userData, { added: { a: 1 }, removed: {}, changed: {} }, JSON.stringify(broken));
    }
  });

  it('finds a removed field also when the call gained userData (same number of keys)', () => {
    const diff = diffCalls({ id: 'c1', state: 'Established', mute: 'Off' }, { id: 'c1', state: 'Established', userData: { a: 1 } });
    assert.deepEqual(diff.fields, { mute: { old: 'Off', new: undefined } });
    assert.deepEqual(diff.userData.added, { a: 1 });
  });

  it('does not list userData, capabilities or duration among the fields when the call drops them', () => {
    const diff = diffCalls(
      { id: 'c1', state: 'Established', userData: { a: 1 }, capabilities: ['Hold'], duration: '3' },
      { id: 'c1', state: 'Established' },
    );
    assert.deepEqual(diff.fields, {});
    assert.deepEqual(diff.userData.removed, { a: 1 });
    assert.deepEqual(diff.capabilities.lost, ['Hold']);
  });

  it('does not report a field that held undefined and is now gone', () => {
    const diff = diffCalls({ id: 'c1', state: 'Established', mute: undefined }, { id: 'c1', state: 'Established' });
    assert.deepEqual(diff.fields, {});
    assert.equal(isEmptyDiff(diff), true);
  });

  describe('a key added after keys that did not change', () => {
    it('is an added userData key', () => {
      const diff = diffCalls({ id: 'c1', userData: { a: 1 } }, { id: 'c1', userData: { a: 1, b: 2 } });
      assert.deepEqual(diff.userData, { added: { b: 2 }, removed: {}, changed: {} });
      assert.equal(isEmptyDiff(diff), false);
      assert.equal(summarizeDiff(diff), 'userData +1 ~0 −0');
    });

    it('is a changed field of the call', () => {
      const diff = diffCalls({ id: 'c1', state: 'Established' }, { id: 'c1', state: 'Established', mute: 'On' });
      assert.deepEqual(diff.fields, { mute: { old: undefined, new: 'On' } });
      assert.equal(isEmptyDiff(diff), false);
    });

    it('is a change of the value that holds it, at any depth, in userData and in fields', () => {
      const before: GwsCall = {
        id: 'c1',
        participants: [{ number: '5551234' }],
        userData: { Case: { a: 1 }, Deep: { x: { y: { a: 1 } } }, Tags: ['a'] },
      };
      const after: GwsCall = {
        id: 'c1',
        participants: [{ number: '5551234', role: 'RoleOrigination' }],
        userData: { Case: { a: 1, b: 2 }, Deep: { x: { y: { a: 1, b: 2 } } }, Tags: ['a', 'b'] },
      };
      const diff = diffCalls(before, after);
      assert.deepEqual(Object.keys(diff.userData.changed).sort(), ['Case', 'Deep', 'Tags']);
      assert.deepEqual(diff.userData.changed.Case, { old: { a: 1 }, new: { a: 1, b: 2 } });
      assert.deepEqual(Object.keys(diff.fields), ['participants']);
      // And the other way round: the key is removed.
      const back = diffCalls(after, before);
      assert.deepEqual(Object.keys(back.userData.changed).sort(), ['Case', 'Deep', 'Tags']);
      assert.deepEqual(Object.keys(back.fields), ['participants']);
    });
  });

  describe('sameValue', () => {
    it('is true for equal JSON values, however they nest', () => {
      assert.equal(sameValue('a', 'a'), true);
      assert.equal(sameValue(null, null), true);
      assert.equal(sameValue({}, {}), true);
      assert.equal(sameValue([], []), true);
      assert.equal(sameValue({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] }), true, 'key order does not matter');
      assert.equal(sameValue([[1, 2], [3]], [[1, 2], [3]]), true);
    });

    it('is false when either side has a key, an element or a value the other has not', () => {
      const pairs: Array<[unknown, unknown]> = [
        [{ a: 1 }, { a: 1, b: 2 }],
        [{ a: 1, b: 2 }, { a: 1 }],
        [{ a: 1 }, { b: 1 }],
        [{ a: 1 }, { a: 2 }],
        [{}, { a: undefined }],
        [[1], [1, 2]],
        [[1, 2], [1]],
        [[1, 2], [2, 1]],
        [{ a: { b: 1 } }, { a: { b: 1, c: 1 } }],
        [{ a: [1] }, { a: [1, 1] }],
        [[{ a: 1 }], [{ a: 1, b: 1 }]],
        [[{ a: 1 }], [{ a: 2 }]],
        [{ a: 1 }, null],
        [null, { a: 1 }],
        [{}, []],
        [[], {}],
        [{ 0: 'x' }, ['x']],
        [{ a: {} }, { a: [] }],
        [{ a: null }, { a: {} }],
        [{ a: {} }, { a: null }],
        ['1', 1],
        [{ a: '1' }, { a: 1 }],
        [{}, 'x'],
        ['x', {}],
        [{ a: 1 }, { a: {} }],
        [{ a: {} }, { a: 1 }],
        [{ a: '' }, { a: [] }],
        [{ a: [] }, { a: '' }],
        [1, {}],
        [{}, 1],
        [0, []],
        [null, {}],
        [{}, null],
        [null, []],
        [[], null],
      ];
      for (const [a, b] of pairs) assert.equal(sameValue(a, b), false, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    });

    it('looks at own keys only: an inherited key is neither extra nor missing', () => {
      const inherited = Object.create({ polluted: 1 }) as Record<string, unknown>;
      inherited.a = 1;
      assert.equal(sameValue(inherited, { a: 1 }), true);
      assert.equal(sameValue({ a: 1 }, inherited), true);
      assert.equal(sameValue({ n: inherited }, { n: { a: 1 } }), true);
      assert.equal(sameValue({ n: { a: 1 } }, { n: inherited }), true);
    });
  });

  describe('shareUnchanged', () => {
    const participants = () => [{ number: '5551234', role: 'RoleOrigination' }];
    const previousCall = (): GwsCall => ({
      id: 'c1',
      state: 'Established',
      participants: participants(),
      capabilities: ['Hold', 'Hangup'],
      userData: { Kept: 'same', Changed: 'old', Nested: { a: [1, 2] }, Removed: 'x', ['__proto__']: 'p' } as Record<string, unknown>,
    });
    const nextCall = (): GwsCall =>
      JSON.parse(
        JSON.stringify({
          id: 'c1',
          state: 'Established',
          participants: participants(),
          capabilities: ['Hold', 'Hangup'],
          userData: { Kept: 'same', Changed: 'new', Nested: { a: [1, 2] }, Added: 1 },
        }),
      ) as GwsCall;

    it('points equal values of the new call at the previous call\'s, and changes nothing the diff reports', () => {
      const previous = previousCall();
      const current = nextCall();
      const expected = JSON.stringify(current);
      const plain = diffCalls(previousCall(), nextCall());
      const diff = diffCalls(previous, current, { shareUnchanged: true });
      assert.deepEqual(diff, plain);
      assert.equal(JSON.stringify(current), expected, 'the message stays JSON-identical');
      assert.equal(current.participants, previous.participants);
      assert.equal(current.capabilities, previous.capabilities);
      assert.equal(current.userData!.Nested, previous.userData!.Nested);
      assert.notEqual(current.userData, previous.userData, 'a container with a change is not shared');
      assert.equal(current.userData!.Changed, 'new');
    });

    it('shares nothing by default, nor for a first notification, a reordered list, or a __proto__ key', () => {
      const previous = previousCall();
      const current = nextCall();
      diffCalls(previous, current);
      assert.notEqual(current.participants, previous.participants);
      const first = nextCall();
      diffCalls(undefined, first, { shareUnchanged: true });
      assert.deepEqual(first.capabilities, ['Hold', 'Hangup']);
      const reordered = { ...nextCall(), capabilities: ['Hangup', 'Hold'] };
      diffCalls(previousCall(), reordered, { shareUnchanged: true });
      assert.deepEqual(reordered.capabilities, ['Hangup', 'Hold'], 'the call keeps its own order');
      const withProto = previousCall();
      const protoCurrent = JSON.parse('{"id":"c1","userData":{"__proto__":"p"}}') as GwsCall;
      diffCalls(withProto, protoCurrent, { shareUnchanged: true });
      assert.equal(Object.getPrototypeOf(protoCurrent.userData), Object.prototype);
      assert.equal(Object.getOwnPropertyDescriptor(protoCurrent.userData, '__proto__')?.value, 'p');
    });

    it('keeps a call with keys named __proto__ intact when sharing: prototypes and JSON', () => {
      const message = '{"id":"c1","__proto__":{"x":1},"userData":{"__proto__":{"y":2}}}';
      const previous = JSON.parse(message) as GwsCall;
      const current = JSON.parse(message) as GwsCall;
      assert.ok(isEmptyDiff(diffCalls(previous, current, { shareUnchanged: true })));
      assert.equal(Object.getPrototypeOf(current), Object.prototype);
      assert.equal(Object.getPrototypeOf(current.userData), Object.prototype);
      assert.equal(JSON.stringify(current), message);
    });

    it('shares nothing without the option: equal capabilities and userData values stay the new call\'s', () => {
      const previous = previousCall();
      const current = nextCall();
      diffCalls(previous, current);
      assert.notEqual(current.capabilities, previous.capabilities);
      assert.notEqual(current.userData!.Nested, previous.userData!.Nested);
    });

    it('never changes a value that differs, not even the id or the duration', () => {
      const previous: GwsCall = { id: 'a', state: 'Ringing', duration: '1', capabilities: ['Hold'], userData: { k: 'old' } };
      const current: GwsCall = { id: 'b', state: 'Established', duration: '2', capabilities: ['Hangup'], userData: { k: 'new' } };
      const expected = JSON.stringify(current);
      diffCalls(previous, current, { shareUnchanged: true });
      assert.equal(JSON.stringify(current), expected);
    });
  });
});
