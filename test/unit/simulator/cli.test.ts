// The simulator CLI as `npm run simulator` runs it: a real child process.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import axios from 'axios';
import { createTestCertificates } from '../../support/testCertificates';

// The test bundle runs from out/test/unit/simulator/; the CLI bundle is dist/simulator-cli.js.
const CLI = path.resolve(__dirname, '../../../../dist/simulator-cli.js');
/** Only so that a CLI that never starts fails with its output instead of a bare mocha timeout. */
const LISTEN_DEADLINE_MS = 20_000;

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${timeoutMs} ms; output: ${output}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GWS simulator listening on (https?:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

describe('simulator CLI', function () {
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  // How fast it starts is the benchmark's business (npm run bench), not a test's.
  it('starts, answers the version probe and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [CLI, '--port', '0', '--scenario', 'demo', '--no-csrf'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await waitForListening(child, LISTEN_DEADLINE_MS);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const version = await axios.get(`${url}/api/v2/diagnostics/version`);
    assert.equal(version.data.statusCode, 0);
    const me = await axios.post(`${url}/api/v2/me`, { operationName: 'StartContactCenterSession', channels: ['voice'] }, { auth: { username: 'agent1', password: 'agent1' } });
    assert.equal(me.status, 200, '--no-csrf: a POST needs no token');
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('documents its options and the control API in --help', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    for (const text of [
      '--port', '--host', '--scenario', '--no-csrf', '--check-origin', '--allowed-origins', '--require-csrf-on-cometd', '--refuse-wildcard-subscriptions',
      '--answer-delay', '--session-timeout', '--tls-cert', '--tls-key', '/sim/state', '/sim/faults/restart', '/sim/publish', '/sim/config', '/sim/users/{user}',
      '/sim/places/{place}', '/sim/media', '/sim/publish-raw', '/sim/calls/{id}/change-id', 'agent3', 'Place_2ACD', 'loopback', '413',
    ]) {
      assert.ok(help.stdout.includes(text), `help mentions ${text}`);
    }
  });

  it('takes the stricter checks from the command line', async () => {
    child = spawn(process.execPath, [CLI, '--port', '0', '--allowed-origins', 'https://wwe.example, https://b.example', '--require-csrf-on-cometd', '--refuse-wildcard-subscriptions'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await waitForListening(child, LISTEN_DEADLINE_MS);
    const { config } = (await axios.get(`${url}/sim/config`)).data;
    assert.deepEqual(config.allowedOrigins, ['https://wwe.example', 'https://b.example']);
    assert.equal(config.requireCsrfOnCometd, true);
    assert.equal(config.refuseWildcardSubscriptions, true);
    const refused = await axios.get(`${url}/api/v2/diagnostics/version`, { headers: { Origin: url }, validateStatus: () => true });
    assert.equal(refused.status, 403, 'its own URL is not in the list');
  });

  it('serves HTTPS with --tls-cert and --tls-key', async () => {
    const certs = createTestCertificates();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-sim-tls-'));
    try {
      fs.writeFileSync(path.join(dir, 'cert.pem'), certs.server.cert);
      fs.writeFileSync(path.join(dir, 'key.pem'), certs.server.key);
      child = spawn(process.execPath, [CLI, '--port', '0', '--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', path.join(dir, 'key.pem')], { stdio: ['ignore', 'pipe', 'pipe'] });
      const url = await waitForListening(child, LISTEN_DEADLINE_MS);
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const status = await new Promise<number | undefined>((resolve, reject) => {
        https.get(`${url}/api/v2/diagnostics/version`, { ca: certs.ca.cert, agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on('error', reject);
      });
      assert.equal(status, 200);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wants --tls-cert and --tls-key together, and readable', () => {
    const alone = spawnSync(process.execPath, [CLI, '--tls-cert', 'cert.pem'], { encoding: 'utf8' });
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /--tls-cert and --tls-key go together/);
    const missing = spawnSync(process.execPath, [CLI, '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem'], { encoding: 'utf8' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--tls-cert: cannot read \/nonexistent\/cert\.pem/);
  });

  it('refuses an unknown option', () => {
    const result = spawnSync(process.execPath, [CLI, '--bogus'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /bogus/);
  });
});
