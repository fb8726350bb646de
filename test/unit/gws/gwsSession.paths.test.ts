// GwsSession's less travelled paths against the built-in simulator (some answers shaped by the
// loopback proxy of faultProxy.ts): a sign-in stopped half-way by a sign-out, calls made at the
// wrong time, the exact backoff of a failed resync, what the session logs and tells the stream,
// and per-channel answers of a partial StartContactCenterSession that the simulator never gives.
import * as assert from 'node:assert/strict';
import { describeChannelResults, GwsSession, isVoiceLoggedIn, type AgentLoginOptions } from '../../../src/gws/gwsSession';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../../../src/simulator';
import { FaultProxy, isCallsRead, VOICE_UNAVAILABLE, type CannedAnswer, type ProxiedRequest } from './faultProxy';
import { callNotification, closeAll, nextEvent, Recorder, SimControl, waitFor } from './support';

interface Harness {
  sim: RunningSimulator;
  proxy: FaultProxy;
  control: SimControl;
  session: GwsSession;
  recorder: Recorder;
}

const open: Harness[] = [];

/** A session that talks to the simulator through the proxy; faults go to the simulator. */
async function harness(agentLogin?: AgentLoginOptions): Promise<Harness> {
  const sim = await startSimulator({ port: 0 });
  const proxy = await new FaultProxy(sim.url).start();
  const recorder = new Recorder();
  const session = new GwsSession({ baseUrl: proxy.url, userName: 'agent1', password: 'agent1', log: recorder.log, agentLogin });
  recorder.attach(session);
  const h = { sim, proxy, control: new SimControl(sim.url), session, recorder };
  open.push(h);
  return h;
}

const isSignInRead = (r: ProxiedRequest) => r.method === 'GET' && r.path.startsWith('/api/v2/me?subresources=');
const isDevicesRead = (r: ProxiedRequest) => r.method === 'GET' && r.path === '/api/v2/me/devices?fields=*';
const isMePost = (r: ProxiedRequest) => r.method === 'POST' && r.path === '/api/v2/me';
const isOperation = (name: string) => (r: LoggedRequest) =>
  r.method === 'POST' && (r.body as { operationName?: string } | undefined)?.operationName === name;

/** A servlet container's own 401 page: no GWS body, the session is gone. */
const BARE_401_PAGE: CannedAnswer = { status: 401, contentType: 'text/html', body: '<html><body><h2>HTTP ERROR 401</h2></body></html>' };

function partialAnswer(body: Record<string, unknown>) {
  return { status: 200, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(body) };
}

