// The page's compare-with-now request is checked before the host uses it (pageRequests.ts).
import * as assert from 'node:assert/strict';
import { checkCompareNowRequest } from '../../../../src/webviews/inspector/pageRequests';

describe('inspector: compare-with-now request from the page', () => {
  it('passes a row seq and a call id on', () => {
    assert.deepEqual(checkCompareNowRequest({ type: 'requestCompareNow', seq: 12, callId: 'c1' }), { seq: 12, callId: 'c1' });
  });

  it('refuses a seq or call id of another type, saying which', () => {
    for (const seq of ['12', 1.5, null, undefined, Number.NaN]) {
      assert.throws(() => checkCompareNowRequest({ seq, callId: 'c1' }), /has no row seq/, String(seq));
    }
    for (const callId of [7, '', null, undefined, { id: 'c1' }]) {
      assert.throws(() => checkCompareNowRequest({ seq: 3, callId }), /has no call id/, String(callId));
    }
    assert.throws(() => checkCompareNowRequest(null), /has no row seq/);
  });
});
