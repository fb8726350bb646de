// Progress with Cancel for work that may take a while (importing or loading a big recording):
// a notification appears only when the work is still running after `delayMs` (a second by
// default), so a small file never flashes one. Cancel sets a flag the work polls between
// chunks; the work decides what to keep (an import keeps what it read: nothing is lost).
import * as vscode from 'vscode';

export interface ProgressHooks {
  /** How far the work is, 0…1. */
  report(fraction: number): void;
  /** True once the user pressed Cancel. */
  cancelled(): boolean;
}

export async function withDelayedProgress<T>(title: string, work: (hooks: ProgressHooks) => Promise<T>, delayMs = 1_000): Promise<T> {
  let cancelled = false;
  let fraction = 0;
  let show: ((fraction: number) => void) | undefined;
  const running = work({
    report: (value) => {
      fraction = value;
      show?.(value);
    },
    cancelled: () => cancelled,
  });
  const timer = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => (cancelled = true));
      let shown = 0;
      show = (value) => {
        const percent = Math.min(100, Math.floor(value * 100));
        if (percent <= shown) return;
        progress.report({ increment: percent - shown, message: `${percent} %` });
        shown = percent;
      };
      show(fraction);
      return running.then(
        () => undefined,
        () => undefined,
      );
    });
  }, delayMs);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
  }
}