describe('GwsSession paths against the simulator', function () {
  this.timeout(60_000);

  afterEach(() => closeAll(open));

  it('tells the channel answers of a login: OK, a statusCode with or without its message, or refused', () => {
    assert.equal(
      describeChannelResults([
        { channel: 'voice', statusCode: 0 },
        { channel: 'sms', statusCode: 5, statusMessage: 'No license' },
        { channel: 'chat', statusCode: 3 },
        { channel: 'email', statusMessage: 'Unknown' },
        { channel: 'workitem' },
      ]),
      'voice: OK; sms: statusCode 5, No license; chat: statusCode 3; email: refused, Unknown; workitem: refused',
    );
  });

  it('reads a device list with holes or an empty agent state as logged out', () => {
    assert.equal(isVoiceLoggedIn([null as never, { id: 'd', userState: { state: '' } }]), false);
    assert.equal(isVoiceLoggedIn([null as never, { id: 'd', userState: { state: 'Ready' } }]), true);
  });

  it('a sign-in that fails with something other than an Error says what it was; the failed session asks to sign in again', async () => {
    const h = await harness({ mode: 'auto', askWhenLoggedOut: () => Promise.reject('the prompt was closed') });
    await assert.rejects(h.session.signIn(), (error: unknown) => error === 'the prompt was closed');
    assert.equal(h.session.state, 'failed');
    assert.equal(h.session.lastError, undefined, 'no GwsError to show');
    assert.deepEqual(h.recorder.meta.filter((m) => m.type === 'error').map((m) => m.text), ['Sign-in failed: the prompt was closed']);
    await assert.rejects(h.session.refresh(), /^Error: The GWS session failed\. Sign in again\.$/);
  });

  it('a session that is expired again at the first read after signing in again fails, and says so', async () => {
    const h = await harness();
    await h.session.signIn();
    const failed = nextEvent(h.session.onDidChangeConnectionState, 'state failed', (state) => state === 'failed');
    h.proxy.answer(isCallsRead, BARE_401_PAGE);
    await h.control.post('/sim/faults/expire-sessions');
    await failed;
    assert.match(h.session.lastError?.message ?? '', /^The GWS session expired again right after signing in again: .+ Sign in again\.$/);
    assert.equal(h.session.lastError?.httpStatus, 401);
    assert.equal(h.recorder.meta.filter((m) => m.type === 'sessionExpired').length, 1, 'it signed in again once, not twice');
    assert.equal(h.session.transportType, undefined, 'CometD is stopped');
  });

  it('an operation whose session is being renewed when the user signs out is not sent again', async () => {
    const h = await harness();
    await h.session.signIn();
    const id = await h.control.createCall({ to: 'agent1', state: 'Established' });
    h.proxy.hold(isSignInRead);
    await h.control.post('/sim/faults/fail-next', { count: 1, httpStatus: 401, statusCode: 20, statusMessage: 'Access denied' });
    const hold = h.session.runCallOperation(id, 'Hold').then(
      () => assert.fail('the operation must not be sent again after the sign-out'),
      (error: unknown) => error,
    );
    await waitFor('the renewal sign-in held', () => h.proxy.held.length === 1);
    await h.session.signOut();
    h.proxy.held[0].release();
    assert.match(String(await hold), /^Error: Not signed in to a GWS server\.$/);
    assert.equal(h.session.state, 'signedOut');
    const holds = (await h.control.requests()).filter(isOperation('Hold'));
    assert.equal(holds.length, 1, 'only the refused one');
    assert.equal(h.recorder.meta.filter((m) => m.type === 'error').length, 0, 'no failure after the sign-out');
  });

  it('says what it does in the log and the stream: sign-in, state changes, a refresh, a sign-out that leaves the login alone', async () => {
    const h = await harness({ mode: 'observe' });
    await h.control.createCall({ to: 'agent1', state: 'Established' });
    await h.session.signIn();
    const url = h.session.baseUrl;
    assert.equal(url, h.proxy.url);
    const texts = (type: string) => h.recorder.meta.filter((m) => m.type === type).map((m) => m.text);
    assert.deepEqual(texts('signIn'), [`Signing in to ${url} as agent1`, 'Signed in as agent1 over long-polling']);
    assert.deepEqual(texts('resync'), [], 'the sign-in read is no resync');
    assert.ok(h.recorder.logLines.includes('info Connection state: signedOut → signingIn'), h.recorder.logLines.join('\n'));
    assert.ok(h.recorder.logLines.includes('info Connection state: signingIn → connected'));
    assert.ok(h.recorder.logLines.includes(`info Signing in to ${url} as agent1`));

    await h.session.refresh();
    assert.deepEqual(texts('resync'), ['Re-read 1 call(s) and 1 device(s) (refresh)']);

    await h.session.signOut({ endContactCenterSession: true });
    assert.ok(h.recorder.logLines.includes("info EndContactCenterSession not sent: the agent login is not this session's own"));
    assert.deepEqual(texts('signOut'), [`Signed out of ${url}; the agent's login was left as it is`]);
    assert.deepEqual(h.recorder.states, ['signingIn', 'connected', 'signedOut']);

    // Signed out already: nothing more happens, nothing more is said.
    const metaCount = h.recorder.meta.length;
    await h.session.signOut({ endContactCenterSession: true });
    assert.equal(h.recorder.meta.length, metaCount);
    assert.deepEqual(h.recorder.states, ['signingIn', 'connected', 'signedOut']);
  });

  it('a sign-out that ends its own login says so', async () => {
    const h = await harness({ mode: 'agent', login: { channels: [] } });
    await h.session.signIn();
    const [start] = (await h.control.requests()).filter(isOperation('StartContactCenterSession'));
    assert.deepEqual((start.body as { channels?: unknown }).channels, ['voice'], 'an empty channel list means voice');
    await h.session.signOut({ endContactCenterSession: true });
    const signOut = h.recorder.meta.find((m) => m.type === 'signOut');
    assert.equal(signOut?.text, `Logged agent1 out of voice and signed out of ${h.session.baseUrl}`);
    assert.equal(await h.control.loggedIn(), false);
    assert.ok(!h.recorder.logLines.some((line) => line.includes('EndContactCenterSession not sent')), h.recorder.logLines.join('\n'));
  });

  it('refuses a second sign-in, and operations until signed in', async () => {
    const h = await harness();
    const signingIn = h.session.signIn();
    assert.equal(h.session.state, 'signingIn');
    await assert.rejects(h.session.runCallOperation('x', 'Hold'), /^Error: Not signed in to a GWS server\.$/);
    await assert.rejects(h.session.signIn(), /^Error: Already signingIn; sign out first\.$/);
    await signingIn;
    await assert.rejects(h.session.signIn(), /^Error: Already connected; sign out first\.$/);
    assert.deepEqual(h.recorder.states, ['signingIn', 'connected']);
    await h.session.signOut();
    await h.session.signIn();
    assert.equal(h.session.state, 'connected', 'signed out, it signs in again');
  });

  it('reads the agent states and runs a device operation', async () => {
    const h = await harness();
    await h.session.signIn();
    const states = await h.session.agentStates();
    assert.ok(states.length > 0 && states.every((s) => typeof s.name === 'string'), JSON.stringify(states));
    const device = h.session.devices[0];
    const dnd = nextEvent(h.session.onNotification, 'DoNotDisturb on the device', (n) => JSON.stringify(n.message.data).includes('DoNotDisturbOff'));
    assert.equal((await h.session.runDeviceOperation(device.id, 'DoNotDisturbOn')).statusCode, 0);
    await dnd;
    const sent = (await h.control.requests()).find(isOperation('DoNotDisturbOn'));
    assert.equal(sent?.path, `/api/v2/me/devices/${device.id}`);
  });

  it('keeps the devices of DeviceStateChangeMessages, adding new ones and skipping entries without an id', async () => {
    const h = await harness();
    await h.session.signIn();
    const own = h.session.devices[0];
    const publish = async (data: Record<string, unknown>) => {
      const seen = nextEvent(h.session.onNotification, 'the published message', (n) => JSON.stringify(n.message.data) === JSON.stringify(data));
      await h.control.post('/sim/publish-raw', { user: 'agent1', channel: '/v2/me/devices', data });
      await seen;
    };
    await publish({ messageType: 'DeviceStateChangeMessage', devices: [null, { phoneNumber: '1' }, { id: 'extra', phoneNumber: '15999' }] });
    assert.deepEqual(h.session.devices.map((d) => d.id), [own.id, 'extra']);
    await publish({ messageType: 'DeviceStateChangeMessage', devices: [{ ...own, phoneNumber: '15111' }] });
    assert.deepEqual(h.session.devices.map((d) => [d.id, d.phoneNumber]), [[own.id, '15111'], ['extra', '15999']]);
    await publish({ messageType: 'DeviceStateChangeMessage', devices: { id: 'not-a-list' } });
    await publish({ messageType: 'ChannelStateChangeMessage', devices: [{ id: 'not-a-device-message' }] });
    assert.deepEqual(h.session.devices.map((d) => d.id), [own.id, 'extra']);
  });

  describe('a sign-out while signing in stops the sign-in there: no failure, nothing more sent', () => {
    const steps: Array<[string, AgentLoginOptions, (r: ProxiedRequest) => boolean]> = [
      ['the sign-in read', { mode: 'agent' }, isSignInRead],
      ['the devices read of auto', { mode: 'auto' }, isDevicesRead],
      ['StartContactCenterSession', { mode: 'agent' }, isMePost],
      ['the first calls read', { mode: 'observe' }, isCallsRead],
    ];
    for (const [step, agentLogin, match] of steps) {
      it(`during ${step}`, async () => {
        const h = await harness(agentLogin);
        h.proxy.hold(match);
        const signingIn = h.session.signIn().then(
          () => assert.fail('the sign-in must not finish'),
          (error: unknown) => error,
        );
        await waitFor(`${step} held`, () => h.proxy.held.length === 1);
        const signingOut = h.session.signOut();
        h.proxy.held[0].release();
        await signingOut;
        const error = await signingIn;
        assert.match(String(error), /Signed out while signing in\./);
        assert.equal(h.session.state, 'signedOut');
        assert.deepEqual(h.recorder.states, ['signingIn', 'signedOut']);
        assert.equal(h.recorder.meta.filter((m) => m.type === 'error').length, 0, 'no "Sign-in failed"');
        assert.equal(h.session.lastError, undefined);
        if (match !== isCallsRead) {
          assert.ok(!(await h.control.requests()).some(isCallsRead), 'no calls read after the step');
          assert.ok(!h.recorder.meta.some((m) => m.type === 'agentLogin'), 'no login outcome told');
        }
      });
    }

    it('while auto asks the user', async () => {
      const h = await harness({
        mode: 'auto',
        askWhenLoggedOut: async () => {
          await h.session.signOut();
          return 'agent';
        },
      });
      await assert.rejects(h.session.signIn(), /Signed out while signing in\./);
      assert.equal(h.session.state, 'signedOut');
      assert.deepEqual((await h.control.requests()).filter(isOperation('StartContactCenterSession')), [], 'the answer came too late to log in');
    });
  });

  it('a sign-in refused at its first read leaves no login to end: a sign-out asked to end it just signs out', async () => {
    const h = await harness({ mode: 'agent' });
    h.proxy.answer(isSignInRead, BARE_401_PAGE);
    await assert.rejects(h.session.signIn(), /Sign-in failed: user or password is wrong \(HTTP 401\)/);
    assert.equal(h.session.state, 'failed');
    assert.equal(h.session.agentLogin, undefined, 'nothing decided');
    assert.equal(h.session.ownsAgentLogin, false);
    await h.session.signOut({ endContactCenterSession: true });
    assert.equal(h.session.state, 'signedOut');
    assert.deepEqual((await h.control.requests()).filter(isOperation('EndContactCenterSession')), []);
  });

  /**
   * Signs in with the first sign-in's calls read held at the proxy, signs out and in again (the
   * second sign-in connects); `first` resolves to the first sign-in's error once it ends.
   */
  async function signInAgainWhileTheFirstReadIsHeld(h: Awaited<ReturnType<typeof harness>>): Promise<{ first: Promise<unknown> }> {
    h.proxy.hold(isCallsRead);
    const first = h.session.signIn().then(
      () => assert.fail('the first sign-in must not finish'),
      (error: unknown) => error,
    );
    await waitFor('the first calls read held', () => h.proxy.held.length === 1);
    await h.session.signOut();
    await h.session.signIn();
    assert.equal(h.session.state, 'connected');
    return { first };
  }

  it('a sign-in the user signed out of stays stopped when its read comes back after the next sign-in', async () => {
    const h = await harness();
    const { first } = await signInAgainWhileTheFirstReadIsHeld(h);
    const signedIn = h.recorder.meta.filter((m) => m.type === 'signIn' && m.text.startsWith('Signed in')).length;
    const snapshots = h.recorder.snapshots.length;
    h.proxy.held[0].release();
    assert.match(String(await first), /Signed out while signing in\./);
    assert.equal(h.recorder.snapshots.length, snapshots, 'the late read is no snapshot of the new session');
    assert.equal(h.recorder.meta.filter((m) => m.type === 'signIn' && m.text.startsWith('Signed in')).length, signedIn, 'the late sign-in says nothing');
    assert.equal(h.recorder.meta.filter((m) => m.type === 'error').length, 0);
    assert.equal(h.session.state, 'connected');
    const id = await h.control.createCall({ to: 'agent1' });
    await nextEvent(h.session.onNotification, 'the new call on the new session', callNotification(id));
  });

  it('a sign-in the user signed out of that fails after the next sign-in leaves the new session its notifications', async () => {
    const h = await harness();
    const { first } = await signInAgainWhileTheFirstReadIsHeld(h);
    // The connected session sends no REST request of its own now, so the simulator's next
    // /api/v2 failure (fail-next does not touch CometD) is the held read's answer.
    await h.control.post('/sim/faults/fail-next', { count: 1, httpStatus: 503, statusCode: 4, statusMessage: 'Voice service is not available at this time' });
    h.proxy.held[0].release();
    assert.match(String(await first), /Voice service is not available/, 'the old read came back failing');
    assert.equal(h.recorder.meta.filter((m) => m.type === 'error').length, 0, 'the late failure says nothing');
    assert.equal(h.session.state, 'connected');
    const id = await h.control.createCall({ to: 'agent1' });
    await nextEvent(h.session.onNotification, 'the new call on the new session', callNotification(id));
    assert.equal(h.session.state, 'connected');
  });

  it('StartContactCenterSession failing without a GWS answer (a bare 500 page) fails the sign-in instead of observing', async () => {
    const h = await harness({ mode: 'agent' });
    h.proxy.answer(isMePost, { status: 500, contentType: 'text/html', body: '<html><body><h2>HTTP ERROR 500</h2></body></html>' });
    await assert.rejects(h.session.signIn(), /StartContactCenterSession failed: .*HTTP 500/);
    assert.equal(h.session.state, 'failed');
    assert.equal(h.session.agentLogin, undefined);
    assert.match(h.session.lastError?.message ?? '', /HTTP 500/);
  });

  it("StartContactCenterSession refused for several channels: the answer is told for them together", async () => {
    const h = await harness({ mode: 'agent', login: { channels: ['voice', 'chat'] } });
    h.proxy.answer(isMePost, { status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 3, statusMessage: 'Forbidden here' }) });
    const info = await h.session.signIn();
    assert.deepEqual(info.agentLogin.channels, [{ channel: 'voice, chat', statusCode: 3, statusMessage: 'Forbidden here' }]);
    assert.equal(info.agentLogin.text, 'StartContactCenterSession was refused (voice, chat: statusCode 3, Forbidden here); observing');
  });

  describe('StartContactCenterSession partly failed, with a per-channel list', () => {
    it('reads each listed channel, skipping entries that are not channels', async () => {
      const h = await harness({ mode: 'agent', login: { channels: ['voice', 'sms', 'email'] } });
      h.proxy.answer(
        isMePost,
        partialAnswer({
          statusCode: 7,
          statusMessage: 'Partial success',
          channels: [null, 'chat', { statusCode: 1 }, { channel: 'voice', statusCode: 0 }, { channel: 'sms', statusCode: 5, statusMessage: 'No license' }, { channel: 'email', statusCode: '5', statusMessage: 42 }],
        }),
      );
      const info = await h.session.signIn();
      assert.equal(info.agentLogin.reason, 'partial');
      assert.deepEqual(info.agentLogin.channels, [
        { channel: 'voice', statusCode: 0, statusMessage: undefined },
        { channel: 'sms', statusCode: 5, statusMessage: 'No license' },
        { channel: 'email', statusCode: undefined, statusMessage: undefined },
      ]);
      assert.equal(info.agentLogin.text, 'StartContactCenterSession partly failed (statusCode 7: voice: OK; sms: statusCode 5, No license; email: refused); observing: Sign Out will not log the agent out');
      assert.equal(h.session.ownsAgentLogin, false);
      const agentLogin = h.recorder.meta.find((m) => m.type === 'agentLogin');
      assert.equal(agentLogin?.warning, 'StartContactCenterSession partly failed');
      assert.ok(h.recorder.logLines.includes(`warn ${info.agentLogin.text}`), 'a warning is logged as such');
    });

    it('a list where every channel says OK is no answer: the whole request is told with its own message', async () => {
      const h = await harness({ mode: 'agent', login: { channels: ['voice', 'sms'] } });
      h.proxy.answer(isMePost, partialAnswer({ statusCode: 7, statusMessage: 'Partial success', channels: [{ channel: 'voice', statusCode: 0 }] }));
      const info = await h.session.signIn();
      assert.deepEqual(info.agentLogin.channels, [{ channel: 'voice, sms', statusCode: 7, statusMessage: 'Partial success' }]);
    });
  });

  it('a login it made says so; one chosen by the user says that too', async () => {
    const configured = await harness({ mode: 'agent' });
    const info = await configured.session.signIn();
    assert.equal(info.agentLogin.text, 'Logged agent1 in to voice (StartContactCenterSession); Sign Out offers to log out');
    assert.equal(info.agentLogin.loggedInBefore, undefined, 'not read: the mode decided');
    assert.equal(configured.recorder.meta.find((m) => m.type === 'agentLogin')?.warning, undefined);
    await configured.session.signOut({ endContactCenterSession: true });

    const chosen = await harness({ mode: 'auto', askWhenLoggedOut: async () => 'agent' });
    const chosenInfo = await chosen.session.signIn();
    assert.equal(chosenInfo.agentLogin.text, 'Logged agent1 in to voice (StartContactCenterSession), as chosen; Sign Out offers to log out');
    assert.equal(chosenInfo.agentLogin.loggedInBefore, false);
  });

  it('a failed resync is retried after 1 s, then 2 s, staying reconnecting, and says so', async () => {
    const h = await harness();
    await h.session.signIn();
    const metaStart = h.recorder.meta.length;
    h.proxy.answer(isCallsRead, VOICE_UNAVAILABLE, 2);
    await h.control.post('/sim/faults/drop-connections');
    await waitFor('connected after the resync', () => h.session.state === 'connected' && h.recorder.snapshots.some((s) => s.reason === 'resync'), 30_000);
    const retries = h.recorder.meta.slice(metaStart).filter((m) => m.type === 'error');
    assert.deepEqual(
      retries.map((m) => [m.text.replace(/^Resync failed: .*; retrying/, 'retrying'), m.detail]),
      [
        ['retrying in 1 s', { failures: 1, retryInMs: 1000 }],
        ['retrying in 2 s', { failures: 2, retryInMs: 2000 }],
      ],
    );
    assert.ok(retries.every((m) => /Voice service is not available/.test(m.text)));
    assert.ok(h.recorder.logLines.some((line) => line.startsWith('warn Resync failed: ')), 'an error is logged as a warning');
    assert.deepEqual(h.recorder.states.slice(-2), ['reconnecting', 'connected']);
    const reconnected = h.recorder.meta.filter((m) => m.type === 'reconnected').map((m) => m.text);
    assert.equal(reconnected.at(-1), 'CometD re-handshaken; calls and devices re-read');
  });

  it('after a renewal the reconnected row says the session was renewed; the failed renewal keeps the HTTP status', async () => {
    const h = await harness({ mode: 'observe' });
    await h.session.signIn();
    const renewed = nextEvent(h.session.onMeta, 'reconnected', (m) => m.type === 'reconnected');
    await h.control.post('/sim/faults/expire-sessions');
    assert.equal((await renewed).text, 'Signed in again; session renewed, calls and devices re-read');
    const expired = h.recorder.meta.find((m) => m.type === 'sessionExpired');
    assert.match(expired?.text ?? '', /^GWS session expired \((CometD refused the session|REST answered|resync answered): .+\); signing in again$/);

    const failed = nextEvent(h.session.onDidChangeConnectionState, 'state failed', (state) => state === 'failed');
    await h.control.post('/sim/faults/fail-next', { count: 1, httpStatus: 401, statusCode: 20, statusMessage: 'Access denied' });
    await h.control.post('/sim/faults/expire-sessions');
    await failed;
    assert.equal(h.session.lastError?.httpStatus, 401);
    await assert.rejects(h.session.refresh(), (error: unknown) => error === h.session.lastError);
    // Failed: it may sign in again.
    await h.session.signIn();
    assert.equal(h.session.state, 'connected');
    assert.equal(h.session.lastError, undefined);
  });
});
