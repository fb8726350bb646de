// The vscode-free part of the inspector panel's traffic to its page, as the benchmark runs
// it: the same steps as InspectorPanel.onAppend/onUpdate/flush (src/webviews/inspector/
// inspectorPanel.ts), which cannot be imported here because that file imports `vscode`.
// Per flush: the pending rows still in the log, built with toRowDto (so a row carries its
// latest state), and the posted message serialised the way the extension host's
// webview.postMessage does (JSON.stringify) — that work happens in the extension's process.
//
// Kept in step with the panel by hand; bench's report proposes moving this into
// src/webviews/inspector/ so the panel and the benchmark share one implementation.
import type { StreamLog, StreamRecord } from '../../src/model/streamLog';
import type { ToPage } from '../../src/webviews/inspector/protocol';
import { toRowDto } from '../../src/webviews/inspector/rows';

/** Same interval as the panel's FLUSH_INTERVAL_MS. */
export const FLUSH_INTERVAL_MS = 50;

export interface BatcherStats {
  posts: number;
  rowsPosted: number;
  bytesPosted: number;
  resets: number;
}

export class RowBatcher {
  readonly stats: BatcherStats = { posts: 0, rowsPosted: 0, bytesPosted: 0, resets: 0 };
  private readonly pendingAppends: StreamRecord[] = [];
  private readonly pendingUpdates = new Map<number, StreamRecord>();
  private needsReset = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: Array<{ dispose(): void }>;

  /** With `timed`, flushes FLUSH_INTERVAL_MS after the first pending row, like the panel. */
  constructor(
    private readonly log: StreamLog,
    private readonly timed: boolean,
  ) {
    this.subscriptions = [
      log.onDidAppend((records) => this.onAppend(records)),
      log.onDidUpdate((records) => this.onUpdate(records)),
      log.onDidReset(() => this.requestReset()),
    ];
  }

  flush(): void {
    if (this.needsReset) return this.sendReset();
    const log = this.log;
    const appended = this.pendingAppends.splice(0).filter((record) => log.get(record.seq) === record);
    const appendedSeqs = new Set(appended.map((record) => record.seq));
    const updated = [...this.pendingUpdates.values()].filter((record) => !appendedSeqs.has(record.seq) && log.get(record.seq) === record);
    this.pendingUpdates.clear();
    if (appended.length > 0) this.post({ type: 'append', rows: appended.map(toRowDto), dropped: log.dropped });
    if (updated.length > 0) this.post({ type: 'update', rows: updated.map(toRowDto) });
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
  }

  private onAppend(records: StreamRecord[]): void {
    if (this.needsReset) return this.schedule();
    for (const record of records) this.pendingAppends.push(record);
    if (this.pendingAppends.length > this.log.capacity) this.requestReset();
    this.schedule();
  }

  private onUpdate(records: StreamRecord[]): void {
    if (this.needsReset) return;
    for (const record of records) this.pendingUpdates.set(record.seq, record);
    this.schedule();
  }

  private requestReset(): void {
    this.needsReset = true;
    this.pendingAppends.length = 0;
    this.pendingUpdates.clear();
    this.schedule();
  }

  private sendReset(): void {
    this.needsReset = false;
    this.pendingAppends.length = 0;
    this.pendingUpdates.clear();
    this.stats.resets++;
    this.post({
      type: 'reset',
      rows: this.log.rows().map(toRowDto),
      dropped: this.log.dropped,
      source: { kind: 'live' },
      settings: { maxEvents: this.log.capacity, noNotificationWarningMs: 5000 },
    });
  }

  private schedule(): void {
    if (!this.timed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_INTERVAL_MS);
  }

  private post(message: Extract<ToPage, { type: 'reset' | 'append' | 'update' }>): void {
    const text = JSON.stringify(message);
    this.stats.posts++;
    this.stats.bytesPosted += text.length;
    if (message.type !== 'update') this.stats.rowsPosted += message.rows.length;
  }
}
