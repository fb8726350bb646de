// The recording proxy's transport (src/proxy/recordingProxy.ts) between real clients and the
// real built-in simulator: REST, cookies and CSRF, CometD long-polling and websocket through
// the proxy, HTTPS upstreams, a dead upstream, stop() and several proxies at once. Every case
// runs twice: in the test's thread, and in the worker thread the extension runs it in
// (src/proxy/workerProxy.ts, dist/proxyWorker.js), where every tap crosses a message port.
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { basicCredential } from '../../../src/base/redact';
import type { ProxyRequestTap, ProxyResponseTap, ProxyTap, RecordingProxyOptions, WebSocketMessageTap } from '../../../src/proxy/proxyTraffic';
import { listenRecordingProxy, type ListeningRecordingProxy } from '../../../src/proxy/recordingProxy';
import { listenInWorker } from '../../../src/proxy/workerProxy';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index';
import { BareClient } from '../../support/bareClient';
import { proxyWorkerScript } from '../../support/fixtures';
import { createTestCertificates } from '../../support/testCertificates';

const DEADLINE_MS = 10_000;

/** A started proxy and everything it reported. */
class Recorded {
  readonly taps: ProxyTap[] = [];
  private readonly waiters = new Set<() => void>();
  proxy!: ListeningRecordingProxy;

