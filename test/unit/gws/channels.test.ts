// Every channel of the user reaches the session: chat, email and workitem messages as well as
// calls, with the wildcard the public clients use, or by name where a server refuses it.
import * as assert from 'node:assert/strict';
import { GwsSession, type GwsSessionOptions } from '../../../src/gws/gwsSession';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator';
import { Recorder, SimControl, waitFor } from './support';

const open: Array<{ session: GwsSession; sim: RunningSimulator }> = [];

async function signedIn(simOptions: SimulatorOptions = {}, sessionOptions: Partial<GwsSessionOptions> = {}) {
  const sim = await startSimulator({ port: 0, scenario: 'none', ...simOptions });
  const recorder = new Recorder();
  const session = new GwsSession({ baseUrl: sim.url, userName: 'agent1', password: 'agent1', log: recorder.log, ...sessionOptions });
  recorder.attach(session);
  open.push({ session, sim });
  await session.signIn();
  return { sim, session, recorder, control: new SimControl(sim.url) };
}

function subscribed(recorder: Recorder): string[] {
  return recorder.meta.filter((m) => m.type === 'subscribe' && m.channel).map((m) => m.channel!).sort();
}

/** Publishes one message of each medium and a call, and waits until the session has them all. */
async function everyMedium(h: Awaited<ReturnType<typeof signedIn>>): Promise<string[]> {
  for (const kind of ['chat', 'email', 'workitem'] as const) h.sim.control.publishMedia({ user: 'agent1', kind, userData: { CaseId: `C-${kind}` } });
  const callId = await h.control.createCall({ to: 'agent1' });
  const channels = () => h.recorder.notifications.map((n) => n.message.channel);
  await waitFor('a chat, an email, a workitem and a call', () =>
    ['/v2/me/chats', '/v2/me/emails', '/v2/me/workitems', '/v2/me/calls'].every((c) => channels().includes(c)),
  );
  assert.ok(h.recorder.notifications.some((n) => JSON.stringify(n.message.data).includes(callId)));
  return channels();
}

describe('GwsSession: every channel', function () {
  this.timeout(30_000);

  afterEach(async () => {
    for (const { session, sim } of open.splice(0)) {
      session.dispose();
      await sim.stop();
    }
  });

  it('subscribes to every channel of the user with one wildcard and receives chats, emails, workitems and calls', async () => {
    const h = await signedIn();
    assert.deepEqual(subscribed(h.recorder), ['/v2/me/*']);
    const channels = await everyMedium(h);
    assert.equal(new Set(channels.filter((c) => c === '/v2/me/chats')).size, 1);
  });

  it('subscribes by name when the server refuses the wildcard, and still receives every medium', async () => {
    const h = await signedIn({ refuseWildcardSubscriptions: true });
    const names = subscribed(h.recorder);
    for (const channel of ['/v2/me/calls', '/v2/me/devices', '/v2/me/channels', '/v2/me/chats', '/v2/me/emails', '/v2/me/workitems']) {
      assert.ok(names.includes(channel), `subscribed to ${channel}: ${names.join(', ')}`);
    }
    assert.ok(h.recorder.meta.some((m) => m.type === 'subscribe' && /refused \/v2\/me\/\*; subscribing to .* by name instead/.test(m.text)));
    await everyMedium(h);
    assert.equal(h.session.state, 'connected');
  });

  it('subscribes to the channels it is given, and only those', async () => {
    const h = await signedIn({}, { channels: ['/v2/me/calls', '/v2/me/devices'] });
    assert.deepEqual(subscribed(h.recorder), ['/v2/me/calls', '/v2/me/devices']);
    h.sim.control.publishMedia({ user: 'agent1', kind: 'chat' });
    const callId = await h.control.createCall({ to: 'agent1' });
    await waitFor('the call', () => h.recorder.notifications.some((n) => JSON.stringify(n.message.data).includes(callId)));
    assert.ok(!h.recorder.notifications.some((n) => n.message.channel === '/v2/me/chats'), 'no chat on an unsubscribed channel');
  });
});
