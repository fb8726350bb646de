import * as assert from 'node:assert/strict';
import {
  EXPIRY_MS,
  emptySharedAccounts,
  foreignSessionId,
  foreignSessions,
  parseForeignSessionId,
  parseSharedAccounts,
  pruneExpired,
  serializeSharedAccounts,
  takeSignOutRequests,
  withSignOutRequest,
  withWindow,
} from '../../../src/session/sharedAccounts';
import { SHARED_ACCOUNTS_KEY, SharedAccountsStore, type SharedTextStorage } from '../../../src/session/sharedAccountsStore';

const agent1 = { id: 'session:lab', accountId: 'lab/agent1', label: 'agent1 @ Lab' };
const agent2 = { id: 'session:lab2', accountId: 'lab2/agent2', label: 'agent2 @ Lab' };

describe('the accounts shared between windows', () => {
  it("lists the other windows' sessions, never the window's own", () => {
    let doc = withWindow(emptySharedAccounts(), 'A', [agent1], 1000);
    doc = withWindow(doc, 'B', [agent2], 1000);
    assert.deepEqual(foreignSessions(doc, 'A', 1000), [{ ...agent2, windowId: 'B' }]);
    assert.deepEqual(foreignSessions(doc, 'B', 1000), [{ ...agent1, windowId: 'A' }]);
  });

  it('a window with no session has no entry: signing out removes it, and the other windows keep theirs', () => {
    let doc = withWindow(emptySharedAccounts(), 'A', [agent1], 1000);
    doc = withWindow(doc, 'B', [agent2], 1000);
    doc = withWindow(doc, 'A', [], 2000);
    assert.deepEqual(Object.keys(doc.windows), ['B']);
  });

  it("drops a window that stopped beating (a crash) once EXPIRY_MS has passed, and not before", () => {
    const doc = withWindow(emptySharedAccounts(), 'B', [agent2], 1000);
    assert.equal(foreignSessions(doc, 'A', 1000 + EXPIRY_MS - 1).length, 1);
    assert.deepEqual(foreignSessions(doc, 'A', 1000 + EXPIRY_MS), []);
    // Any window's next write removes it from the store as well.
    assert.deepEqual(Object.keys(withWindow(doc, 'A', [agent1], 1000 + EXPIRY_MS).windows), ['A']);
  });

  it('a fresh heartbeat keeps a window listed', () => {
    let doc = withWindow(emptySharedAccounts(), 'B', [agent2], 1000);
    doc = withWindow(doc, 'B', [agent2], 1000 + EXPIRY_MS - 1);
    assert.equal(foreignSessions(doc, 'A', 1000 + EXPIRY_MS + 10).length, 1);
  });

  it('a sign-out request goes to the owning window only, once, and is taken out when read', () => {
    let doc = withWindow(emptySharedAccounts(), 'B', [agent2], 1000);
    doc = withSignOutRequest(doc, 'B', agent2.id, 1100);
    doc = withSignOutRequest(doc, 'B', agent2.id, 1200);
    assert.equal(doc.signOutRequests.length, 1);
    assert.deepEqual(takeSignOutRequests(doc, 'A').sessionIds, []);
    const taken = takeSignOutRequests(doc, 'B');
    assert.deepEqual(taken.sessionIds, [agent2.id]);
    assert.deepEqual(taken.doc.signOutRequests, []);
    assert.deepEqual(Object.keys(taken.doc.windows), ['B'], 'the entry stays until the window has signed out');
  });

  it('a request for a window that is gone, or for a session its window no longer has, is dropped', () => {
    assert.deepEqual(withSignOutRequest(emptySharedAccounts(), 'gone', 'session:x', 1000).signOutRequests, []);
    let doc = withWindow(emptySharedAccounts(), 'B', [agent2], 1000);
    doc = withSignOutRequest(doc, 'B', agent2.id, 1000);
    assert.deepEqual(withWindow(doc, 'B', [], 1500).signOutRequests, []);
    assert.deepEqual(pruneExpired(doc, 1000 + EXPIRY_MS).signOutRequests, []);
  });

  it('reads bad text as an empty list, and skips malformed entries while keeping good ones', () => {
    assert.deepEqual(parseSharedAccounts(undefined), emptySharedAccounts());
    assert.deepEqual(parseSharedAccounts('{not json'), emptySharedAccounts());
    assert.deepEqual(parseSharedAccounts('[1,2]'), emptySharedAccounts());
    const text = JSON.stringify({
      windows: { A: { heartbeat: 5, sessions: [agent1, { id: 3 }, { ...agent2, password: 'agent2' }] }, B: { heartbeat: 'x', sessions: [] } },
      signOutRequests: [{ windowId: 'A', sessionId: agent1.id, requestedAt: 5 }, { windowId: 'A' }],
    });
    const doc = parseSharedAccounts(text);
    assert.equal(serializeSharedAccounts(parseSharedAccounts(serializeSharedAccounts(doc))), serializeSharedAccounts(doc));
    assert.deepEqual(doc.windows, { A: { heartbeat: 5, sessions: [agent1, agent2] } }, 'only ids and labels are kept, nothing else an entry carries');
    assert.equal(doc.signOutRequests.length, 1);
  });

  it("makes another window's session id from the window and the session, and reads it back", () => {
    const id = foreignSessionId('B', 'session:lab');
    assert.deepEqual(parseForeignSessionId(id), { windowId: 'B', sessionId: 'session:lab' });
    assert.equal(parseForeignSessionId('session:lab'), undefined);
    assert.equal(parseForeignSessionId('window:B/'), undefined);
    assert.equal(parseForeignSessionId('window:/x'), undefined);
  });
});

