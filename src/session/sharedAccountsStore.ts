import { Emitter, type Event } from '../base/emitter';
import { parseSharedAccounts, serializeSharedAccounts, type SharedAccounts } from './sharedAccounts';

/**
 * The list's key in the storage the profile's windows share (src/session/sharedAccountsFile.ts).
 * It needs a store every window of the profile reads *and* hears changes of: globalState is
 * shared but tells no other window (polling), and secret storage is not shared between the
 * browser tabs of code-server and VS Code for the Web (see sharedAccountsFile.ts).
 */
export const SHARED_ACCOUNTS_KEY = 'gws.accounts.shared';

/** Text under keys, with a change event for writes from any window: the shape of VS Code's SecretStorage. */
export interface SharedTextStorage {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  readonly onDidChange: Event<{ key: string }>;
}

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

  constructor(private readonly storage: SharedTextStorage) {
    this.listening = storage.onDidChange((e) => {
      if (e.key === SHARED_ACCOUNTS_KEY) this.changeEmitter.fire();
    });
  }

  async read(): Promise<SharedAccounts> {
    return parseSharedAccounts(await this.storage.get(SHARED_ACCOUNTS_KEY));
  }

  /** Applies `change` to the latest list and stores the result if it differs; resolves to what is stored. */
  update(change: (doc: SharedAccounts) => SharedAccounts): Promise<SharedAccounts> {
    const run = async (): Promise<SharedAccounts> => {
      const text = await this.storage.get(SHARED_ACCOUNTS_KEY);
      const next = change(parseSharedAccounts(text));
      const empty = Object.keys(next.windows).length === 0 && next.signOutRequests.length === 0;
      const nextText = empty ? undefined : serializeSharedAccounts(next);
      if (nextText !== text) {
        if (nextText === undefined) await this.storage.delete(SHARED_ACCOUNTS_KEY);
        else await this.storage.store(SHARED_ACCOUNTS_KEY, nextText);
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
