// import (run with --expose-gc): large recordings (issue 17).
//   eventsPerSecond  a 200,000-event NDJSON export (the documented ~2 KB notification, analysed
//                    by the pipeline, exported as the extension writes it) imported from disk
//                    as the inspector does (src/model/ndjsonReader.ts readNdjsonFile: the lines
//                    counted in the bytes, then the newest gws.inspector.maxEvents = 50,000
//                    decoded and parsed, the older ones passed over undecoded and counted as
//                    dropped): events / wall-clock second.
//   heapAtCapacityMB the heap (after gc) once that import is done: the log holding maxEvents
//                    imported events, everything else collected: what the window keeps.
//   peakHeapMB       the highest heapUsed sampled after every chunk during the same import
//                    (no gc forced: garbage included). Target: ≤ 2 × heapAtCapacityMB, i.e.
//                    streaming a file four times the capacity costs at most twice what
//                    keeping the result costs (a whole-file read would hold the 400 MB text).
//   (everyLineParsedPerSecond: the same import parsing every line, one pass, as for a non-file
//   URI; jsonParseOnlyPerSecond: the file only cut into lines and JSON.parse'd, the floor of
//   that; costRatioToParse: the one-pass import against that floor. They put the figure in
//   context on a loaded machine.)
//   replayLagP99Ms   2,000 of the imported events replayed at 1× into the inspector
//                    (src/model/replay.ts: real timers, a real pipeline and source), spaced
//                    2 ms apart (500 events/s): p99 of how late each was dispatched after
//                    its scheduled time (performance.now()).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CallStore } from '../../src/model/callStore';
import { NDJSON_FORMAT, recordToLine } from '../../src/model/ndjson';
import { readNdjsonChunks, readNdjsonFile } from '../../src/model/ndjsonReader';
import { Pipeline } from '../../src/model/pipeline';
import { Replay } from '../../src/model/replay';
import { Sources } from '../../src/model/sources';
import { StreamLog, type StreamRecord } from '../../src/model/streamLog';
import { NotificationSource } from '../support/notifications';
import { runSection, waitUntil, type Figures } from '../support/section';
import { percentile, round } from '../support/stats';

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Writes an export of `count` analysed notifications to `file`; answers its size in bytes. */
function writeRecording(file: string, count: number): number {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let pending: string[] = [];
  const flush = (): void => {
    const text = pending.join('');
    bytes += fs.writeSync(fd, text);
    pending = [];
  };
  try {
    pending.push(`${JSON.stringify({ format: NDJSON_FORMAT, version: 1, exportedAt: new Date().toISOString(), count, dropped: 0 })}\n`);
    // A small log: the records are written as they are appended, never all held at once.
    const log = new StreamLog(1_000);
    log.onDidAppend((records) => {
      for (const record of records) pending.push(`${recordToLine(record)}\n`);
      if (pending.length >= 2_000) flush();
    });
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, source: 'session' });
    const source = new NotificationSource({ calls: 200 });
    const start = Date.now() - count;
    for (let i = 0; i < count; i++) pipeline.ingestNotification({ message: JSON.parse(source.next()), receivedAt: start + i });
    flush();
    pipeline.dispose();
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** As the inspector imports a local file (inspectorFiles.ts): counted, then the newest `capacity` parsed. */
async function importFile(file: string, capacity: number, sample?: (heapUsed: number) => void) {
  return readNdjsonFile(() => fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), {
    capacity,
    progress: sample ? () => sample(process.memoryUsage().heapUsed) : undefined,
  });
}

/** Every line parsed (one pass): what a non-file URI costs, and the import before the first pass. */
async function importEveryLine(file: string, capacity: number): Promise<number> {
  const started = performance.now();
  const result = await readNdjsonChunks(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), { capacity });
  return result.count / ((performance.now() - started) / 1_000);
}