/** An in-memory SecretStorage that announces changes as VS Code's does. */
function memorySecrets(): SharedTextStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  const listeners: ((e: { key: string }) => void)[] = [];
  return {
    values,
    get: async (key) => values.get(key),
    store: async (key, value) => {
      values.set(key, value);
      for (const l of listeners) l({ key });
    },
    delete: async (key) => {
      values.delete(key);
      for (const l of listeners) l({ key });
    },
    onDidChange: (listener) => {
      listeners.push(listener);
      return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
    },
  };
}

describe('the shared accounts store', () => {
  it("queues this window's writes, so none undoes another", async () => {
    const secrets = memorySecrets();
    const store = new SharedAccountsStore(secrets);
    await Promise.all([
      store.update((doc) => withWindow(doc, 'A', [agent1], 1000)),
      store.update((doc) => withWindow(doc, 'B', [agent2], 1000)),
      store.update((doc) => withSignOutRequest(doc, 'B', agent2.id, 1000)),
    ]);
    const doc = await store.read();
    assert.deepEqual(Object.keys(doc.windows).sort(), ['A', 'B']);
    assert.equal(doc.signOutRequests.length, 1);
    store.dispose();
  });

  it('announces changes of its key only, writes nothing when nothing changed, and deletes the key when the list is empty', async () => {
    const secrets = memorySecrets();
    const store = new SharedAccountsStore(secrets);
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.update((doc) => withWindow(doc, 'A', [agent1], 1000));
    assert.equal(changes, 1);
    await store.update((doc) => doc);
    assert.equal(changes, 1, 'an unchanged list is not written');
    await secrets.store('gws.profile.password.lab', 'x');
    assert.equal(changes, 1, 'other secrets are not the list');
    await store.update((doc) => withWindow(doc, 'A', [], 2000));
    assert.equal(secrets.values.has(SHARED_ACCOUNTS_KEY), false);
    assert.equal(changes, 2);
    store.dispose();
  });

  it('a failed write does not block the next one', async () => {
    const secrets = memorySecrets();
    const store = new SharedAccountsStore(secrets);
    await assert.rejects(store.update(() => {
      throw new Error('bad');
    }), /bad/);
    await store.update((doc) => withWindow(doc, 'A', [agent1], 1000));
    assert.deepEqual(Object.keys((await store.read()).windows), ['A']);
    store.dispose();
  });
});
