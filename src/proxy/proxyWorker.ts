// The entry point of dist/proxyWorker.js (esbuild.js): the recording proxy's transport
// (recordingProxy.ts) in a worker thread of its own, started by workerProxy.ts. It forwards and
// taps; everything else (decoding, the model) stays in the thread that started it. Why a
// thread: workerWire.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { listenRecordingProxy, type ListeningRecordingProxy } from './recordingProxy';
import type { FromWorker, ToWorker, WorkerOptions } from './workerWire';
import { toWire } from './workerWire';

/**
 * At most one 'traffic' message this often: the decoder's thread only needs to know that the
 * traffic still flows (tapQueue.ts TRAFFIC_QUIET_MS is 50), not of every chunk.
 */
const TRAFFIC_NOTE_MS = 10;

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('proxyWorker.js runs as a worker thread (workerProxy.ts)');
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const options = workerData as WorkerOptions;
  let lastTrafficNote = -Infinity;
  let listening: ListeningRecordingProxy;
  try {
    listening = await listenRecordingProxy(
      { ...options, log: options.log ? (line) => post({ type: 'log', line }) : undefined },
      (tap) => {
        const { wire, transfer } = toWire(tap, tap.kind === 'response');
        post({ type: 'tap', wire }, transfer);
      },
      () => {
        const now = performance.now();
        if (now - lastTrafficNote < TRAFFIC_NOTE_MS) return;
        lastTrafficNote = now;
        post({ type: 'traffic' });
      },
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    post({ type: 'startFailed', message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) });
    port.close();
    return;
  }
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return;
    void listening.stop().finally(() => {
      post({ type: 'stopped' });
      port.close();
    });
  });
  post({ type: 'listening', url: listening.url });
}

void main();
