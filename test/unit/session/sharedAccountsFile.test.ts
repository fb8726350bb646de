// The file the windows share their account list through: two instances on one folder stand for
// two windows' extension hosts (the real filesystem and its watch; test/e2e/accountsTwoWindows.test.ts
// runs two real windows).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SharedAccountsFile } from '../../../src/session/sharedAccountsFile';
import { SHARED_ACCOUNTS_KEY } from '../../../src/session/sharedAccountsStore';

/** Resolves with the next change `file` announces for `key`. */
function nextChange(file: SharedAccountsFile, key: string): Promise<void> {
  return new Promise((resolve) => {
    const listening = file.onDidChange((e) => {
      if (e.key !== key) return;
      listening.dispose();
      resolve();
    });
  });
}

describe('the shared accounts file', () => {
  let folder: string;
  let windowA: SharedAccountsFile;
  let windowB: SharedAccountsFile;
  const errors: string[] = [];

  beforeEach(() => {
    folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gws-shared-accounts-')), 'globalStorage', 'gws-tools.gws-call-inspector');
    windowA = new SharedAccountsFile(folder, (message) => errors.push(message));
    windowB = new SharedAccountsFile(folder, (message) => errors.push(message));
  });

  afterEach(() => {
    windowA.dispose();
    windowB.dispose();
    fs.rmSync(path.dirname(path.dirname(folder)), { recursive: true, force: true });
    assert.deepEqual(errors.splice(0), []);
  });

  it('creates its folder and reads nothing before anything is written', async () => {
    assert.ok(fs.statSync(folder).isDirectory());
    assert.equal(await windowB.get(SHARED_ACCOUNTS_KEY), undefined);
  });

  it("tells the other window when one writes, and that window reads what was written", async () => {
    const seen = nextChange(windowB, SHARED_ACCOUNTS_KEY);
    await windowA.store(SHARED_ACCOUNTS_KEY, '{"windows":{}}');
    await seen;
    assert.equal(await windowB.get(SHARED_ACCOUNTS_KEY), '{"windows":{}}');
    assert.deepEqual(fs.readdirSync(folder), ['gws.accounts.shared.json'], 'no temporary file left');

    const gone = nextChange(windowB, SHARED_ACCOUNTS_KEY);
    await windowA.delete(SHARED_ACCOUNTS_KEY);
    await gone;
    assert.equal(await windowB.get(SHARED_ACCOUNTS_KEY), undefined);
  });

  it('deleting what is not there is no error', async () => {
    await windowA.delete(SHARED_ACCOUNTS_KEY);
    assert.equal(await windowA.get(SHARED_ACCOUNTS_KEY), undefined);
  });
});