  add(tap: ProxyTap): void {
    this.taps.push(tap);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first tap (from `from` on) that matches; re-checked on every new tap. */
  waitFor<T extends ProxyTap>(predicate: (tap: ProxyTap) => tap is T, what: string, from?: number): Promise<T>;
  waitFor(predicate: (tap: ProxyTap) => boolean, what: string, from?: number): Promise<ProxyTap>;
  waitFor(predicate: (tap: ProxyTap) => boolean, what: string, from = 0): Promise<ProxyTap> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.taps.slice(from).find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; taps: ${this.taps.map((t) => t.kind).join(' ')}`));
      }, DEADLINE_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = (): void => void check();
      if (!check()) this.waiters.add(waiter);
    });
  }

  requests(path: RegExp): ProxyRequestTap[] {
    return this.taps.filter((t): t is ProxyRequestTap => t.kind === 'request' && path.test(t.path));
  }

  responseTo(request: ProxyRequestTap): Promise<ProxyResponseTap> {
    return this.waitFor((t): t is ProxyResponseTap => t.kind === 'response' && t.id === request.id, `the response to ${request.path}`);
  }
}

const THREADS = [
  { name: 'in this thread', listen: listenRecordingProxy },
  { name: 'in its worker thread', listen: (...args: Parameters<typeof listenRecordingProxy>) => listenInWorker(proxyWorkerScript(), ...args) },
];

for (const thread of THREADS) {
  describe(`recording proxy: transport, ${thread.name}`, function () {
    const started: Recorded[] = [];
    const simulators: RunningSimulator[] = [];
    const clients: BareClient[] = [];

    async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<RunningSimulator> {
      const sim = await startSimulator({ answerDelayMs: 50, ...options });
      simulators.push(sim);
      return sim;
    }

    async function recordingProxy(target: string, options: Partial<RecordingProxyOptions> = {}): Promise<Recorded> {
      const recorded = new Recorded();
      recorded.proxy = await thread.listen({ target, host: '127.0.0.1', port: 0, rejectUnauthorized: true, ...options }, (tap) => recorded.add(tap));
      started.push(recorded);
      return recorded;
    }

    function client(url: string, origin?: string): BareClient {
      const bare = new BareClient(url, origin ? { origin } : {});
      clients.push(bare);
      return bare;
    }

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.disconnect()));
      await Promise.all(started.splice(0).map((r) => r.proxy.stop()));
      await Promise.all(simulators.splice(0).map((s) => s.stop()));
    });

    it('passes REST answers unchanged, and a real sign-in with its cookie and CSRF token works through it', async () => {
      const sim = await simulator();
      const recorded = await recordingProxy(sim.url);
      assert.match(recorded.proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);

      const direct = await client(sim.url).get('/api/v2/diagnostics/version');
      const proxied = await client(recorded.proxy.url).get('/api/v2/diagnostics/version');
      assert.equal(proxied.status, direct.status);
      assert.deepEqual(proxied.data, direct.data);

      const app = client(recorded.proxy.url);
      const me = await app.login('agent1');
      assert.equal(me.status, 200, JSON.stringify(me.data));
      assert.equal(me.data.user.userName, 'agent1');
      assert.ok(app.csrfToken, 'the CSRF token came through');
      assert.match(app.cookieHeader(), /^JSESSIONID=/);
      // A POST needs the cookie and the CSRF header to reach GWS unchanged.
      const start = await app.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] });
      assert.equal(start.status, 200, JSON.stringify(start.data));
      assert.equal(start.data.statusCode, 0);

      const signIn = recorded.requests(/^\/api\/v2\/me$/).find((t) => t.method === 'GET')!;
      assert.equal(signIn.headers.authorization, 'Basic [redacted]');
      assert.equal(signIn.upstreamUrl, `${sim.url}/api/v2/me`);
      const signInAnswer = await recorded.responseTo(signIn);
      assert.equal(signInAnswer.status, 200);
      assert.match(String(signInAnswer.headers?.['set-cookie']), /^JSESSIONID=\[redacted\]/);
      assert.equal(JSON.parse(signInAnswer.body!).user.userName, 'agent1');
      const post = recorded.requests(/^\/api\/v2\/me$/).find((t) => t.method === 'POST' && t.body?.includes('StartContactCenterSession'))!;
      assert.ok(post, 'the POST was recorded with its body');
      assert.equal(post.headers[app.csrfHeader!.toLowerCase()], '[redacted]');
      assert.match(post.headers.cookie, /^JSESSIONID=\[redacted\]/);
      assert.equal((await recorded.responseTo(post)).status, 200);
      assert.ok(recorded.taps.some((t) => t.kind === 'notice' && /rewrote Host to 127\.0\.0\.1:\d+ for every request/.test(t.text)));
      assert.equal(recorded.taps.filter((t) => t.kind === 'notice' && /rewrote Host/.test(t.text)).length, 1, 'said once');

      const everything = JSON.stringify(recorded.taps);
      const cookieValue = app.cookieHeader().split('=')[1];
      for (const secret of [basicCredential('agent1', 'agent1'), cookieValue, app.csrfToken!]) assert.ok(!everything.includes(secret), 'no credential in the taps');
    });

    it('rewrites Origin only for a page served through the proxy', async () => {
      const sim = await simulator({ checkOrigin: true });
      const recorded = await recordingProxy(sim.url);
      // A page served by the proxy sends the proxy's origin: GWS gets its own instead.
      const page = client(recorded.proxy.url, recorded.proxy.url);
      assert.equal((await page.login('agent1')).status, 200);
      const request = recorded.requests(/^\/api\/v2\/me$/)[0];
      assert.equal(request.headers.origin, recorded.proxy.url, 'the tap shows what the application sent');
      assert.ok(recorded.taps.some((t) => t.kind === 'notice' && t.text.includes(`to ${sim.url}`) && /Origin/.test(t.text)));
      // Any other origin is GWS's business, as without the proxy.
      const other = client(recorded.proxy.url, 'http://localhost:3000');
      const refused = await other.login('agent1');
      const direct = await client(sim.url, 'http://localhost:3000').login('agent1');
      assert.equal(refused.status, direct.status);
      assert.equal(refused.status, 403);
    });

    it('passes CometD long-polling through: notifications arrive, the Bayeux messages are recorded', async () => {
      const sim = await simulator();
      const recorded = await recordingProxy(sim.url);
      const app = client(recorded.proxy.url);
      assert.equal((await app.login('agent1')).status, 200);
      await app.connect('long-polling');
      assert.equal(app.transportType(), 'long-polling');
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await app.waitForCall(id, 'StatusChange', 'Ringing');
      const handshake = recorded.requests(/^\/api\/v2\/notifications/).find((t) => t.body?.includes('/meta/handshake'));
      assert.ok(handshake, 'the handshake was recorded');
      const delivered = await recorded.waitFor((t): t is ProxyResponseTap => t.kind === 'response' && (t.body ?? '').includes(id), 'the notification in a recorded answer');
      assert.equal(delivered.status, 200);
    });

    it('passes CometD over websocket through, recording the messages both ways', async () => {
      const sim = await simulator();
      const recorded = await recordingProxy(sim.url);
      const app = client(recorded.proxy.url);
      assert.equal((await app.login('agent1')).status, 200);
      await app.connect('websocket');
      assert.equal(app.transportType(), 'websocket');
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await app.waitForCall(id, 'StatusChange', 'Ringing');
      const open = await recorded.waitFor((t) => t.kind === 'wsOpen', 'wsOpen');
      assert.ok(open.kind === 'wsOpen' && /^JSESSIONID=\[redacted\]/.test(open.headers.cookie));
      const isMessage = (t: ProxyTap): t is WebSocketMessageTap => t.kind === 'wsMessage';
      await recorded.waitFor((t) => isMessage(t) && t.direction === 'toServer' && t.text.includes('/meta/subscribe'), 'a subscribe to the server');
      const notification = await recorded.waitFor((t): t is WebSocketMessageTap => isMessage(t) && t.direction === 'toClient' && t.text.includes(id), 'the notification to the application');
      assert.equal(JSON.parse(notification.text)[0].channel, '/v2/me/calls');
      await app.disconnect();
      await recorded.waitFor((t) => t.kind === 'wsClose' && t.id === open.id, 'wsClose');
    });

    it('decodes permessage-deflate websocket messages without changing them', async () => {
      const upstream = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: { threshold: 0 } });
      upstream.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${String(data)}`)));
      await new Promise((resolve) => upstream.once('listening', resolve));
      try {
        const recorded = await recordingProxy(`http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`);
        const socket = new WebSocket(`${recorded.proxy.url.replace('http', 'ws')}/echo`, { perMessageDeflate: true });
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        assert.match(String(socket.extensions), /permessage-deflate/, 'compression was negotiated end to end');
        const texts = ['[{"channel":"/meta/connect"}]', 'x'.repeat(5000), '[{"channel":"/meta/connect"}]'];
        const answers: string[] = [];
        const allAnswered = new Promise<void>((resolve) =>
          socket.on('message', (data) => {
            answers.push(String(data));
            if (answers.length === texts.length) resolve();
          }),
        );
        for (const text of texts) socket.send(text);
        await allAnswered;
        await recorded.waitFor((t) => isWsMessage(t) && t.direction === 'toClient' && recorded.taps.filter(isWsMessage).length === 2 * texts.length, 'all six messages');
        assert.deepEqual(answers, texts.map((t) => `echo ${t}`));
        const seen = recorded.taps.filter(isWsMessage).map((t) => `${t.direction} ${t.text}`);
        assert.deepEqual(seen.filter((s) => s.startsWith('toServer')), texts.map((t) => `toServer ${t}`));
        assert.deepEqual(seen.filter((s) => s.startsWith('toClient')), texts.map((t) => `toClient echo ${t}`));
        socket.close(1000, 'done');
        const closed = await recorded.waitFor((t) => t.kind === 'wsClose', 'wsClose');
        assert.ok(closed.kind === 'wsClose' && closed.code === 1000 && closed.reason === 'done');
      } finally {
        for (const socket of upstream.clients) socket.terminate();
        await new Promise((resolve) => upstream.close(resolve));
      }
    });

    it('verifies an HTTPS upstream: refused without its CA, accepted with it or with verification off', async () => {
      const certs = createTestCertificates();
      const sim = await simulator({ tls: { cert: certs.server.cert, key: certs.server.key } });
      const untrusted = await recordingProxy(sim.url);
      const refused = await client(untrusted.proxy.url).get('/api/v2/diagnostics/version');
      assert.equal(refused.status, 502);
      assert.equal(refused.data.statusCode, 4);
      assert.match(refused.data.statusMessage, /^Recording proxy: the certificate of GWS at 127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
      const failed = await untrusted.waitFor((t) => t.kind === 'response' && t.error !== undefined, 'the error tap');
      assert.ok(failed.kind === 'response' && /not trusted/.test(failed.error!));

      const trusted = await recordingProxy(sim.url, { ca: certs.ca.cert });
      const app = client(trusted.proxy.url);
      assert.equal((await app.login('agent1')).status, 200);
      await app.connect('long-polling');
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await app.waitForCall(id, 'StatusChange', 'Ringing');
      // wss to the upstream, verified the same way.
      const overWebsocket = client(trusted.proxy.url);
      assert.equal((await overWebsocket.login('agent2')).status, 200);
      await overWebsocket.connect('websocket');
      assert.equal(overWebsocket.transportType(), 'websocket');
      await trusted.waitFor((t) => t.kind === 'wsMessage' && t.direction === 'toClient' && t.text.includes('/meta/subscribe'), 'a subscribe answer over wss');

      const unverified = await recordingProxy(sim.url, { rejectUnauthorized: false });
      assert.equal((await client(unverified.proxy.url).get('/api/v2/diagnostics/version')).status, 200);
    });

    it('rewrites a Set-Cookie scoped to the upstream (Domain, Secure) so the cookie comes back, and says so once', async () => {
      const certs = createTestCertificates();
      const seenCookies: string[] = [];
      const upstream = https.createServer({ cert: certs.server.cert, key: certs.server.key }, (req, res) => {
        seenCookies.push(String(req.headers.cookie ?? ''));
        res.setHeader('Set-Cookie', ['SID=s3cr3t; Domain=gws.example.com; Path=/; Secure; HttpOnly; SameSite=None']);
        res.setHeader('Content-Type', 'application/json');
        res.end('{"statusCode":0}');
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      try {
        const recorded = await recordingProxy(`https://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`, { ca: certs.ca.cert });
        const app = client(recorded.proxy.url);
        const first = await app.get('/api/v2/me');
        assert.deepEqual(first.headers['set-cookie'], ['SID=s3cr3t; Path=/; HttpOnly']);
        await app.get('/api/v2/me');
        await app.get('/api/v2/me');
        assert.deepEqual(seenCookies, ['', 'SID=s3cr3t', 'SID=s3cr3t'], 'the application sent the cookie back through the proxy');
        const notices = recorded.taps.filter((t) => t.kind === 'notice').map((t) => (t.kind === 'notice' ? t.text : ''));
        assert.equal(notices.filter((t) => /removed Domain/.test(t)).length, 1);
        assert.equal(notices.filter((t) => /removed Secure/.test(t)).length, 1);
        const answer = await recorded.waitFor((t): t is ProxyResponseTap => t.kind === 'response', 'a response');
        assert.match(String(answer.headers?.['set-cookie']), /^SID=\[redacted\]; Domain=gws\.example\.com; Path=\/; Secure/, 'the tap shows what GWS sent');
        assert.ok(!JSON.stringify(recorded.taps).includes('s3cr3t'));
      } finally {
        upstream.closeAllConnections();
        await new Promise((resolve) => upstream.close(resolve));
      }
    });

    it('answers 502 with a GWS-shaped error when GWS cannot be reached, and records the error', async () => {
      const port = await closedPort();
      const recorded = await recordingProxy(`http://127.0.0.1:${port}`);
      const answer = await client(recorded.proxy.url).http.post('/api/v2/me', { operationName: 'Ready' });
      assert.equal(answer.status, 502);
      assert.deepEqual(answer.data, { statusCode: 4, statusMessage: `Recording proxy: GWS at 127.0.0.1:${port} refused the connection (ECONNREFUSED)` });
      const request = await recorded.waitFor((t): t is ProxyRequestTap => t.kind === 'request', 'the request');
      assert.equal(request.body, '{"operationName":"Ready"}');
      const response = await recorded.responseTo(request);
      assert.match(response.error!, /ECONNREFUSED/);
      assert.equal(response.status, undefined);
      // A websocket upgrade gets the same answer on its socket.
      const socket = new WebSocket(`${recorded.proxy.url.replace('http', 'ws')}/api/v2/notifications`);
      const refusal = await new Promise<http.IncomingMessage>((resolve, reject) =>
        socket
          .once('unexpected-response', (req, res) => {
            // With this listener, ws leaves the request to us.
            req.destroy();
            resolve(res);
          })
          .once('open', () => reject(new Error('the websocket opened'))),
      );
      assert.equal(refusal.statusCode, 502);
      const upgrade = await recorded.waitFor((t): t is ProxyRequestTap => t.kind === 'request' && t.path === '/api/v2/notifications', 'the refused upgrade');
      assert.match((await recorded.responseTo(upgrade)).error!, /ECONNREFUSED/);
    });

    it('closes the application\'s connection when GWS hangs up in the middle of an answer', async () => {
      const upstream = http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"statusCode":0,', () => res.socket?.destroy());
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      try {
        const recorded = await recordingProxy(`http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`);
        await assert.rejects(client(recorded.proxy.url).get('/api/v2/me'), (error: Error & { code?: string }) => ['ECONNRESET', 'ERR_BAD_RESPONSE'].includes(error.code ?? '') || /aborted|hang up|socket/.test(error.message));
        const response = await recorded.waitFor((t): t is ProxyResponseTap => t.kind === 'response', 'the response tap');
        assert.match(response.error!, /middle of the answer/);
      } finally {
        await new Promise((resolve) => upstream.close(resolve));
      }
    });

    it('records large bodies by size only and passes them on whole', async () => {
      const sim = await simulator();
      const recorded = await recordingProxy(sim.url, { maxRecordedBodyBytes: 100 });
      const app = client(recorded.proxy.url);
      const big = { operationName: 'Ready', padding: 'p'.repeat(500) };
      const answer = await app.http.post('/api/v2/me', big);
      const direct = await client(sim.url).http.post('/api/v2/me', big);
      assert.equal(answer.status, direct.status);
      assert.deepEqual(answer.data, direct.data);
      const request = await recorded.waitFor((t): t is ProxyRequestTap => t.kind === 'request', 'the request');
      assert.equal(request.body, undefined);
      assert.equal(request.bodyOmittedBytes, JSON.stringify(big).length);
    });

    it('records a burst-sized long-poll answer (3 MB) with the default cap', async () => {
      // A burst of 1,000 notifications arrives as one /meta/connect answer of about 2 MB.
      const messages = Array.from({ length: 1500 }, (_, i) => ({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', padding: 'x'.repeat(2000), i } }));
      const body = JSON.stringify(messages);
      const upstream = http.createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(body);
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      try {
        const recorded = await recordingProxy(`http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`);
        const answer = await client(recorded.proxy.url).http.post('/api/v2/notifications', [{ channel: '/meta/connect' }]);
        assert.equal(answer.data.length, 1500);
        const response = await recorded.waitFor((t): t is ProxyResponseTap => t.kind === 'response', 'the response tap');
        assert.equal(response.bodyOmittedBytes, undefined);
        assert.equal(response.body?.length, body.length);
      } finally {
        await new Promise((resolve) => upstream.close(resolve));
      }
    });

    it('stop() ends a held long poll and an open websocket, and is idempotent', async () => {
      const sim = await simulator();
      const recorded = await recordingProxy(sim.url);
      const polling = client(recorded.proxy.url);
      assert.equal((await polling.login('agent1')).status, 200);
      await polling.connect('long-polling');
      const websocket = client(recorded.proxy.url);
      assert.equal((await websocket.login('agent2')).status, 200);
      await websocket.connect('websocket');
      const open = await recorded.waitFor((t) => t.kind === 'wsOpen', 'wsOpen');
      // A /meta/connect is held by the simulator now: its request is recorded, its answer not yet.
      const isConnect = (t: ProxyTap): t is ProxyRequestTap => t.kind === 'request' && (t.body ?? '').includes('/meta/connect');
      const held = await recorded.waitFor((t): t is ProxyRequestTap => isConnect(t) && !recorded.taps.some((r) => r.kind === 'response' && r.id === t.id), 'a held /meta/connect');

      const first = recorded.proxy.stop();
      const second = recorded.proxy.stop();
      await Promise.all([first, second]);
      const ended = await recorded.responseTo(held);
      assert.match(ended.error!, /stopped/);
      await recorded.waitFor((t) => t.kind === 'wsClose' && t.id === open.id, 'wsClose of the open websocket');
      assert.ok(recorded.taps.some((t) => t.kind === 'notice' && /stopped/.test(t.text)));
      await assert.rejects(connectTo(recorded.proxy.url), { code: 'ECONNREFUSED' });
      await recorded.proxy.stop();
    });

    it('runs several proxies at once, each with its own traffic', async () => {
      const sim = await simulator();
      const one = await recordingProxy(sim.url);
      const two = await recordingProxy(sim.url);
      assert.notEqual(one.proxy.url, two.proxy.url);
      const agent1 = client(one.proxy.url);
      const agent2 = client(two.proxy.url);
      assert.equal((await agent1.login('agent1')).status, 200);
      assert.equal((await agent2.login('agent2')).status, 200);
      await Promise.all([agent1.connect(), agent2.connect('websocket')]);
      await one.proxy.stop();
      // The second proxy carries on after the first stopped.
      const id = sim.control.createInboundCall({ to: 'agent2' });
      await agent2.waitForCall(id, 'StatusChange', 'Ringing');
      assert.ok(JSON.stringify(two.taps).includes('agent2'));
      assert.ok(!JSON.stringify(one.taps).includes('agent2'), "the first proxy saw nothing of agent2's traffic");
      assert.equal(one.taps.filter((t) => t.kind === 'wsOpen').length, 0, 'the websocket went through the second proxy only');
      assert.equal(two.taps.filter((t) => t.kind === 'wsOpen').length, 1);
    });
  });
}

function isWsMessage(tap: ProxyTap): tap is WebSocketMessageTap {
  return tap.kind === 'wsMessage';
}

/** A fresh TCP connection (no pooled one): resolves when it is accepted. */
function connectTo(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
