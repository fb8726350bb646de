import type * as vscode from 'vscode';
import { Emitter, type Event } from '../base/emitter';
import { parseSharedAccounts, serializeSharedAccounts, type SharedAccounts } from './sharedAccounts';

/**
 * Secret storage is the one store VS Code shares between the windows of a profile *and*
 * announces changes of in every window (SecretStorage.onDidChange); globalState is shared too
 * but tells no other window, which would mean polling. It holds no secret here, only the
 * account list of src/session/sharedAccounts.ts.
 */
export const SHARED_ACCOUNTS_KEY = 'gws.accounts.shared';

export type SharedSecretStorage = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'>;

/**
 * Reads and rewrites the shared account list. Writes from this window are queued one after the
 * other, each a read-modify-write of the latest text, so two of them never undo each other;
 * a write racing with another window's can still lose one side, which is why each window
 * publishes its own entry again whenever it finds it missing (GwsAuthenticationProvider).
 */
export class SharedAccountsStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changeEmitter = new Emitter<void>();
  /** Any window (this one included) changed the list. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;
  private readonly listening: { dispose(): void };

  constructor(private readonly secrets: SharedSecretStorage) {
    this.listening = secrets.onDidChange((e) => {
      if (e.key === SHARED_ACCOUNTS_KEY) this.changeEmitter.fire();
    });
  }

  async read(): Promise<SharedAccounts> {
    return parseSharedAccounts(await this.secrets.get(SHARED_ACCOUNTS_KEY));
  }

  /** Applies `change` to the latest list and stores the result if it differs; resolves to what is stored. */
  update(change: (doc: SharedAccounts) => SharedAccounts): Promise<SharedAccounts> {
    const run = async (): Promise<SharedAccounts> => {
      const text = await this.secrets.get(SHARED_ACCOUNTS_KEY);
      const next = change(parseSharedAccounts(text));
      const empty = Object.keys(next.windows).length === 0 && next.signOutRequests.length === 0;
      const nextText = empty ? undefined : serializeSharedAccounts(next);
      if (nextText !== text) {
        if (nextText === undefined) await this.secrets.delete(SHARED_ACCOUNTS_KEY);
        else await this.secrets.store(SHARED_ACCOUNTS_KEY, nextText);
      }
      return next;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  dispose(): void {
    this.listening.dispose();
    this.changeEmitter.dispose();
  }
}
