// Participants party by party (src/model/participantsDiff.ts, through diffCalls / diffEntity).
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { diffCalls, diffEntity, sameValue } from '../../../src/model/diff';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog } from '../../../src/model/streamLog';
import { summarizeDiff } from '../../../src/model/summary';
import { diffParticipants } from '../../../src/model/participantsDiff';
import type { GwsCall } from '../../../src/wire/types';
import { callMessage, received, recordingStartedMessage } from './fixtures/samples';

function call(participants: unknown): GwsCall {
  return { id: 'c1', state: 'Established', participants } as unknown as GwsCall;
}

describe('participants diff', () => {
  it('says who joined a conference, who left and whose role or state changed, keyed by party', () => {
    const before = call([
      { phoneNumber: '15001', role: 'RoleOrigination', state: 'Established' },
      { phoneNumber: '15002', role: 'RoleDestination', state: 'Established' },
    ]);
    const after = call([
      { phoneNumber: '15002', role: 'RoleConferenceMember', state: 'Established' },
      { phoneNumber: '15003', role: 'RoleConferenceMember', state: 'Established' },
    ]);
    const diff = diffCalls(before, after);
    assert.ok(diff.fields.participants, 'the field change stays (operation links read it)');
    assert.deepEqual(diff.participants, {
      joined: [{ party: '15003', value: { phoneNumber: '15003', role: 'RoleConferenceMember', state: 'Established' } }],
      left: [{ party: '15001', value: { phoneNumber: '15001', role: 'RoleOrigination', state: 'Established' } }],
      changed: [{ party: '15002', changes: { role: { old: 'RoleDestination', new: 'RoleConferenceMember' } } }],
    });
  });

  it('reads the older string participants, a reordered list as no change, and a repeated party twice', () => {
    assert.deepEqual(diffParticipants(['15001'], ['15001', '15002'], sameValue), { joined: [{ party: '15002', value: '15002' }], left: [], changed: [] });
    assert.equal(diffCalls(call(['15001', '15002']), call(['15002', '15001'])).participants, undefined, 'the same parties in another order');
    assert.deepEqual(diffParticipants([], [{ digits: '5551234' }, { digits: '5551234' }], sameValue)?.joined.map((j) => j.party), ['5551234', '5551234 #2']);
    assert.equal(diffParticipants(undefined, 'x', sameValue), undefined);
    assert.equal(diffCalls(call([{ phoneNumber: '1' }]), call([{ phoneNumber: '1' }])).participants, undefined);
  });

  it('diffs a chat\'s participants the same way', () => {
    const diff = diffEntity('chat', 'ch1', { id: 'ch1', participants: [{ nickname: 'Bob' }] }, { id: 'ch1', participants: [{ nickname: 'Bob' }, { nickname: 'Ann' }] });
    assert.deepEqual(diff.participants?.joined.map((j) => j.party), ['Ann']);
  });

  it('says in the summary who joined, left or changed, the first parties by name', () => {
    const before = call([{ phoneNumber: '15001', role: 'RoleOrigination' }, { phoneNumber: '15002', role: 'RoleDestination' }]);
    const after = call([{ phoneNumber: '15002', role: 'RoleConferenceMember' }, { phoneNumber: '15003' }, { phoneNumber: '15004' }, { phoneNumber: '15005' }]);
    assert.equal(summarizeDiff(diffCalls(before, call([...(before.participants as unknown[]), { phoneNumber: '15003' }]))), 'participants 15003 joined');
    assert.equal(summarizeDiff(diffCalls(before, after)), 'participants 15003 joined, 15004 joined, 15005 joined (+2 more)');
    assert.equal(summarizeDiff(diffCalls(call(['15001']), call(['15002']))), 'participants 15002 joined, 15001 left');
    assert.equal(summarizeDiff(diffCalls(call([{ phoneNumber: '1', role: 'A' }]), call([{ phoneNumber: '1', role: 'B' }]))), 'participants 1 changed role');
    assert.equal(summarizeDiff(diffCalls(call(['15001', '15002']), call(['15002', '15001']))), 'participants changed', 'a reordered list is still named');
  });

  it('a ParticipantsUpdated right after the change it announces names that change; otherwise says "participants unchanged"', () => {
    const log = new StreamLog(100);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const base = recordingStartedMessage().data.call;
    const customer = { phoneNumber: '5550100', digits: '5550100' };
    const agent2 = { phoneNumber: '15001', digits: '15001' };
    // As the simulator's CompleteConference (src/simulator/callModel.ts): StatusChange with the new
    // list, then ParticipantsUpdated with the same list.
    pipeline.ingestNotification(received(callMessage({ ...base, state: 'Held', participants: [customer] }), 1_000));
    const joined = pipeline.ingestNotification(received(callMessage({ ...base, state: 'Established', participants: [customer, agent2] }), 2_000));
    assert.match(joined.summary, /state Held→Established · participants 15001 joined$/);
    const update = pipeline.ingestNotification(received(callMessage({ ...base, state: 'Established', participants: [customer, agent2] }, 'ParticipantsUpdated'), 2_010));
    assert.equal(update.summary, `participants as in #${joined.seq}: 15001 joined`);
    assert.equal(update.diff?.participantsSeq, joined.seq);
    assert.deepEqual(update.diff?.participants?.joined.map((j) => j.party), ['15001']);
    assert.equal(update.changed, false, 'nothing changed at this row: "changes only" hides it');
    assert.equal(update.diff?.fields.participants, undefined);

    const again = pipeline.ingestNotification(received(callMessage({ ...base, state: 'Established', participants: [customer, agent2] }, 'ParticipantsUpdated'), 3_000));
    assert.equal(again.summary, 'participants unchanged', 'not right after a change: nothing to name');
    assert.equal(again.diff?.participants, undefined);
    const left = pipeline.ingestNotification(received(callMessage({ ...base, state: 'Established', participants: [agent2] }, 'ParticipantsUpdated'), 4_000));
    assert.equal(left.summary, 'participants 5550100 left');
    assert.equal(left.diff?.participantsSeq, undefined);
  });

  it('remembers a participants change by its seq and diff only, never the row with its message', () => {
    const pipeline = new Pipeline(new CallStore(), new StreamLog(100), { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const base = recordingStartedMessage().data.call;
    pipeline.ingestNotification(received(callMessage({ ...base, participants: [{ phoneNumber: '5550100' }] }), 1_000));
    const joined = pipeline.ingestNotification(received(callMessage({ ...base, participants: [{ phoneNumber: '5550100' }, { phoneNumber: '15001' }] }), 2_000));
    const kept = [...(pipeline as unknown as { participantsChanges: Map<string, object> }).participantsChanges.values()];
    assert.equal(kept.length, 1);
    assert.deepEqual(Object.keys(kept[0]).sort(), ['participants', 'seq']);
    assert.deepEqual(kept[0], { seq: joined.seq, participants: joined.diff?.participants });
  });
});

describe('participants diff: parties and changes', () => {
  const joined = (after: unknown[]) => diffParticipants([], after, sameValue)?.joined.map((j) => j.party);

  it('names a party by its first filled key, a number by its digits, anything else by its JSON', () => {
    assert.deepEqual(
      joined([
        15001,
        { number: 15002 },
        { phoneNumber: '', digits: '15003' },
        { e164Number: '+15004' },
        { formattedPhoneNumber: '(1) 5005' },
        { id: 'p6', name: 'ignored' },
        { userName: 'agent7' },
        { nickname: 'Bob' },
        { name: 'Ann' },
        { phoneNumber: '15010', id: 'p10' },
        { role: 'RoleObserver' },
        null,
        undefined,
      ]),
      ['15001', '15002', '15003', '+15004', '(1) 5005', 'p6', 'agent7', 'Bob', 'Ann', '15010', '{"role":"RoleObserver"}', 'null', 'undefined'],
    );
  });

  it('numbers a party listed three times', () => {
    assert.deepEqual(joined(['15001', '15001', '15001']), ['15001', '15001 #2', '15001 #3']);
  });

  it('a list on one side only: everybody joined, or everybody left', () => {
    assert.deepEqual(diffParticipants(undefined, ['15001'], sameValue), { joined: [{ party: '15001', value: '15001' }], left: [], changed: [] });
    assert.deepEqual(diffParticipants(['15001'], null, sameValue), { joined: [], left: [{ party: '15001', value: '15001' }], changed: [] });
  });

  it('a change of one party alone is a change; a field that went away changes to undefined', () => {
    assert.deepEqual(diffParticipants([{ phoneNumber: '1', state: 'Dialing', muted: true }], [{ phoneNumber: '1', state: 'Established' }], sameValue), {
      joined: [],
      left: [],
      changed: [{ party: '1', changes: { state: { old: 'Dialing', new: 'Established' }, muted: { old: true, new: undefined } } }],
    });
  });

  it('a party that became an object is changed as a whole value', () => {
    assert.deepEqual(diffParticipants(['15001'], [{ phoneNumber: '15001', role: 'RoleOrigination' }], sameValue)?.changed, [
      { party: '15001', changes: { value: { old: '15001', new: { phoneNumber: '15001', role: 'RoleOrigination' } } } },
    ]);
    assert.deepEqual(diffParticipants([{ phoneNumber: '15001' }], ['15001'], sameValue)?.changed.map((c) => Object.keys(c.changes)), [['value']]);
    assert.deepEqual(diffParticipants([null], [{ name: 'null' }], sameValue)?.changed, [{ party: 'null', changes: { value: { old: null, new: { name: 'null' } } } }], 'null has no fields');
  });

  it('keeps a "__proto__" field of a party as a plain change', () => {
    const before = JSON.parse('[{"phoneNumber":"1","__proto__":{"a":1}}]') as unknown[];
    const after = JSON.parse('[{"phoneNumber":"1","__proto__":{"a":2}}]') as unknown[];
    const changes = diffParticipants(before, after, sameValue)?.changed[0].changes ?? {};
    assert.ok(Object.prototype.hasOwnProperty.call(changes, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(changes, '__proto__')?.value, { old: { a: 1 }, new: { a: 2 } });
    assert.equal(Object.getPrototypeOf(changes), Object.prototype);
  });
});
