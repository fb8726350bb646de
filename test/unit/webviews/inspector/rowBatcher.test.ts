import * as assert from 'node:assert/strict';
import { StreamLog, type NewStreamRecord } from '../../../../src/model/streamLog';
import type { ToPage } from '../../../../src/webviews/inspector/protocol';
import { FLUSH_INTERVAL_MS, RowBatcher, type RowBatcherHost } from '../../../../src/webviews/inspector/rowBatcher';

function meta(text: string): NewStreamRecord {
  return { time: 1_000, kind: 'meta', channel: 'session', type: 'connect', summary: text, changed: true };
}

/** A page stand-in: records posts; a reset is posted as the panel does it. */
class Page implements RowBatcherHost {
  visible = true;
  posts: ToPage[] = [];
  missedRows = 0;
  batcher!: RowBatcher;
  constructor(private readonly log: StreamLog) {}
  canPost(): boolean {
    return this.visible;
  }
  post(message: ToPage): void {
    this.posts.push(message);
  }
  sendReset(): void {
    this.batcher.markResetSent();
    this.posts.push({ type: 'reset', rows: [], dropped: this.log.dropped, view: { kind: 'live' }, settings: { maxEvents: 1, noNotificationWarningMs: 1 } });
  }
  missed(count: number): void {
    this.missedRows += count;
  }
  wantsPayloads(): boolean {
    return this.payloads;
  }
  payloads = false;
}

function setup(options: { capacity?: number; timed?: boolean } = {}) {
  const log = new StreamLog(options.capacity ?? 1_000);
  const page = new Page(log);
  page.batcher = new RowBatcher(page, { timed: options.timed ?? false });
  page.batcher.show(log);
  return { log, page, batcher: page.batcher };
}

describe('inspector row batching', () => {
  it('starts with a reset, then sends a burst as one append with every row in order', () => {
    const { log, page, batcher } = setup();
    batcher.flush();
    assert.deepEqual(page.posts.map((p) => p.type), ['reset']);
    for (let i = 0; i < 500; i++) log.append(meta(`m${i}`));
    batcher.flush();
    assert.equal(page.posts.length, 2);
    const append = page.posts[1];
    assert.ok(append.type === 'append');
    assert.equal(append.rows.length, 500);
    assert.deepEqual(append.rows.slice(0, 3).map((r) => r.seq), [1, 2, 3]);
  });

  it('sends rows without their payload text until the page searches payloads, then with it', () => {
    const { log, page, batcher } = setup();
    batcher.flush();
    const withDetail = () => log.append({ ...meta('snapshot'), detail: { userData: { CaseId: 'C-42' } } });
    withDetail();
    batcher.flush();
    const before = page.posts.at(-1);
    assert.ok(before?.type === 'append');
    assert.equal(before.rows[0].payload, undefined, 'no walk of the message on the streaming path');
    page.payloads = true;
    withDetail();
    batcher.flush();
    const after = page.posts.at(-1);
    assert.ok(after?.type === 'append');
    assert.match(after.rows[0].payload ?? '', /casei?d = c-42/);
  });

  it('sends a row updated in the same batch once, with its latest state', () => {
    const { log, page, batcher } = setup();
    batcher.flush();
    const record = log.append(meta('pending'));
    record.summary = 'done';
    log.updated([record]);
    batcher.flush();
    assert.deepEqual(page.posts.slice(1).map((p) => p.type), ['append']);
    const append = page.posts[1];
    assert.ok(append.type === 'append');
    assert.equal(append.rows[0].summary, 'done');
  });

  it('queues nothing for a hidden page, counts what it missed, and resets when it is back', () => {
    const { log, page, batcher } = setup();
    batcher.flush();
    page.visible = false;
    batcher.pageGone();
    for (let i = 0; i < 10; i++) log.append(meta(`m${i}`));
    assert.equal(page.missedRows, 10);
    page.visible = true;
    batcher.requestReset();
    batcher.flush();
    assert.deepEqual(page.posts.map((p) => p.type), ['reset', 'reset']);
  });

  it('resets instead of queueing more rows than the log holds', () => {
    const { log, page, batcher } = setup({ capacity: 10 });
    batcher.flush();
    for (let i = 0; i < 25; i++) log.append(meta(`m${i}`));
    batcher.flush();
    assert.deepEqual(page.posts.map((p) => p.type), ['reset', 'reset']);
  });

  it('on its own timer, posts a burst once per interval, not once per row', async () => {
    const { log, page } = setup({ timed: true });
    await waitFor(() => page.posts.length === 1);
    const started = Date.now();
    for (let i = 0; i < 2_000; i++) log.append(meta(`m${i}`));
    await waitFor(() => page.posts.length >= 2);
    assert.equal(page.posts.length, 2, 'one append for the whole burst');
    assert.ok(Date.now() - started >= FLUSH_INTERVAL_MS - 5, 'not before the interval');
    page.batcher.dispose();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the batcher');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
