// memory (run with --expose-gc; gc() before every heap reading):
//   retained: heap kept per event while the log holds N events (after − before) / N, against
//             the notification's JSON size (rawBytesPerEvent, UTF-8 bytes);
//   soak:     1,000,000 notifications through a log capped at 50,000 events: heap at the end /
//             heap when the log first held 50,000. Memory that grows with the number of
//             notifications seen (not with what is kept) shows up here.
// Everything the extension keeps per notification is in: call store, pipeline, stream log,
// and the panel's batching (flushed as the panel would, every FLUSH_EVERY messages).
import { CallStore } from '../../src/model/callStore';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { NotificationSource } from '../support/notifications';
import { RowBatcher } from '../support/rowBatcher';
import { runSection, type Figures } from '../support/section';
import { round } from '../support/stats';

const FLUSH_EVERY = 1_000;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  // Twice: the first pass may leave weakly held or finalizable garbage for the second.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Feed {
  pipeline: Pipeline;
  log: StreamLog;
  batcher: RowBatcher;
  source: NotificationSource;
  fed: number;
  rawBytes: number;
}

function newFeed(capacity: number): Feed {
  const log = new StreamLog(capacity);
  return {
    pipeline: new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000 }),
    log,
    batcher: new RowBatcher(log, false),
    source: new NotificationSource({ calls: 200 }),
    fed: 0,
    rawBytes: 0,
  };
}

/** Feeds `count` fresh notifications (generated and parsed one at a time: nothing shared). */
function feed(state: Feed, count: number): void {
  for (let i = 0; i < count; i++) {
    const text = state.source.next();
    state.rawBytes += Buffer.byteLength(text);
    state.pipeline.ingestNotification({ message: JSON.parse(text), receivedAt: Date.now() });
    if (++state.fed % FLUSH_EVERY === 0) state.batcher.flush();
  }
  state.batcher.flush();
}

runSection('memory', async ({ quick, log }): Promise<Figures> => {
  const capacity = quick ? 2_000 : 50_000;
  const soakTotal = quick ? 20_000 : 1_000_000;

  // Retained per event: a log that holds everything it was fed.
  const retained = newFeed(capacity);
  // Warm-up outside the measurement: code compiled, the 200 calls in the store.
  feed(retained, 1_000);
  retained.log.clear();
  retained.rawBytes = 0;
  const before = heapAfterGc();
  feed(retained, capacity);
  const after = heapAfterGc();
  const retainedBytesPerEvent = (after - before) / capacity;
  const rawBytesPerEvent = retained.rawBytes / capacity;
  log(`${capacity} events: ${Math.round((after - before) / 1e6)} MB retained, ${Math.round(retainedBytesPerEvent)} B/event for ${Math.round(rawBytesPerEvent)} B of JSON`);
  retained.batcher.dispose();
  retained.log.clear();

  // Soak: fill once, read the heap, then push the rest through and read it again.
  const soak = newFeed(capacity);
  feed(soak, capacity);
  const atCapacity = heapAfterGc();
  const step = capacity * 4;
  let peak = atCapacity;
  while (soak.fed < soakTotal) {
    feed(soak, Math.min(step, soakTotal - soak.fed));
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const atEnd = heapAfterGc();
  if (soak.log.size !== capacity || soak.log.dropped !== soakTotal - capacity) {
    throw new Error(`log holds ${soak.log.size} with ${soak.log.dropped} dropped after ${soakTotal}`);
  }
  log(`soak ${soakTotal}: heap ${Math.round(atCapacity / 1e6)} MB at ${capacity}, ${Math.round(atEnd / 1e6)} MB at the end`);
  return {
    retainedBytesPerEvent: Math.round(retainedBytesPerEvent),
    rawBytesPerEvent: Math.round(rawBytesPerEvent),
    soakHeapRatio: round(atEnd / atCapacity, 3),
    retainedToRawRatio: round(retainedBytesPerEvent / rawBytesPerEvent),
    soakNotifications: soakTotal,
    soakCapacity: capacity,
    heapAtCapacityMB: round(atCapacity / 1e6, 1),
    heapAtEndMB: round(atEnd / 1e6, 1),
    peakHeapMB: round(peak / 1e6, 1),
  };
});
