// The simulator over HTTPS (options.tls): REST, CometD long-polling and websocket (wss),
// with a certificate authority made for the test (test/support/testCertificates.ts).
// Plain node https and ws clients, so that nothing but the CA makes the certificate trusted.
import assert from 'node:assert/strict';
import https from 'node:https';
import WebSocket from 'ws';
import type { RunningSimulator } from '../../../src/simulator/index';
import { createTestCertificates, type TestCertificates } from '../../support/testCertificates';
import { startTestSimulator } from './support';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

interface BayeuxMessage {
  channel: string;
  clientId?: string;
  successful?: boolean;
  data?: { call?: { id?: string } };
  [key: string]: unknown;
}

const DEADLINE_MS = 10_000;

function httpsRequest(url: string, options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // agent: false, so that no pooled connection (trusted or not) is reused between cases.
    const request = https.request(url, { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

/** GET /api/v2/me with Basic credentials: the JSESSIONID cookie to send afterwards. */
async function signIn(sim: RunningSimulator, ca: string, userName: string): Promise<string> {
  const me = await httpsRequest(`${sim.url}/api/v2/me`, { ca, headers: { Authorization: `Basic ${Buffer.from(`${userName}:${userName}`).toString('base64')}` } });
  assert.equal(me.status, 200, me.text);
  assert.equal(JSON.parse(me.text).user.userName, userName);
  const cookie = String(me.headers['set-cookie']).split(';')[0];
  assert.match(cookie, /^JSESSIONID=/);
  return cookie;
}

describe('simulator: HTTPS', function () {
  let certs: TestCertificates;
  let sim: RunningSimulator;

  before(async () => {
    certs = createTestCertificates();
    sim = await startTestSimulator({ tls: { cert: certs.server.cert, key: certs.server.key } });
  });
  after(() => sim?.stop());

  it('a plain node https request succeeds with the test CA, and fails with a certificate error without it', async () => {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await httpsRequest(`${sim.url}/api/v2/diagnostics/version`, { ca: certs.ca.cert });
    assert.equal(version.status, 200);
    assert.equal(JSON.parse(version.text).statusCode, 0);
    await assert.rejects(httpsRequest(`${sim.url}/api/v2/diagnostics/version`), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const otherCa = createTestCertificates().ca.cert;
    await assert.rejects(httpsRequest(`${sim.url}/api/v2/diagnostics/version`, { ca: otherCa }), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const byName = await httpsRequest(`https://localhost:${sim.port}/api/v2/diagnostics/version`, { ca: certs.ca.cert });
    assert.equal(byName.status, 200, 'the certificate also names localhost');
  });

  it('serves REST and CometD long-polling over HTTPS', async () => {
    const cookie = await signIn(sim, certs.ca.cert, 'agent1');
    const bayeux = async (messages: object[]): Promise<BayeuxMessage[]> => {
      const answer = await httpsRequest(`${sim.url}/api/v2/notifications`, {
        ca: certs.ca.cert,
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=UTF-8', Cookie: cookie },
        body: JSON.stringify(messages),
      });
      assert.equal(answer.status, 200, answer.text);
      return JSON.parse(answer.text) as BayeuxMessage[];
    };
    const [handshake] = await bayeux([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]);
    assert.equal(handshake.successful, true, JSON.stringify(handshake));
    const clientId = handshake.clientId;
    const [subscribed] = await bayeux([{ channel: '/meta/subscribe', clientId, subscription: '/v2/me/calls' }]);
    assert.equal(subscribed.successful, true, JSON.stringify(subscribed));
    await bayeux([{ channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 0 } }]);

    const id = sim.control.createInboundCall({ to: 'agent1' });
    // A held long-poll returns as soon as the call's notification is queued.
    let delivered: BayeuxMessage | undefined;
    const deadline = Date.now() + DEADLINE_MS;
    while (!delivered && Date.now() < deadline) {
      const replies = await bayeux([{ channel: '/meta/connect', clientId, connectionType: 'long-polling' }]);
      delivered = replies.find((m) => m.channel === '/v2/me/calls' && m.data?.call?.id === id);
    }
    assert.ok(delivered, 'the call notification arrived over HTTPS long-polling');
    await bayeux([{ channel: '/meta/disconnect', clientId }]);
  });

  it('serves CometD over a wss websocket', async () => {
    const since = sim.control.requests().at(-1)?.seq ?? 0;
    const cookie = await signIn(sim, certs.ca.cert, 'agent2');
    const socket = new WebSocket(`${sim.url.replace(/^https/, 'wss')}/api/v2/notifications`, { ca: certs.ca.cert, headers: { Cookie: cookie } });
    const received: BayeuxMessage[] = [];
    const waiters = new Set<() => void>();
    socket.on('message', (data: Buffer) => {
      received.push(...(JSON.parse(data.toString('utf8')) as BayeuxMessage[]));
      for (const wake of waiters) wake();
    });
    const next = (test: (m: BayeuxMessage) => boolean, what: string): Promise<BayeuxMessage> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = received.find(test);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${what} within ${DEADLINE_MS} ms; received ${JSON.stringify(received)}`));
        }, DEADLINE_MS);
        waiters.add(check);
        check();
      });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const send = (message: object): void => socket.send(JSON.stringify([message]));
      send({ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['websocket'] });
      const handshake = await next((m) => m.channel === '/meta/handshake', 'handshake reply');
      assert.equal(handshake.successful, true, JSON.stringify(handshake));
      const clientId = handshake.clientId;
      send({ channel: '/meta/subscribe', clientId, subscription: '/v2/me/calls' });
      assert.equal((await next((m) => m.channel === '/meta/subscribe', 'subscribe reply')).successful, true);
      send({ channel: '/meta/connect', clientId, connectionType: 'websocket' });

      const id = sim.control.createInboundCall({ to: 'agent2' });
      await next((m) => m.channel === '/v2/me/calls' && m.data?.call?.id === id, 'the call notification');
      const upgrade = sim.control.requests(since).find((r) => r.path === '/api/v2/notifications' && r.httpStatus === 101);
      assert.ok(upgrade, 'the wss upgrade was accepted');
    } finally {
      socket.terminate();
    }
  });
});
