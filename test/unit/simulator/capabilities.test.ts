// The capability table on its own: the documented sets and the consult rules.
import assert from 'node:assert/strict';
import { capabilitiesFor } from '../../../src/simulator/capabilities';
import { readSample, sorted } from './support';

describe('simulator capability table', () => {
  it('Established while recording is exactly sample 03, Held exactly sample 04', () => {
    const recording = capabilitiesFor({ state: 'Established', recording: 'Recording', muted: false, conferenceOwner: false });
    assert.deepEqual(recording, readSample('03-call-recording-state-change-notification.json').data.call.capabilities);
    const held = capabilitiesFor({ state: 'Held', muted: false, conferenceOwner: false });
    assert.deepEqual(held, readSample('04-hold-status-change-notification.json').data.call.capabilities);
  });

  it('Released offers nothing; muted calls always offer UnmuteCall', () => {
    assert.deepEqual(capabilitiesFor({ state: 'Released', muted: false, conferenceOwner: false }), []);
    assert.ok(capabilitiesFor({ state: 'Established', recording: 'Recording', muted: true, conferenceOwner: false }).includes('UnmuteCall'));
  });

  it('a consult pair swaps and completes from the main call only', () => {
    const main = capabilitiesFor({ state: 'Held', muted: false, conferenceOwner: false, consult: { role: 'main', kind: 'conference', otherState: 'Established' } });
    assert.ok(main.includes('SwapCalls') && main.includes('CompleteConference') && !main.includes('CompleteTransfer'));
    assert.ok(!main.includes('InitiateConference'));
    const consult = capabilitiesFor({ state: 'Established', muted: false, conferenceOwner: false, consult: { role: 'consult', kind: 'conference', otherState: 'Held' } });
    assert.ok(consult.includes('SwapCalls') && !consult.includes('CompleteConference'));
    const stillDialing = capabilitiesFor({ state: 'Held', muted: false, conferenceOwner: false, consult: { role: 'main', kind: 'transfer', otherState: 'Dialing' } });
    assert.deepEqual(sorted(stillDialing.filter((op) => op.startsWith('Complete') || op === 'SwapCalls')), []);
  });
});
