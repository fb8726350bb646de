import * as assert from 'node:assert/strict';
import { callIdFromUrl, readErrorMessage } from '../../../src/wire/errorMessage';

describe('readErrorMessage (docs/gws-notes.md#errormessage)', () => {
  it('reads the text, code, call, operation and reference from the fields it knows', () => {
    assert.deepEqual(
      readErrorMessage({
        messageType: 'ErrorMessage',
        errorCode: 56,
        errorMessage: 'Invalid destination',
        operationName: 'SingleStepTransfer',
        callId: 'C1',
        referenceId: 17,
      }),
      { text: 'Invalid destination', code: 56, callId: 'C1', operationName: 'SingleStepTransfer', referenceId: 17 },
    );
  });

  it('reads a nested error object, and a call from its URI only', () => {
    const info = readErrorMessage({
      messageType: 'ErrorMessage',
      error: { code: 4, message: 'Voice service is not available at this time' },
      callUri: 'http://gws/api/v2/me/calls/01RCC3N1%2FX',
      requestId: 'req-9',
    });
    assert.deepEqual(info, { text: 'Voice service is not available at this time', code: 4, callId: '01RCC3N1/X', referenceId: 'req-9' });
  });

  it('invents nothing: no call id from a device or collection URI, a connId or a phone number; no operation from the message type', () => {
    const info = readErrorMessage({
      messageType: 'ErrorMessage',
      uri: 'http://gws/api/v2/me/devices/d1/calls',
      connId: '007102719260b012',
      phoneNumber: '15000',
      call: ['not', 'an', 'object'],
      errorCode: { nested: true },
    });
    assert.equal(info.callId, undefined);
    assert.equal(info.operationName, undefined);
    assert.equal(info.code, undefined, 'an object is not a code');
    assert.equal(info.text, undefined);
    assert.equal('referenceId' in info, false);
  });

  it('callIdFromUrl takes the segment after /calls/ and nothing else', () => {
    assert.equal(callIdFromUrl('http://h/api/v2/me/calls/ABC?fields=*'), 'ABC');
    assert.equal(callIdFromUrl('/calls/ABC'), 'ABC');
    assert.equal(callIdFromUrl('http://h/api/v2/me/calls'), undefined);
    assert.equal(callIdFromUrl('http://h/api/v2/me/chats/ABC'), undefined);
  });
});
