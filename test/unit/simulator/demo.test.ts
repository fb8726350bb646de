// Scenario "demo": calls ring for agent1 and the router attaches data; nobody answers them.
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../../src/simulator/index';
import type { BareClient } from '../../support/bareClient';
import { signIn, startTestSimulator } from './support';

describe('simulator demo scenario', function () {
  let sim: RunningSimulator;
  let agent1: BareClient;

  before(async () => {
    sim = await startTestSimulator({ scenario: 'demo' });
    agent1 = await signIn(sim, 'agent1');
  });
  after(async () => {
    await agent1?.disconnect();
    await sim?.stop();
  });

  it('rings an inbound call for agent1, then the router attaches data, and does not answer it', async () => {
    const ringing = await agent1.waitFor((n) => n.data.call?.state === 'Ringing' && n.data.call?.callType === 'Inbound', { timeoutMs: 10_000, what: 'a demo call' });
    const id = String(ringing.data.call?.id);
    const routed = await agent1.waitFor((n) => n.data.call?.id === id && n.data.notificationType === 'AttachedDataChanged', { timeoutMs: 10_000, what: 'router data' });
    const userData = routed.data.call?.userData as Record<string, unknown>;
    assert.ok(userData.CustomerSegment && userData.ServiceType, JSON.stringify(userData));
    assert.equal(routed.data.call?.state, 'Ringing', 'the scenario never answers for the agent');
  });
});
