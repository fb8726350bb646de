// A tiny typed event emitter with the same shape as vscode.EventEmitter, for modules
// that must not import `vscode` (src/gws, src/model). vscode.Disposable is structurally
// compatible with the `{ dispose(): void }` returned here.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  /**
   * Never changed in place: subscribing and disposing make a new array, so fire() can walk
   * the current one while a listener disposes itself, without a copy per event (the
   * notification path fires several emitters per message).
   */
  private listeners: ReadonlyArray<(value: T) => void> = [];

  readonly event: Event<T> = (listener) => {
    this.listeners = [...this.listeners, listener];
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  fire(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        // One broken listener must not stop the notification stream for the others.
        console.error('[gws] listener failed', error);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
