// GwsSession end to end against the built-in simulator: real HTTP, real faye Bayeux server,
// real cometd client. Faults come from the simulator's control API.
import * as assert from 'node:assert/strict';
import { GwsError } from '../../../src/gws/errors';
import { basicCredential } from '../../../src/base/redact';
import { GwsSession, type GwsSessionOptions } from '../../../src/gws/gwsSession';
import { CallStore } from '../../../src/model/callStore';
import { startSimulator, type LoggedRequest, type RunningSimulator, type SimulatorOptions } from '../../../src/simulator';
import { callNotification, header, nextEvent, Recorder, SimControl, waitFor } from './support';

interface Harness {
  sim: RunningSimulator;
  control: SimControl;
  session: GwsSession;
  recorder: Recorder;
}

const open: Array<{ session?: GwsSession; sim?: RunningSimulator }> = [];

/**
 * A session in `agent` mode unless told otherwise: the suite below follows the documented
 * sequence, StartContactCenterSession included; the session modes have their own suite.
 */
async function harness(simOptions: SimulatorOptions = {}, sessionOptions: Partial<GwsSessionOptions> = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...simOptions });
  const recorder = new Recorder();
  const session = new GwsSession({
    baseUrl: sim.url,
    userName: 'agent1',
    password: 'agent1',
    log: recorder.log,
    agentLogin: { mode: 'agent' },
    ...sessionOptions,
  });
  recorder.attach(session);
  open.push({ session, sim });
  return { sim, control: new SimControl(sim.url), session, recorder };
}

function indexOf(requests: LoggedRequest[], what: string, match: (r: LoggedRequest) => boolean): number {
  const index = requests.findIndex(match);
  assert.ok(index >= 0, `no ${what} in ${requests.map((r) => `${r.method} ${r.path}`).join(' | ')}`);
  return index;
}

const isSignInRead = (r: LoggedRequest) => r.method === 'GET' && r.path.startsWith('/api/v2/me?subresources=');
const isOperation = (name: string) => (r: LoggedRequest) =>
  r.method === 'POST' && (r.body as { operationName?: string } | undefined)?.operationName === name;

/** A call the simulator reports, seen by the session as a notification (the recorder saw everything). */
async function liveCall(h: Harness, state: 'Ringing' | 'Established' = 'Established'): Promise<string> {
  const id = await h.control.createCall({ to: 'agent1', state });
  await waitFor(`a notification for call ${id}`, () => h.recorder.notifications.some(callNotification(id)));
  return id;
}

/** What the pipeline does: notifications and snapshots into a store. */
function feedStore(session: GwsSession): CallStore {
  const store = new CallStore();
  session.onNotification(({ message }) => {
    const data = message.data as { messageType?: string; call?: never } | undefined;
    if (data?.messageType === 'CallStateChangeMessage' && data.call) store.applyCall(data.call);
  });
  session.onSnapshot((snapshot) => store.applySnapshot(snapshot.calls));
  return store;
}

