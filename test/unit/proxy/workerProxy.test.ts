// The recording proxy in its worker thread (src/proxy/workerProxy.ts, dist/proxyWorker.js): the
// application's traffic passes while the thread that started the proxy is blocked (in VS Code,
// the extension host, shared with the decoder and every other extension); start failures keep
// their cause; a thread that dies says so in the recording. The transport itself, through the
// worker too, is in recordingProxy.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProxyResponseTap, ProxyTap } from '../../../src/proxy/proxyTraffic';
import type { ListeningRecordingProxy } from '../../../src/proxy/recordingProxy';
import http from 'node:http';
import { startRecordingProxy } from '../../../src/proxy';
import { listenInWorker, ProxyThreadError } from '../../../src/proxy/workerProxy';
import { proxyWorkerScript } from '../../support/fixtures';

const DEADLINE_MS = 10_000;

/**
 * An upstream server and an application in a thread of their own, so that both go on while the
 * test's thread is blocked: it answers every request with `{"statusCode":0}`, and on
 * `{ get: url }` sends one GET and reports when its answer arrived.
 */
const APPLICATION = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"statusCode":0}');
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', ({ get }) => {
  if (!get) return server.close(() => parentPort.close());
  const sentAt = Date.now();
  http.get(get, { agent: false }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => parentPort.postMessage({ sentAt, answeredAt: Date.now(), status: res.statusCode, body }));
  }).on('error', (error) => parentPort.postMessage({ error: error.message }));
});
`;

function nextMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the application thread did not answer')), DEADLINE_MS);
    worker.once('message', (message: T) => {
      clearTimeout(timer);
      resolve(message);
    });
  });
}

/** Blocks this thread for `ms` without spinning (as a busy extension host would, for that long). */
function blockThisThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > DEADLINE_MS) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe('recording proxy: its worker thread', function () {
  const proxies: ListeningRecordingProxy[] = [];
  const cleanups: Array<() => Promise<unknown> | void> = [];

  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('forwards while the thread that started it is blocked, and records the exchange once it is free', async () => {
    const application = new Worker(APPLICATION, { eval: true });
    cleanups.push(() => application.terminate());
    const { port } = await nextMessage<{ port: number }>(application);
    const taps: ProxyTap[] = [];
    const lines: string[] = [];
    let traffic = 0;
    const proxy = await listenInWorker(
      proxyWorkerScript(),
      { target: `http://127.0.0.1:${port}`, host: '127.0.0.1', port: 0, rejectUnauthorized: true, log: (line) => lines.push(line) },
      (tap) => taps.push(tap),
      () => traffic++,
    );
    proxies.push(proxy);
    assert.deepEqual(lines, [`recording proxy: ${proxy.url} → http://127.0.0.1:${port}/`], "the worker's log lines come through");

    const answer = nextMessage<{ sentAt: number; answeredAt: number; status: number; body: string }>(application);
    application.postMessage({ get: `${proxy.url}/api/v2/me` });
    blockThisThread(1_500);
    const blockEnded = Date.now();
    const { sentAt, answeredAt, status, body } = await answer;
    assert.equal(status, 200);
    assert.equal(body, '{"statusCode":0}');
    assert.ok(answeredAt < blockEnded, `the answer came ${answeredAt - sentAt} ms after the request; this thread was blocked until ${blockEnded - sentAt} ms`);

    await until(() => taps.some((tap) => tap.kind === 'response'), 'the response tap');
    const response = taps.find((tap): tap is ProxyResponseTap => tap.kind === 'response')!;
    assert.equal(response.status, 200);
    assert.equal(response.body, '{"statusCode":0}');
    assert.ok(traffic > 0, 'the decoder heard that traffic flowed (tapQueue.ts paces by it)');
  });

  it('fails to start with the cause and its code (a port in use)', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)));
    const port = (taken.address() as net.AddressInfo).port;
    await assert.rejects(listenInWorker(proxyWorkerScript(), { target: 'http://127.0.0.1:1', host: '127.0.0.1', port, rejectUnauthorized: true }, () => undefined), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'EADDRINUSE');
      assert.match(error.message, /cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
      return true;
    });
  });

  it('without a thread (its file missing), the proxy forwards and records on the calling thread, and the log says why', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-dir', 'proxyWorker.js');
    await assert.rejects(listenInWorker(missing, { target: 'http://127.0.0.1:1', host: '127.0.0.1', port: 0, rejectUnauthorized: true }, () => undefined), ProxyThreadError);

    const upstream = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"statusCode":0,"kind":"upstream"}'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => upstream.close(resolve)));
    const lines: string[] = [];
    const proxy = await startRecordingProxy(
      { target: `http://127.0.0.1:${(upstream.address() as net.AddressInfo).port}`, host: '127.0.0.1', port: 0, rejectUnauthorized: true, log: (line) => lines.push(line) },
      missing,
    );
    cleanups.push(() => proxy.stop());
    const operations: string[] = [];
    proxy.onOperation((operation) => operations.push(`${operation.method} ${operation.url}`));
    const answer = await fetch(`${proxy.url}/api/v2/me`);
    assert.equal(await answer.text(), '{"statusCode":0,"kind":"upstream"}');
    await proxy.whenIdle();
    assert.ok(operations.some((operation) => /^GET .*\/api\/v2\/me$/.test(operation)), `recorded: ${operations.join(', ')}`);
    assert.match(lines[0], /^recording proxy: its thread stopped before the proxy listened: .*; forwarding on the extension host's thread instead$/);
  });

  /** A stand-in for dist/proxyWorker.js that starts, logs, and then does `end`. */
  function dyingWorker(end: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-proxy-worker-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const script = path.join(dir, 'dyingWorker.js');
    fs.writeFileSync(
      script,
      `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'listening', url: 'http://127.0.0.1:9' });
parentPort.postMessage({ type: 'log', line: 'recording proxy: about to fail' });
setTimeout(() => { ${end} }, 10);
`,
    );
    return script;
  }

  it('logs a failing tap listener on the decoder\'s side with credentials masked, and goes on delivering', async () => {
    const script = dyingWorker(`
parentPort.postMessage({ type: 'tap', wire: { tap: { kind: 'notice', at: 1, level: 'info', text: 'first' } } });
parentPort.postMessage({ type: 'tap', wire: { tap: { kind: 'notice', at: 2, level: 'info', text: 'second' } } });`);
    const delivered: string[] = [];
    const lines: string[] = [];
    const proxy = await listenInWorker(script, { target: 'http://127.0.0.1:1', host: '127.0.0.1', port: 0, rejectUnauthorized: true, log: (line) => lines.push(line) }, (tap) => {
      delivered.push(tap.kind === 'notice' ? tap.text : tap.kind);
      if (delivered.length === 1) throw new Error('cannot handle Authorization: Basic YWdlbnQxOmFnZW50MQ==');
    });
    cleanups.push(() => proxy.stop());
    await until(() => delivered.length >= 2, 'both taps');
    // (Then the stand-in's thread ends, and a third tap says so.)
    assert.deepEqual(delivered.slice(0, 2), ['first', 'second']);
    assert.ok(lines.includes('recording proxy: a tap listener failed: cannot handle Authorization: Basic [redacted]'), lines.join('\n'));
    assert.ok(!lines.some((line) => line.includes('YWdlbnQxOmFnZW50MQ')), 'no credential in the log');
  });

  it('says in the recording when its thread exits unasked, with the exit code', async () => {
    const taps: ProxyTap[] = [];
    // No log option: nothing may call it.
    const proxy = await listenInWorker(dyingWorker('process.exit(3);'), { target: 'http://127.0.0.1:1', host: '127.0.0.1', port: 0, rejectUnauthorized: true }, (tap) => taps.push(tap));
    await until(() => taps.length > 0, 'the notice of the ended thread');
    await proxy.stop();
    assert.deepEqual(
      taps.map((tap) => tap.kind === 'notice' && `${tap.level}: ${tap.text}`),
      ['error: the recording proxy stopped: its thread exited (code 3)'],
    );
  });

  it('passes its log lines on, and says in the recording when its thread dies', async () => {
    const script = dyingWorker("throw new Error('out of memory, say');");
    const taps: ProxyTap[] = [];
    const lines: string[] = [];
    const proxy = await listenInWorker(script, { target: 'http://127.0.0.1:1', host: '127.0.0.1', port: 0, rejectUnauthorized: true, log: (line) => lines.push(line) }, (tap) => taps.push(tap));
    assert.equal(proxy.url, 'http://127.0.0.1:9');
    await until(() => taps.length > 0, 'the notice of the dead thread');
    assert.deepEqual(
      taps.map((tap) => tap.kind === 'notice' && `${tap.level}: ${tap.text}`),
      ['error: the recording proxy stopped: out of memory, say'],
    );
    assert.equal(lines[0], 'recording proxy: about to fail');
    // Nothing is left to stop.
    await proxy.stop();
    assert.equal(taps.length, 1, 'said once');
  });
});
