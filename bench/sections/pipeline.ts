// pipeline: everything the extension does per notification, in one process, against
// JSON.parse alone on the same texts in the same run.
//   per message: JSON.parse (what cometd does to the response) → Pipeline.ingestNotification
//   (call store, diff, summary, raw text, stream record) → the panel's batching (toRowDto and
//   the serialised post, one flush per FLUSH_EVERY messages ≈ one 50 ms flush at 20,000/s).
// Rounds alternate parse-only and pipeline so both see the same machine state; the figure is
// the median round.
import { CallStore } from '../../src/model/callStore';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { NotificationSource } from '../support/notifications';
import { RowBatcher } from '../support/rowBatcher';
import { runSection, type Figures } from '../support/section';
import { median, round } from '../support/stats';

const FLUSH_EVERY = 1_000;

function parseOnly(texts: readonly string[]): number {
  let keep = 0;
  const started = performance.now();
  for (let i = 0; i < texts.length; i++) {
    const message = JSON.parse(texts[i]) as { id: string };
    keep += message.id.length;
  }
  const elapsed = performance.now() - started;
  if (keep === 0) throw new Error('parsed nothing');
  return elapsed;
}

function throughPipeline(texts: readonly string[], pipeline: Pipeline, batcher: RowBatcher): number {
  const started = performance.now();
  for (let i = 0; i < texts.length; i++) {
    pipeline.ingestNotification({ message: JSON.parse(texts[i]), receivedAt: Date.now() });
    if ((i + 1) % FLUSH_EVERY === 0) batcher.flush();
  }
  batcher.flush();
  return performance.now() - started;
}

runSection('pipeline', async ({ quick, log }): Promise<Figures> => {
  const count = quick ? 2_000 : 20_000;
  const rounds = quick ? 2 : 9;
  const texts = new NotificationSource({ calls: 200 }).take(count);
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const store = new CallStore();
  const streamLog = new StreamLog(50_000);
  const pipeline = new Pipeline(store, streamLog, { noNotificationWarningMs: 5_000 });
  const batcher = new RowBatcher(streamLog, false);
  log(`${count} notifications of ${Math.round(bytes / count)} bytes over 200 calls, ${rounds} rounds`);

  // Warm-up: both paths compiled and the log past its first wrap before anything counts.
  parseOnly(texts);
  throughPipeline(texts, pipeline, batcher);
  const parseTimes: number[] = [];
  const pipelineTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    parseTimes.push(parseOnly(texts));
    pipelineTimes.push(throughPipeline(texts, pipeline, batcher));
  }
  const parseMs = median(parseTimes);
  const pipelineMs = median(pipelineTimes);
  const processed = (rounds + 1) * count;
  if (streamLog.nextSequence - 1 !== processed) throw new Error(`the log got ${streamLog.nextSequence - 1} records for ${processed} notifications`);
  log(`parse ${parseMs.toFixed(1)} ms, pipeline ${pipelineMs.toFixed(1)} ms per round of ${count}`);
  return {
    messagesPerSecond: Math.round((count / pipelineMs) * 1000),
    jsonParseOnlyPerSecond: Math.round((count / parseMs) * 1000),
    costRatioToParse: round(pipelineMs / parseMs),
    messageBytes: Math.round(bytes / count),
    postedBytesPerMessage: Math.round(batcher.stats.bytesPosted / Math.max(1, batcher.stats.rowsPosted)),
  };
});
