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

describe('simulator demo scenario: answered calls', function () {
  let sim: RunningSimulator;
  let agent1: BareClient;

  // Two calls 100 ms apart whose callers give up after 4 s unless answered: the first caller's
  // time runs out before the second's, and 4 s leaves a loaded machine time to answer the first
  // (with 1.5 s, a CI run under load answered after the caller had gone: 404).
  before(async () => {
    sim = await startTestSimulator({ scenario: 'demo', demoTimings: { firstCallMs: 10, nextCallMs: [100, 100], abandonMs: [4000, 4000] } });
    agent1 = await signIn(sim, 'agent1');
  });
  after(async () => {
    await agent1?.disconnect();
    await sim?.stop();
  });

  it('keeps an answered call until the agent hangs up, and abandons an unanswered one', async () => {
    const isDemoRinging = (n: { data: { call?: Record<string, unknown> } }): boolean => n.data.call?.state === 'Ringing' && n.data.call?.callType === 'Inbound';
    const first = await agent1.waitFor(isDemoRinging, { what: 'the first demo call' });
    const answeredId = String(first.data.call?.id);
    assert.equal((await agent1.op(answeredId, 'Answer')).status, 200);
    await agent1.waitForCall(answeredId, 'StatusChange', 'Established');
    const second = await agent1.waitFor((n) => isDemoRinging(n) && n.data.call?.id !== answeredId, { what: 'the second demo call' });
    const ringingId = String(second.data.call?.id);

    // The second caller gives up after the first one's caller would have: by then the
    // scenario has decided about both.
    await agent1.waitForCall(ringingId, 'StatusChange', 'Released');
    const answered = sim.control.state().calls.find((call) => call.id === answeredId);
    assert.equal(answered?.state, 'Established', 'the answered demo call is still up');

    assert.equal((await agent1.op(answeredId, 'Hangup')).status, 200);
    await agent1.waitForCall(answeredId, 'StatusChange', 'Released');
  });
});
