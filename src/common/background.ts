// Work that nobody awaits (startup sign-in, a stop on dispose, a message to a webview) still
// fails sometimes; the failure goes to the log, never to "unhandled promise rejection".
// No `vscode` import: unit-tested.

/** Lets `work` run on its own; if it rejects, `log` gets what went wrong. */
export function inBackground(work: PromiseLike<unknown>, log: (message: string) => void): void {
  Promise.resolve(work).then(undefined, (error: unknown) => {
    try {
      log(error instanceof Error ? error.message : String(error));
    } catch {
      // The log itself failed: there is nobody left to tell.
    }
  });
}
