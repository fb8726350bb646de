// Participants party by party (src/model/participantsDiff.ts, through diffCalls / diffEntity).
import * as assert from 'node:assert/strict';
import { diffCalls, diffEntity, sameValue } from '../../../src/model/diff';
import { diffParticipants } from '../../../src/model/participantsDiff';
import type { GwsCall } from '../../../src/wire/types';

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
});
