import * as assert from 'node:assert/strict';
import { callStateOf, isLive, otherParty, participantsOf, shortCallId } from '../../../src/wire/callReader';
import { heldCall, legacyCall, recordingCall } from '../gws/samples';

describe('call readers', () => {
  it('reads participant objects (newer GWS)', () => {
    assert.deepEqual(participantsOf(recordingCall()), [{ number: '15001', label: '15001' }]);
    assert.equal(otherParty(recordingCall()), '15001');
    const formatted = recordingCall({ participants: [{ digits: '15001', formattedPhoneNumber: '+1 500 1' }] });
    assert.deepEqual(participantsOf(formatted), [{ number: '15001', label: '+1 500 1' }]);
  });

  it('reads string participants with participantsInfo (older 8.5.x), array or map', () => {
    assert.deepEqual(participantsOf(legacyCall()), [{ number: '15001', label: '1 (500) 1' }]);
    const mapped = legacyCall({ participantsInfo: { '15001': { formattedPhoneNumber: 'Bob 15001' } } });
    assert.equal(otherParty(mapped), 'Bob 15001');
    assert.deepEqual(participantsOf(legacyCall({ participantsInfo: undefined })), [{ number: '15001', label: '15001' }]);
  });

  it('skips the agent own number and unreadable entries; falls back to ani then dnis', () => {
    const conference = heldCall({ participants: ['15000', { phoneNumber: '15002' }, 7 as unknown as string, {}] });
    assert.equal(otherParty(conference, '15000'), '15002');
    assert.equal(otherParty(heldCall({ participants: [], ani: '5551234' })), '5551234');
    assert.equal(otherParty(heldCall({ participants: undefined, dnis: '15009' })), '15009');
    assert.equal(otherParty(heldCall({ participants: undefined, dnis: '15000' }), '15000'), undefined);
  });

  it('shortens long ids to their end (where two calls of one server differ)', () => {
    assert.equal(shortCallId('01RCC3N118B1V0SL8O7GK2LAES00000V'), '00000V');
    assert.equal(shortCallId('abcdef'), 'abcdef');
    assert.equal(shortCallId('abc'), 'abc');
  });

  it('passes unknown states through and knows Released is not live', () => {
    assert.equal(callStateOf(heldCall()), 'Held');
    assert.equal(callStateOf(heldCall({ state: 'Queued' })), 'Queued');
    assert.equal(callStateOf(heldCall({ state: undefined })), 'Unknown');
    assert.equal(isLive(heldCall()), true);
    assert.equal(isLive(heldCall({ state: 'Released' })), false);
  });
});
