// Recovery after faults (issue 11), against the simulator, some answers shaped by a loopback
// proxy in front of it (faultProxy.ts): a bare 401/403 on REST counts as an expired session.
import * as assert from 'node:assert/strict';
import { basicCredential } from '../../../src/base/redact';
import { GwsSession } from '../../../src/gws/gwsSession';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../../../src/simulator';
import type { MetaRecord } from '../../../src/wire/sessionEvents';
import { BARE_403_PAGE, FaultProxy, type ProxiedRequest } from './faultProxy';
import { callNotification, header, Recorder, SimControl, waitFor } from './support';

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

/** The session talks to the proxy; the test drives faults on the simulator directly. */
async function harness(): Promise<Harness> {
  const sim = await startSimulator({ port: 0 });
  const proxy = await new FaultProxy(sim.url).start();
  const recorder = new Recorder();
  const session = new GwsSession({ baseUrl: proxy.url, userName: 'agent1', password: 'agent1', log: recorder.log });
  recorder.attach(session);
  const timeline: string[] = [];
  session.onDidChangeConnectionState((state) => timeline.push(`state:${state}`));
  session.onSnapshot((snapshot) => timeline.push(`snapshot:${snapshot.reason}`));
  open.push({ session, sim, proxy });
  return { sim, proxy, control: new SimControl(sim.url), session, recorder, timeline };
}

const isSignInRead = (r: LoggedRequest) => r.method === 'GET' && r.path.startsWith('/api/v2/me?subresources=');

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

  afterEach(async () => {
    for (const { session, sim, proxy } of open.splice(0)) {
      session.dispose();
      await proxy.close();
      await sim.stop();
    }
  });

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
        assert.equal(metaOf(h, 'sessionExpired').length, 1);
        await waitFor('state connected', () => h.session.state === 'connected');
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
});
