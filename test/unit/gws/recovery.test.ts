// Recovery after faults (issue 11), against the simulator, some answers shaped by a loopback
// proxy in front of it (faultProxy.ts): a bare 401/403 on REST counts as an expired session;
// "connected" only once the resync after the latest re-handshake is done; a failed resync is
// retried until it works; the stream marks the gap in notifications.
import * as assert from 'node:assert/strict';
import { basicCredential } from '../../../src/base/redact';
import { GwsSession, type GwsSessionOptions } from '../../../src/gws/gwsSession';
import type { NotificationTransport } from '../../../src/gws/notificationClient';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../../../src/simulator';
import type { MetaRecord } from '../../../src/wire/sessionEvents';
import { BARE_403_PAGE, FaultProxy, isCallsRead, VOICE_UNAVAILABLE, type ProxiedRequest } from './faultProxy';
import { callNotification, closeAll, header, nextEvent, Recorder, SimControl, waitFor } from './support';

interface Harness {
  sim: RunningSimulator;
  proxy: FaultProxy;
  control: SimControl;
  session: GwsSession;
  recorder: Recorder;
  /** State changes and snapshots, in the order the session reported them. */
  timeline: string[];
}

const open: Array<{ session: GwsSession; sim: RunningSimulator; proxy: FaultProxy }> = [];

/** The session talks to the proxy (or, `direct`, to the simulator); faults go to the simulator. */
async function harness(
  options: { direct?: boolean; transport?: NotificationTransport } & Pick<GwsSessionOptions, 'maxBackoffMs' | 'requestTimeoutMs'> = {},
): Promise<Harness> {
  const sim = await startSimulator({ port: 0 });
  const proxy = await new FaultProxy(sim.url).start();
  const recorder = new Recorder();
  const baseUrl = options.direct ? sim.url : proxy.url;
  const { maxBackoffMs, requestTimeoutMs, transport } = options;
  const session = new GwsSession({ baseUrl, userName: 'agent1', password: 'agent1', transport, maxBackoffMs, requestTimeoutMs, log: recorder.log });
  recorder.attach(session);
  const timeline: string[] = [];
  session.onDidChangeConnectionState((state) => timeline.push(`state:${state}`));
  session.onSnapshot((snapshot) => timeline.push(`snapshot:${snapshot.reason}`));
  open.push({ session, sim, proxy });
  return { sim, proxy, control: new SimControl(sim.url), session, recorder, timeline };
}

const isSignInRead = (r: LoggedRequest) => r.method === 'GET' && r.path.startsWith('/api/v2/me?subresources=');
const isConnect = (r: ProxiedRequest) => r.method === 'POST' && r.path === '/api/v2/notifications/connect';


async function liveCall(h: Harness): Promise<string> {
  const id = await h.control.createCall({ to: 'agent1', state: 'Established' });
  await waitFor(`a notification for call ${id}`, () => h.recorder.notifications.some(callNotification(id)));
  return id;
}

function metaOf(h: Harness, type: string, since = 0): MetaRecord[] {
  return h.recorder.meta.slice(since).filter((m) => m.type === type);
}

