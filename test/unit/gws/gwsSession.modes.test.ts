// The session modes of GwsSession (docs/gws-notes.md#session-modes) against the built-in
// simulator, checked in its request log: which sign-ins send StartContactCenterSession, which
// sign-outs send EndContactCenterSession, and that an observer sees what another session of
// the same agent (the integration under test) does. Also the headers a server we did not write
// may check: CSRF on CometD and a profile's Origin.
import * as assert from 'node:assert/strict';
import { GwsSession, isVoiceLoggedIn, type AgentLoginOptions, type GwsSessionOptions } from '../../../src/gws/gwsSession';
import { GwsRestClient } from '../../../src/gws/restClient';
import { startSimulator, type LoggedRequest, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator';
import { callNotification, header, nextEvent, Recorder, SimControl } from './support';

interface Harness {
  sim: RunningSimulator;
  control: SimControl;
}

const open: Array<{ dispose(): void } | RunningSimulator> = [];

async function simulator(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...options });
  open.push(sim);
  return { sim, control: new SimControl(sim.url) };
}

function session(h: Harness, agentLogin?: AgentLoginOptions, options: Partial<GwsSessionOptions> = {}): { session: GwsSession; recorder: Recorder } {
  const recorder = new Recorder();
  const created = new GwsSession({ baseUrl: h.sim.url, userName: 'agent1', password: 'agent1', log: recorder.log, agentLogin, ...options });
  recorder.attach(created);
  open.push(created);
  return { session: created, recorder };
}

/**
 * Another HTTP session of agent1, standing in for the integration under test: Basic on
 * GET /me, then StartContactCenterSession, as any GWS client does.
 */
async function integration(h: Harness): Promise<GwsRestClient> {
  const client = new GwsRestClient({ baseUrl: h.sim.url, userName: 'agent1', password: 'agent1' });
  open.push(client);
  await client.signIn();
  await client.startContactCenterSession();
  return client;
}

const operationOf = (r: LoggedRequest) => (r.method === 'POST' ? (r.body as { operationName?: string } | undefined)?.operationName : undefined);
const LOGIN_OPERATIONS = new Set(['StartContactCenterSession', 'EndContactCenterSession']);

/** Start/End requests since `since`, except those of `other` (the integration's session cookie). */
async function loginRequests(h: Harness, since: number, other?: GwsRestClient): Promise<string[]> {
  const otherCookie = other?.cookieHeaderFor(`${h.sim.url}/api/v2/me`);
  return (await h.control.requests(since))
    .filter((r) => LOGIN_OPERATIONS.has(operationOf(r) ?? ''))
    .filter((r) => !otherCookie || header(r, 'cookie') !== otherCookie)
    .map((r) => operationOf(r) as string);
}

function indexOf(requests: LoggedRequest[], what: string, match: (r: LoggedRequest) => boolean): number {
  const index = requests.findIndex(match);
  assert.ok(index >= 0, `no ${what} in ${requests.map((r) => `${r.method} ${r.path}`).join(' | ')}`);
  return index;
}

const isHandshake = (r: LoggedRequest) => r.path.startsWith('/api/v2/notifications') && JSON.stringify(r.body).includes('/meta/handshake');
const isCometdPost = (r: LoggedRequest) => r.method === 'POST' && r.path.startsWith('/api/v2/notifications');

const never = (): Promise<'agent' | 'observe'> => Promise.reject(new Error('the session asked, but must not have'));

