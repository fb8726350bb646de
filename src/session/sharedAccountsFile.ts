import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Emitter } from '../base/emitter';
import type { SharedTextStorage } from './sharedAccountsStore';

/**
 * Where the windows of a VS Code profile keep the shared account list (src/session/sharedAccountsStore.ts):
 * one file per key in the extension's global storage folder, which every window's extension
 * host of the profile on this machine has in common, and a watch on that folder that tells
 * each window when another one wrote.
 *
 * Not secret storage: in code-server and VS Code for the Web each browser tab loads the secrets
 * once when it opens and writes them back whole (the workbench's LocalStorageSecretStorageProvider),
 * so a window never saw the list another one wrote, and its writes put back the other tabs'
 * secrets as they were when it opened (test/e2e/accountsTwoWindows.test.ts).
 */
export class SharedAccountsFile implements SharedTextStorage {
  private readonly changeEmitter = new Emitter<{ key: string }>();
  readonly onDidChange = this.changeEmitter.event;
  /** The keys read or written here: what a change without a file name may concern. */
  private readonly keys = new Set<string>();
  private readonly watcher: fs.FSWatcher;

  constructor(
    private readonly folder: string,
    onError: (message: string) => void,
  ) {
    fs.mkdirSync(folder, { recursive: true });
    this.watcher = fs.watch(folder, (_event, name) => {
      const changed = name ? [keyOf(name)].filter((key): key is string => key !== undefined) : [...this.keys];
      for (const key of changed) this.changeEmitter.fire({ key });
    });
    // The folder removed under a running window: the list works on, other windows' changes go unseen.
    this.watcher.on('error', (error) => onError(`Watching ${folder} failed: ${error.message}`));
  }

  async get(key: string): Promise<string | undefined> {
    this.keys.add(key);
    try {
      return await fs.promises.readFile(this.fileFor(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Written beside the file, then renamed over it: another window never reads half a list. */
  async store(key: string, value: string): Promise<void> {
    this.keys.add(key);
    const temporary = path.join(this.folder, `.${randomUUID()}.tmp`);
    await fs.promises.writeFile(temporary, value, 'utf8');
    try {
      await fs.promises.rename(temporary, this.fileFor(key));
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    this.keys.add(key);
    await fs.promises.rm(this.fileFor(key), { force: true });
  }

  dispose(): void {
    this.watcher.close();
    this.changeEmitter.dispose();
  }

  private fileFor(key: string): string {
    return path.join(this.folder, `${encodeURIComponent(key)}${SUFFIX}`);
  }
}

const SUFFIX = '.json';

/** The key a file in the folder holds; undefined for anything else (the temporary files). */
function keyOf(name: string): string | undefined {
  if (name.startsWith('.') || !name.endsWith(SUFFIX)) return undefined;
  try {
    return decodeURIComponent(name.slice(0, -SUFFIX.length));
  } catch {
    return undefined;
  }
}
