import * as assert from 'node:assert/strict';
import { callName } from '../../../src/model/callName';
import { heldCall, legacyCall, recordingCall } from '../gws/samples';

describe('callName: one name per call (other party and short id)', () => {
  it('names a call by its participant objects (newer GWS) and the end of its id', () => {
    const call = recordingCall({ id: '01RCC3N118B1V0SL8O7GK2LAES00000V' });
    assert.deepEqual(callName(call), { party: '15001', shortId: '00000V', text: '15001 · 00000V' });
    const formatted = recordingCall({ id: 'RD5GABCDEF00000A', participants: [{ digits: '15001', formattedPhoneNumber: '+1 500 1' }] });
    assert.equal(callName(formatted).text, '+1 500 1 · 00000A');
  });

  it('names a call by its string participants and participantsInfo (older 8.5.x)', () => {
    assert.equal(callName(legacyCall({ id: 'LEGACY0000000B' })).text, '1 (500) 1 · 00000B');
    assert.equal(callName(legacyCall({ id: 'LEGACY0000000B', participantsInfo: undefined })).text, '15001 · 00000B');
  });

  it('falls back to ani, then dnis, and skips the agent\'s own number', () => {
    assert.equal(callName(heldCall({ id: 'X00000000000C1', participants: [], ani: '5551234' })).text, '5551234 · 0000C1');
    assert.equal(callName(heldCall({ id: 'X00000000000C2', participants: undefined, ani: undefined, dnis: '15009' })).text, '15009 · 0000C2');
    assert.equal(callName(heldCall({ id: 'X00000000000C3', participants: ['15000', '15002'] }), '15000').party, '15002');
  });

  it('tolerates missing parties and fields: the short id alone', () => {
    const bare = { id: 'IN00000000000A' };
    assert.deepEqual(callName(bare), { party: undefined, shortId: '00000A', text: 'call 00000A' });
    assert.equal(callName(heldCall({ id: 'IN00000000000A', participants: [{}, 7 as unknown as string], ani: '', dnis: undefined })).text, 'call 00000A');
    assert.equal(callName(heldCall({ id: 'IN00000000000A', participants: undefined, ani: undefined, dnis: '15000' }), '15000').text, 'call 00000A');
    assert.deepEqual(callName({}), { party: undefined, shortId: '', text: 'call ' }, 'a call without id or parties is still named, with no made-up id');
    assert.equal(callName({ id: 42 as unknown as string, ani: '5551234' }).text, '5551234 · ', 'an id that is not text is no id');
  });

  it('names a call id alone the same way as the call (the same short id)', () => {
    const call = recordingCall({ id: 'RD5G0000IN00000A' });
    assert.equal(callName('RD5G0000IN00000A').shortId, callName(call).shortId);
    assert.equal(callName('RD5G0000IN00000A').text, 'call 00000A');
    assert.equal(callName('abc').text, 'call abc');
  });
});
