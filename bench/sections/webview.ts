// webview: the real inspector page (dist/webview/inspector.js, production build) in
// Chromium through the page harness, with 100,000 events loaded, then a live stream of
// 2,000 rows/s delivered as the panel delivers them (one `append` message of 100 rows every
// 50 ms, dispatched inside the page so no DevTools round trip sits in the frames).
// Figures:
//   domRows    row elements in the DOM (the list is virtual), the most seen at any reading;
//   filterMs   the page's own 'inspector:filter' measure for a text filter over 100,000 rows
//              (median of several texts; typed into the real filter field);
//   payloadFilterMs  the same for searches that only the rows' payloads answer (a userData value,
//              field queries, a /regex/), each row carrying ~1.3 KB of payload text;
//   frameP95Ms 95th percentile of the main-thread work of the frames that applied a batch:
//              from the frame's start (the rAF timestamp) to a task posted from rAF, which runs
//              after the frame's style, layout and paint. The page's 'inspector:frame' measure
//              (its script part only) is reported beside it.
import { openInspectorPage, type InspectorPage } from '../../test/support/inspectorHarness';
import { runSection, type Figures } from '../support/section';
import { median, percentile, round } from '../support/stats';

const FILTER_TEXTS = ['agent-42', 'held', 'callrecordingstatechange', '00000017', 'http 200'];
/** In no row's summary or fields: only a search inside the payloads finds them. */
const PAYLOAD_TEXTS = ['c-4242', 'call.state = held', 'participants.phoneNumber ~ 5550017', 'userData.Tier = Gold', '/caseid = c-42\\d$/'];

/** The globals this section puts into the page (no DOM lib in the bench's tsconfig). */
interface BenchPage {
  document: { querySelectorAll(selector: string): { length: number } };
  performance: {
    getEntriesByName(name: string): Array<{ startTime: number; duration: number }>;
    clearMeasures(name?: string): void;
    now(): number;
  };
  requestAnimationFrame(callback: (time: number) => void): number;
  requestIdleCallback(callback: () => void, options?: { timeout: number }): number;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(value: unknown): void } };
  setInterval(callback: () => void, ms: number): number;
  clearInterval(handle: number): void;
  __syntheticRows(startSeq: number, count: number, startTime: number, calls: number): unknown[];
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  dispatchEvent(event: unknown): boolean;
}

function countRows(inspector: InspectorPage): Promise<number> {
  return inspector.page.evaluate(() => (globalThis as unknown as BenchPage).document.querySelectorAll('.vlist-body .row').length);
}

/** Resolves once the page had an idle moment (background work such as search backfill done). */
function idle(inspector: InspectorPage): Promise<void> {
  return inspector.page.evaluate(
    () => new Promise<void>((resolve) => (globalThis as unknown as BenchPage).requestIdleCallback(() => resolve(), { timeout: 10_000 })),
  );
}

async function applyTextFilter(inspector: InspectorPage, text: string): Promise<number> {
  const page = inspector.page;
  const before = await page.evaluate(() => (globalThis as unknown as BenchPage).performance.getEntriesByName('inspector:filter').length);
  await page.locator('.filter-text input').fill(text);
  await page.waitForFunction(
    (count) => (globalThis as unknown as BenchPage).performance.getEntriesByName('inspector:filter').length > count,
    before,
    { timeout: 30_000 },
  );
  return page.evaluate(() => {
    const entries = (globalThis as unknown as BenchPage).performance.getEntriesByName('inspector:filter');
    return entries[entries.length - 1].duration;
  });
}

interface StreamResult {
  frameWork: number[];
  /** Frames that applied nothing: what the measuring method itself sees on an idle page. */
  idleFrameWork: number[];
  scriptMeasures: number[];
  batches: number;
  maxRows: number;
}

