// The recording proxy in its own node process, for the `proxy` benchmark section. It stands for
// the extension host: the proxy, its decoder and the model (Pipeline, CallStore, StreamLog of
// 50,000 events) share one event loop, as they do there; the integration runs in another
// process, so the client's event loop does not pay for the proxy's work (nor the reverse).
//   node out/bench/support/proxyChild.js <target url>
// Prints "recording proxy listening on <url>" once it listens. On SIGTERM it stops, prints
// "recording proxy decoded <taps> taps, <n> notifications" and exits.
import { CallStore } from '../../src/model/callStore';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { listenRecordingProxy } from '../../src/proxy/recordingProxy';
import { TrafficDecoder } from '../../src/proxy/trafficDecoder';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: proxyChild.js <target url>');
  const decoder = new TrafficDecoder();
  const pipeline = new Pipeline(new CallStore(), new StreamLog(50_000), { noNotificationWarningMs: 5_000, source: 'proxy' });
  const attachment = pipeline.attach(decoder);
  let taps = 0;
  let notifications = 0;
  decoder.onNotification(() => void notifications++);
  const proxy = await listenRecordingProxy({ target, host: '127.0.0.1', port: 0, rejectUnauthorized: true }, (tap) => {
    taps++;
    decoder.ingest(tap);
  });
  process.stdout.write(`recording proxy listening on ${proxy.url}\n`);
  process.once('SIGTERM', () => {
    void proxy.stop().finally(() => {
      attachment.flush();
      process.stdout.write(`recording proxy decoded ${taps} taps, ${notifications} notifications\n`);
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`recording proxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
