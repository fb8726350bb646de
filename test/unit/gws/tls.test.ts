// TLS end to end: the simulator serving HTTPS and wss with a certificate made for the test
// (test/support/testCertificates.ts), signed in to by the extension's own session over
// REST, CometD long-polling and websocket. Untrusted by default; trusted with the CA file,
// or with rejectUnauthorized off for that profile.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { GwsError } from '../../../src/gws/errors';
import { GwsNotificationClient } from '../../../src/gws/notificationClient';
import { GwsRestClient } from '../../../src/gws/restClient';
import { GwsSession, type GwsSessionOptions } from '../../../src/gws/gwsSession';
import { readCaFile, tlsRequestOptions } from '../../../src/gws/tlsTrust';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { createTestCertificates, type TestCertificates } from '../../support/testCertificates';
import { Recorder, rejection } from './support';

const UNTRUSTED = /^The server's certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE, https:\/\/127\.0\.0\.1:\d+\)\. Add its CA with the profile's caFile, or turn off rejectUnauthorized for this profile only\.$/;


describe('TLS: the extension against the simulator over HTTPS', function () {
  this.timeout(60_000);
  let certs: TestCertificates;
  let sim: RunningSimulator;
  let dir: string;
  let caFile: string;
  const sessions: GwsSession[] = [];
  const clients: Array<{ dispose(): void }> = [];

  before(async () => {
    certs = createTestCertificates();
    sim = await startSimulator({ port: 0, tls: { cert: certs.server.cert, key: certs.server.key } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-tls-'));
    caFile = path.join(dir, 'test-ca.pem');
    fs.writeFileSync(caFile, certs.ca.cert);
  });
  after(async () => {
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.dispose();
    for (const client of clients.splice(0)) client.dispose();
  });

  function session(options: Partial<GwsSessionOptions>, recorder = new Recorder()): GwsSession {
    const created = new GwsSession({ baseUrl: sim.url, userName: 'agent1', password: 'agent1', log: recorder.log, requestTimeoutMs: 10_000, ...options });
    recorder.attach(created);
    sessions.push(created);
    return created;
  }

  /** A session cookie from a REST client that trusts the CA: for testing CometD on its own. */
  async function trustedCookie(): Promise<GwsRestClient> {
    const rest = new GwsRestClient({ baseUrl: sim.url, userName: 'agent2', password: 'agent2', ca: certs.ca.cert });
    clients.push(rest);
    await rest.signIn();
    return rest;
  }

  it('refuses the sign-in by default, and says how to trust the server', async () => {
    assert.match(sim.url, /^https:/);
    const refused = session({});
    const error = await rejection(refused.signIn());
    assert.equal(error.kind, 'network');
    assert.equal(error.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.match(error.message, UNTRUSTED);
    assert.equal(refused.state, 'failed');
  });

  for (const transport of ['long-polling', 'websocket'] as const) {
    it(`CometD over ${transport} refuses the certificate on its own, with the same advice`, async () => {
      const rest = await trustedCookie();
      const logLines: string[] = [];
      const notifications = new GwsNotificationClient({
        baseUrl: sim.url,
        transport,
        cookieHeader: (url) => rest.cookieHeaderFor(url),
        log: (level, line) => logLines.push(`${level} ${line}`),
      });
      clients.push(notifications);
      const error = await rejection(notifications.start(10_000));
      assert.equal(error.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      assert.match(error.message, UNTRUSTED);
      if (transport === 'websocket') {
        assert.ok(
          logLines.some((line) => /CometD websocket error: .*certificate/.test(line)),
          `the wss socket was refused for its certificate: ${logLines.join(' | ')}`,
        );
      }
    });

    it(`signs in over REST and CometD ${transport} with the profile's CA file`, async () => {
      const trusted = session({ transport, ca: readCaFile(caFile) });
      const info = await trusted.signIn();
      assert.equal(info.user.userName, 'agent1');
      assert.equal(trusted.state, 'connected');
      // No quiet fallback: the websocket itself was trusted.
      assert.equal(trusted.transportType, transport);
      const id = sim.control.createInboundCall({ to: 'agent1' });
      await new Promise<void>((resolve) => {
        const subscription = trusted.onNotification(({ message }) => {
          if ((message.data as { call?: { id?: string } } | undefined)?.call?.id !== id) return;
          subscription.dispose();
          resolve();
        });
      });
    });

    it(`signs in over REST and CometD ${transport} with rejectUnauthorized off for this profile`, async () => {
      const unchecked = session({ transport, rejectUnauthorized: false });
      await unchecked.signIn();
      assert.equal(unchecked.state, 'connected');
      assert.equal(unchecked.transportType, transport);
    });
  }

  it("the TLS options survive an agent swap, as VS Code's proxy support makes one", async () => {
    // http.proxySupport "override" (VS Code's default) replaces a request's agent with its
    // own; only the options on the request itself reach the TLS connection then.
    const original = https.request;
    const swapped: string[] = [];
    const swapAgent = (...args: unknown[]): unknown => {
      const index = args.findIndex((arg) => typeof arg === 'object' && arg !== null && !(arg instanceof URL));
      if (index >= 0) {
        const options = args[index] as https.RequestOptions;
        if (options.agent) {
          swapped.push(String(options.path ?? (args[0] instanceof URL ? args[0].pathname : '')));
          args[index] = { ...options, agent: new https.Agent() };
        }
      }
      return (original as (...a: unknown[]) => unknown)(...args);
    };
    (https as { request: unknown }).request = swapAgent;
    try {
      const trusted = session({ ca: readCaFile(caFile) });
      await trusted.signIn();
      assert.equal(trusted.state, 'connected');
      assert.ok(swapped.some((p) => p.startsWith('/api/v2/me')), `REST went through the swap: ${swapped.join(' ')}`);
      assert.ok(swapped.some((p) => p.startsWith('/api/v2/notifications')), `long-polling went through the swap: ${swapped.join(' ')}`);
    } finally {
      (https as { request: unknown }).request = original;
    }
  });

  it('a CA that did not sign the server certificate is still refused', async () => {
    const other = session({ ca: createTestCertificates().ca.cert });
    const error = await rejection(other.signIn());
    assert.match(error.message, UNTRUSTED);
  });

  it('the CA file adds to the default roots instead of replacing them', () => {
    const trust = tlsRequestOptions({ ca: certs.ca.cert, systemCertificates: false });
    assert.equal(trust.rejectUnauthorized, true);
    assert.ok(trust.ca?.includes(certs.ca.cert.trim()), 'the file CA');
    for (const root of tls.rootCertificates.slice(0, 3)) assert.ok(trust.ca?.includes(root), 'a bundled root');
    assert.deepEqual(tlsRequestOptions({}), { rejectUnauthorized: true }, 'no ca option at all without a file (VS Code adds the system certificates)');
    assert.deepEqual(tlsRequestOptions({ rejectUnauthorized: false }), { rejectUnauthorized: false });
  });

  describe('reading the caFile', () => {
    const expectConfigError = (file: string, why: RegExp): void => {
      assert.throws(
        () => readCaFile(file),
        (error: unknown) => error instanceof GwsError && error.kind === 'config' && why.test(error.message) && error.message.includes('gws.profiles'),
      );
    };

    it('returns the PEM text of a readable file', () => {
      assert.equal(readCaFile(caFile), certs.ca.cert);
    });

    it('refuses a relative path, a missing file, a folder and a file without a certificate, naming the file', () => {
      expectConfigError('test-ca.pem', /caFile test-ca\.pem is not an absolute path/);
      expectConfigError(path.join(dir, 'missing.pem'), /missing\.pem does not exist/);
      expectConfigError(dir, /is a folder, not a file/);
      const key = path.join(dir, 'key.pem');
      fs.writeFileSync(key, certs.server.key);
      expectConfigError(key, /holds no PEM certificate/);
    });
  });
});
