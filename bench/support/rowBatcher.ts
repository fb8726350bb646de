// The inspector panel's traffic to its page as the benchmark runs it: the panel's own
// RowBatcher (src/webviews/inspector/rowBatcher.ts), with a host that counts what would be
// posted and serialises each message the way the extension host's webview.postMessage does
// (JSON.stringify): that work happens in the extension's process, so it is part of the cost.
import type { StreamLog } from '../../src/model/streamLog';
import type { ToPage } from '../../src/webviews/inspector/protocol';
import { RowBatcher as PanelRowBatcher } from '../../src/webviews/inspector/rowBatcher';
import { toRowDto } from '../../src/webviews/inspector/rows';

export interface BatcherStats {
  posts: number;
  rowsPosted: number;
  bytesPosted: number;
  resets: number;
}

export class RowBatcher {
  readonly stats: BatcherStats = { posts: 0, rowsPosted: 0, bytesPosted: 0, resets: 0 };
  private readonly batcher: PanelRowBatcher;

  /** With `timed`, flushes like the panel (50 ms after the first pending row); else on flush(). */
  constructor(
    private readonly log: StreamLog,
    timed: boolean,
  ) {
    this.batcher = new PanelRowBatcher(
      {
        canPost: () => true,
        post: (message) => this.count(message),
        sendReset: () => this.sendReset(),
        missed: () => undefined,
        // As in the window until the user searches payloads (inspectorPanel.ts payloadSearch).
        wantsPayloads: () => false,
      },
      { timed },
    );
    this.batcher.show(log);
  }

  flush(): void {
    this.batcher.flush();
  }

  dispose(): void {
    this.batcher.dispose();
  }

  private sendReset(): void {
    this.batcher.markResetSent();
    this.stats.resets++;
    this.count({
      type: 'reset',
      rows: this.log.rows().map((r) => toRowDto(r, false)),
      dropped: this.log.dropped,
      view: { kind: 'live' },
      settings: { maxEvents: this.log.capacity, noNotificationWarningMs: 5000 },
    });
  }

  private count(message: Extract<ToPage, { type: 'reset' | 'append' | 'update' }>): void {
    const text = JSON.stringify(message);
    this.stats.posts++;
    this.stats.bytesPosted += text.length;
    if (message.type !== 'update') this.stats.rowsPosted += message.rows.length;
  }
}