describe('GwsSession against the simulator', function () {
  this.timeout(60_000);

  afterEach(async () => {
    for (const { session, sim } of open.splice(0)) {
      session?.dispose();
      await sim?.stop();
    }
  });

  it('signs in in the documented order: GET /me with Basic, handshake, StartContactCenterSession, devices, calls', async () => {
    const h = await harness();
    const precall = await h.control.createCall({ to: 'agent1', state: 'Established' });
    const info = await h.session.signIn();
    assert.equal(h.session.state, 'connected');
    assert.deepEqual(h.recorder.states, ['signingIn', 'connected']);
    assert.equal(info.user.userName, 'agent1');
    assert.equal(h.session.user?.userName, 'agent1');
    assert.equal(info.devices[0]?.phoneNumber, '15000');
    assert.deepEqual(info.calls.map((c) => c.id), [precall], 'existing calls are recovered');
    assert.equal(h.session.transportType, 'long-polling');
    assert.equal(h.recorder.snapshots.length, 1);
    assert.equal(h.recorder.snapshots[0].reason, 'signIn');

    const requests = (await h.control.requests()).filter((r) => r.path.startsWith('/api/v2/'));
    const me = indexOf(requests, 'GET /me', isSignInRead);
    const handshake = indexOf(requests, 'handshake', (r) => r.path.startsWith('/api/v2/notifications') && JSON.stringify(r.body).includes('/meta/handshake'));
    const start = indexOf(requests, 'StartContactCenterSession', isOperation('StartContactCenterSession'));
    const devices = indexOf(requests, 'GET devices', (r) => r.path === '/api/v2/me/devices?fields=*');
    const calls = indexOf(requests, 'GET calls', (r) => r.path === '/api/v2/me/calls?fields=*');
    assert.ok(me < handshake && handshake < start && start < devices && devices < calls, `order ${[me, handshake, start, devices, calls]}`);
    assert.equal(header(requests[me], 'authorization'), `Basic ${basicCredential('agent1', 'agent1')}`);
    assert.match(header(requests[handshake], 'cookie') ?? '', /JSESSIONID=/, 'CometD carries the session cookie');
    assert.ok(header(requests[start], 'x-csrf-token'), 'the POST carries the CSRF token');
    for (const request of requests) assert.equal(header(request, 'origin'), h.sim.url, `Origin on ${request.method} ${request.path}`);
    assert.deepEqual(
      h.recorder.meta.filter((m) => m.type === 'subscribe').map((m) => m.channel).sort(),
      ['/v2/me/*'],
    );
  });

  it('works with CSRF protection off (no token handed out, none sent)', async () => {
    const h = await harness({ csrf: false });
    await h.session.signIn();
    const id = await liveCall(h);
    await h.session.runCallOperation(id, 'Hold');
    const posts = (await h.control.requests()).filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/me'));
    assert.ok(posts.length >= 2);
    for (const post of posts) assert.equal(header(post, 'x-csrf-token'), undefined);
  });

  it('delivers a new call as a notification and runs StartCallRecording end to end (server checks Origin)', async () => {
    const h = await harness({ checkOrigin: true });
    await h.session.signIn();
    const id = await liveCall(h);
    const recording = nextEvent(
      h.session.onNotification,
      'CallRecordingStateChange',
      callNotification(id, (data) => data.notificationType === 'CallRecordingStateChange'),
    );
    const answer = await h.session.runCallOperation(id, 'StartCallRecording');
    assert.equal(answer.statusCode, 0);
    const notification = await recording;
    const call = (notification.message.data as { call: { recordingState?: string; capabilities?: string[] } }).call;
    assert.equal(call.recordingState, 'Recording');
    assert.ok(call.capabilities?.includes('StopCallRecording'));
    const records = h.recorder.operations.filter((o) => o.operationName === 'StartCallRecording');
    assert.deepEqual(records.map((o) => o.phase), ['sent', 'completed']);
    assert.equal(records[0].callId, id);
    assert.equal(records[1].httpStatus, 200);
    assert.equal(records[1].statusCode, 0);
    assert.equal(records[0].requestHeaders.Origin, h.sim.url);
  });

  it('a refused operation throws a GwsError with statusCode, statusMessage, operation and call', async () => {
    const h = await harness();
    await h.session.signIn();
    const id = await liveCall(h, 'Established');
    const error = await h.session.runCallOperation(id, 'Retrieve').then(
      () => assert.fail('Retrieve on an Established call must be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof GwsError);
    assert.equal(error.kind, 'status');
    assert.ok(error.statusCode && error.statusCode > 0, `statusCode ${error.statusCode}`);
    assert.ok(error.statusMessage);
    assert.equal(error.operationName, 'Retrieve');
    assert.equal(error.callId, id);
    assert.match(error.message, /^Retrieve on call .+ was refused: statusCode \d+, /);
    const completed = h.recorder.operations.find((o) => o.operationName === 'Retrieve' && o.phase === 'completed');
    assert.equal(completed?.statusCode, error.statusCode);
    assert.equal(h.session.state, 'connected', 'a refusal is not a session problem');
  });

  it('503 / statusCode 4 from fail-next reaches the caller as a status error', async () => {
    const h = await harness();
    await h.session.signIn();
    const id = await liveCall(h);
    await h.control.post('/sim/faults/fail-next', { count: 1, httpStatus: 503, statusCode: 4, statusMessage: 'Voice service is not available at this time' });
    const error = await h.session.runCallOperation(id, 'Hold').catch((e: unknown) => e);
    assert.ok(error instanceof GwsError);
    assert.equal(error.httpStatus, 503);
    assert.equal(error.statusCode, 4);
    assert.match(error.message, /Hold on call .+ was refused: statusCode 4, Voice service is not available at this time \(HTTP 503\)/);
    assert.equal((await h.session.runCallOperation(id, 'Hold')).statusCode, 0, 'the next request works again');
  });

  it('a wrong password fails sign-in with an auth error, state failed, and no secret anywhere', async () => {
    const h = await harness({}, { password: 'N0t-The-Password' });
    const error = await h.session.signIn().catch((e: unknown) => e);
    assert.ok(error instanceof GwsError);
    assert.equal(error.kind, 'auth');
    assert.match(error.message, /user or password is wrong/);
    assert.equal(h.session.state, 'failed');
    assert.deepEqual(h.recorder.states, ['signingIn', 'failed']);
    const everything = h.recorder.everything() + error.message;
    assert.ok(!everything.includes('N0t-The-Password'));
    assert.ok(!everything.includes(basicCredential('agent1', 'N0t-The-Password')));
  });

  it('a dead server fails sign-in with a network error that asks whether it runs', async () => {
    const sim = await startSimulator({ port: 0 });
    const url = sim.url;
    await sim.stop();
    const session = new GwsSession({ baseUrl: url, userName: 'agent1', password: 'agent1' });
    open.push({ session });
    const error = await session.signIn().catch((e: unknown) => e);
    assert.ok(error instanceof GwsError);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /does not answer \(ECONNREFUSED\)\. Is it running\?/);
    assert.equal(session.state, 'failed');
  });

  it('survives a malformed notification and keeps delivering', async () => {
    const h = await harness();
    await h.session.signIn();
    const malformed = nextEvent(h.session.onNotification, 'the malformed message', (n) => {
      const data = n.message.data as { call?: unknown } | undefined;
      return n.message.channel === '/v2/me/calls' && (typeof n.message.data !== 'object' || !data?.call);
    });
    await h.control.post('/sim/faults/malformed-notification', { kind: 'no-call' });
    await malformed;
    await liveCall(h);
    assert.equal(h.session.state, 'connected');
  });

  it('after drop-connections it re-handshakes, resyncs and receives again', async () => {
    const h = await harness();
    await h.session.signIn();
    const resync = nextEvent(h.session.onSnapshot, 'resync snapshot', (s) => s.reason === 'resync');
    await h.control.post('/sim/faults/drop-connections');
    await resync;
    await waitFor('state connected', () => h.session.state === 'connected');
    assert.ok(h.recorder.meta.some((m) => m.type === 'handshake' && /re-established/.test(m.text)));
    await liveCall(h);
    const meCount = (await h.control.requests()).filter(isSignInRead).length;
    assert.equal(meCount, 1, 'a dropped connection needs no new sign-in');
  });

  it('after a server restart it signs in again once, resyncs, and calls that ended meanwhile vanish', async () => {
    const h = await harness();
    const store = feedStore(h.session);
    await h.session.signIn();
    const survivor = await liveCall(h);
    const ended = await liveCall(h);
    assert.equal(store.size, 2);
    const before = await h.control.lastSeq();
    const renewed = nextEvent(h.session.onMeta, 'reconnected', (m) => m.type === 'reconnected');
    // In-process: the call ends in the same tick as the restart, before the client can be
    // listening again, so only the resync can tell the client about it.
    await h.sim.control.restart();
    h.sim.control.remoteHangup(ended);
    await renewed;
    assert.equal(h.session.state, 'connected');
    const types = h.recorder.metaTypes();
    assert.ok(types.indexOf('sessionExpired') >= 0 && types.lastIndexOf('reconnected') > types.indexOf('sessionExpired'), types.join(','));
    assert.ok(h.recorder.states.includes('reconnecting'));
    const after = await h.control.requests(before);
    assert.equal(after.filter(isSignInRead).length, 1, 'signed in again exactly once');
    assert.equal(header(after.filter(isSignInRead)[0], 'authorization'), `Basic ${basicCredential('agent1', 'agent1')}`);
    assert.equal(after.filter(isOperation('StartContactCenterSession')).length, 1);
    assert.ok(after.some((r) => r.path === '/api/v2/me/calls?fields=*'));
    assert.deepEqual(store.list().map((c) => c.id), [survivor], 'the call that ended while away is gone');
    const releasedSeen = h.recorder.notifications.some(callNotification(ended, (d) => (d.call as { state?: string }).state === 'Released'));
    assert.equal(releasedSeen, false, 'the client never heard the Released notification: the resync removed it');
    await liveCall(h);
    assert.equal((await h.session.runCallOperation(survivor, 'Hold')).statusCode, 0);
  });

  it('after expire-sessions it signs in again once, for CometD and REST alike', async () => {
    const h = await harness();
    await h.session.signIn();
    const id = await liveCall(h);
    const before = await h.control.lastSeq();
    await h.control.post('/sim/faults/expire-sessions');
    // The REST call meets the dead session first or second; either way one renewal serves both.
    assert.equal((await h.session.runCallOperation(id, 'Hold')).statusCode, 0);
    await waitFor('state connected', () => h.session.state === 'connected' && h.recorder.metaTypes().includes('reconnected'));
    const after = await h.control.requests(before);
    assert.equal(after.filter(isSignInRead).length, 1, 'signed in again exactly once');
    assert.equal(h.recorder.meta.filter((m) => m.type === 'sessionExpired').length, 1);
    await liveCall(h);
    assert.ok(!h.recorder.everything().includes(basicCredential('agent1', 'agent1')), 'no Basic credential in logs or records');
  });

  it('goes to reconnecting while the server is down, and signs out cleanly anyway', async () => {
    const h = await harness();
    await h.session.signIn();
    await h.sim.stop();
    await waitFor('state reconnecting', () => h.session.state === 'reconnecting');
    assert.ok(h.recorder.metaTypes().includes('reconnecting'));
    await h.session.signOut({ endContactCenterSession: true });
    assert.equal(h.session.state, 'signedOut');
    assert.ok(h.recorder.logLines.some((line) => /EndContactCenterSession failed/.test(line)));
  });

  it('signs out, asked to end its own login: CometD disconnect first, then EndContactCenterSession', async () => {
    const h = await harness();
    await h.session.signIn();
    const before = await h.control.lastSeq();
    await h.session.signOut({ endContactCenterSession: true });
    assert.equal(h.session.state, 'signedOut');
    const after = await h.control.requests(before);
    const disconnect = indexOf(after, 'disconnect', (r) => JSON.stringify(r.body).includes('/meta/disconnect'));
    const end = indexOf(after, 'EndContactCenterSession', isOperation('EndContactCenterSession'));
    assert.ok(disconnect < end);
    await assert.rejects(h.session.runCallOperation('x', 'Hold'), /Not signed in/);
  });

  it('dials, sets the agent state and refreshes; devices follow DeviceStateChangeMessage', async () => {
    const h = await harness();
    await h.session.signIn();
    const device = h.session.devices[0];
    assert.ok(device, 'the agent has a device');
    const ready = nextEvent(h.session.onNotification, 'DeviceStateChangeMessage Ready', (n) =>
      JSON.stringify(n.message.data).includes('"state":"Ready"'),
    );
    assert.equal((await h.session.setAgentState('Ready')).statusCode, 0);
    await ready;
    assert.equal(h.session.devices[0].userState?.state, 'Ready');
    const dialing = nextEvent(h.session.onNotification, 'a Dialing call', (n) =>
      (n.message.data as { call?: { state?: string } } | undefined)?.call?.state === 'Dialing',
    );
    assert.equal((await h.session.dial(device.id, '15001')).statusCode, 0);
    const dialed = (await dialing).message.data as { call: { id: string } };
    const dialRecord = h.recorder.operations.find((o) => o.operationName === 'Dial' && o.phase === 'sent');
    assert.deepEqual(dialRecord?.requestBody, { operationName: 'Dial', destination: { phoneNumber: '15001' } });
    const snapshot = await h.session.refresh();
    assert.equal(snapshot.reason, 'refresh');
    assert.ok(snapshot.calls.some((c) => c.id === dialed.call.id));
    assert.equal(h.recorder.snapshots.at(-1), snapshot);
  });

  it('when signing in again fails, the session fails and says to sign in again', async () => {
    const h = await harness();
    await h.session.signIn();
    const failed = nextEvent(h.session.onDidChangeConnectionState, 'state failed', (state) => state === 'failed');
    // The renewal's GET /me is the next REST request: make the server refuse it.
    await h.control.post('/sim/faults/fail-next', { count: 1, httpStatus: 401, statusCode: 20, statusMessage: 'Access denied' });
    await h.control.post('/sim/faults/expire-sessions');
    await failed;
    assert.equal(h.session.lastError?.kind, 'auth');
    assert.match(h.session.lastError?.message ?? '', /expired and signing in again failed: Sign-in failed: user or password is wrong .* Sign in again\.$/);
    assert.ok(h.recorder.meta.some((m) => m.type === 'error' && /Sign in again/.test(m.text)));
    assert.equal(h.session.transportType, undefined, 'CometD is stopped, not retrying forever');
    await assert.rejects(h.session.runCallOperation('x', 'Hold'), /Sign in again/);
    assert.equal(h.recorder.meta.filter((m) => m.type === 'sessionExpired').length, 1, 'only one attempt');
    const gapEnd = h.recorder.meta.find((m) => m.type === 'gapEnd');
    assert.match(gapEnd?.text ?? '', /^No notifications for \d+\.\d s \(session failed\)$/, 'the gap in notifications is closed as failed');
  });

  describe('over websocket', () => {
    it('connects with the session cookie, receives calls, and recovers from drop-connections', async () => {
      const h = await harness({}, { transport: 'websocket' });
      await h.session.signIn();
      assert.equal(h.session.transportType, 'websocket');
      await liveCall(h);
      const resync = nextEvent(h.session.onSnapshot, 'resync snapshot', (s) => s.reason === 'resync');
      await h.control.post('/sim/faults/drop-connections');
      await resync;
      await waitFor('state connected', () => h.session.state === 'connected');
      assert.equal(h.session.transportType, 'websocket');
      await liveCall(h);
    });

    it('recovers from expire-sessions by signing in again once', async () => {
      const h = await harness({}, { transport: 'websocket' });
      await h.session.signIn();
      const before = await h.control.lastSeq();
      const renewed = nextEvent(h.session.onMeta, 'reconnected', (m) => m.type === 'reconnected');
      await h.control.post('/sim/faults/expire-sessions');
      await renewed;
      assert.equal(h.session.state, 'connected');
      assert.equal((await h.control.requests(before)).filter(isSignInRead).length, 1);
      await liveCall(h);
    });
  });
});
