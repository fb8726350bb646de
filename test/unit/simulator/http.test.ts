// The /api/v2 HTTP surface: authentication, session cookie, CSRF, Origin, reads,
// agent state and device operations, injected failures and the request log.
import assert from 'node:assert/strict';
import axios from 'axios';
import type { RunningSimulator } from '../../../src/simulator/index';
import { BareClient, eventually } from '../../support/bareClient';
import { FakeSessionClock, signIn, startTestSimulator } from './support';

const ACCESS_DENIED = { statusCode: 20, statusMessage: 'Access denied' };

describe('simulator: HTTP API', function () {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startTestSimulator();
  });
  after(() => sim?.stop());
  afterEach(() => sim.control.reset());

  it('answers the version probe without authentication', async () => {
    const response = await axios.get(`${sim.url}/api/v2/diagnostics/version`);
    assert.equal(response.status, 200);
    assert.equal(response.data.statusCode, 0);
    assert.equal(typeof response.data.version, 'string');
  });

  it('refuses missing and wrong credentials alike with 401 / statusCode 20', async () => {
    const none = await axios.get(`${sim.url}/api/v2/me`, { validateStatus: () => true });
    assert.equal(none.status, 401);
    assert.deepEqual(none.data, ACCESS_DENIED);
    const wrongPassword = await axios.get(`${sim.url}/api/v2/me`, { auth: { username: 'agent1', password: 'nope' }, validateStatus: () => true });
    const wrongUser = await axios.get(`${sim.url}/api/v2/me`, { auth: { username: 'nobody', password: 'agent1' }, validateStatus: () => true });
    assert.equal(wrongPassword.status, 401);
    assert.deepEqual(wrongPassword.data, ACCESS_DENIED);
    assert.deepEqual(wrongUser.data, wrongPassword.data, 'does not reveal which part was wrong');
    assert.equal(wrongPassword.headers['set-cookie'], undefined);
  });

  it('Basic auth creates a JSESSIONID session; the cookie alone is then enough', async () => {
    const client = new BareClient(sim.url);
    const me = await client.login('agent1');
    assert.equal(me.status, 200);
    assert.match(String(me.headers['set-cookie']), /^JSESSIONID=[^;]+; Path=\/; HttpOnly/);
    assert.equal(me.data.user.userName, 'agent1');
    assert.deepEqual(me.data.user.roles, ['ROLE_AGENT']);
    const again = await client.get('/api/v2/me');
    assert.equal(again.status, 200);
    assert.equal(again.headers['set-cookie'], undefined, 'the session is reused, not recreated');
  });

  it('GET /me embeds the subresources asked for', async () => {
    const client = new BareClient(sim.url);
    const all = (await client.login('agent2')).data.user;
    assert.equal(all.devices, undefined);
    const full = (await client.get('/api/v2/me?subresources=*')).data.user;
    assert.equal(full.devices[0].phoneNumber, '15001');
    assert.equal(full.channels[0].channel, 'voice');
    assert.ok(Array.isArray(full.features));
    assert.ok(full.settings);
    const some = (await client.get('/api/v2/me?subresources=devices,channels')).data.user;
    assert.ok(some.devices && some.channels && !some.features);
  });

  it('lists devices and calls as uris, or objects with fields=*', async () => {
    const client = new BareClient(sim.url);
    await client.login('agent1');
    const uris = await client.get('/api/v2/me/devices');
    assert.equal(uris.data.statusCode, 0);
    assert.equal(uris.data.uris.length, 1);
    const devices = (await client.get('/api/v2/me/devices?fields=*')).data.devices;
    assert.equal(devices[0].phoneNumber, '15000');
    assert.equal(devices[0].userState.state, 'LoggedOut');
    const device = await client.get(`/api/v2/me/devices/${devices[0].id}`);
    assert.equal(device.data.device.id, devices[0].id);
    assert.equal((await client.get('/api/v2/me/devices/not-mine')).status, 404);
    const id = sim.control.createInboundCall({ to: '15000' });
    assert.deepEqual((await client.get('/api/v2/me/calls')).data.uris, [`${sim.url}/api/v2/me/calls/${id}`]);
    assert.equal((await client.get('/api/v2/me/calls?fields=*')).data.calls[0].id, id);
    assert.equal((await client.get(`/api/v2/me/calls/${id}`)).data.call.state, 'Ringing');
    const missing = await client.get('/api/v2/me/calls/UNKNOWN');
    assert.equal(missing.status, 404);
    assert.equal(missing.data.statusCode, 6);
  });

  describe('CSRF protection (on by default)', () => {
    it('sends the token on every authenticated GET and demands it on POST', async () => {
      const client = new BareClient(sim.url);
      const me = await client.login('agent1');
      assert.equal(me.headers['x-csrf-header'], 'X-CSRF-TOKEN');
      assert.ok(me.headers['x-csrf-token']);
      const token = client.csrfToken;
      client.csrfToken = undefined;
      const refused = await client.post('/api/v2/me/channels/voice', { operationName: 'Ready' });
      assert.equal(refused.status, 403);
      assert.deepEqual(refused.data, { statusCode: 3, statusMessage: 'Missing or invalid Csrf token' });
      client.csrfToken = 'forged';
      assert.equal((await client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] })).status, 403);
      client.csrfToken = token;
      assert.equal((await client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] })).status, 200);
    });

    it('is off with csrf: false (no token headers, POST without it works)', async () => {
      const open = await startTestSimulator({ csrf: false });
      try {
        const client = new BareClient(open.url);
        const me = await client.login('agent1');
        assert.equal(me.headers['x-csrf-token'], undefined);
        assert.equal((await client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] })).status, 200);
      } finally {
        await open.stop();
      }
    });
  });

  describe('Origin check', () => {
    let strict: RunningSimulator;
    before(async () => {
      strict = await startTestSimulator({ checkOrigin: true });
    });
    after(() => strict?.stop());

    it('refuses a missing or foreign Origin with 403 / statusCode 3 and accepts its own URL', async () => {
      const missing = await new BareClient(strict.url).login('agent1');
      assert.equal(missing.status, 403);
      assert.equal(missing.data.statusCode, 3);
      assert.match(missing.data.statusMessage, /Origin/);
      const foreign = await new BareClient(strict.url, { origin: 'http://evil.example' }).login('agent1');
      assert.equal(foreign.status, 403);
      assert.match(foreign.data.statusMessage, /evil\.example/);
      const client = new BareClient(strict.url, { origin: strict.url });
      assert.equal((await client.login('agent1')).status, 200);
      await client.connect();
      assert.equal((await client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] })).status, 200);
      await client.disconnect();
    });

    it('also guards the CometD endpoint', async () => {
      const since = strict.control.requests().at(-1)?.seq ?? 0;
      const client = new BareClient(strict.url);
      const login = await new BareClient(strict.url, { origin: strict.url }).login('agent1');
      await client.jar.setCookie(String(login.headers['set-cookie']), strict.url);
      await assert.rejects(client.connect(), /handshake failed/);
      const log = strict.control.requests(since).filter((r) => r.path.startsWith('/api/v2/notifications'));
      assert.ok(log.length > 0 && log.every((r) => r.httpStatus === 403));
    });
  });

  describe('sessions', () => {
    it('EndContactCenterSession logs the agent out and ends the HTTP session', async () => {
      const client = await signIn(sim, 'agent1');
      assert.equal(sim.control.state().users[0].loggedIn, true);
      assert.equal((await client.post('/api/v2/me', { operationName: 'EndContactCenterSession' })).status, 200);
      assert.equal(sim.control.state().users[0].loggedIn, false);
      const after = await client.get('/api/v2/me');
      assert.equal(after.status, 401);
      assert.deepEqual(after.data, ACCESS_DENIED);
      // Its CometD client goes with the session (clients should disconnect before ending).
      await eventually(async () => sim.control.state().cometdClients === 0, 8000, 'the CometD client to be dropped');
      await client.disconnect();
    });

    it('expire-sessions makes every JSESSIONID invalid', async () => {
      const client = new BareClient(sim.url);
      await client.login('agent1');
      assert.equal((await client.get('/api/v2/me')).status, 200);
      sim.control.expireSessions();
      assert.equal((await client.get('/api/v2/me')).status, 401);
      assert.equal((await client.login('agent1')).status, 200, 'signing in again works');
    });

    it('a session dies after the idle timeout, and a request refreshes it', async () => {
      // The idle timeout runs on a fake clock: nothing here depends on how fast the machine is.
      const clock = new FakeSessionClock();
      const quick = await startTestSimulator({ sessionIdleTimeoutMs: 300, sessionClock: clock });
      try {
        const client = new BareClient(quick.url);
        await client.login('agent1');
        clock.advance(299);
        assert.equal(quick.control.state().sessions, 1, 'alive just before the timeout');
        assert.equal((await client.get('/api/v2/me')).status, 200);
        clock.advance(299);
        assert.equal(quick.control.state().sessions, 1, 'the request started a new idle period');
        clock.advance(1);
        assert.equal(quick.control.state().sessions, 0, '300 ms without a request');
        const after = await client.get('/api/v2/me');
        assert.equal(after.status, 401);
        assert.deepEqual(after.data, ACCESS_DENIED);
      } finally {
        await quick.stop();
      }
    });
  });

  describe('agent state and device operations', () => {
    it('StartContactCenterSession, Ready, AfterCallWork, NotReady, Offline, each a DeviceStateChangeMessage', async () => {
      const client = await signIn(sim, 'agent2');
      const expectState = async (operationName: string, state: string, workMode?: string): Promise<void> => {
        const mark = client.notifications.length;
        const response = await client.post('/api/v2/me/channels/voice', { operationName });
        assert.equal(response.status, 200, JSON.stringify(response.data));
        const n = await client.waitFor((x) => x.data.messageType === 'DeviceStateChangeMessage', { from: mark });
        assert.equal(n.channel, '/v2/me/devices');
        const devices = n.data.devices as Array<{ userState: { state: string; workMode?: string }; phoneNumber: string }>;
        assert.equal(devices[0].phoneNumber, '15001');
        assert.equal(devices[0].userState.state, state);
        assert.equal(devices[0].userState.workMode, workMode);
      };
      await expectState('Ready', 'Ready');
      await expectState('AfterCallWork', 'NotReady', 'AfterCallWork');
      await expectState('AuxWork', 'NotReady', 'AuxWork');
      await expectState('NotReady', 'NotReady');
      await expectState('Offline', 'LoggedOut');
      const refused = await client.post('/api/v2/me/channels/voice', { operationName: 'Ready' });
      assert.equal(refused.status, 400, 'logged out: Ready is not valid');
      assert.equal(refused.data.statusCode, 2);
      await client.disconnect();
    });

    it('DoNotDisturb and forwarding change the device and route calls', async () => {
      const agent1 = await signIn(sim, 'agent1');
      const agent2 = await signIn(sim, 'agent2');
      const deviceUrl = `/api/v2/me/devices/${sim.control.state().users[1].deviceId}`;
      let mark = agent2.notifications.length;
      assert.equal((await agent2.post(deviceUrl, { operationName: 'DoNotDisturbOn' })).status, 200);
      const dnd = await agent2.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark });
      const device = (dnd.data.devices as Array<Record<string, unknown>>)[0];
      assert.equal(device.doNotDisturb, 'On');
      assert.ok((device.capabilities as string[]).includes('DoNotDisturbOff'));
      assert.equal((await agent2.post(deviceUrl, { operationName: 'DoNotDisturbOn' })).data.statusCode, 2);

      // A call to a DND agent fails asynchronously.
      const agent1Device = `/api/v2/me/devices/${sim.control.state().users[0].deviceId}/calls`;
      mark = agent1.notifications.length;
      await agent1.post(agent1Device, { operationName: 'Dial', destination: { phoneNumber: '15001' } });
      await agent1.waitFor((n) => n.data.messageType === 'ErrorMessage' && /busy/.test(String(n.data.errorMessage)), { from: mark });
      await agent1.waitFor((n) => n.data.call?.state === 'Released', { from: mark });

      await agent2.post(deviceUrl, { operationName: 'DoNotDisturbOff' });
      mark = agent2.notifications.length;
      assert.equal((await agent2.post(deviceUrl, { operationName: 'ForwardCallsOn', destination: '5558888' })).status, 200);
      const forwarded = await agent2.waitFor(
        (n) => n.data.messageType === 'DeviceStateChangeMessage' && (n.data.devices as Array<Record<string, unknown>>)[0].forwardTo !== undefined,
        { from: mark },
      );
      assert.equal((forwarded.data.devices as Array<Record<string, unknown>>)[0].forwardTo, '5558888');
      mark = agent1.notifications.length;
      await agent1.post(agent1Device, { operationName: 'Dial', destination: { phoneNumber: '15001' } });
      const dialing = await agent1.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark });
      assert.deepEqual((dialing.data.call?.participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber), ['5558888']);
      assert.equal((await agent2.post(deviceUrl, { operationName: 'ForwardCallsOff' })).status, 200);
      await agent1.disconnect();
      await agent2.disconnect();
    });
  });

  describe('fail-next fault', () => {
    it('answers the next N requests with the documented 503 / statusCode 4 by default', async () => {
      const client = new BareClient(sim.url);
      await client.login('agent1');
      sim.control.failNext({ count: 2 });
      for (let i = 0; i < 2; i++) {
        const failed = await client.get('/api/v2/me');
        assert.equal(failed.status, 503);
        assert.deepEqual(failed.data, { statusCode: 4, statusMessage: 'Voice service is not available at this time' });
      }
      assert.equal((await client.get('/api/v2/me')).status, 200);
    });

    it('takes a custom answer over HTTP', async () => {
      const set = await axios.post(`${sim.url}/sim/faults/fail-next`, { count: 1, httpStatus: 500, statusCode: 9, statusMessage: 'Try later' });
      assert.deepEqual(set.data, { statusCode: 0 });
      const failed = await axios.get(`${sim.url}/api/v2/diagnostics/version`, { validateStatus: () => true });
      assert.equal(failed.status, 500);
      assert.deepEqual(failed.data, { statusCode: 9, statusMessage: 'Try later' });
    });
  });

  it('logs every /api/v2 request with its headers, body and status', async () => {
    const start = sim.control.requests().at(-1)?.seq ?? 0;
    const client = new BareClient(sim.url, { origin: sim.url });
    await client.login('agent1');
    const id = sim.control.createInboundCall({ to: 'agent1', state: 'Established' });
    await client.op(id, 'StartCallRecording');
    const log = (await axios.get(`${sim.url}/sim/requests?since=${start}`)).data.requests as Array<Record<string, never>>;
    const recording = log.find((r) => r.method === 'POST' && r.path === `/api/v2/me/calls/${id}`) as unknown as {
      headers: Record<string, string>;
      body: unknown;
      httpStatus: number;
      seq: number;
    };
    assert.ok(recording, 'StartCallRecording was logged');
    assert.deepEqual(recording.body, { operationName: 'StartCallRecording' });
    assert.equal(recording.httpStatus, 200);
    assert.match(recording.headers.cookie, /^JSESSIONID=/);
    assert.equal(recording.headers['x-csrf-token'], client.csrfToken);
    assert.equal(recording.headers.origin, sim.url);
    assert.ok(log[0].seq > start);
    const later = (await axios.get(`${sim.url}/sim/requests?since=${recording.seq}`)).data.requests;
    assert.ok(later.every((r: { seq: number }) => r.seq > recording.seq));
  });

  it('answers unknown routes with 404 / statusCode 6 and bad JSON with statusCode 10', async () => {
    const client = new BareClient(sim.url);
    await client.login('agent1');
    const unknown = await client.get('/api/v2/me/spaceships');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.data.statusCode, 6);
    const bad = await client.http.post('/api/v2/me', 'not json', { headers: { 'Content-Type': 'application/json' }, transformRequest: [(d) => d] });
    assert.equal(bad.status, 400);
    assert.equal(bad.data.statusCode, 10);
  });
});
