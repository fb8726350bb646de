// Server and settings text in VS Code's own UI (tree items, error notifications, quick picks)
// is text: never a markdown link, a command URI, an icon, or hidden/reordering characters.
// The payloads are the shared XSS corpus (test/support/xssCorpus.ts), sent through the
// simulator's control API the way a hostile or broken GWS server would send them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { plainText } from '../../src/common/plainText';
import type { GwsCallInspectorApi } from '../../src/extension';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import type { CallsTreeNode } from '../../src/views/callNodes';
import { activeMarkup, XSS_CORPUS, XSS_PAYLOADS } from '../support/xssCorpus';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { simPost } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const PROFILE_ID = 'untrusted-text-sim';

/**
 * The payloads the simulator can deliver as userData keys: its Bayeux server (faye) copies
 * each message with `clone[key] = value`, which turns a "__proto__" key into a prototype, so
 * that one key never reaches the client. (The page test still has it as a key.)
 */
const USER_DATA_KEYS = XSS_PAYLOADS.filter((payload) => payload !== '__proto__');

/** Every payload as a key with itself as value. */
function corpusObject(): Record<string, string> {
  const object: Record<string, string> = {};
  for (const payload of USER_DATA_KEYS) Object.defineProperty(object, payload, { value: payload, enumerable: true, writable: true, configurable: true });
  return object;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** What is wrong with what a tree item shows; [] when it is all plain text. */
function treeItemProblems(item: vscode.TreeItem): string[] {
  const where = item.id ?? labelOf(item);
  const problems: string[] = [];
  const check = (part: string, text: string | undefined) => {
    const problem = text === undefined ? undefined : activeMarkup(text);
    if (problem) problems.push(`${where.slice(0, 80)} ${part}: ${problem}`);
  };
  check('label', labelOf(item));
  if (typeof item.description === 'string') check('description', item.description);
  check('accessibility label', item.accessibilityInformation?.label);
  if (typeof item.tooltip === 'string') check('tooltip', item.tooltip);
  if (item.tooltip instanceof vscode.MarkdownString) {
    const markdown = item.tooltip;
    if (markdown.isTrusted) problems.push(`${where} tooltip: a trusted MarkdownString runs command links`);
    if (markdown.supportHtml) problems.push(`${where} tooltip: a MarkdownString with supportHtml renders HTML`);
    if (markdown.supportThemeIcons) problems.push(`${where} tooltip: a MarkdownString with supportThemeIcons renders $(icons)`);
    // Line breaks are the tooltip's own markdown structure, and appendText writes spaces as
    // &nbsp;: checked as they render. Everything else must be inert.
    check('tooltip markdown', markdown.value.replace(/\n/g, ' ').replace(/&nbsp;/g, '\u00A0'));
  }
  return problems;
}

/** What is wrong with what a quick pick shows; the commands' own leading icons are fine. */
function quickPickProblems(items: readonly vscode.QuickPickItem[]): string[] {
  const ownIcon = /^\$\((?:server|add|call-incoming)\) /;
  const problems: string[] = [];
  for (const item of items) {
    for (const [part, text] of [['label', item.label.replace(ownIcon, '')], ['description', item.description], ['detail', item.detail]] as const) {
      const problem = text === undefined ? undefined : activeMarkup(text);
      if (problem) problems.push(`${item.label.slice(0, 60)} ${part}: ${problem}`);
    }
  }
  return problems;
}

describe(`server text in VS Code UI is plain text: the XSS corpus of ${XSS_CORPUS.length} payloads (real VS Code, built-in simulator)`, function () {
  this.timeout(180_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;
  let callId: string;

  const tree = () => api.testing.tree;
  const store = () => api.testing.deps.store;
  /** The call's item and every item below it. */
  const itemsOf = (id: string): Array<{ node: CallsTreeNode; item: vscode.TreeItem }> => {
    const node = tree().getChildren().find((n) => n.kind === 'call' && n.callId === id);
    assert.ok(node, `call ${id} is not in the tree`);
    const all: CallsTreeNode[] = [node];
    for (let i = 0; i < all.length; i++) all.push(...tree().getChildren(all[i]));
    return all.map((n) => ({ node: n, item: tree().getTreeItem(n) }));
  };

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    api.testing.deps.prompter.current = new ScriptedPrompter();
    await api.testing.deps.profiles.save({ id: PROFILE_ID, name: 'Untrusted text simulator', url: sim.url, user: 'agent1', simulator: true });
    assert.equal(await vscode.commands.executeCommand('gws.signIn', { profileId: PROFILE_ID }), true);
    ({ id: callId } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5553333', state: 'Established' }));
    await waitFor('the call in the store', () => store().get(callId));
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  after(async () => {
    // A simulator profile logs the agent in (agent mode), so Sign Out asks first.
    prompter = new ScriptedPrompter();
    prompter.answers.push(pick('Log Out of Voice and Sign Out'));
    api.testing.deps.prompter.current = prompter;
    await vscode.commands.executeCommand('gws.signOut');
    await api.testing.deps.profiles.remove(PROFILE_ID);
    await sim?.stop();
  });

  it('userData keys and values: every tree item shows them as text, none as a link, a command or an icon', async () => {
    await simPost(sim.url, `/sim/calls/${callId}/user-data`, { userData: corpusObject(), mode: 'update' });
    await waitFor('the corpus as the call\'s userData', () => Object.keys(store().get(callId)?.userData ?? {}).length === USER_DATA_KEYS.length);
    const items = itemsOf(callId);
    assert.deepEqual(items.flatMap(({ item }) => treeItemProblems(item)), []);

    // Shown, not dropped: one entry per payload, its plain form as label and as description.
    const entries = items.filter(({ node }) => node.kind === 'entry' && node.group === 'userData');
    assert.equal(entries.length, USER_DATA_KEYS.length);
    const expected = USER_DATA_KEYS.map((payload) => plainText(payload)).sort();
    assert.deepEqual(entries.map(({ item }) => labelOf(item)).sort(), expected);
    assert.deepEqual(entries.map(({ item }) => String(item.description)).sort(), expected);
    // The nodes keep the server's own key: commands on an entry act on the real key.
    assert.deepEqual(entries.map(({ node }) => (node.kind === 'entry' ? node.key : '')).sort(), [...USER_DATA_KEYS].sort());
  });

  it('the "which key?" quick pick shows the keys as text, and the key picked is sent as the server wrote it', async () => {
    const payload = '[x](command:workbench.action.quit)';
    assert.ok(store().get(callId)?.userData?.[payload] !== undefined, 'the corpus is the call\'s userData (previous test)');
    prompter.answers.push(pick(plainText(payload)));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.deleteUserDataKey', callId), true, prompter.errors.join(' | '));
    const offered = prompter.offeredItems.at(-1) ?? [];
    assert.equal(offered.length, USER_DATA_KEYS.length);
    assert.deepEqual(quickPickProblems(offered), []);
    await waitFor('the key deleted on the server', () => store().get(callId)?.userData?.[payload] === undefined);
    assert.equal(Object.keys(store().get(callId)?.userData ?? {}).length, USER_DATA_KEYS.length - 1, 'only that key');
  });

  it('participant numbers: the call items and the "which call?" quick pick show them as text', async () => {
    const created: string[] = [];
    try {
      for (const payload of XSS_PAYLOADS) {
        created.push((await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: payload, state: 'Ringing' })).id);
      }
      await waitFor('every call in the tree', () => created.every((id) => tree().getChildren().some((n) => n.kind === 'call' && n.callId === id)));
      const problems = created.flatMap((id) => itemsOf(id).flatMap(({ item }) => treeItemProblems(item)));
      assert.deepEqual(problems, []);
      const labels = created.map((id) => labelOf(itemsOf(id)[0].item));
      assert.deepEqual(labels, XSS_PAYLOADS.map((payload) => plainText(payload)), 'each call is labelled with its caller, as text');

      // Answer (from the palette) asks which ringing call: the callers are offered as text.
      prompter.answers.push(undefined);
      assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.answer'), false);
      const offered = prompter.offeredItems.at(-1) ?? [];
      assert.equal(offered.length, created.length);
      assert.deepEqual(quickPickProblems(offered), []);
    } finally {
      for (const id of created) await simPost(sim.url, `/sim/calls/${id}/remote-hangup`);
      await waitFor('the calls gone', () => created.every((id) => !store().get(id)));
    }
  });

  it('a refused operation: the server statusMessage is shown as text in the error notification', async () => {
    for (const { name, payload } of XSS_CORPUS) {
      await simPost(sim.url, '/sim/faults/fail-next', { count: 1, httpStatus: 400, statusCode: 2, statusMessage: payload });
      const before = prompter.errors.length;
      assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hold', callId), false, `Hold with statusMessage ${name}`);
      assert.equal(prompter.errors.length, before + 1, `one error shown (${name})`);
      const shown = prompter.errors[before];
      assert.equal(activeMarkup(shown), undefined, `${name}: ${JSON.stringify(shown.slice(0, 200))}`);
      if (payload.length < 200) assert.ok(shown.includes(plainText(payload)), `${name}: the statusMessage is in ${JSON.stringify(shown)}`);
    }
  });

  it('profile names, users and URLs from settings: the profile quick pick shows them as text', async () => {
    const config = vscode.workspace.getConfiguration('gws');
    const saved = config.inspect('profiles')?.globalValue;
    const hostile = XSS_PAYLOADS.map((payload, i) => ({ id: `hostile-${i}`, name: payload, url: `http://127.0.0.1:${10_000 + i}`, user: payload }));
    try {
      await config.update('profiles', [...(Array.isArray(saved) ? saved : []), ...hostile], vscode.ConfigurationTarget.Global);
      await waitFor('the hostile profiles', () => api.testing.deps.profiles.list().length >= hostile.length);
      prompter.answers.push(undefined);
      assert.equal(await vscode.commands.executeCommand<boolean>('gws.signIn'), false);
      const offered = prompter.offeredItems.at(-1) ?? [];
      assert.ok(offered.length > hostile.length, `offered ${offered.length}`);
      assert.deepEqual(quickPickProblems(offered), []);
    } finally {
      await config.update('profiles', saved, vscode.ConfigurationTarget.Global);
    }
  });
});
