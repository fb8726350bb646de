// CometD at /api/v2/notifications: authentication, per-user privacy, websocket, the
// faults (drop, restart, expire, malformed), benchmark publishing and the control API.
import assert from 'node:assert/strict';
import axios from 'axios';
import { BareClient, eventually } from '../../support/bareClient';
import { establishedInbound, signIn, simulatorPerTest } from './support';

describe('simulator: CometD and faults', function () {
  const fixture = simulatorPerTest();
  const track = fixture.track;

  it('refuses a handshake without a valid session with 401::Unauthorized', async () => {
    const anonymous = new BareClient(fixture.sim.url);
    await assert.rejects(anonymous.connect(), /401::Unauthorized/);
    const forged = new BareClient(fixture.sim.url);
    await forged.jar.setCookie('JSESSIONID=forged', fixture.sim.url);
    await assert.rejects(forged.connect(), /401::Unauthorized/);
    assert.equal(fixture.sim.control.state().cometdClients, 0);
  });

  it("delivers a user's notifications to that user's clients only", async () => {
    const agent1 = track(await signIn(fixture.sim, 'agent1'));
    const agent2 = track(await signIn(fixture.sim, 'agent2'));
    const second1 = track(new BareClient(fixture.sim.url));
    await second1.login('agent1');
    await second1.connect();
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await agent1.waitForCall(id, 'StatusChange', 'Ringing');
    await second1.waitForCall(id, 'StatusChange', 'Ringing');
    // A notification for agent2 afterwards proves agent2's stream was flowing meanwhile.
    const other = fixture.sim.control.createInboundCall({ to: 'agent2' });
    await agent2.waitForCall(other, 'StatusChange', 'Ringing');
    assert.ok(!agent2.notifications.some((n) => n.data.call?.id === id), 'agent2 never saw the call of agent1');
    assert.ok(!agent1.notifications.some((n) => n.data.call?.id === other));
  });

  it('works over the websocket transport', async () => {
    const since = fixture.sim.control.requests().at(-1)?.seq ?? 0;
    const client = track(await signIn(fixture.sim, 'agent1', 'websocket'));
    assert.equal(client.transportType(), 'websocket');
    const upgrade = fixture.sim.control.requests(since).find((r) => r.path.startsWith('/api/v2/notifications') && r.httpStatus === 101);
    assert.ok(upgrade, 'the websocket upgrade was accepted');
    assert.match(String(upgrade.headers.cookie), /JSESSIONID=/);
    const id = await establishedInbound(fixture.sim, client, 'agent1');
    const mark = client.notifications.length;
    await client.op(id, 'Hold');
    await client.waitForCall(id, 'StatusChange', 'Held', mark);
  });

  it('drop-connections: clients re-handshake and keep receiving', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    const handshakes = client.handshakes.length;
    const rounds = client.subscribedRounds;
    const response = await axios.post(`${fixture.sim.url}/sim/faults/drop-connections`);
    assert.deepEqual(response.data, { statusCode: 0 });
    await client.resubscribed(rounds);
    assert.ok(client.handshakes.length > handshakes);
    await eventually(async () => fixture.sim.control.state().cometdClients === 1, 8000, 'the client to be back');
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await client.waitForCall(id, 'StatusChange', 'Ringing');
  });

  it('restart: same port, sessions lost, calls kept; signing in again recovers', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    const id = await establishedInbound(fixture.sim, client, 'agent1');
    const handshakes = client.handshakes.length;
    const rounds = client.subscribedRounds;
    const response = await axios.post(`${fixture.sim.url}/sim/faults/restart`);
    assert.deepEqual(response.data, { statusCode: 0 });
    assert.equal(fixture.sim.control.state().sessions, 0);
    assert.ok(fixture.sim.control.state().calls.some((c) => c.id === id), 'the call survived');
    assert.equal((await client.get('/api/v2/me')).status, 401, 'the old cookie is dead');
    // cometd notices: its re-handshake is refused until the client signs in again.
    await client.until(() => client.handshakes.slice(handshakes).some((h) => h.error === '401::Unauthorized'), 8000, 'a refused handshake');
    assert.equal((await client.login('agent1')).status, 200);
    await client.resubscribed(rounds);
    assert.equal((await client.get(`/api/v2/me/calls/${id}`)).data.call.state, 'Established');
    const mark = client.notifications.length;
    await client.op(id, 'Hold');
    await client.waitForCall(id, 'StatusChange', 'Held', mark);
  });

  it('restart in-process keeps the URL working', async () => {
    await fixture.sim.control.restart();
    const version = await axios.get(`${fixture.sim.url}/api/v2/diagnostics/version`);
    assert.equal(version.data.statusCode, 0);
  });

  it('expire-sessions: REST answers 401 and CometD re-handshakes only after a new sign-in', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    const handshakes = client.handshakes.length;
    const rounds = client.subscribedRounds;
    await axios.post(`${fixture.sim.url}/sim/faults/expire-sessions`);
    assert.equal((await client.get('/api/v2/me')).status, 401);
    await client.until(() => client.handshakes.slice(handshakes).some((h) => h.error === '401::Unauthorized'), 8000, 'a refused handshake');
    assert.equal(client.subscribedRounds, rounds, 'no stream without a session');
    await client.login('agent1');
    await client.resubscribed(rounds);
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await client.waitForCall(id, 'StatusChange', 'Ringing');
  });

  it('malformed-notification publishes a call message without a call, or a bare string', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    let mark = client.notifications.length;
    await axios.post(`${fixture.sim.url}/sim/faults/malformed-notification`, { user: 'agent1' });
    const noCall = await client.waitFor((n) => n.channel === '/v2/me/calls', { from: mark });
    assert.equal(noCall.data.messageType, 'CallStateChangeMessage');
    assert.equal(noCall.data.call, undefined);
    mark = client.notifications.length;
    fixture.sim.control.publishMalformed({ kind: 'string' });
    const text = await client.waitFor((n) => n.channel === '/v2/me/calls', { from: mark });
    assert.equal(typeof text.data, 'string');
  });

  it('publish: a burst of realistic notifications with serverGenerationTimestamp, to that user only', async () => {
    const agent1 = track(await signIn(fixture.sim, 'agent1'));
    const agent2 = track(await signIn(fixture.sim, 'agent2'));
    const mark = agent1.notifications.length;
    const before = Date.now();
    const response = await axios.post(`${fixture.sim.url}/sim/publish`, { user: 'agent1', count: 2000, calls: 10 });
    assert.equal(response.data.statusCode, 0);
    assert.equal(response.data.sent, 2000);
    assert.equal(typeof response.data.elapsedMs, 'number');
    await agent1.until(() => agent1.notifications.length - mark >= 2000, 15000, '2000 notifications');
    const burst = agent1.notifications.slice(mark);
    const sample = burst[0];
    assert.equal(sample.data.messageType, 'CallStateChangeMessage');
    assert.equal(Object.keys(sample.data.call?.userData ?? {}).length, 20);
    assert.equal((sample.data.call?.capabilities as string[]).length, 13);
    const size = JSON.stringify(sample).length;
    assert.ok(size > 1500 && size < 3000, `about 2 KB, got ${size}`);
    const ids = new Set(burst.map((n) => n.data.call?.id));
    assert.equal(ids.size, 10);
    const stamp = (sample.data.metrics as { serverGenerationTimestamp: number }).serverGenerationTimestamp;
    assert.ok(stamp >= before && stamp <= Date.now());
    const seqs = burst.map((n) => (n.data.call?.userData as { BenchSeq: number }).BenchSeq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in order');
    // A later notification for agent2: anything of the burst would have arrived before it.
    const marker = fixture.sim.control.createInboundCall({ to: 'agent2' });
    await agent2.waitForCall(marker, 'StatusChange', 'Ringing');
    assert.ok(!agent2.notifications.some((n) => n.data.metrics !== undefined), 'agent2 got none of them');
  });

  it('publish: paced at a rate', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    const result = await fixture.sim.control.publish({ count: 100, ratePerSecond: 500 });
    assert.equal(result.sent, 100);
    assert.ok(result.elapsedMs >= 150, `100 at 500/s takes about 200 ms, took ${result.elapsedMs}`);
    await client.until(() => client.notifications.filter((n) => n.data.metrics).length === 100, 8000, '100 paced notifications');
  });

  it('control API over HTTP: calls, user data, remote hang-up, state and errors', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    const created = await axios.post(`${fixture.sim.url}/sim/calls`, { to: '15000', from: '5552222', userData: { Lang: 'en' }, state: 'Established' });
    assert.equal(created.data.statusCode, 0);
    const id = created.data.id as string;
    const established = await client.waitForCall(id, 'StatusChange', 'Established');
    assert.deepEqual(established.data.call?.userData, { Lang: 'en' });
    let mark = client.notifications.length;
    await axios.post(`${fixture.sim.url}/sim/calls/${id}/user-data`, { userData: { Lang: 'fr' }, mode: 'attach' });
    const attached = await client.waitForCall(id, 'AttachedDataChanged', undefined, mark);
    assert.deepEqual(attached.data.call?.userData, { Lang: 'en' }, 'attach duplicates: first value shown');
    const state = (await axios.get(`${fixture.sim.url}/sim/state`)).data;
    assert.deepEqual(state.users.map((u: { userName: string }) => u.userName), ['agent1', 'agent2', 'agent3', 'supervisor1']);
    assert.equal(state.users[0].loggedIn, true);
    assert.equal(state.calls[0].id, id);
    assert.equal(state.calls[0].userName, 'agent1');
    assert.equal(state.sessions, 1);
    mark = client.notifications.length;
    await axios.post(`${fixture.sim.url}/sim/calls/${id}/remote-hangup`);
    await client.waitForCall(id, 'StatusChange', 'Released', mark);
    const gone = await axios.post(`${fixture.sim.url}/sim/calls/${id}/remote-hangup`, {}, { validateStatus: () => true });
    assert.equal(gone.status, 404);
    assert.equal(gone.data.statusCode, 6);
    const bad = await axios.post(`${fixture.sim.url}/sim/calls`, { to: 'nobody' }, { validateStatus: () => true });
    assert.equal(bad.status, 404);
    const missing = await axios.post(`${fixture.sim.url}/sim/calls`, {}, { validateStatus: () => true });
    assert.equal(missing.data.statusCode, 1);
  });

  it('reset releases every call and logs agents out', async () => {
    const client = track(await signIn(fixture.sim, 'agent1'));
    const id = fixture.sim.control.createInboundCall({ to: 'agent1' });
    await client.waitForCall(id, 'StatusChange', 'Ringing');
    const mark = client.notifications.length;
    await axios.post(`${fixture.sim.url}/sim/reset`);
    await client.waitForCall(id, 'StatusChange', 'Released', mark);
    assert.deepEqual(fixture.sim.control.state().calls, []);
    assert.equal(fixture.sim.control.state().users[0].loggedIn, false);
  });
});
