// A server stricter than clients may expect, for testing the clients' handling of it: CSRF
// on CometD POSTs, an Origin allow-list, and a call whose id changes under them.
import assert from 'node:assert/strict';
import axios, { type AxiosResponse } from 'axios';
import type { RunningSimulator } from '../../../src/simulator/index';
import { BareClient, type Notification } from '../../support/bareClient';
import { CsrfBareClient } from './channelClient';
import { establishedInbound, signIn, startTestSimulator } from './support';

type Body = Record<string, unknown>;

describe('simulator: a stricter server', function () {
  const clients: BareClient[] = [];
  const track = <T extends BareClient>(client: T): T => {
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  });

  const control = (sim: RunningSimulator, path: string, body: unknown): Promise<AxiosResponse> =>
    axios.post(`${sim.url}${path}`, body, { validateStatus: () => true });

  describe('requireCsrfOnCometd', () => {
    let sim: RunningSimulator;
    before(async () => {
      sim = await startTestSimulator({ requireCsrfOnCometd: true });
    });
    after(() => sim?.stop());

    it('refuses Bayeux POSTs without the session’s X-CSRF-TOKEN with 403, and serves those with it', async () => {
      const since = sim.control.requests().at(-1)?.seq ?? 0;
      const careless = track(new BareClient(sim.url));
      assert.equal((await careless.login('agent1')).status, 200);
      await assert.rejects(careless.connect(), /handshake failed/);
      const refused = sim.control.requests(since).filter((r) => r.path.startsWith('/api/v2/notifications'));
      assert.ok(refused.length > 0 && refused.every((r) => r.httpStatus === 403), JSON.stringify(refused.map((r) => r.httpStatus)));
      assert.equal(sim.control.state().cometdClients, 0);

      const careful = track(new CsrfBareClient(sim.url));
      assert.equal((await careful.login('agent1')).status, 200);
      await careful.connect();
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await careful.waitForCall(id, 'StatusChange', 'Ringing');
      const accepted = sim.control.requests(since).filter((r) => r.path.startsWith('/api/v2/notifications') && r.httpStatus === 200);
      assert.ok(accepted.length > 0 && accepted.every((r) => r.headers['x-csrf-token'] === careful.csrfToken));
    });

    it('answers the refusal like a REST CSRF refusal, and also refuses another session’s token', async () => {
      const client = new BareClient(sim.url);
      await client.login('agent1');
      const other = new BareClient(sim.url);
      await other.login('agent1');
      const handshake = [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }];
      // Plain axios: BareClient's own requests add its token by themselves.
      const post = (token: string | undefined): Promise<AxiosResponse> =>
        axios.post(`${sim.url}/api/v2/notifications`, handshake, {
          headers: { 'Content-Type': 'application/json', Cookie: client.cookieHeader(), ...(token ? { 'X-CSRF-TOKEN': token } : {}) },
          validateStatus: () => true,
        });
      for (const token of [undefined, other.csrfToken]) {
        const response = await post(token);
        assert.equal(response.status, 403, String(token));
        assert.deepEqual(response.data, { statusCode: 3, statusMessage: 'Missing or invalid Csrf token' });
      }
      const ok = await post(client.csrfToken);
      assert.equal(ok.status, 200);
      assert.equal(ok.data[0].successful, true);
    });

    it('is switched with POST /sim/config, and has no effect with CSRF protection off', async () => {
      const lax = await startTestSimulator();
      const open = await startTestSimulator({ csrf: false, requireCsrfOnCometd: true });
      try {
        const before = track(new BareClient(lax.url));
        await before.login('agent1');
        await before.connect();
        const answer = await control(lax, '/sim/config', { requireCsrfOnCometd: true });
        assert.equal(answer.data.config.requireCsrfOnCometd, true);
        const after = track(new BareClient(lax.url));
        await after.login('agent1');
        await assert.rejects(after.connect(), /handshake failed/);

        assert.equal(open.control.config().csrf, false);
        const noTokenAtAll = track(new BareClient(open.url));
        await noTokenAtAll.login('agent1');
        await noTokenAtAll.connect();
      } finally {
        await Promise.all(clients.splice(0).map((c) => c.disconnect()));
        await lax.stop();
        await open.stop();
      }
    });
  });

  describe('Origin allow-list', () => {
    let sim: RunningSimulator;
    const WWE = 'https://wwe.example.com:8443';
    before(async () => {
      sim = await startTestSimulator({ allowedOrigins: [WWE] });
    });
    after(() => sim?.stop());
    afterEach(() => sim.control.reset());

    it('refuses REST requests with an Origin not listed (the server’s own included) and names the allowed ones', async () => {
      for (const origin of [sim.url, 'http://evil.example']) {
        const refused = await new BareClient(sim.url, { origin }).login('agent1');
        assert.equal(refused.status, 403, origin);
        assert.equal(refused.data.statusCode, 3);
        assert.ok(refused.data.statusMessage.includes(origin), refused.data.statusMessage);
        assert.ok(refused.data.statusMessage.includes(WWE), refused.data.statusMessage);
      }
      assert.equal((await new BareClient(sim.url, { origin: `${WWE.toUpperCase()}/` }).login('agent1')).status, 200, 'case and a trailing slash do not matter');
      assert.equal((await new BareClient(sim.url).login('agent1')).status, 200, 'no Origin: not a browser, allowed');
    });

    it('guards CometD the same way', async () => {
      const since = sim.control.requests().at(-1)?.seq ?? 0;
      // Signed in without Origin (allowed), then CometD with a foreign one on the same cookie.
      const signedIn = new BareClient(sim.url);
      assert.equal((await signedIn.login('agent1')).status, 200);
      const cometdOnly = track(new BareClient(sim.url, { origin: 'http://evil.example' }));
      await cometdOnly.jar.setCookie(signedIn.cookieHeader(), sim.url);
      await assert.rejects(cometdOnly.connect(), /handshake failed/);
      const log = sim.control.requests(since).filter((r) => r.path.startsWith('/api/v2/notifications'));
      assert.ok(log.length > 0 && log.every((r) => r.httpStatus === 403));
      const listed = track(new BareClient(sim.url, { origin: WWE }));
      await listed.login('agent1');
      await listed.connect();
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await listed.waitForCall(id, 'StatusChange', 'Ringing');
    });

    it('is changed with POST /sim/config: a new list, none (null), never a bare *', async () => {
      let answer = await control(sim, '/sim/config', { allowedOrigins: ['http://other.example'] });
      assert.deepEqual(answer.data.config.allowedOrigins, ['http://other.example']);
      assert.equal((await new BareClient(sim.url, { origin: WWE }).login('agent1')).status, 403);
      assert.equal((await new BareClient(sim.url, { origin: 'http://other.example' }).login('agent1')).status, 200);
      answer = await control(sim, '/sim/config', { allowedOrigins: null });
      assert.equal(answer.data.config.allowedOrigins, undefined);
      assert.equal((await new BareClient(sim.url, { origin: 'http://evil.example' }).login('agent1')).status, 200);
      for (const body of [{ allowedOrigins: ['*'] }, { allowedOrigins: 'http://a.example' }, { allowedOrigins: [1] }, { checkOrigin: 'yes' }, { allowOrigins: [] }]) {
        const refused = await control(sim, '/sim/config', body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.data.statusCode, 10);
      }
      sim.control.reset();
      assert.deepEqual(sim.control.config().allowedOrigins, [WWE.toLowerCase()], 'reset restores the start-up list');
    });

    it('with checkOrigin as well, the own URL and the listed origins pass and a missing Origin does not', async () => {
      await control(sim, '/sim/config', { checkOrigin: true });
      assert.equal((await new BareClient(sim.url, { origin: sim.url }).login('agent1')).status, 200);
      assert.equal((await new BareClient(sim.url, { origin: WWE }).login('agent1')).status, 200);
      const missing = await new BareClient(sim.url).login('agent1');
      assert.equal(missing.status, 403);
      assert.match(missing.data.statusMessage, /Missing Origin/);
    });

    it('refuses a bare * at start', async () => {
      await assert.rejects(startTestSimulator({ allowedOrigins: ['*'] }), /bare '\*'/);
    });
  });

  describe('a call whose id changes (POST /sim/calls/{id}/change-id)', () => {
    let sim: RunningSimulator;
    before(async () => {
      sim = await startTestSimulator();
    });
    after(() => sim?.stop());
    afterEach(() => sim.control.reset());

    const callMessages = (client: BareClient, from: number): Notification[] => client.notifications.slice(from).filter((n) => n.data.messageType === 'CallStateChangeMessage');

    it('release (default): the old id Released, then the new id naming the old ConnID and uri', async () => {
      const client = track(await signIn(sim, 'agent1'));
      const oldId = await establishedInbound(sim, client, 'agent1');
      const before = (await client.get(`/api/v2/me/calls/${oldId}`)).data.call;
      const mark = client.notifications.length;
      const answer = await control(sim, `/sim/calls/${oldId}/change-id`, {});
      assert.equal(answer.status, 200);
      const { id: newId, previousId, connId, previousConnId } = answer.data;
      assert.equal(previousId, oldId);
      assert.notEqual(newId, oldId);
      assert.equal(previousConnId, before.connId);
      assert.notEqual(connId, before.connId);

      const released = await client.waitForCall(oldId, 'StatusChange', 'Released', mark);
      assert.deepEqual(released.data.call?.capabilities, []);
      const renamed = await client.waitForCall(newId, 'StatusChange', 'Established', mark);
      assert.ok(client.notifications.indexOf(released) < client.notifications.indexOf(renamed), 'Released first');
      const call = renamed.data.call as Body;
      assert.equal(call.previousConnId, before.connId);
      assert.equal(call.previousCallUri, before.uri);
      assert.equal(call.connId, connId);
      assert.equal(call.callUuid, before.callUuid, 'the call UUID stays');
      assert.equal(call.uri, `${sim.url}/api/v2/me/calls/${newId}`);

      assert.deepEqual((await client.get('/api/v2/me/calls')).data.uris, [`${sim.url}/api/v2/me/calls/${newId}`]);
      assert.equal((await client.get(`/api/v2/me/calls/${oldId}`)).status, 404);
      assert.equal((await client.op(oldId, 'Hold')).status, 404);
      const next = client.notifications.length;
      assert.equal((await client.op(newId, 'Hold')).status, 200);
      const held = await client.waitForCall(newId, 'StatusChange', 'Held', next);
      assert.equal(held.data.call?.previousConnId, undefined, 'only the first message names the old call');
    });

    it('rename: only the new id, nothing for the old one', async () => {
      const client = track(await signIn(sim, 'agent1'));
      const oldId = await establishedInbound(sim, client, 'agent1');
      const mark = client.notifications.length;
      const answer = sim.control.changeCallId(oldId, 'rename');
      const renamed = await client.waitForCall(answer.id, 'StatusChange', 'Established', mark);
      assert.equal(renamed.data.call?.previousCallUri, `${sim.url}/api/v2/me/calls/${oldId}`);
      sim.control.publishRaw({ user: 'agent1', channel: '/v2/me/calls', data: { marker: 'after-rename' } });
      await client.waitFor((n) => n.data.marker === 'after-rename', { from: mark });
      assert.deepEqual(callMessages(client, mark).map((n) => n.data.call?.id), [answer.id], 'no message for the old id');
    });

    it('tells every agent on the call, and a consult call’s parentCallUri follows', async () => {
      const agent1 = track(await signIn(sim, 'agent1'));
      const agent2 = track(await signIn(sim, 'agent2'));
      const main = await establishedInbound(sim, agent1, 'agent1');
      let mark = agent1.notifications.length;
      assert.equal((await agent1.op(main, 'InitiateConference', { destination: { phoneNumber: '15001' } })).status, 200);
      const consult = await agent1.waitFor((n) => n.data.call?.callType === 'Consult', { from: mark });
      const consultId = String(consult.data.call?.id);
      await agent2.waitForCall(consultId, 'StatusChange', 'Ringing');
      const agent2Mark = agent2.notifications.length;
      mark = agent1.notifications.length;
      const { id: newConsultId } = sim.control.changeCallId(consultId);
      await agent2.waitForCall(consultId, 'StatusChange', 'Released', agent2Mark);
      await agent2.waitForCall(newConsultId, 'StatusChange', 'Ringing', agent2Mark);
      await agent1.waitForCall(newConsultId, 'StatusChange', 'Dialing', mark);

      mark = agent1.notifications.length;
      const { id: newMain } = sim.control.changeCallId(main);
      const parentMoved = await agent1.waitFor((n) => n.data.call?.id === newConsultId && n.data.call?.parentCallUri === `${sim.url}/api/v2/me/calls/${newMain}`, { from: mark });
      assert.equal(parentMoved.data.call?.parentCallPath, `/calls/${newMain}`);
    });

    it('refuses an unknown call or mode', async () => {
      const missing = await control(sim, '/sim/calls/NOPE/change-id', {});
      assert.equal(missing.status, 404);
      assert.equal(missing.data.statusCode, 6);
      const id = sim.control.createInboundCall({ to: 'agent1' });
      const badMode = await control(sim, `/sim/calls/${id}/change-id`, { mode: 'teleport' });
      assert.equal(badMode.status, 400);
      assert.match(badMode.data.statusMessage, /'release' or 'rename'/);
      assert.ok(sim.control.state().calls.some((c) => c.id === id), 'the call kept its id');
    });
  });
});
