// The AbortSignal a scenario run stops on (runner.ts RunOptions.signal): the Testing view's
// Cancel (a vscode.CancellationToken, matched here by shape so this stays vscode-free) or
// the view going away (src/testing/scenarioTests.ts aborts `stopAll` on dispose).

/** What this needs of a vscode.CancellationToken. */
export interface CancellationLike {
  isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** A signal aborted by either; `dispose` stops listening to both once the run has ended. */
export function runSignal(token: CancellationLike, stopAll: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  if (token.isCancellationRequested || stopAll.aborted) abort();
  const subscription = token.onCancellationRequested(abort);
  stopAll.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      subscription.dispose();
      stopAll.removeEventListener('abort', abort);
    },
  };
}