describe('GwsSession recovery (issue 11)', function () {
  this.timeout(60_000);

  afterEach(() => closeAll(open));

  describe('a bare HTTP 401 or 403 on a REST request is an expired session', () => {
    for (const status of [401, 403]) {
      it(`HTTP ${status} with a servlet error page: signs in again once and the operation succeeds`, async () => {
        const h = await harness();
        await h.session.signIn();
        const id = await liveCall(h);
        const before = await h.control.lastSeq();
        const isHold = (r: ProxiedRequest) => r.method === 'POST' && r.path === `/api/v2/me/calls/${encodeURIComponent(id)}`;
        h.proxy.answer(isHold, { ...BARE_403_PAGE, status, body: BARE_403_PAGE.body.replace(/403/g, String(status)) });

        const answer = await h.session.runCallOperation(id, 'Hold');

        assert.equal(answer.statusCode, 0, 'the operation was sent again on the new session');
        assert.equal(h.proxy.intercepted.length, 1, 'the bare page was served once');
        const after = await h.control.requests(before);
        assert.equal(after.filter(isSignInRead).length, 1, 'signed in again exactly once');
        assert.equal(header(after.filter(isSignInRead)[0], 'authorization'), `Basic ${basicCredential('agent1', 'agent1')}`);
        const [expired] = metaOf(h, 'sessionExpired');
        assert.match(expired.text, new RegExp(`^GWS session expired \\(REST answered: Hold on call .*HTTP ${status}\\b.*\\); signing in again$`));
        await waitFor('state connected', () => h.session.state === 'connected');
        // CometD still flowed: it takes the new cookie with its next request, no new client.
        const since = h.recorder.meta.indexOf(expired);
        assert.deepEqual(metaOf(h, 'handshake', since), [], 'no CometD handshake after a REST-only expiry');
      });
    }

    it("GWS's own statusCode 20 (Access denied), whatever the HTTP status, is an expired session too", async () => {
      const h = await harness();
      await h.session.signIn();
      const id = await liveCall(h);
      const isHold = (r: ProxiedRequest) => r.method === 'POST' && r.path === `/api/v2/me/calls/${encodeURIComponent(id)}`;
      h.proxy.answer(isHold, { status: 200, contentType: 'application/json', body: JSON.stringify({ statusCode: 20, statusMessage: 'Access denied' }) });
      const answer = await h.session.runCallOperation(id, 'Hold');
      assert.equal(answer.statusCode, 0, 'the operation was sent again on the new session');
      assert.equal(h.proxy.intercepted.length, 1);
      assert.equal(metaOf(h, 'sessionExpired').length, 1);
    });

    for (const status of [500, 502]) {
      it(`a bare HTTP ${status} page is no expired session: the caller gets the error, nothing signs in again`, async () => {
        const h = await harness();
        await h.session.signIn();
        const id = await liveCall(h);
        const before = await h.control.lastSeq();
        const isHold = (r: ProxiedRequest) => r.method === 'POST' && r.path.startsWith('/api/v2/me/calls/');
        h.proxy.answer(isHold, { status, contentType: 'text/html', body: `<html><body><h2>HTTP ERROR ${status}</h2></body></html>` });
        await assert.rejects(h.session.runCallOperation(id, 'Hold'), new RegExp(`HTTP ${status}`));
        assert.equal(metaOf(h, 'sessionExpired').length, 0);
        assert.equal((await h.control.requests(before)).filter(isSignInRead).length, 0, 'no second sign-in');
        assert.equal(h.session.state, 'connected');
      });
    }

    it('a GWS refusal that comes with HTTP 403 and a statusCode is not an expired session', async () => {
      const h = await harness();
      await h.session.signIn();
      const id = await liveCall(h);
      const isHold = (r: ProxiedRequest) => r.method === 'POST' && r.path.startsWith('/api/v2/me/calls/');
      h.proxy.answer(isHold, { status: 403, contentType: 'application/json', body: JSON.stringify({ statusCode: 5, statusMessage: 'No permission' }) });
      await assert.rejects(h.session.runCallOperation(id, 'Hold'), /statusCode 5, No permission/);
      assert.equal(metaOf(h, 'sessionExpired').length, 0);
      assert.equal(h.session.state, 'connected');
    });
  });

  describe('connected only once the resync after the latest re-handshake is done', () => {
    it('a second re-handshake during a slow resync: the first resync finishing does not make it connected', async () => {
      const h = await harness();
      await h.session.signIn();
      h.proxy.hold(isCallsRead, 2);
      const start = h.timeline.length;
      const connects = () => metaOf(h, 'connect').length;

      await h.control.post('/sim/faults/drop-connections');
      await waitFor('the first resync read, held by the server', () => h.proxy.held.length === 1);
      assert.equal(h.session.state, 'reconnecting');
      const before = connects();
      await h.control.post('/sim/faults/drop-connections');
      await waitFor('CometD connected again after a second handshake', () => connects() > before);

      h.proxy.held[0].release();
      await waitFor('the first resync snapshot', () => h.timeline.slice(start).includes('snapshot:resync'));
      assert.equal(h.session.state, 'reconnecting', 'a read from before the latest handshake does not make it connected');
      await waitFor('the resync read after the second handshake, held by the server', () => h.proxy.held.length === 1);
      h.proxy.held[0].release();
      await waitFor('state connected', () => h.session.state === 'connected');
      assert.deepEqual(h.timeline.slice(start), ['state:reconnecting', 'snapshot:resync', 'snapshot:resync', 'state:connected']);
      await liveCall(h);
    });

    it('a re-handshake that no lost connection announced still makes it reconnecting until the resync is done', async () => {
      // The first /meta/connect is answered only after the server forgot the client: CometD was
      // never up, so no link-down is reported, yet the calls must be read again.
      const h = await harness();
      h.proxy.hold(isConnect);
      await h.session.signIn();
      assert.equal(h.session.state, 'connected');
      const start = h.timeline.length;
      await h.control.post('/sim/faults/drop-connections');
      h.proxy.held[0].release();
      await waitFor('state connected after a resync', () => h.session.state === 'connected' && h.timeline.slice(start).includes('snapshot:resync'));
      assert.deepEqual(h.timeline.slice(start), ['state:reconnecting', 'snapshot:resync', 'state:connected']);
      assert.match(metaOf(h, 'gapStart')[0]?.text ?? '', /^Notifications stopped: CometD handshook again/);
      await liveCall(h);
    });

    it('after drop-connections, "connected" comes after the resync snapshot, never before', async () => {
      const h = await harness();
      await h.session.signIn();
      const start = h.timeline.length;
      await h.control.post('/sim/faults/drop-connections');
      await waitFor('state connected', () => h.session.state === 'connected' && h.timeline.slice(start).includes('snapshot:resync'));
      assert.deepEqual(h.timeline.slice(start), ['state:reconnecting', 'snapshot:resync', 'state:connected']);
    });
  });

  describe('after signing in again, CometD does not wait for its backoff', () => {
    it('expire-sessions over websocket: the handshake with the new session is the first of a fresh client', async () => {
      // The client that met the refusals while the session was dead would handshake again only
      // after CometD's backoff (1 s, then 2 s: never sooner), as a re-established handshake of the
      // same client (notificationClient.ts counts them); the fresh one handshakes when it starts.
      const h = await harness({ direct: true, transport: 'websocket' });
      await h.session.signIn();
      const start = h.timeline.length;
      const metaStart = h.recorder.meta.length;
      await h.control.post('/sim/faults/expire-sessions');
      await nextEvent(h.session.onDidChangeConnectionState, 'state connected', (state) => state === 'connected', 20_000);
      assert.deepEqual(h.timeline.slice(start), ['state:reconnecting', 'snapshot:resync', 'state:connected']);
      const since = h.recorder.meta.slice(metaStart);
      const expiredAt = since.findIndex((m) => m.type === 'sessionExpired');
      assert.ok(expiredAt >= 0, 'the session expiry was noticed');
      assert.equal(metaOf(h, 'sessionExpired').length, 1);
      // Refused handshakes carry no clientId: only the accepted one, with the new session, counts.
      const handshakes = since.slice(expiredAt).filter((m) => m.type === 'handshake');
      const accepted = handshakes.map((m) => m.detail as { clientId?: string; reestablish?: boolean } | undefined).filter((d) => d?.clientId);
      const texts = handshakes.map((m) => m.text).join(' | ');
      assert.equal(accepted.length, 1, texts);
      assert.equal(accepted[0]?.reestablish, false, `made by a fresh client, not by the old one after its backoff: ${texts}`);
      assert.equal(h.session.transportType, 'websocket');
      await liveCall(h);
    });

    it('a fresh client that cannot connect: the session waits twice maxBackoffMs plus the request timeout, then fails', async () => {
      const h = await harness({ maxBackoffMs: 1_000, requestTimeoutMs: 3_000 });
      await h.session.signIn();
      // From the expiry on, every /meta/connect stays unanswered: the new client never connects.
      const expired = nextEvent(h.session.onMeta, 'the expiry', (m) => m.type === 'sessionExpired');
      await h.control.post('/sim/faults/expire-sessions');
      await expired;
      h.proxy.hold(isConnect, 1_000);
      await nextEvent(h.session.onDidChangeConnectionState, 'state failed', (state) => state === 'failed');
      // 2 × 1 s + 3 s: enough for CometD's own retries at the longest backoff, and no more.
      assert.match(h.session.lastError?.message ?? '', /signing in again failed: CometD did not reconnect within 5 s\. Sign in again\.$/);
    });
  });

  describe('a failed resync is retried with backoff until it works', () => {
    it('after a renewal (expired session): two 503s on GET calls, reconnecting meanwhile, never failed', async () => {
      const h = await harness();
      await h.session.signIn();
      const start = h.timeline.length;
      const metaStart = h.recorder.meta.length;
      const before = await h.control.lastSeq();
      h.proxy.answer(isCallsRead, VOICE_UNAVAILABLE, 2);

      await h.control.post('/sim/faults/expire-sessions');
      await waitFor('state connected (or failed)', () => h.session.state === 'failed' || (h.session.state === 'connected' && h.timeline.slice(start).includes('snapshot:resync')), 30_000);

      assert.equal(h.proxy.intercepted.length, 2, 'both 503s were served');
      assert.ok(!h.timeline.includes('state:failed'), h.timeline.join(' '));
      assert.deepEqual(h.timeline.slice(start), ['state:reconnecting', 'snapshot:resync', 'state:connected']);
      const retries = metaOf(h, 'error', metaStart);
      assert.equal(retries.length, 2, retries.map((m) => m.text).join(' | '));
      for (const retry of retries) assert.match(retry.text, /^Resync failed: .*Voice service is not available.*; retrying in \d+ s/);
      assert.equal((await h.control.requests(before)).filter(isSignInRead).length, 1, 'signed in again once, not per retry');
      await liveCall(h);
    });

    it('after drop-connections: a 503 on GET calls is retried and the state stays reconnecting until it works', async () => {
      const h = await harness();
      await h.session.signIn();
      const start = h.timeline.length;
      h.proxy.answer(isCallsRead, VOICE_UNAVAILABLE, 1);
      await h.control.post('/sim/faults/drop-connections');
      await waitFor('state connected', () => h.session.state === 'connected' && h.timeline.slice(start).includes('snapshot:resync'), 30_000);
      assert.equal(h.proxy.intercepted.length, 1);
      assert.deepEqual(h.timeline.slice(start), ['state:reconnecting', 'snapshot:resync', 'state:connected']);
    });
  });

  describe('the stream marks the gap in notifications', () => {
    function attachPipeline(session: GwsSession): { log: StreamLog; gapRows: () => StreamRecord[] } {
      const log = new StreamLog(10_000);
      const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000 });
      pipeline.attach(session);
      return { log, gapRows: () => log.rows().filter((r) => r.type === 'gapStart' || r.type === 'gapEnd') };
    }

    for (const fault of ['drop-connections', 'restart'] as const) {
      it(`after ${fault}: a gapStart row when CometD went down, a gapEnd row with its length when it came back`, async () => {
        const h = await harness();
        const { gapRows } = attachPipeline(h.session);
        await h.session.signIn();
        const faultAt = Date.now();
        await h.control.post(`/sim/faults/${fault}`);
        await waitFor('state connected with a closed gap', () => h.session.state === 'connected' && gapRows().length === 2, 30_000);
        const [start, end] = gapRows();
        assert.deepEqual([start.type, end.type], ['gapStart', 'gapEnd']);
        assert.equal(start.kind, 'meta');
        assert.equal(start.channel, 'session');
        assert.match(start.summary, /^Notifications stopped: CometD connection lost \(.+\)$/);
        const detail = end.detail as { startedAt: number; endedAt: number; durationMs: number; outcome: string };
        assert.ok(detail.startedAt >= faultAt, 'the gap starts after the fault');
        assert.equal(detail.startedAt, (start.detail as { startedAt: number }).startedAt);
        assert.equal(detail.durationMs, detail.endedAt - detail.startedAt);
        assert.equal(detail.outcome, 'reconnected');
        assert.equal(end.time, detail.endedAt);
        assert.ok(end.seq > start.seq);
        assert.equal(end.summary, `No notifications for ${(detail.durationMs / 1000).toFixed(1)} s (reconnected)`);
        if (fault === 'restart') assert.ok(detail.durationMs >= 500, `a restart is a real gap (${detail.durationMs} ms)`);
        await liveCall(h);
        assert.equal(gapRows().length, 2, 'one gap, one pair of rows');
      });
    }

    it('a gap still open when the user signs out is closed as such', async () => {
      const h = await harness();
      const { gapRows } = attachPipeline(h.session);
      await h.session.signIn();
      await h.sim.stop();
      await waitFor('the gap start', () => gapRows().length === 1);
      await h.session.signOut();
      await waitFor('the gap end', () => gapRows().length === 2);
      const end = gapRows()[1];
      assert.match(end.summary, /^No notifications for \d+\.\d s \(signed out\)$/);
      assert.equal((end.detail as { outcome: string }).outcome, 'signedOut');
    });

    it('no gap rows for a sign-in, an operation or a resync on demand', async () => {
      const h = await harness();
      const { gapRows } = attachPipeline(h.session);
      await h.session.signIn();
      const id = await liveCall(h);
      const held = nextEvent(h.session.onNotification, 'the Held notification', callNotification(id, (d) => (d.call as { state?: string }).state === 'Held'));
      await h.session.runCallOperation(id, 'Hold');
      await held;
      await h.session.refresh();
      assert.equal(gapRows().length, 0);
    });
  });
});
