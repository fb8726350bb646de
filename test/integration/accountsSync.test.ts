// The Accounts menu kept in step across windows (issue 15). One VS Code window runs the tests;
// the "other window" writes to the shared account list (src/session/sharedAccountsStore.ts)
// exactly as a second window's provider would, through the same store and the same pure rules.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import { foreignSessionId, withSignOutRequest, withWindow } from '../../src/session/sharedAccounts';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { NPM_START_PROFILE_ID, npmStartProfile } from '../host/startProfile.js';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { requestsSince } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const EXTENSION_ID = 'gws-tools.gws-call-inspector';
const OTHER_WINDOW = 'other-window-for-the-test';
const otherSession = { id: 'session:elsewhere', accountId: 'elsewhere/agent2', label: 'agent2 @ Lab in another window' };

describe('Accounts menu across windows (real VS Code, secret storage, built-in simulator)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;
  const deps = () => api.testing.deps;
  const labels = async () => (await vscode.authentication.getAccounts('gws')).map((a) => a.label);

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    const extension = vscode.extensions.getExtension<GwsCallInspectorApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
    prompter = new ScriptedPrompter();
    deps().prompter.current = prompter;
  });

  after(async () => {
    await api.testing.sharedAccounts.update((doc) => withWindow(doc, OTHER_WINDOW, [], Date.now()));
    if (deps().sessions.forProfile(NPM_START_PROFILE_ID)) {
      if (deps().sessions.forProfile(NPM_START_PROFILE_ID)?.ownsAgentLogin) prompter.answers.push(pick('Sign Out Only'));
      await vscode.commands.executeCommand('gws.signOut', { source: `session:${NPM_START_PROFILE_ID}` });
    }
    await deps().profiles.remove(NPM_START_PROFILE_ID);
    await sim?.stop();
  });

  it("lists another window's session when that window publishes it, and drops it when that window signs out", async () => {
    const changes: vscode.AuthenticationSessionsChangeEvent[] = [];
    const listening = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === 'gws') changes.push(e);
    });
    try {
      await api.testing.sharedAccounts.update((doc) => withWindow(doc, OTHER_WINDOW, [otherSession], Date.now()));
      await waitFor("the other window's account in the Accounts menu", async () => (await labels()).includes(otherSession.label));
      await waitFor('onDidChangeSessions', () => changes.length > 0);
      const listed = (await api.testing.authProvider.getSessions()).find((s) => s.account.label === otherSession.label);
      assert.equal(listed?.id, foreignSessionId(OTHER_WINDOW, otherSession.id));

      // The other window signs out: its entry goes, and so does the account here.
      const seen = changes.length;
      await api.testing.sharedAccounts.update((doc) => withWindow(doc, OTHER_WINDOW, [], Date.now()));
      await waitFor('the account gone', async () => !(await labels()).includes(otherSession.label));
      await waitFor('onDidChangeSessions again', () => changes.length > seen);
    } finally {
      listening.dispose();
    }
  });

  it("signing out another window's session from here asks that window, and signs out nothing here", async () => {
    await deps().profiles.save(npmStartProfile(sim.url));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: NPM_START_PROFILE_ID }), true, prompter.errors.join(' | '));
    await api.testing.sharedAccounts.update((doc) => withWindow(doc, OTHER_WINDOW, [otherSession], Date.now()));
    await waitFor("the other window's account listed", async () => (await labels()).includes(otherSession.label));

    await api.testing.authProvider.removeSession(foreignSessionId(OTHER_WINDOW, otherSession.id));
    const doc = await api.testing.sharedAccounts.read();
    assert.deepEqual(
      doc.signOutRequests.map((r) => [r.windowId, r.sessionId]),
      [[OTHER_WINDOW, otherSession.id]],
      'a request for the owning window',
    );
    assert.ok(deps().sessions.forProfile(NPM_START_PROFILE_ID), "this window's session stays");
    // What that window does next: signs out, which drops its entry and the request.
    await api.testing.sharedAccounts.update((latest) => withWindow(latest, OTHER_WINDOW, [], Date.now()));
    assert.deepEqual((await api.testing.sharedAccounts.read()).signOutRequests, []);
  });

  it("publishes this window's session, and signs it out (the agent staying logged in) when another window asks", async () => {
    const source = `session:${NPM_START_PROFILE_ID}`;
    const windowId = api.testing.authProvider.id;
    await waitFor("this window's entry in the shared list", async () => (await api.testing.sharedAccounts.read()).windows[windowId]?.sessions.some((s) => s.id === source));
    const entry = JSON.stringify((await api.testing.sharedAccounts.read()).windows[windowId]);
    assert.doesNotMatch(entry, /password|JSESSIONID|csrf/i, 'ids and labels only');

    const mark = (await requestsSince(sim.url, 0)).at(-1)?.seq ?? 0;
    await api.testing.sharedAccounts.update((doc) => withSignOutRequest(doc, windowId, source, Date.now()));
    await waitFor('the session signed out by this window', () => deps().sessions.forProfile(NPM_START_PROFILE_ID) === undefined);
    await waitFor("this window's entry gone", async () => (await api.testing.sharedAccounts.read()).windows[windowId] === undefined);
    assert.deepEqual((await api.testing.sharedAccounts.read()).signOutRequests, [], 'the request is carried out once');
    assert.deepEqual(prompter.asked.filter((q) => q.startsWith('choose:')), [], 'no question: the other window asked');
    const sent = (await requestsSince(sim.url, mark)).filter((r) => (r.body as { operationName?: string } | undefined)?.operationName === 'EndContactCenterSession');
    assert.deepEqual(sent, [], 'the agent stays logged in to voice');
  });
});
