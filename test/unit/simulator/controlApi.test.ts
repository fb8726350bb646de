// Who may use the /sim/ control API (callers on this machine, not web pages of other
// origins, not DNS-rebound names), and how it checks what it is asked to do.
import assert from 'node:assert/strict';
import axios, { type AxiosResponse } from 'axios';
import { isLoopbackAddress, isLoopbackHost } from '../../../src/simulator/controlApi';
import type { RunningSimulator } from '../../../src/simulator/index';
import { startTestSimulator } from './support';

describe('simulator: control API', function () {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startTestSimulator();
  });
  after(() => sim?.stop());
  afterEach(() => sim.control.reset());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<AxiosResponse> =>
    axios.post(`${sim.url}${path}`, body, { headers, validateStatus: () => true });
  const get = (path: string, headers: Record<string, string> = {}): Promise<AxiosResponse> =>
    axios.get(`${sim.url}${path}`, { headers, validateStatus: () => true });

  describe('who may call it', () => {
    it('answers loopback callers that send no Origin, as curl, scripts and Node tests do', async () => {
      assert.equal((await get('/sim/state')).status, 200);
      const created = await fetch(`${sim.url}/sim/calls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to: 'agent1' }) });
      assert.equal(created.status, 200);
      assert.equal(sim.control.state().calls.length, 1);
    });

    it('accepts its own origin under each loopback name', async () => {
      for (const origin of [`http://127.0.0.1:${sim.port}`, `http://localhost:${sim.port}`, `http://[::1]:${sim.port}`]) {
        const response = await get('/sim/state', { Origin: origin });
        assert.equal(response.status, 200, origin);
      }
    });

    it('refuses a foreign Origin with 403 and a JSON error, and does nothing', async () => {
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${sim.port + 1}`, `https://127.0.0.1:${sim.port}`, `http://127.0.0.1.evil.example:${sim.port}`]) {
        const refused = await post('/sim/calls', { to: 'agent1' }, { Origin: origin });
        assert.equal(refused.status, 403, origin);
        assert.equal(refused.data.statusCode, 3);
        assert.match(refused.data.statusMessage, /Origin/);
      }
      assert.deepEqual(sim.control.state().calls, [], 'no call was created');
      const read = await get('/sim/requests', { Origin: 'http://evil.example' });
      assert.equal(read.status, 403, 'reads are refused too');
    });

    it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
      const rebound = await post('/sim/faults/expire-sessions', {}, { Host: `evil.example:${sim.port}` });
      assert.equal(rebound.status, 403);
      assert.equal(rebound.data.statusCode, 3);
      assert.match(rebound.data.statusMessage, /Host/);
      assert.equal((await get('/sim/state', { Host: `evil.example:${sim.port}` })).status, 403);
      for (const host of [`localhost:${sim.port}`, `127.0.0.1:${sim.port}`, `[::1]:${sim.port}`, 'localhost', 'LOCALHOST']) {
        assert.equal((await get('/sim/state', { Host: host })).status, 200, host);
      }
    });

    // The tests only talk to 127.0.0.1, so the remote-address rule is checked on its own.
    it('counts only loopback remote addresses and names as this machine', () => {
      for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(address), address);
      for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '0.0.0.0', '::', '', undefined]) {
        assert.ok(!isLoopbackAddress(address), String(address));
      }
      for (const host of ['localhost', 'localhost:1', '127.0.0.1:8090', '127.9.9.9', '[::1]', '[::1]:8090']) assert.ok(isLoopbackHost(host), host);
      for (const host of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io:8090', '[::2]:8090', '0.0.0.0', '']) assert.ok(!isLoopbackHost(host), host);
    });

    it('leaves the GWS API itself to its own checks (Origin check off by default)', async () => {
      const version = await get('/api/v2/diagnostics/version', { Origin: 'http://evil.example', Host: 'evil.example' });
      assert.equal(version.status, 200);
    });
  });

  describe('what it is asked to do', () => {
    it('fail-next refuses a count, httpStatus or statusCode that is not a sensible integer, saying which', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ count: 1, httpStatus: 0 }, /'httpStatus' must be an integer from 100 to 599, got 0/],
        [{ count: 1, httpStatus: 99999 }, /'httpStatus' .* got 99999/],
        [{ count: 1, httpStatus: 503.5 }, /'httpStatus'/],
        [{ count: 1, httpStatus: '503' }, /'httpStatus' .* got "503"/],
        [{ count: 0 }, /'count' must be an integer from 1 to 10000, got 0/],
        [{ count: -3 }, /'count'/],
        [{ count: 2.5 }, /'count'/],
        [{ count: 1e9 }, /'count'/],
        [{ count: null }, /'count'/],
        [{ count: 1, statusCode: 1.5 }, /'statusCode' must be an integer/],
        [{ count: 1, statusCode: 'x' }, /'statusCode'/],
        [{ count: 1, statusMessage: 42 }, /'statusMessage' must be a string/],
      ];
      for (const [body, message] of cases) {
        const refused = await post('/sim/faults/fail-next', body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.data.statusCode, 10);
        assert.match(refused.data.statusMessage, message, JSON.stringify(body));
      }
      assert.equal((await get('/api/v2/diagnostics/version')).status, 200, 'no fault was armed by a refused request');
    });

    it('fail-next takes the edges of the ranges', async () => {
      assert.equal((await post('/sim/faults/fail-next', { count: 1, httpStatus: 599, statusCode: -1 })).status, 200);
      const failed = await get('/api/v2/diagnostics/version');
      assert.equal(failed.status, 599);
      assert.equal(failed.data.statusCode, -1);
      assert.equal((await post('/sim/faults/fail-next', { count: 10000 })).status, 200);
      assert.equal((await get('/api/v2/diagnostics/version')).status, 503);
    });

    it('fail-next in-process checks the same way', () => {
      assert.throws(() => sim.control.failNext({ count: 1, httpStatus: 0 }), /'httpStatus'/);
      assert.throws(() => sim.control.failNext({ count: 0 }), /'count'/);
    });

    it('publish refuses counts and call numbers it cannot serve', async () => {
      for (const body of [{ count: 1e12 }, { count: 10, calls: 1e10 }, { count: 10, calls: 0 }, { count: 2.5 }, { count: 10, ratePerSecond: -1 }, { count: 10, ratePerSecond: 1e12 }]) {
        const refused = await post('/sim/publish', body);
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.data.statusCode, 10);
      }
      const served = await post('/sim/publish', { count: 3, calls: 1 });
      assert.equal(served.status, 200);
      assert.equal(served.data.sent, 3);
    });
  });
});
