// The number the prompts suggest must answer on the built-in simulator, and "no call allows
// it" must say why (issue 15, items 2).
import * as assert from 'node:assert/strict';
import { noCallAllowsText, SUGGESTED_NUMBER } from '../../../src/commands/operationHints';
import type { RunningSimulator } from '../../../src/simulator/index';
import type { BareClient } from '../../support/bareClient';
import { establishedInbound, signIn, startTestSimulator } from '../simulator/support';

describe('operation hints', () => {
  describe('the suggested number, on the built-in simulator', function () {
    let sim: RunningSimulator;
    let agent1: BareClient;

    before(async () => {
      sim = await startTestSimulator();
      agent1 = await signIn(sim, 'agent1');
    });
    after(async () => {
      await agent1?.disconnect();
      await sim?.stop();
    });

    it('answers a Make Call (Dial)', async () => {
      const devices = await agent1.get('/api/v2/me/devices?fields=*');
      const mark = agent1.notifications.length;
      const response = await agent1.post(`/api/v2/me/devices/${devices.data.devices[0].id}/calls`, { operationName: 'Dial', destination: { phoneNumber: SUGGESTED_NUMBER } });
      assert.equal(response.status, 200);
      const dialing = await agent1.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark, what: 'the dialled call' });
      const id = String(dialing.data.call?.id);
      await agent1.waitForCall(id, 'StatusChange', 'Established', mark);
      await agent1.op(id, 'Hangup');
      await agent1.waitForCall(id, 'StatusChange', 'Released', mark);
    });

    it('answers an Initiate Conference, so that Complete Conference is offered', async () => {
      const main = await establishedInbound(sim, agent1, 'agent1');
      const mark = agent1.notifications.length;
      assert.equal((await agent1.op(main, 'InitiateConference', { destination: { phoneNumber: SUGGESTED_NUMBER } })).status, 200);
      const consult = await agent1.waitFor((n) => n.data.call?.callType === 'Consult', { from: mark, what: 'the consultation call' });
      await agent1.waitForCall(String(consult.data.call?.id), 'StatusChange', 'Established', mark);
      // The main call offers it (docs/gws-notes.md#call-operations).
      await agent1.waitFor((n) => n.data.call?.id === main && Boolean((n.data.call?.capabilities as string[] | undefined)?.includes('CompleteConference')), {
        from: mark,
        what: 'CompleteConference on the main call',
      });
    });
  });

  describe('noCallAllowsText', () => {
    it('says there are no calls', () => {
      assert.equal(noCallAllowsText('CompleteConference', []), 'Complete Conference: there are no live calls.');
    });

    it('lists the live calls with their states and what the operation needs', () => {
      const text = noCallAllowsText('CompleteConference', [
        { id: 'held-call-with-a-long-id-0001', state: 'Held', ani: '5551234', capabilities: ['Retrieve'] },
        { id: 'CONSULT000002', state: 'Dialing', dnis: '15001', capabilities: ['Hangup'] },
      ]);
      assert.match(text, /^Complete Conference needs a consultation call \(Initiate Conference\) that the other party has answered/);
      assert.match(text, /none of the 2 live calls offers it now: 5551234 · d-0001 \(Held\), 15001 · 000002 \(Dialing\)\./);
      assert.match(text, /still Dialing/);
    });

    it('names the call by its short id when it has no other party, and falls back to the capabilities', () => {
      const text = noCallAllowsText('StartCallRecording', [{ id: '01RCC3N118B1V0SL8O7GK2LAES00000V', state: 'Established' }]);
      assert.equal(text, 'Start Call Recording needs a call whose capabilities list it; the live call does not offer it now: call 00000V (Established).');
    });
  });
});
