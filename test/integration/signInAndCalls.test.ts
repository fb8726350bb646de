import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import type { CallNode } from '../../src/views/callNodes';
import { contextMenuCommands } from './support/menus';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { lastRequestSeq, requestsSince, simPost } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const EXTENSION_ID = 'gws-tools.gws-call-inspector';

describe('Sign in, the calls tree and call operations (real VS Code, built-in simulator)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;
  let extensionPath: string;

  const tree = () => api.testing.tree;
  const controller = () => api.testing.deps.controller;
  const callNode = (id: string) => tree().getChildren().find((n): n is CallNode => n.kind === 'call' && n.callId === id);
  const itemOf = (id: string) => {
    const node = callNode(id);
    assert.ok(node, `call ${id} is not in the tree`);
    return tree().getTreeItem(node);
  };

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    const extension = vscode.extensions.getExtension<GwsCallInspectorApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
    extensionPath = extension.extensionPath;
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  after(async () => {
    await vscode.commands.executeCommand('gws.signOut');
    await sim?.stop();
  });

  it('a wrong password says so, and nothing is signed in', async () => {
    prompter.answers.push(pick('New server profile'), sim.url, 'agent1', 'not-the-password', 'Wrong password profile');
    const ok = await vscode.commands.executeCommand<boolean>('gws.signIn');
    assert.equal(ok, false);
    assert.equal(controller().state, 'signedOut');
    assert.equal(prompter.errors.length, 1, `errors shown: ${prompter.errors.join(' | ')}`);
    assert.match(prompter.errors[0], /password/i);
    assert.doesNotMatch(prompter.errors[0], /not-the-password/, 'the error never shows the password');
    // The refused password is not kept: the next sign-in asks again.
    const profile = api.testing.deps.profiles.list().find((p) => p.name === 'Wrong password profile');
    assert.ok(profile);
    assert.equal(await api.testing.deps.profiles.getPassword(profile.id), undefined);
    await api.testing.deps.profiles.remove(profile.id);
  });

  let callId: string;

  it('signs in through the command, and a call created by the simulator appears in the tree', async () => {
    // A new profile is in auto mode: agent1 is logged out, so it asks, and logs in as told.
    prompter.answers.push(pick('New server profile'), `${sim.url}/api/v2/`, 'agent1', 'agent1', 'Integration simulator', pick('Log In to Voice'));
    const ok = await vscode.commands.executeCommand<boolean>('gws.signIn');
    assert.equal(ok, true, `sign-in failed: ${prompter.errors.join(' | ')}`);
    assert.equal(controller().state, 'connected');
    assert.equal(controller().agentLogin?.reason, 'chosen');

    // The profile is in settings without its password; the password is in SecretStorage.
    const saved = vscode.workspace.getConfiguration('gws').get<Array<Record<string, unknown>>>('profiles') ?? [];
    const entry = saved.find((p) => p.name === 'Integration simulator');
    assert.ok(entry, 'the profile was saved');
    assert.equal(entry.url, sim.url, 'the URL was normalised (no /api/v2, no trailing slash)');
    assert.deepEqual(Object.keys(entry).sort(), ['id', 'name', 'sessionMode', 'url', 'user']);
    assert.equal(entry.sessionMode, 'auto');
    assert.equal(await api.testing.deps.profiles.getPassword(String(entry.id)), 'agent1');

    const created = await simPost<{ id: string }>(sim.url, '/sim/calls', {
      to: 'agent1',
      from: '5551234',
      state: 'Established',
      userData: { Segment: 'Gold' },
    });
    callId = created.id;
    await waitFor('the new call in the tree', () => callNode(callId));
    const item = itemOf(callId);
    assert.match(String(item.label), /5551234/);
    assert.match(String(item.description), /Established/);
    assert.equal(item.id, `call:${callId}`, 'tree items have stable ids');
    const userData = tree()
      .getChildren(tree().getChildren(callNode(callId)).find((n) => n.kind === 'group' && n.group === 'userData'))
      .map((n) => (n.kind === 'entry' ? `${n.key}=${n.value}` : ''));
    assert.deepEqual(userData, ['Segment=Gold']);
  });

  it('StartCallRecording from the context menu: the request, the tree and the menus follow the server', async () => {
    const before = itemOf(callId);
    const menuBefore = contextMenuCommands(extensionPath, String(before.contextValue));
    assert.ok(menuBefore.includes('gws.call.startRecording'), `menu before: ${menuBefore.join(', ')}`);
    assert.ok(!menuBefore.includes('gws.call.pauseRecording'));
    assert.ok(!menuBefore.includes('gws.call.stopRecording'));

    const since = await lastRequestSeq(sim.url);
    // A context-menu click passes the tree node to the command, exactly like this.
    const accepted = await vscode.commands.executeCommand<boolean>('gws.call.startRecording', callNode(callId));
    assert.equal(accepted, true, prompter.errors.join(' | '));

    const requests = await requestsSince(sim.url, since);
    const post = requests.find((r) => r.method === 'POST' && r.path === `/api/v2/me/calls/${callId}`);
    assert.ok(post, `requests seen: ${requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    const body = typeof post.body === 'string' ? JSON.parse(post.body) : post.body;
    assert.deepEqual(body, { operationName: 'StartCallRecording' });
    assert.match(post.headers.cookie ?? '', /JSESSIONID=/);
    assert.ok(post.headers['x-csrf-token'], 'the CSRF header was sent');
    assert.equal(post.headers.origin, sim.url);

    await waitFor('the tree to show Recording', () => /Recording/.test(String(itemOf(callId).description)));
    const menuAfter = contextMenuCommands(extensionPath, String(itemOf(callId).contextValue));
    assert.ok(menuAfter.includes('gws.call.pauseRecording'), `menu after: ${menuAfter.join(', ')}`);
    assert.ok(menuAfter.includes('gws.call.stopRecording'));
    assert.ok(!menuAfter.includes('gws.call.startRecording'));
  });

  it('from the palette, an operation asks which call, offering only the calls that allow it', async () => {
    const other = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5550000', state: 'Ringing' });
    await waitFor('the ringing call in the tree', () => callNode(other.id));

    // Only the established, recording call allows PauseCallRecording.
    prompter.answers.push(pick('5551234'));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.pauseRecording'), true, prompter.errors.join(' | '));
    assert.equal(prompter.offered.at(-1)?.length, 1);
    assert.match(prompter.offered.at(-1)?.[0] ?? '', /5551234/);
    await waitFor('recording paused', () => /paused/i.test(String(itemOf(callId).description)));

    // Only the ringing call allows Answer.
    prompter.answers.push(pick('5550000'));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.answer'), true, prompter.errors.join(' | '));
    assert.equal(prompter.offered.at(-1)?.length, 1);
    assert.match(prompter.offered.at(-1)?.[0] ?? '', /5550000/);
    await waitFor('the answered call to be established', () => /Established/.test(String(itemOf(other.id).description)));

    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hangup', callNode(other.id)), true);
    await waitFor('the hung-up call to leave the tree', () => !callNode(other.id));
  });

  it('a refused operation shows the server statusMessage', async () => {
    await simPost(sim.url, '/sim/faults/fail-next', {
      count: 1,
      httpStatus: 400,
      statusCode: 2,
      statusMessage: 'Recording cannot be resumed on this trunk',
    });
    const accepted = await vscode.commands.executeCommand<boolean>('gws.call.resumeRecording', callNode(callId));
    assert.equal(accepted, false);
    assert.equal(prompter.errors.length, 1);
    assert.match(prompter.errors[0], /Recording cannot be resumed on this trunk/);
    assert.match(prompter.errors[0], /statusCode 2|2\b/);
  });

  it('a failure reported after the HTTP 200 (CometD ErrorMessage) is shown to the user', async () => {
    // The simulator's 5550000 is always busy: the transfer is accepted, then fails asynchronously.
    prompter.answers.push('5550000');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.singleStepTransfer', callNode(callId)), true);
    const shown = await waitFor('the asynchronous error', () => prompter.errors.find((e) => /after the server accepted it/.test(e)));
    assert.match(shown, /busy/i);
    assert.ok(callNode(callId), 'the call is still there');
  });

  it('a server restart shows reconnecting, then the resynced calls', async () => {
    const doomed = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5559999', state: 'Established' });
    await waitFor('the second call in the tree', () => callNode(doomed.id));
    const states: string[] = [];
    const subscription = controller().onDidChangeState((s) => states.push(s));
    try {
      await simPost(sim.url, '/sim/faults/restart');
      // The caller hangs up while the client is still disconnected: only a resync can tell it.
      await simPost(sim.url, `/sim/calls/${doomed.id}/remote-hangup`);
      await waitFor('reconnecting', () => states.includes('reconnecting'), 30_000);
      await waitFor('connected again', () => controller().state === 'connected' && states.lastIndexOf('connected') > states.indexOf('reconnecting'), 45_000);
      await waitFor('the resync to drop the ended call', () => !callNode(doomed.id), 30_000);
      assert.ok(callNode(callId), 'the call that survived the restart is still shown');
    } finally {
      subscription.dispose();
    }
    // Operations work on the new session.
    const accepted = await vscode.commands.executeCommand<boolean>('gws.call.stopRecording', callNode(callId));
    assert.equal(accepted, true, prompter.errors.join(' | '));
    await waitFor('recording stopped', () => /stopped/i.test(String(itemOf(callId).description)));
  });

  it('two overlapping sign-ins leave exactly one live session, and the replaced one says nothing', async () => {
    const profile = api.testing.deps.profiles.list().find((p) => p.name === 'Integration simulator');
    assert.ok(profile);
    const [first, second] = await Promise.all([
      vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: profile.id }),
      vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: profile.id }),
    ]);
    assert.deepEqual([first, second], [false, true], 'the first was replaced by the second');
    assert.deepEqual(prompter.errors, [], 'a replaced sign-in shows no error');
    assert.equal(controller().state, 'connected');
    // The replaced session let go of its CometD client: one client for agent1 remains.
    await waitFor('one CometD client', async () => {
      const state = await (await fetch(`${sim.url}/sim/state`)).json() as { cometdClients: number };
      return state.cometdClients === 1;
    });
    const { id } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5552222', state: 'Ringing' });
    await waitFor('a new call reaches the surviving session', () => callNode(id));
  });

  it('when a sign-in resolves, its snapshot is already in the store and the stream (analysis is deferred, not late)', async () => {
    const profile = api.testing.deps.profiles.list().find((p) => p.name === 'Integration simulator');
    assert.ok(profile);
    const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as { calls: Array<{ userName?: string }> };
    assert.ok(state.calls.some((c) => c.userName === 'agent1'), 'agent1 has calls for this test');
    const from = api.testing.streamLog.nextSequence;
    // The sign-in first clears the store (the old session goes); no waiting after it resolves.
    await controller().signIn(profile, 'agent1');
    assert.ok(tree().getChildren().length > 0, 'the calls of the snapshot are in the tree');
    const snapshotRow = api.testing.streamLog.rows(from).find((r) => r.kind === 'meta' && r.type === 'snapshot');
    assert.ok(snapshotRow, 'the sign-in snapshot row is in the stream');
    assert.match(snapshotRow.summary, /^sign-in snapshot: [1-9]\d* call/);
  });

  it('sign out clears the tree and the signed-in context', async () => {
    await vscode.commands.executeCommand('gws.signOut');
    assert.equal(controller().state, 'signedOut');
    assert.equal(tree().getChildren().length, 0);
  });
});
