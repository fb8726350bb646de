// The recording proxy in its own node process, for the `proxy` benchmark section. It stands for
// the extension host: the proxy, its decoder and the model (Pipeline, CallStore, StreamLog of
// 50,000 events) share one event loop, as they do there; the integration runs in another
// process, so the client's event loop does not pay for the proxy's work (nor the reverse).
//   node out/bench/support/proxyChild.js <target url>
// Prints "recording proxy listening on <url>" once it listens; a line "idle" on stdin is answered
// with "recording proxy idle: …" once the taps so far are decoded. On SIGTERM it stops, prints
// "recording proxy decoded <taps> taps, <n> notifications" and exits.
import { CallStore } from '../../src/model/callStore';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { listenRecordingProxy } from '../../src/proxy/recordingProxy';
import { TapQueue } from '../../src/proxy/tapQueue';
import { TrafficDecoder } from '../../src/proxy/trafficDecoder';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: proxyChild.js <target url>');
  const decoder = new TrafficDecoder();
  // As src/proxy/index.ts: taps wait in the queue, decoded off the forwarding path.
  const queue = new TapQueue(decoder);
  const pipeline = new Pipeline(new CallStore(), new StreamLog(50_000), { noNotificationWarningMs: 5_000, source: 'proxy' });
  const attachment = pipeline.attach(decoder);
  let taps = 0;
  let notifications = 0;
  decoder.onNotification(() => void notifications++);
  const proxy = await listenRecordingProxy({ target, host: '127.0.0.1', port: 0, rejectUnauthorized: true }, (tap) => {
    taps++;
    queue.push(tap);
  }, () => queue.noteTraffic());
  process.stdout.write(`recording proxy listening on ${proxy.url}\n`);
  // "idle" on stdin: answers once every tap so far is decoded and analysed, so that a burst's
  // decoding is not left running into the next measurement.
  let input = '';
  process.stdin.on('data', (chunk: Buffer) => {
    input += chunk.toString();
    for (let end = input.indexOf('\n'); end >= 0; end = input.indexOf('\n')) {
      const line = input.slice(0, end).trim();
      input = input.slice(end + 1);
      if (line === 'idle') void idle().then(() => process.stdout.write(`recording proxy idle: ${taps} taps, ${notifications} notifications\n`));
    }
  });
  const idle = async (): Promise<void> => {
    await queue.whenIdle();
    attachment.flush();
  };
  process.once('SIGTERM', () => {
    void proxy.stop().finally(() => {
      queue.dispose();
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
