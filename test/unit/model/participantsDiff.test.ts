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
});