/** Streams `rowsPerSecond` for `durationMs` inside the page and measures every frame. */
function stream(inspector: InspectorPage, startSeq: number, rowsPerSecond: number, durationMs: number): Promise<StreamResult> {
  return inspector.page.evaluate(
    ([firstSeq, rate, duration]) =>
      new Promise<StreamResult>((resolve) => {
        const g = globalThis as unknown as BenchPage;
        const perBatch = Math.round(rate / 20);
        const frames: Array<{ start: number; end: number }> = [];
        let seq = firstSeq;
        let batches = 0;
        let maxRows = 0;
        let running = true;
        g.performance.clearMeasures('inspector:frame');
        const channel = new g.MessageChannel();
        let frameStart = 0;
        channel.port1.onmessage = () => frames.push({ start: frameStart, end: g.performance.now() });
        const onFrame = (time: number): void => {
          if (!running) return;
          frameStart = time;
          channel.port2.postMessage(0);
          g.requestAnimationFrame(onFrame);
        };
        g.requestAnimationFrame(onFrame);
        const timer = g.setInterval(() => {
          const rows = g.__syntheticRows(seq, perBatch, Date.UTC(2025, 0, 6, 9, 0, 0), 50);
          seq += perBatch;
          batches++;
          g.dispatchEvent(new g.MessageEvent('message', { data: { type: 'append', rows, dropped: 0 } }));
          maxRows = Math.max(maxRows, g.document.querySelectorAll('.vlist-body .row').length);
        }, 50);
        setTimeout(() => {
          g.clearInterval(timer);
          // One more frame so the last batch is applied and measured.
          g.requestAnimationFrame(() =>
            setTimeout(() => {
              running = false;
              const measures = g.performance.getEntriesByName('inspector:frame');
              // A frame "applied a batch" when the page's measure started inside it.
              const applied = (frame: { start: number; end: number }): boolean =>
                measures.some((m) => m.startTime >= frame.start && m.startTime < frame.end);
              const frameWork = frames.filter(applied).map((frame) => frame.end - frame.start);
              const idleFrameWork = frames.filter((frame) => !applied(frame)).map((frame) => frame.end - frame.start);
              resolve({ frameWork, idleFrameWork, scriptMeasures: measures.map((m) => m.duration), batches, maxRows });
            }, 50),
          );
        }, duration);
      }),
    [startSeq, rowsPerSecond, durationMs] as const,
  );
}

runSection('webview', async ({ quick, log }): Promise<Figures> => {
  const events = quick ? 5_000 : 100_000;
  const streamMs = quick ? 1_000 : 8_000;
  const rate = 2_000;
  const inspector = await openInspectorPage({ width: 1280, height: 760 });
  try {
    await inspector.postSynthetic({ type: 'reset', startSeq: 1, count: events, maxEvents: events, calls: 50 });
    await inspector.page.waitForFunction(() => (globalThis as unknown as BenchPage).document.querySelectorAll('.vlist-body .row').length > 0, undefined, {
      timeout: 60_000,
    });
    await idle(inspector);
    let domRows = await countRows(inspector);
    log(`${events} events loaded, ${domRows} rows in the DOM`);

    const filterTimes: number[] = [];
    for (const text of quick ? FILTER_TEXTS.slice(0, 2) : FILTER_TEXTS) {
      filterTimes.push(await applyTextFilter(inspector, text));
      domRows = Math.max(domRows, await countRows(inspector));
      await applyTextFilter(inspector, '');
    }
    log(`text filter: ${filterTimes.map((t) => t.toFixed(1)).join(', ')} ms`);

    const payloadTimes: number[] = [];
    for (const text of quick ? PAYLOAD_TEXTS.slice(0, 2) : PAYLOAD_TEXTS) {
      payloadTimes.push(await applyTextFilter(inspector, text));
      domRows = Math.max(domRows, await countRows(inspector));
      await applyTextFilter(inspector, '');
    }
    log(`payload search: ${payloadTimes.map((t) => t.toFixed(1)).join(', ')} ms`);

    await idle(inspector);
    const streamed = await stream(inspector, events + 1, rate, streamMs);
    domRows = Math.max(domRows, streamed.maxRows, await countRows(inspector));
    const errors = inspector.pageErrors();
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    log(`streamed ${streamed.batches} batches; ${streamed.frameWork.length} frames applied one`);
    return {
      events,
      domRows,
      filterMs: round(median(filterTimes)),
      payloadFilterMs: round(median(payloadTimes)),
      frameP95Ms: round(percentile(streamed.frameWork, 95)),
      filterMaxMs: round(Math.max(...filterTimes)),
      payloadFilterMaxMs: round(Math.max(...payloadTimes)),
      frameScriptP95Ms: round(percentile(streamed.scriptMeasures, 95)),
      frameMaxMs: round(Math.max(...streamed.frameWork)),
      idleFrameP95Ms: round(percentile(streamed.idleFrameWork, 95)),
      streamedRows: streamed.batches * Math.round(rate / 20),
    };
  } finally {
    await inspector.close();
  }
});
