// The entry point of dist/proxy.js (esbuild.js): the only thing the extension calls, through a
// run-time require in src/session/recordingProxies.ts. Glue only: the transport
// (recordingProxy.ts) forwards and taps in a worker thread (workerProxy.ts), the decoder
// (trafficDecoder.ts) turns the taps into the events a GwsSession reports (proxyTraffic.ts says
// who does what), and the taps wait for it in a queue (tapQueue.ts) so that decoding is paced.
import * as path from 'node:path';
import type { ProxyTap, RecordingProxy, RecordingProxyOptions } from './proxyTraffic';
import { listenRecordingProxy, type ListeningRecordingProxy } from './recordingProxy';
import { TapQueue } from './tapQueue';
import { TrafficDecoder } from './trafficDecoder';
import { listenInWorker, ProxyThreadError } from './workerProxy';

export type { ApplicationFacts, RecordingProxy, RecordingProxyOptions } from './proxyTraffic';

/**
 * Listens on `options.host:options.port`, forwards to `options.target` and decodes what passes.
 * The forwarding runs in a worker thread (`workerScript`, built next to this bundle as
 * dist/proxyWorker.js), or here if no thread can be started; the decoding here.
 */
export async function startRecordingProxy(options: RecordingProxyOptions, workerScript = path.join(__dirname, 'proxyWorker.js')): Promise<RecordingProxy> {
  const decoder = new TrafficDecoder();
  const queue = new TapQueue(decoder);
  const onTap = (tap: ProxyTap): void => queue.push(tap);
  const onTraffic = (): void => queue.noteTraffic();
  let listening: ListeningRecordingProxy;
  try {
    try {
      listening = await listenInWorker(workerScript, options, onTap, onTraffic);
    } catch (error) {
      if (!(error instanceof ProxyThreadError)) throw error;
      // No thread (a host that does not allow one, a missing file): forwarding on this thread
      // works the same, only without the protection of a thread of its own.
      options.log?.(`recording proxy: ${error.message}; forwarding on the extension host's thread instead`);
      listening = await listenRecordingProxy(options, onTap, onTraffic);
    }
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
    whenIdle: () => queue.whenIdle(),
    stop,
    dispose: () => void stop().catch(() => undefined),
  };
}
