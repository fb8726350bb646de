import * as assert from 'node:assert/strict';
import { hostOf, overallState, sessionLabel, stateText } from '../../../src/session/sessionSummary';

describe('what several sessions add up to', () => {
  it('the best state wins: one connected session is enough to run commands', () => {
    assert.equal(overallState([]), 'signedOut');
    assert.equal(overallState(['signedOut', 'signedOut']), 'signedOut');
    assert.equal(overallState(['failed', 'connected']), 'connected');
    assert.equal(overallState(['signedOut', 'reconnecting', 'signingIn']), 'reconnecting');
    assert.equal(overallState(['signedOut', 'signingIn', 'failed']), 'signingIn');
    assert.equal(overallState(['signedOut', 'failed']), 'failed');
  });

  it('names a session by its user and host', () => {
    assert.equal(sessionLabel({ user: 'agent1', url: 'https://gws.example:8443' }), 'agent1 @ gws.example:8443');
    assert.equal(hostOf('not a url'), 'not a url');
    assert.equal(stateText('connected'), 'Connected');
    assert.equal(stateText('failed'), 'Session lost');
  });
});