/** The floor: the same file streamed, cut into lines and JSON.parse'd, nothing else; events/s. */
async function parseOnlyPerSecond(file: string): Promise<number> {
  const started = performance.now();
  let lines = 0;
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024, encoding: 'utf8' })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (line.length > 0 && JSON.parse(line) !== undefined) lines++;
  }
  return lines / ((performance.now() - started) / 1_000);
}

/** Replays `records` at 1×, `spacingMs` apart; answers each dispatch's lateness. */
async function replayLag(records: readonly StreamRecord[], spacingMs: number): Promise<number[]> {
  const t0 = 1_700_000_000_000;
  const spaced = records.map((record, i) => ({ ...record, time: t0 + i * spacingMs }));
  const log = new StreamLog(records.length + 10);
  const sources = new Sources(log, { noNotificationWarningMs: 5_000 });
  const lags: number[] = [];
  const origin = Date.now() - performance.now();
  const replay = new Replay(sources, {
    records: spaced,
    label: 'bench',
    speed: 1,
    timers: {
      now: () => origin + performance.now(),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    onDispatched: (_record, lateMs) => lags.push(lateMs),
  });
  replay.scheduler.play();
  await waitUntil('the replay to finish', () => replay.scheduler.state === 'done', 60_000 + records.length * spacingMs, 20);
  if (log.size !== records.length) throw new Error(`replayed ${log.size} of ${records.length}`);
  replay.dispose();
  sources.dispose();
  return lags;
}

runSection('import', async ({ quick, log }): Promise<Figures> => {
  const total = quick ? 8_000 : 200_000;
  const capacity = quick ? 2_000 : 50_000;
  const replayed = quick ? 200 : 2_000;
  const spacingMs = 2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-bench-import-'));
  try {
    const file = path.join(dir, 'recording.ndjson');
    const bytes = writeRecording(file, total);
    log(`${total} events: ${round(bytes / 1e6, 1)} MB of NDJSON`);

    // Warm-up: the reader and lineToRecord compiled before the measurement.
    const warm = path.join(dir, 'warm.ndjson');
    writeRecording(warm, 2_000);
    await importFile(warm, capacity);

    const before = heapAfterGc();
    let peak = before;
    const started = performance.now();
    const result = await importFile(file, capacity, (heapUsed) => (peak = Math.max(peak, heapUsed)));
    const seconds = (performance.now() - started) / 1_000;
    if (result.count !== total || result.errorCount !== 0 || result.log.size !== capacity) {
      throw new Error(`read ${result.count} (${result.errorCount} errors), kept ${result.log.size}`);
    }
    const atCapacity = heapAfterGc();
    const parseOnly = await parseOnlyPerSecond(file);
    const everyLine = await importEveryLine(file, capacity);
    log(`import: ${round(seconds, 2)} s; heap ${round(before / 1e6)} MB before, peak ${round(peak / 1e6)} MB, ${round(atCapacity / 1e6)} MB holding ${capacity}`);

    const lags = await replayLag(result.log.rows().slice(-replayed), spacingMs);
    log(`replay at 1×: ${replayed} events ${spacingMs} ms apart, p50 ${round(percentile(lags, 50), 2)} ms, p99 ${round(percentile(lags, 99), 2)} ms late`);
    return {
      eventsPerSecond: Math.round(total / seconds),
      peakHeapMB: round(peak / 1e6, 1),
      heapAtCapacityMB: round(atCapacity / 1e6, 1),
      replayLagP99Ms: round(percentile(lags, 99), 2),
      jsonParseOnlyPerSecond: Math.round(parseOnly),
      everyLineParsedPerSecond: Math.round(everyLine),
      costRatioToParse: round(parseOnly / everyLine),
      importedEvents: total,
      capacity,
      fileMB: round(bytes / 1e6, 1),
      heapBeforeMB: round(before / 1e6, 1),
      replayLagP50Ms: round(percentile(lags, 50), 2),
      replayLagMaxMs: round(Math.max(...lags), 2),
      replayedEvents: replayed,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
