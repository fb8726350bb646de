// What a hostile or broken client can send: requests that cannot be parsed, odd websocket
// upgrades, oversized and malformed bodies. The simulator answers each with an error and
// keeps serving everybody else; it also runs inside the VS Code extension host, where a
// crash would take the user's extensions down with it.
import assert from 'node:assert/strict';
import axios from 'axios';
import type { RunningSimulator } from '../../../src/simulator/index';
import { rawAnswerComplete, rawExchange, rawJsonBody, rawStatus, startTestSimulator } from './support';

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
});
