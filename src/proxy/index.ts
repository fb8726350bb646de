// The entry point of dist/proxy.js (esbuild.js): the only thing the extension calls, through a
// run-time require in src/session/recordingProxies.ts. Glue only: the transport
// (recordingProxy.ts) forwards and taps, the decoder (trafficDecoder.ts) turns the taps into
// the events a GwsSession reports (proxyTraffic.ts says who does what), and the taps wait for
// it in a queue (tapQueue.ts) so that forwarding never waits for decoding.
import type { RecordingProxy, RecordingProxyOptions } from './proxyTraffic';
import { listenRecordingProxy } from './recordingProxy';
import { TapQueue } from './tapQueue';
import { TrafficDecoder } from './trafficDecoder';

export type { ApplicationFacts, RecordingProxy, RecordingProxyOptions } from './proxyTraffic';

/** Listens on `options.host:options.port`, forwards to `options.target` and decodes what passes. */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const decoder = new TrafficDecoder();
  const queue = new TapQueue(decoder);
  let listening: Awaited<ReturnType<typeof listenRecordingProxy>>;
  try {
    listening = await listenRecordingProxy(
      options,
      (tap) => queue.push(tap),
      () => queue.noteTraffic(),
    );
  } catch (error) {
    queue.dispose();
    decoder.dispose();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= listening.stop().finally(() => {
      // Closed connections may still have reported their last taps, and taps may wait in the
      // queue: decode them first.
      queue.dispose();
      decoder.dispose();
    }));
  return {
    url: listening.url,
    target: options.target,
    onNotification: decoder.onNotification,
    onOperation: decoder.onOperation,
    onMeta: decoder.onMeta,
    onSnapshot: decoder.onSnapshot,
    onDidChangeFacts: decoder.onDidChangeFacts,
    facts: () => decoder.facts(),
    stop,
    dispose: () => void stop().catch(() => undefined),
  };
}
