// What a hostile or broken client can send: requests that cannot be parsed, odd websocket
// upgrades, oversized and malformed bodies. The simulator answers each with an error and
// keeps serving everybody else; it also runs inside the VS Code extension host, where a
// crash would take the user's extensions down with it.
import assert from 'node:assert/strict';
import axios from 'axios';
import type { RunningSimulator } from '../../../src/simulator/index';
import { MAX_BAYEUX_BODY_BYTES, MAX_REST_BODY_BYTES } from '../../../src/simulator/limits';
import { BareClient } from '../../support/bareClient';
import { rawAnswerComplete, rawExchange, rawJsonBody, rawStatus } from './rawHttp';
import { startTestSimulator } from './support';

const WEBSOCKET_HEADERS = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
const AGENT1_BASIC = `Authorization: Basic ${Buffer.from('agent1:agent1').toString('base64')}\r\n`;

describe('simulator: hostile clients', function () {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startTestSimulator();
  });
  after(() => sim?.stop());
  afterEach(() => sim.control.reset());

  async function assertStillServing(): Promise<void> {
    const version = await axios.get(`${sim.url}/api/v2/diagnostics/version`);
    assert.equal(version.status, 200);
    assert.equal(version.data.statusCode, 0);
  }

  describe('requests that cannot be parsed', () => {
    it('refuses a websocket upgrade whose URL cannot be parsed with 400, closes it, and keeps answering', async () => {
      const { received, closedByServer } = await rawExchange(
        sim.url,
        `GET http://a:99999/api/v2/notifications HTTP/1.1\r\nHost: 127.0.0.1\r\n${WEBSOCKET_HEADERS}\r\n`,
      );
      assert.equal(rawStatus(received), 400, received);
      assert.ok(closedByServer, 'the server closed the connection');
      assert.match((rawJsonBody(received) as { statusMessage: string }).statusMessage, /URL/);
      await assertStillServing();
    });

    it('answers an HTTP request whose URL cannot be parsed with 400 and keeps answering', async () => {
      const { received } = await rawExchange(sim.url, 'GET http://a:99999/api/v2/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', rawAnswerComplete);
      assert.equal(rawStatus(received), 400, received);
      assert.deepEqual(rawJsonBody(received), { statusCode: 10, statusMessage: 'Malformed request URL' });
      await assertStillServing();
    });

    it('refuses upgrades that are not websocket handshakes, or to other paths, and keeps answering', async () => {
      const attempts: Array<[string, number]> = [
        [`GET /api/v2/notifications HTTP/1.1\r\nHost: 127.0.0.1\r\n${AGENT1_BASIC}Upgrade: h2c\r\nConnection: Upgrade\r\n\r\n`, 400],
        [`GET /api/v2/notifications HTTP/1.1\r\nHost: 127.0.0.1\r\n${AGENT1_BASIC}Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n`, 400],
        [`GET /sim/state HTTP/1.1\r\nHost: 127.0.0.1\r\n${WEBSOCKET_HEADERS}\r\n`, 404],
        [`GET /api/v2/notifications HTTP/1.1\r\nHost: 127.0.0.1\r\n${WEBSOCKET_HEADERS}\r\n`, 401],
      ];
      for (const [request, status] of attempts) {
        const { received, closedByServer } = await rawExchange(sim.url, request);
        assert.equal(rawStatus(received), status, `${request.split('\r\n')[0]} … → ${received.split('\r\n')[0]}`);
        assert.ok(closedByServer);
      }
      await assertStillServing();
    });

    it('answers a control route whose id is not valid percent-encoding with 400, not 500', async () => {
      const response = await axios.post(`${sim.url}/sim/calls/%E0%A4%A/remote-hangup`, {}, { validateStatus: () => true });
      assert.equal(response.status, 400);
      assert.equal(response.data.statusCode, 10);
    });
  });

  describe('request bodies', () => {
    const json = { 'Content-Type': 'application/json' };
    /** A JSON string of exactly `bytes` bytes. */
    const jsonOfSize = (bytes: number): string => JSON.stringify('x'.repeat(bytes - 2));
    /** A Bayeux handshake batch of exactly `bytes` bytes (the padding travels in ext). */
    const handshakeOfSize = (bytes: number): string => {
      const shell = (pad: string): string => JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], ext: { pad } }]);
      return shell('x'.repeat(bytes - shell('').length));
    };

    it('answers a REST body over the limit with 413 and a JSON error, and the connection stays usable', async () => {
      const client = new BareClient(sim.url);
      await client.login('agent1');
      const refused = await client.http.post('/api/v2/me', jsonOfSize(MAX_REST_BODY_BYTES + 1), { headers: json, maxBodyLength: Infinity });
      assert.equal(refused.status, 413);
      assert.equal(refused.data.statusCode, 10);
      assert.match(refused.data.statusMessage, /too large.*1048576 bytes/);
      const accepted = await client.post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] });
      assert.equal(accepted.status, 200, 'a body within the limit is still served');
    });

    it('answers a control-API body over the limit with 413', async () => {
      const refused = await axios.post(`${sim.url}/sim/calls`, jsonOfSize(MAX_REST_BODY_BYTES + 1), { headers: json, validateStatus: () => true, maxBodyLength: Infinity });
      assert.equal(refused.status, 413);
      assert.match(refused.data.statusMessage, /too large/);
    });

    it('answers a Bayeux body over its limit with 413 and a JSON error', async () => {
      const refused = await axios.post(`${sim.url}/api/v2/notifications`, handshakeOfSize(MAX_BAYEUX_BODY_BYTES + 1), {
        headers: json,
        validateStatus: () => true,
        maxBodyLength: Infinity,
      });
      assert.equal(refused.status, 413);
      assert.equal(refused.data.statusCode, 10);
      assert.match(refused.data.statusMessage, new RegExp(`too large.*${MAX_BAYEUX_BODY_BYTES} bytes`));
      await assertStillServing();
    });

    it('still takes a Bayeux batch larger than the REST limit', async () => {
      const body = handshakeOfSize(MAX_REST_BODY_BYTES * 2);
      const reply = await axios.post(`${sim.url}/api/v2/notifications`, body, {
        headers: { ...json, Authorization: AGENT1_BASIC.slice('Authorization: '.length).trim() },
        maxBodyLength: Infinity,
      });
      assert.equal(reply.status, 200);
      assert.equal(reply.data[0].channel, '/meta/handshake');
      assert.equal(reply.data[0].successful, true, JSON.stringify(reply.data));
    });

    it('refuses a declared Content-Length over the limit before the client sends the body (no 100 Continue)', async () => {
      const { received, closedByServer } = await rawExchange(
        sim.url,
        `POST /api/v2/me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${MAX_REST_BODY_BYTES + 1}\r\nExpect: 100-continue\r\n\r\n`,
      );
      assert.equal(rawStatus(received), 413, received);
      assert.match(received, /\r\nConnection: close\r\n/i);
      // Node closes it by itself when the answer goes out before the 100 it was asked for.
      assert.ok(closedByServer, 'the body never came, so the connection is not reused');
    });

    // The front end takes over node's automatic 100 (checkContinue): readBody must send it.
    it('sends 100 Continue when it wants the body', async () => {
      const body = JSON.stringify({ to: 'agent1' });
      const { received } = await rawExchange(
        sim.url,
        `POST /sim/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
        (text) => text.startsWith('HTTP/1.1 100 Continue\r\n\r\n'),
      );
      assert.equal(rawStatus(received), 100);
    });

    it('answers malformed JSON with 400 and says so, on REST, the control API and CometD', async () => {
      const client = new BareClient(sim.url);
      await client.login('agent1');
      const rest = await client.http.post('/api/v2/me', '{"operationName": ', { headers: json, transformRequest: [(d) => d] });
      assert.equal(rest.status, 400);
      assert.equal(rest.data.statusCode, 10);
      assert.match(rest.data.statusMessage, /^The request body is not valid JSON/);
      const control = await axios.post(`${sim.url}/sim/calls`, '{{', { headers: json, validateStatus: () => true, transformRequest: [(d) => d] });
      assert.equal(control.status, 400);
      assert.match(control.data.statusMessage, /^The request body is not valid JSON/);
      const cometd = await axios.post(`${sim.url}/api/v2/notifications`, '[{"channel":', { headers: json, validateStatus: () => true, transformRequest: [(d) => d] });
      assert.equal(cometd.status, 400);
      assert.equal(cometd.data.statusCode, 10);
      assert.match(cometd.data.statusMessage, /^The request body is not valid JSON/);
      const notMessages = await axios.post(`${sim.url}/api/v2/notifications`, '42', { headers: json, validateStatus: () => true, transformRequest: [(d) => d] });
      assert.equal(notMessages.status, 400);
      assert.match(notMessages.data.statusMessage, /Bayeux/);
    });
  });

  describe('request log', () => {
    it('keeps only the start of large bodies, marked, so /sim/requests stays small and working', async () => {
      const since = sim.control.requests().at(-1)?.seq ?? 0;
      const big = JSON.stringify({ operationName: 'StartContactCenterSession', pad: 'y'.repeat(MAX_REST_BODY_BYTES - 100) });
      const client = new BareClient(sim.url);
      await client.login('agent1');
      for (let i = 0; i < 3; i++) {
        const response = await client.http.post('/api/v2/me', big, { headers: { 'Content-Type': 'application/json' }, maxBodyLength: Infinity });
        assert.notEqual(response.status, 413, 'within the limit: read and logged');
      }
      const bayeux = JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], ext: { pad: 'z'.repeat(3_000_000) } }]);
      await axios.post(`${sim.url}/api/v2/notifications`, bayeux, { headers: { 'Content-Type': 'application/json' }, maxBodyLength: Infinity });
      await axios.get(`${sim.url}/api/v2/diagnostics/version`);

      const listing = await axios.get(`${sim.url}/sim/requests?since=${since}`, { transformResponse: [(text) => text] });
      assert.equal(listing.status, 200);
      assert.ok(listing.data.length < 100_000, `the listing is ${listing.data.length} characters`);
      const requests = JSON.parse(listing.data).requests as Array<{ method: string; path: string; body: unknown }>;
      const posts = requests.filter((r) => r.method === 'POST');
      assert.equal(posts.length, 4);
      for (const post of posts) {
        assert.equal(typeof post.body, 'string', `${post.path}: a truncated body is kept as text`);
        const body = post.body as string;
        assert.ok(body.length < 5000, `${post.path}: ${body.length} characters kept`);
        assert.match(body, /… \[truncated: \d+ bytes in all\]$/);
      }
      assert.ok((posts[0].body as string).startsWith(big.slice(0, 1000)), 'the start of the body is kept as received');
      assert.match(posts[0].body as string, new RegExp(`truncated: ${Buffer.byteLength(big)} bytes`));
      assert.equal(requests.at(-1)?.path, '/api/v2/diagnostics/version', 'later requests are still logged');
    });
  });
});
