// The recording proxy in its own node process, for the `proxy` benchmark section: in real use it
// runs in the extension host and the integration in another process, so the client's event loop
// must not pay for the proxy's work (nor the proxy for the client's).
//   node out/bench/support/proxyChild.js <target url>
// Prints "recording proxy listening on <url>" once it listens; SIGTERM stops it (it then prints
// "recording proxy taps <n>" and exits). Taps are counted, not kept, as a consumer that keeps
// up would do.
import { listenRecordingProxy } from '../../src/proxy/recordingProxy';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: proxyChild.js <target url>');
  let taps = 0;
  const proxy = await listenRecordingProxy({ target, host: '127.0.0.1', port: 0, rejectUnauthorized: true }, () => void taps++);
  process.stdout.write(`recording proxy listening on ${proxy.url}\n`);
  process.once('SIGTERM', () => {
    void proxy.stop().finally(() => {
      process.stdout.write(`recording proxy taps ${taps}\n`);
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`recording proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
