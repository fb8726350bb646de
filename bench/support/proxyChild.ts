// The recording proxy in its own node process, for the `proxy` benchmark section. It stands for
// the extension host: the proxy (src/proxy/index.ts, forwarding in its worker thread), its
// decoder and the model (Pipeline, CallStore, StreamLog of 50,000 events) are arranged as
// there; the integration runs in another
// process, so the client's event loop does not pay for the proxy's work (nor the reverse).
//   node out/bench/support/proxyChild.js <target url> [--bare | --relay]
// Prints "recording proxy listening on <url>" once it listens; a line "idle" on stdin is answered
// with "recording proxy idle: …" once the taps so far are decoded. On SIGTERM it stops, prints
// "recording proxy decoded <n> notifications" and exits.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { createProxyServer } from 'http-proxy-3';
import { CallStore } from '../../src/model/callStore';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { startRecordingProxy } from '../../src/proxy';
import { repoRoot } from './repo';

/**
 * `--bare`: http-proxy-3 alone, as recordingProxy.ts sets it up (keep-alive upstream pool, Host
 * rewritten), recording nothing: what forwarding through any Node proxy costs on this machine,
 * for telling the recording's share from the library's (bench/sections/proxy.ts).
 */
async function bare(target: string): Promise<void> {
  const proxy = createProxyServer({ target, changeOrigin: true, agent: new http.Agent({ keepAlive: true }), xfwd: false, cookieDomainRewrite: { '*': '' } });
  const server = http.createServer((req, res) =>
    proxy.web(req, res, {}, () => {
      res.writeHead(502).end();
    }),
  );
  server.requestTimeout = 0;
  await listenAsReference(server);
}

/**
 * `--relay`: each connection piped byte for byte to the target's port, nothing parsed or
 * rewritten (the simulator does not check Host): the least any proxy process can do, so its
 * cost is that of the extra hop itself, whatever the library (bench/sections/proxy.ts).
 */
async function relay(target: string): Promise<void> {
  const upstream = new URL(target);
  if (upstream.protocol !== 'http:') throw new Error(`--relay forwards plain TCP to an http: target, not ${upstream.protocol}`);
  const server = net.createServer((application) => {
    const gws = net.connect(Number(upstream.port) || 80, upstream.hostname);
    application.pipe(gws);
    gws.pipe(application);
    application.on('error', () => gws.destroy());
    gws.on('error', () => application.destroy());
  });
  await listenAsReference(server);
}

/** A reference proxy's side of the protocol with proxyProcess.ts: it records nothing, so it is always idle. */
async function listenAsReference(server: net.Server): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`recording proxy listening on http://127.0.0.1:${(server.address() as net.AddressInfo).port}\n`);
  process.stdin.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('idle')) process.stdout.write('recording proxy idle: 0 notifications\n');
  });
  process.once('SIGTERM', () => {
    process.stdout.write('recording proxy decoded 0 notifications\n');
    process.exit(0);
  });
}

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: proxyChild.js <target url> [--bare | --relay]');
  if (process.argv[3] === '--bare') return bare(target);
  if (process.argv[3] === '--relay') return relay(target);
  // The extension's own: forwarding in dist/proxyWorker.js, decoding in this thread.
  const workerScript = path.join(repoRoot(), 'dist', 'proxyWorker.js');
  if (!fs.existsSync(workerScript)) throw new Error(`${workerScript} is missing: run "node esbuild.js" first`);
  const proxy = await startRecordingProxy({ target, host: '127.0.0.1', port: 0, rejectUnauthorized: true }, workerScript);
  const pipeline = new Pipeline(new CallStore(), new StreamLog(50_000), { noNotificationWarningMs: 5_000, source: 'proxy' });
  const attachment = pipeline.attach(proxy);
  let notifications = 0;
  proxy.onNotification(() => void notifications++);
  process.stdout.write(`recording proxy listening on ${proxy.url}\n`);
  // "idle" on stdin: answers once every tap so far is decoded and analysed, so that a burst's
  // decoding is not left running into the next measurement.
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => {
    input += chunk.toString();
    for (let end = input.indexOf('\n'); end >= 0; end = input.indexOf('\n')) {
      const line = input.slice(0, end).trim();
      input = input.slice(end + 1);
      if (line === 'idle') void idle().then(() => process.stdout.write(`recording proxy idle: ${notifications} notifications\n`));
    }
  });
  const idle = async (): Promise<void> => {
    await proxy.whenIdle();
    attachment.flush();
  };
  process.once('SIGTERM', () => {
    void proxy.stop().finally(() => {
      attachment.flush();
      process.stdout.write(`recording proxy decoded ${notifications} notifications\n`);
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`recording proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
