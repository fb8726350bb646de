// listenRecordingProxy (recordingProxy.ts) run in a worker thread (proxyWorker.ts): the same
// promise of a listening proxy and the same taps, while the forwarding runs on another thread
// than the caller's (why: workerWire.ts). The taps arrive through the thread's message port,
// in the order the proxy emitted them.
import { Worker } from 'node:worker_threads';
import { redactText } from '../base/redact';
import type { ProxyTap, RecordingProxyOptions } from './proxyTraffic';
import { guardTapListener, type ListeningRecordingProxy } from './recordingProxy';
import { fromWire, type FromWorker, type ToWorker, type WorkerOptions } from './workerWire';

/** The thread could not be started, or died before the proxy listened: not a cause of the proxy's own. */
export class ProxyThreadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyThreadError';
  }
}

export async function listenInWorker(
  workerScript: string,
  options: RecordingProxyOptions,
  onTap: (tap: ProxyTap) => void,
  onTraffic: () => void = () => undefined,
): Promise<ListeningRecordingProxy> {
  const { log, ...rest } = options;
  const workerData: WorkerOptions = { ...rest, log: log !== undefined };
  let worker: Worker;
  try {
    worker = new Worker(workerScript, { workerData });
  } catch (error) {
    throw new ProxyThreadError(`its thread could not be started: ${redactText(error instanceof Error ? error.message : String(error))}`);
  }
  let stopped: (() => void) | undefined;
  let stopRequested = false;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    stopped?.();
  };
  const deliver = guardTapListener(onTap, log);

  const url = await new Promise<string>((resolve, reject) => {
    let listening = false;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'listening':
          listening = true;
          resolve(message.url);
          break;
        case 'startFailed':
          reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
          break;
        case 'tap':
          deliver(fromWire(message.wire));
          break;
        case 'traffic':
          onTraffic();
          break;
        case 'log':
          log?.(message.line);
          break;
        case 'stopped':
          finish();
          break;
      }
    });
    // The proxy's thread died: its connections died with it. Say so in the recording.
    const died = (cause: string): void => {
      const why = redactText(cause);
      if (!listening) {
        reject(new ProxyThreadError(`its thread stopped before the proxy listened: ${why}`));
        return;
      }
      if (finished || stopRequested) {
        finish();
        return;
      }
      deliver({ kind: 'notice', at: Date.now(), level: 'error', text: `the recording proxy stopped: ${why}` });
      log?.(`recording proxy: its thread stopped: ${why}`);
      finish();
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`its thread exited (code ${code})`));
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        stopped = resolve;
        stopRequested = true;
        if (finished) resolve();
        else worker.postMessage({ type: 'stop' } satisfies ToWorker);
      })),
  };
}
