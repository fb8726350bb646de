// Several HTTP sessions of one agent side by side (issue 12: the extension signed in next to
// the agent's own integration): each has its JSESSIONID and CometD client, each receives the
// agent's notifications, and what one does shows in all of them.
import assert from 'node:assert/strict';
import axios from 'axios';
import { BareClient } from '../../support/bareClient';
import { signIn, simulatorPerTest } from './support';

function sessionId(client: BareClient): string {
  const match = /JSESSIONID=([^;]+)/.exec(client.cookieHeader());
  assert.ok(match, 'the client has a session cookie');
  return match[1];
}

describe('simulator: several sessions of one agent', function () {
  const fixture = simulatorPerTest();
  const track = fixture.track;

  /** The agent's "own integration" and the extension: two full sign-ins of agent1. */
  async function twoSessions(): Promise<[BareClient, BareClient]> {
    const integration = track(await signIn(fixture.sim, 'agent1'));
    const extension = track(await signIn(fixture.sim, 'agent1'));
    return [integration, extension];
  }

  it('a second sign-in gets its own session and leaves the first one alive', async () => {
    const [integration, extension] = await twoSessions();
    assert.notEqual(sessionId(integration), sessionId(extension));
    assert.notEqual(integration.csrfToken, extension.csrfToken, 'each session has its own CSRF token');
    assert.equal((await integration.get('/api/v2/me')).status, 200, 'the first session still answers');
    const agent1 = fixture.sim.control.state().users[0];
    assert.equal(agent1.sessions, 2);
    assert.equal(agent1.cometdClients, 2);
    assert.equal(fixture.sim.control.state().users[1].sessions, 0);
  });

  it('an operation through one session is notified to both', async () => {
    const [integration, extension] = await twoSessions();
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await integration.waitForCall(id, 'StatusChange', 'Ringing');
    await extension.waitForCall(id, 'StatusChange', 'Ringing');

    let marks = [integration.notifications.length, extension.notifications.length];
    assert.equal((await integration.op(id, 'Answer')).status, 200);
    await integration.waitForCall(id, 'StatusChange', 'Established', marks[0]);
    await extension.waitForCall(id, 'StatusChange', 'Established', marks[1]);

    marks = [integration.notifications.length, extension.notifications.length];
    assert.equal((await extension.op(id, 'Hold')).status, 200, 'the other session may act on the same call');
    await integration.waitForCall(id, 'StatusChange', 'Held', marks[0]);
    await extension.waitForCall(id, 'StatusChange', 'Held', marks[1]);

    marks = [integration.notifications.length, extension.notifications.length];
    assert.equal((await extension.post('/api/v2/me/channels/voice', { operationName: 'Ready' })).status, 200);
    const ready = (n: { data: Record<string, unknown> }): boolean =>
      n.data.messageType === 'DeviceStateChangeMessage' && (n.data.devices as Array<{ userState: { state: string } }>)[0].userState.state === 'Ready';
    await integration.waitFor(ready, { from: marks[0], what: 'Ready in the first session' });
    await extension.waitFor(ready, { from: marks[1], what: 'Ready in the second session' });
  });

  it('Basic-auth requests without a cookie (a script, another sign-in) do not end the sessions', async () => {
    const integration = track(await signIn(fixture.sim, 'agent1'));
    const before = sessionId(integration);
    for (let i = 0; i < 3; i++) {
      const calls = await axios.get(`${fixture.sim.url}/api/v2/me/calls`, { auth: { username: 'agent1', password: 'agent1' } });
      assert.equal(calls.status, 200);
      assert.match(String(calls.headers['set-cookie']), /JSESSIONID=/, 'each gets a session of its own');
    }
    // The same cookie with Basic again (a re-sign-in of that client) keeps its session.
    assert.equal((await integration.login('agent1')).status, 200);
    assert.equal(sessionId(integration), before);
    assert.equal((await integration.get('/api/v2/me')).status, 200);
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await integration.waitForCall(id, 'StatusChange', 'Ringing');
  });

  it('StartContactCenterSession from the second session is harmless when the agent is logged in', async () => {
    const integration = track(await signIn(fixture.sim, 'agent1'));
    assert.equal((await integration.post('/api/v2/me/channels/voice', { operationName: 'Ready' })).status, 200);
    const extension = track(await signIn(fixture.sim, 'agent1'));
    const voice = fixture.sim.control.state().users[0].voice;
    assert.equal(voice.agentState, 'Ready', 'the agent state set by the integration is kept');
    assert.equal(voice.place, 'Place_15000');
    assert.equal(voice.acdPosition, '15000');
    const device = (await extension.get('/api/v2/me/devices?fields=*')).data.devices[0];
    assert.equal(device.userState.state, 'Ready');
  });

  it('EndContactCenterSession through one session logs the agent out everywhere but ends only that session', async () => {
    const [integration, extension] = await twoSessions();
    const since = fixture.sim.control.requests().at(-1)?.seq ?? 0;
    const mark = integration.notifications.length;
    assert.equal((await extension.post('/api/v2/me', { operationName: 'EndContactCenterSession' })).status, 200);
    // (The second sign-in's own NotReady may still be on its way to the first session.)
    await integration.waitFor(
      (n) => n.data.messageType === 'DeviceStateChangeMessage' && (n.data.devices as Array<{ userState: { state: string } }>)[0].userState.state === 'LoggedOut',
      { from: mark, what: 'LoggedOut in the other session' },
    );
    assert.equal((await extension.get('/api/v2/me')).status, 401, 'the session that sent it is over');
    assert.equal((await integration.get('/api/v2/me')).status, 200, 'the other one is not');
    assert.equal(fixture.sim.control.state().users[0].sessions, 1);
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await integration.waitForCall(id, 'StatusChange', 'Ringing');
    // The request log tells which session sent it, so a test can assert who did (or that nobody did).
    const ends = fixture.sim.control.requests(since).filter((r) => (r.body as { operationName?: string }).operationName === 'EndContactCenterSession');
    assert.equal(ends.length, 1);
    assert.match(String(ends[0].headers.cookie), new RegExp(`JSESSIONID=${sessionId(extension)}`));
  });
});