describe('GwsSession modes against the simulator', function () {
  this.timeout(60_000);

  afterEach(async () => {
    for (const item of open.splice(0).reverse()) {
      if ('stop' in item) await item.stop();
      else item.dispose();
    }
  });

  it('reads "logged in" from the devices: any userState other than LoggedOut', () => {
    assert.equal(isVoiceLoggedIn([]), false);
    assert.equal(isVoiceLoggedIn([{ id: 'd', userState: { state: 'LoggedOut' } }]), false);
    assert.equal(isVoiceLoggedIn([{ id: 'd' }]), false, 'no userState says nothing');
    assert.equal(isVoiceLoggedIn([{ id: 'd', userState: { state: 'NotReady', workMode: 'AfterCallWork' } }]), true);
    assert.equal(isVoiceLoggedIn([{ id: 'a', userState: { state: 'LoggedOut' } }, { id: 'b', userState: { state: 'Ready' } }]), true);
  });

  it('observe (the default): signs in, subscribes and recovers calls, never Start- or EndContactCenterSession; operations stay available', async () => {
    const h = await simulator();
    const existing = await h.control.createCall({ to: 'agent1', state: 'Established' });
    const { session: observer, recorder } = session(h);
    const info = await observer.signIn();
    assert.equal(observer.state, 'connected');
    assert.deepEqual(
      { mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason, started: info.agentLogin.started },
      { mode: 'observe', reason: 'configured', started: false },
    );
    assert.equal(observer.ownsAgentLogin, false);
    assert.deepEqual(info.calls.map((c) => c.id), [existing], 'state recovered');
    assert.ok(recorder.meta.some((m) => m.type === 'agentLogin' && /Observing/.test(m.text)), 'the inspector is told');
    assert.equal(await h.control.loggedIn(), false, 'the agent was not logged in');

    const held = nextEvent(observer.onNotification, 'Held', callNotification(existing, (d) => (d.call as { state?: string }).state === 'Held'));
    assert.equal((await observer.runCallOperation(existing, 'Hold')).statusCode, 0);
    await held;

    await observer.signOut({ endContactCenterSession: true });
    assert.equal(observer.state, 'signedOut');
    assert.deepEqual(await loginRequests(h, 0), [], 'no Start or End, even when sign-out was asked to end');
    const requests = await h.control.requests();
    assert.ok(requests.some(isHandshake) && requests.some((r) => r.path === '/api/v2/me/calls?fields=*'));
  });

  it('observe next to another session of the agent (the integration): sees what it does, never logs the agent in or out', async () => {
    const h = await simulator();
    const other = await integration(h);
    assert.equal(await h.control.loggedIn(), true);
    const { session: observer } = session(h, { mode: 'observe' });
    await observer.signIn();
    const call = await h.control.createCall({ to: 'agent1', state: 'Established' });
    await nextEvent(observer.onNotification, 'the new call', callNotification(call));

    // The integration acts on the call over its own HTTP session; the observer hears it all.
    const held = nextEvent(observer.onNotification, 'Held', callNotification(call, (d) => (d.call as { state?: string }).state === 'Held'));
    await other.callOperation(call, 'Hold');
    await held;
    const attached = nextEvent(observer.onNotification, 'AttachedDataChanged', callNotification(call, (d) => d.notificationType === 'AttachedDataChanged'));
    await other.callOperation(call, 'UpdateUserData', { userData: { Case: '4711' } });
    const userData = ((await attached).message.data as { call: { userData?: Record<string, unknown> } }).call.userData;
    assert.equal(userData?.Case, '4711');

    await observer.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, 0, other), [], 'the observer sent no Start or End');
    assert.equal(await h.control.loggedIn(), true, 'the integration keeps its agent');
    assert.ok(Array.isArray(await other.getCalls()), "the integration's HTTP session still works");
  });

  it('auto, the agent logged in by another session: reads the devices before CometD, then observes without asking', async () => {
    const h = await simulator();
    const other = await integration(h);
    const since = await h.control.lastSeq();
    const { session: auto } = session(h, { mode: 'auto', askWhenLoggedOut: never });
    const info = await auto.signIn();
    assert.deepEqual(
      { mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason, before: info.agentLogin.loggedInBefore },
      { mode: 'observe', reason: 'alreadyLoggedIn', before: true },
    );
    assert.match(info.agentLogin.text, /logged in to voice already/);
    const requests = await h.control.requests(since);
    const me = indexOf(requests, 'GET /me', (r) => r.method === 'GET' && r.path.startsWith('/api/v2/me?subresources='));
    const devices = indexOf(requests, 'GET devices', (r) => r.path === '/api/v2/me/devices?fields=*');
    assert.ok(me < devices && devices < indexOf(requests, 'handshake', isHandshake), 'devices are read before the handshake');

    await auto.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, since, other), []);
    assert.equal(await h.control.loggedIn(), true);
  });

  it('auto, the agent logged out: asks once; "observe" sends nothing', async () => {
    const h = await simulator();
    let asked = 0;
    const { session: auto } = session(h, { mode: 'auto', askWhenLoggedOut: async () => (asked++, 'observe') });
    const info = await auto.signIn();
    assert.equal(asked, 1);
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason }, { mode: 'observe', reason: 'chosen' });
    assert.equal(info.agentLogin.loggedInBefore, false);
    await auto.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, 0), []);
    assert.equal(await h.control.loggedIn(), false);
  });

  it('auto, the agent logged out: "agent" logs in once; a sign-out not asked to end leaves the login alone', async () => {
    const h = await simulator();
    const { session: auto } = session(h, { mode: 'auto', askWhenLoggedOut: async () => 'agent' });
    const info = await auto.signIn();
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason, started: info.agentLogin.started }, { mode: 'agent', reason: 'chosen', started: true });
    assert.equal(auto.ownsAgentLogin, true);
    assert.equal(await h.control.loggedIn(), true);
    await auto.signOut();
    assert.deepEqual(await loginRequests(h, 0), ['StartContactCenterSession']);
    assert.equal(await h.control.loggedIn(), true, 'only an explicit request ends the login');
  });

  it("agent: StartContactCenterSession with the profile's parameters; EndContactCenterSession only when asked", async () => {
    const h = await simulator();
    const position = (await h.control.state()).places.find((p) => p.name === 'Place_15000')?.acdPositions[0];
    assert.ok(position, 'the simulator has Place_15000 with one ACD position');
    const { session: agent } = session(h, {
      mode: 'agent',
      askWhenLoggedOut: never,
      login: { channels: ['voice'], place: 'Place_15000', queue: '8001', loginCode: '4321', devicePath: position.devicePath },
    });
    const info = await agent.signIn();
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason }, { mode: 'agent', reason: 'configured' });
    const [start] = (await h.control.requests()).filter((r) => operationOf(r) === 'StartContactCenterSession');
    assert.deepEqual(start.body, {
      operationName: 'StartContactCenterSession',
      channels: ['voice'],
      place: 'Place_15000',
      queue: '8001',
      loginCode: '4321',
      devicePath: position.devicePath,
    });
    const voice = (await h.control.state()).users.find((u) => u.userName === 'agent1')?.voice;
    assert.deepEqual(
      { place: voice?.place, acdPosition: voice?.acdPosition, queue: voice?.queue, loginCode: voice?.loginCode },
      { place: 'Place_15000', acdPosition: position.number, queue: '8001', loginCode: '4321' },
    );
    const before = await h.control.lastSeq();
    await agent.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, before), ['EndContactCenterSession']);
    assert.equal(await h.control.loggedIn(), false);
  });

  it("a place with two ACD positions: StartContactCenterSession is refused, the sign-in goes on observing, with the server's words", async () => {
    const h = await simulator();
    const { session: agent, recorder } = session(h, { mode: 'agent', login: { place: 'Place_2ACD' } });
    const info = await agent.signIn();
    assert.equal(agent.state, 'connected');
    assert.deepEqual(
      { mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason, started: info.agentLogin.started },
      { mode: 'observe', reason: 'refused', started: true },
    );
    const [voice] = info.agentLogin.channels ?? [];
    assert.equal(voice?.channel, 'voice');
    assert.equal(voice?.statusCode, 1);
    assert.match(voice?.statusMessage ?? '', /Place_2ACD has 2 ACD positions, 7001 .* and 7002 .*devicePath/);
    assert.match(info.agentLogin.text, /^StartContactCenterSession was refused \(voice: statusCode 1, Required parameter 'devicePath' is missing.*\); observing$/);
    assert.equal(recorder.meta.find((m) => m.type === 'agentLogin')?.warning, 'StartContactCenterSession refused');
    assert.equal(agent.ownsAgentLogin, false);
    assert.equal(await h.control.loggedIn(), false);
    // Observing works: a call reaches the session.
    const id = await h.control.createCall({ to: 'agent1', state: 'Ringing' });
    await nextEvent(agent.onNotification, 'the call', callNotification(id));
    await agent.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, 0), ['StartContactCenterSession'], 'no End after a refused Start');
  });

  it('auto, the user chose to log in, the position is held by another agent: refused, observing', async () => {
    const h = await simulator();
    // agent2 takes the only position of agent1's default place first.
    await h.control.post('/sim/users/agent2', { defaultPlace: 'Place_15000', loggedIn: true });
    const { session: auto } = session(h, { mode: 'auto', askWhenLoggedOut: async () => 'agent' });
    const info = await auto.signIn();
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason }, { mode: 'observe', reason: 'refused' });
    assert.equal(info.agentLogin.channels?.[0]?.statusCode, 19);
    assert.match(info.agentLogin.channels?.[0]?.statusMessage ?? '', /in use by agent2/);
    await auto.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, 0), ['StartContactCenterSession']);
  });

  it("a partial success (statusCode 7) continues observe-only, with each channel's answer; the operation row keeps the 7", async () => {
    const h = await simulator();
    const { session: partial, recorder } = session(h, { mode: 'agent', login: { channels: ['voice', 'sms'] } });
    const info = await partial.signIn();
    assert.equal(partial.state, 'connected');
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason }, { mode: 'observe', reason: 'partial' });
    const [voice, sms] = info.agentLogin.channels ?? [];
    assert.deepEqual(voice, { channel: 'voice', statusCode: 0, statusMessage: undefined });
    assert.equal(sms?.channel, 'sms');
    assert.equal(sms?.statusCode, 5);
    assert.ok(sms?.statusMessage, 'the server said why');
    assert.match(info.agentLogin.text, /partly failed \(statusCode 7: voice: OK; sms: statusCode 5, .+\); observing/);
    const completed = recorder.operations.find((o) => o.operationName === 'StartContactCenterSession' && o.phase === 'completed');
    assert.equal(completed?.statusCode, 7);
    assert.equal(completed?.error, undefined);
    assert.equal(recorder.meta.find((m) => m.type === 'agentLogin')?.warning, 'StartContactCenterSession partly failed');
    await partial.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, 0), ['StartContactCenterSession'], 'observing: no End');
  });

  it('a partial success without a per-channel list is told with its own message', async () => {
    const h = await simulator();
    // auto asks after GET /me and GET devices: the next REST request is StartContactCenterSession
    // (fail-next spares CometD), so this answer lands exactly there.
    const { session: partial } = session(h, {
      mode: 'auto',
      askWhenLoggedOut: async () => {
        await h.control.post('/sim/faults/fail-next', { count: 1, httpStatus: 200, statusCode: 7, statusMessage: 'Partial success' });
        return 'agent';
      },
    });
    const info = await partial.signIn();
    assert.equal(info.agentLogin.reason, 'partial');
    assert.deepEqual(info.agentLogin.channels, [{ channel: 'voice', statusCode: 7, statusMessage: 'Partial success' }]);
  });

  it('a login resumed after a reload: no second StartContactCenterSession, and it is still ours to end', async () => {
    const h = await simulator();
    const { session: first } = session(h, { mode: 'agent' });
    await first.signIn();
    // What a window reload does to the session: a local disconnect, nothing on the server.
    await first.signOut();
    first.dispose();
    assert.equal(await h.control.loggedIn(), true);
    const since = await h.control.lastSeq();

    const { session: restored } = session(h, { mode: 'agent', resumeOwnLogin: true, askWhenLoggedOut: never });
    const info = await restored.signIn();
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason, started: info.agentLogin.started }, { mode: 'agent', reason: 'resumed', started: false });
    assert.deepEqual(await loginRequests(h, since), [], 'no second Start');
    await restored.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, since), ['EndContactCenterSession']);
    assert.equal(await h.control.loggedIn(), false);
  });

  it('a login to resume that somebody ended meanwhile is not taken back: the mode decides (observe here)', async () => {
    const h = await simulator();
    const { session: restored } = session(h, { mode: 'observe', resumeOwnLogin: true });
    const info = await restored.signIn();
    assert.deepEqual({ mode: info.agentLogin.effectiveMode, reason: info.agentLogin.reason, before: info.agentLogin.loggedInBefore }, { mode: 'observe', reason: 'configured', before: false });
    await restored.signOut({ endContactCenterSession: true });
    assert.deepEqual(await loginRequests(h, 0), []);
  });

  it('observing, a session renewed after a server restart signs in again without StartContactCenterSession', async () => {
    const h = await simulator();
    const { session: observer } = session(h, { mode: 'observe' });
    await observer.signIn();
    const before = await h.control.lastSeq();
    const renewed = nextEvent(observer.onMeta, 'reconnected', (m) => m.type === 'reconnected');
    await h.sim.control.restart();
    await renewed;
    const after = await h.control.requests(before);
    assert.equal(after.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/me?subresources=')).length, 1, 'signed in again');
    assert.deepEqual(await loginRequests(h, before), []);
  });

  describe('servers we did not write', () => {
    it('CometD POSTs carry the CSRF header the REST client was given (long-polling)', async () => {
      const h = await simulator({ csrf: true });
      const { session: agent } = session(h, { mode: 'agent' });
      await agent.signIn();
      await liveCallSeen(h, agent);
      const requests = await h.control.requests();
      const token = header(requests.find((r) => operationOf(r) === 'StartContactCenterSession')!, 'x-csrf-token');
      assert.ok(token, 'the REST POST had the token');
      const cometd = requests.filter(isCometdPost);
      assert.ok(cometd.length >= 3, `${cometd.length} CometD POSTs`);
      for (const post of cometd) assert.equal(header(post, 'x-csrf-token'), token, `CSRF header on ${JSON.stringify(post.body).slice(0, 60)}`);
    });

    it('signs in and receives against a server that requires the CSRF header on CometD POSTs', async () => {
      const h = await simulator({ csrf: true, requireCsrfOnCometd: true });
      const { session: observer } = session(h);
      await observer.signIn();
      await liveCallSeen(h, observer);
      const refused = (await h.control.requests()).filter((r) => isCometdPost(r) && r.httpStatus === 403);
      assert.deepEqual(refused, [], 'no CometD POST was refused');
    });

    it('without CSRF protection, CometD sends no CSRF header', async () => {
      const h = await simulator({ csrf: false });
      const { session: observer } = session(h);
      await observer.signIn();
      const cometd = (await h.control.requests()).filter(isCometdPost);
      assert.ok(cometd.length >= 2);
      for (const post of cometd) assert.equal(header(post, 'x-csrf-token'), undefined);
    });

    it('the websocket upgrade carries the CSRF header too', async () => {
      const h = await simulator({ csrf: true });
      const { session: agent } = session(h, { mode: 'agent' }, { transport: 'websocket' });
      await agent.signIn();
      assert.equal(agent.transportType, 'websocket');
      const requests = await h.control.requests();
      const upgrade = requests.find((r) => r.method === 'GET' && r.path.startsWith('/api/v2/notifications') && r.httpStatus === 101);
      assert.ok(upgrade, 'the upgrade is in the log');
      const token = header(requests.find((r) => operationOf(r) === 'StartContactCenterSession')!, 'x-csrf-token');
      assert.ok(token);
      assert.equal(header(upgrade, 'x-csrf-token'), token);
    });

    it("a profile's Origin goes on every REST and CometD request instead of the server's own", async () => {
      const h = await simulator();
      const { session: observer } = session(h, { mode: 'agent' }, { origin: 'https://desk.example.com' });
      await observer.signIn();
      const requests = (await h.control.requests()).filter((r) => r.path.startsWith('/api/v2/'));
      assert.ok(requests.some(isCometdPost) && requests.some((r) => operationOf(r) === 'StartContactCenterSession'));
      for (const request of requests) assert.equal(header(request, 'origin'), 'https://desk.example.com', `${request.method} ${request.path}`);
    });

    it("signs in against an Origin allow-list that holds only the profile's origin, where the server's own fails", async () => {
      const h = await simulator({ allowedOrigins: ['https://desk.example.com'] });
      const { session: own } = session(h);
      await assert.rejects(own.signIn(), /Origin/);
      const { session: listed } = session(h, { mode: 'agent' }, { origin: 'https://desk.example.com' });
      await listed.signIn();
      await liveCallSeen(h, listed);
      assert.equal(listed.ownsAgentLogin, true);
    });

    it('a server that allows only its own Origin refuses the other one, and the error says so', async () => {
      const h = await simulator({ checkOrigin: true });
      const { session: observer } = session(h, undefined, { origin: 'https://desk.example.com' });
      const error = await observer.signIn().then(
        () => assert.fail('the server must refuse this Origin'),
        (e: unknown) => e as Error,
      );
      assert.match(error.message, /desk\.example\.com/);
      assert.equal(observer.state, 'failed');
    });
  });
});

/** A call the session saw as a notification: CometD has sent /meta/connect POSTs by then. */
async function liveCallSeen(h: Harness, seen: GwsSession): Promise<void> {
  const id = await h.control.createCall({ to: 'agent1', state: 'Ringing' });
  await nextEvent(seen.onNotification, 'the call', callNotification(id));
}
