// The inspector's traffic to its page, bounded however fast notifications arrive: after a
// `reset` with every row, appends and updates are batched into at most one post of each per
// FLUSH_INTERVAL_MS. No `vscode` here, so the benchmark runs exactly this code; the panel
// (inspectorPanel.ts) supplies when the page can receive and how a reset is sent.
import type { Disposable } from '../../base/emitter';
import type { StreamLog, StreamRecord } from '../../model/streamLog';
import type { ToPage } from './protocol';
import { toRowDto } from './rows';

/** 50 ms: at most ~20 batches a second reach the page, each with everything since the last. */
export const FLUSH_INTERVAL_MS = 50;

export type BatchMessage = Extract<ToPage, { type: 'append' | 'update' }>;

export interface RowBatcherHost {
  /** The page exists and said `ready` (a hidden webview has no page). */
  canPost(): boolean;
  post(message: BatchMessage): void;
  /** The page needs every row again (after clear, overflow, a new log); call markResetSent(). */
  sendReset(): void;
  /** Rows that happened while the page could not receive them (a reset catches it up). */
  missed(count: number): void;
  /** The page searches payloads: rows carry their payload text (rows.ts toRowDto). */
  wantsPayloads(): boolean;
}

export class RowBatcher implements Disposable {
  private log: StreamLog | undefined;
  private subscriptions: Disposable[] = [];
  private needsReset = true;
  private readonly pendingAppends: StreamRecord[] = [];
  private readonly pendingUpdates = new Map<number, StreamRecord>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `timed: false` leaves flushing to the caller (the benchmark drives it by hand). */
  constructor(
    private readonly host: RowBatcherHost,
    private readonly options: { timed: boolean } = { timed: true },
  ) {}

  /** Follows this log from now on; the page gets a reset. */
  show(log: StreamLog): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.log = log;
    this.subscriptions = [
      log.onDidAppend((records) => this.onAppend(log, records)),
      log.onDidUpdate((records) => this.onUpdate(records)),
      log.onDidReset(() => this.requestReset()),
    ];
    this.requestReset();
  }

  requestReset(): void {
    this.needsReset = true;
    this.clearPending();
    if (this.host.canPost()) this.schedule();
  }

  /** The page went away (hidden, reloading): nothing is queued for it. */
  pageGone(): void {
    this.needsReset = true;
    this.clearPending();
    this.stopTimer();
  }

  /** The host posted a reset: the page has everything up to now. */
  markResetSent(): void {
    this.needsReset = false;
    this.clearPending();
    this.stopTimer();
  }

  flush(): void {
    const log = this.log;
    if (!log || !this.host.canPost()) return;
    if (this.needsReset) return this.host.sendReset();
    const appended = this.pendingAppends.splice(0).filter((record) => log.get(record.seq) === record);
    const appendedSeqs = new Set(appended.map((record) => record.seq));
    // A row appended in this batch is built now, so it already carries its updates.
    const updated = [...this.pendingUpdates.values()].filter((record) => !appendedSeqs.has(record.seq) && log.get(record.seq) === record);
    this.pendingUpdates.clear();
    const withPayload = this.host.wantsPayloads();
    if (appended.length > 0) this.host.post({ type: 'append', rows: appended.map((r) => toRowDto(r, withPayload)), dropped: log.dropped });
    if (updated.length > 0) this.host.post({ type: 'update', rows: updated.map((r) => toRowDto(r, withPayload)) });
  }

  dispose(): void {
    this.stopTimer();
    this.subscriptions.forEach((s) => s.dispose());
    this.subscriptions = [];
  }

  private onAppend(log: StreamLog, records: StreamRecord[]): void {
    if (!this.host.canPost()) {
      // Nothing is queued for a page that is not there: a counter, and a reset on `ready`.
      this.host.missed(records.length);
      return;
    }
    if (this.needsReset) return this.schedule();
    for (const record of records) this.pendingAppends.push(record);
    // More pending rows than the log holds: the oldest are gone already; a reset is cheaper.
    if (this.pendingAppends.length > log.capacity) this.requestReset();
    this.schedule();
  }

  private onUpdate(records: StreamRecord[]): void {
    if (!this.host.canPost() || this.needsReset) return;
    for (const record of records) this.pendingUpdates.set(record.seq, record);
    this.schedule();
  }

  private clearPending(): void {
    this.pendingAppends.length = 0;
    this.pendingUpdates.clear();
  }

  private schedule(): void {
    if (!this.options.timed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_INTERVAL_MS);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
