// A newcomer's first minutes (issue 15): the `npm start` profile survives "Start Local
// Simulator", a call the server does not have leaves the view, messages use the command
// titles, Sign Out leaves its rows in the inspector, Clear asks first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import { LOCAL_SIMULATOR_PROFILE_ID } from '../../src/session/localSimulator';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import type { CallNode } from '../../src/views/callNodes';
import { NPM_START_PROFILE_ID, npmStartProfile } from '../host/startProfile.js';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { requestsSince, simPost } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const EXTENSION_ID = 'gws-tools.gws-call-inspector';

describe('First minutes: the newcomer\'s stumbles (real VS Code, built-in simulator)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;

  const deps = () => api.testing.deps;
  const controller = () => deps().controller;
  const callNode = (id: string) => api.testing.tree.getChildren().find((n): n is CallNode => n.kind === 'call' && n.callId === id);

  before(async () => {
    // Stands in for the simulator `npm start` runs in its own process.
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    const extension = vscode.extensions.getExtension<GwsCallInspectorApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    deps().prompter.current = prompter;
  });

  after(async () => {
    if (controller().ownsAgentLogin) prompter.answers.push(pick('Sign Out Only'));
    await vscode.commands.executeCommand('gws.signOut');
    await deps().profiles.remove(NPM_START_PROFILE_ID);
    await sim?.stop();
  });

  it('signs in to the profile npm start writes', async () => {
    await deps().profiles.save(npmStartProfile(sim.url));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: NPM_START_PROFILE_ID }), true, prompter.errors.join(' | '));
    assert.equal(controller().state, 'connected');
  });

  it('the calls view\'s header shows the user and the server: a short container title, then "user @ server"', async () => {
    const extension = vscode.extensions.getExtension<GwsCallInspectorApi>(EXTENSION_ID);
    const container = (extension?.packageJSON as { contributes: { viewsContainers: { activitybar: Array<{ id: string; title: string }> } } }).contributes.viewsContainers.activitybar;
    // One view in its container: VS Code shows "<container>: <view title>" and no description.
    assert.equal(container.find((c) => c.id === 'gwsCallInspector')?.title, 'GWS');
    const live = deps().sessions.list();
    const expected = live.length === 1 ? `agent1 @ ${new URL(sim.url).host}` : `${live.length} sessions`;
    await waitFor('the view title', () => api.testing.callsView.title === expected);
    if (live.length === 1) assert.match(api.testing.callsView.description ?? '', /^(agent|observing)$/);
  });

  it('an operation answered "not found" drops the call and offers Refresh Calls', async () => {
    const id = 'PHANTOM00000000000000000001';
    await simPost(sim.url, '/sim/publish-raw', {
      user: 'agent1',
      channel: '/v2/me/calls',
      data: {
        messageType: 'CallStateChangeMessage',
        notificationType: 'StatusChange',
        call: { id, state: 'Established', callType: 'Inbound', ani: '5559876', capabilities: ['Hangup', 'Hold'], participants: [] },
      },
    });
    await waitFor('the phantom call in the tree', () => callNode(id));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hangup', callNode(id)), false);
    assert.equal(deps().store.get(id), undefined, 'the call left the store');
    assert.equal(callNode(id), undefined, 'and the tree');
    assert.equal(prompter.errors.length, 1, prompter.errors.join(' | '));
    assert.match(prompter.errors[0], /^Hang Up on 5559876 · 000001 was refused: statusCode 6, .*not found.* The call was removed from the calls view\.$/);
    assert.doesNotMatch(prompter.errors[0], /Hangup/, 'the operation is named once, by its command title');
    assert.ok(prompter.errorActions[0].includes('Refresh Calls'), `actions: ${prompter.errorActions[0].join(', ')}`);

    // A /sim/publish burst's synthetic calls are not the server's: Refresh Calls removes them.
    await simPost(sim.url, '/sim/publish', { user: 'agent1', count: 20, calls: 4 });
    const burstCalls = () => deps().store.list().filter((c) => c.id.startsWith('BENCH'));
    // The last of the 20 messages (BenchSeq 19) is in: no burst message can come after the refresh.
    await waitFor('the whole burst in the store', () => burstCalls().length === 4 && burstCalls().some((c) => c.userData?.BenchSeq === 19));
    await vscode.commands.executeCommand('gws.refreshCalls');
    await waitFor('the refresh to drop the burst calls', () => burstCalls().length === 0);
  });

  it('a "not found" about something else than the call (the server still has it) keeps the call', async () => {
    const live = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5553333', state: 'Established' });
    await waitFor('the call in the tree', () => callNode(live.id));
    // GWS answers statusCode 6 for an unknown target device too (docs/gws-notes.md#status-codes).
    await simPost(sim.url, '/sim/faults/fail-next', { count: 1, httpStatus: 404, statusCode: 6, statusMessage: 'Target device not found' });
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hold', callNode(live.id)), false);
    assert.match(prompter.errors.at(-1) ?? '', /Target device not found/);
    assert.doesNotMatch(prompter.errors.at(-1) ?? '', /removed from the calls view/);
    assert.ok(deps().store.get(live.id), 'the re-read found the call: it stays');
    assert.ok(callNode(live.id), 'and stays in the tree');
  });

  it('pickers and messages use the command titles, and userData values keep their commas', async () => {
    const first = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5551111', state: 'Established' });
    const second = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5552222', state: 'Established' });
    await waitFor('both calls in the tree', () => callNode(first.id) && callNode(second.id));

    prompter.answers.push(pick('5551111'), '1#');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.sendDtmf'), true, prompter.errors.join(' | '));
    assert.ok(prompter.asked.includes('pick: GWS: Send DTMF Which call?'), prompter.asked.join(' | '));

    prompter.answers.push('Note=call back, after 5pm, Segment=Gold');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.updateUserData', callNode(first.id)), true, prompter.errors.join(' | '));
    await waitFor('the userData with its comma', () => deps().store.get(first.id)?.userData?.Note === 'call back, after 5pm');
    assert.equal(deps().store.get(first.id)?.userData?.Segment, 'Gold');

    await simPost(sim.url, '/sim/faults/fail-next', { count: 1, httpStatus: 400, statusCode: 2, statusMessage: 'Not now' });
    prompter.answers.push('Key=value');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.updateUserData', callNode(first.id)), false);
    assert.match(prompter.errors.at(-1) ?? '', new RegExp(`^Update User Data on 5551111 · ${first.id.slice(-6)} was refused: statusCode 2, Not now \\(HTTP 400\\)\\.`));
    assert.doesNotMatch(prompter.errors.at(-1) ?? '', /UpdateUserData/);

    // The simulator's 5550000 is busy: accepted, then an ErrorMessage; the toast names the operation.
    prompter.answers.push('5550000');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.singleStepTransfer', callNode(second.id)), true);
    const shown = await waitFor('the asynchronous error', () => prompter.errors.find((e) => /after the server accepted it/.test(e)));
    assert.match(shown, new RegExp(`^GWS: Single-Step Transfer on 5552222 · ${second.id.slice(-6)} failed after the server accepted it: `));

    for (const { id } of [first, second]) await simPost(sim.url, `/sim/calls/${id}/remote-hangup`);
  });

  it('names a call the same way in the tree, the quick pick and the toast: other party and short id', async () => {
    const live = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5554444', state: 'Established' });
    const node = await waitFor('the call in the tree', () => callNode(live.id));
    const shortId = live.id.slice(-6);
    const item = await api.testing.tree.getTreeItem(node);
    assert.equal(item.label, '5554444');
    assert.match(String(item.description), new RegExp(`^${shortId} · Established`), 'the short id right after the party');

    // From the palette: the quick pick offers the call by the same name.
    prompter.answers.push(pick(`5554444 · ${shortId}`));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hold'), true, prompter.errors.join(' | '));
    assert.ok(prompter.offered.at(-1)?.includes(`$(call-incoming) 5554444 · ${shortId}`), `offered: ${prompter.offered.at(-1)?.join(', ')}`);
    await waitFor('the call held', () => deps().store.get(live.id)?.state === 'Held');

    // A refusal's toast names it so too.
    await simPost(sim.url, '/sim/faults/fail-next', { count: 1, httpStatus: 400, statusCode: 2, statusMessage: 'Not now' });
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.retrieve', node), false);
    assert.match(prompter.errors.at(-1) ?? '', new RegExp(`^Retrieve on 5554444 · ${shortId} was refused: `));
    await simPost(sim.url, `/sim/calls/${live.id}/remote-hangup`);
  });

  it('Add Server Profile ends with a message', async () => {
    prompter.answers.push('https://gws.example.com:8443/', 'agent7', 'first-minutes-pass', 'First minutes lab');
    const added = await vscode.commands.executeCommand<{ id: string } | undefined>('gws.addProfile');
    assert.ok(added);
    assert.equal(prompter.infos.length, 1);
    assert.match(prompter.infos[0], /saved the server profile "First minutes lab" \(agent7 @ https:\/\/gws\.example\.com:8443\)/);
    assert.doesNotMatch(prompter.infos[0], /first-minutes-pass/);
    await deps().profiles.remove(added.id);
  });

  it('"Start Local Simulator" uses its own profile: the npm start profile still signs in afterwards', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.startSimulator'), true, prompter.errors.join(' | '));
    assert.equal(controller().profile?.id, LOCAL_SIMULATOR_PROFILE_ID);
    const own = deps().profiles.get(LOCAL_SIMULATOR_PROFILE_ID);
    const npmStart = deps().profiles.get(NPM_START_PROFILE_ID);
    assert.equal(own?.url, deps().simulator.url);
    assert.equal(npmStart?.url, sim.url, 'the npm start profile still points at its simulator');
    assert.notEqual(own?.name, npmStart?.name, 'two simulators, two names');

    await vscode.commands.executeCommand('gws.stopSimulator');
    // Its session ends; the npm start profile's session (several sessions in one window) goes on.
    await waitFor("the local simulator's session signed out", () =>
      deps().sessions.list().every((s) => s.profile?.id !== LOCAL_SIMULATOR_PROFILE_ID || s.state === 'signedOut'),
    );
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: NPM_START_PROFILE_ID }), true, prompter.errors.join(' | '));
    assert.equal(controller().profile?.url, sim.url);
  });

  it('Sign Out leaves its rows in the inspector', async () => {
    const from = api.testing.streamLog.nextSequence;
    if (controller().ownsAgentLogin) prompter.answers.push(pick('Sign Out Only'));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.signOut'), true);
    const types = api.testing.streamLog.rows(from).filter((r) => r.kind === 'meta').map((r) => r.type);
    assert.ok(types.includes('disconnect'), `rows: ${types.join(', ')}`);
    assert.ok(types.includes('signOut'), `rows: ${types.join(', ')}`);
    if (deps().sessions.list().length === 0) assert.equal(api.testing.callsView.title, 'Calls', 'signed out: the view\'s own name');
  });

  it('the Accounts menu lists the signed-in session and signs it out from there, the agent staying logged in', async () => {
    const changes: string[] = [];
    const listening = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === 'gws') changes.push('changed');
    });
    try {
      assert.equal(await vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: NPM_START_PROFILE_ID }), true, prompter.errors.join(' | '));
      const label = `agent1 @ ${npmStartProfile(sim.url).name}`;
      await waitFor('the account in the Accounts menu', async () => (await vscode.authentication.getAccounts('gws')).some((a) => a.label === label));
      await waitFor('onDidChangeSessions', () => changes.length > 0);
      const listed = (await api.testing.authProvider.getSessions()).find((s) => s.account.label === label);
      assert.ok(listed, 'the provider lists it');
      assert.notEqual(listed.accessToken, 'agent1', 'the token is an opaque id, never the password');
      assert.match(listed.accessToken, /^[0-9a-f-]{36}$/);

      // What the Accounts menu's "Sign Out" calls: the provider's removeSession.
      const mark = (await requestsSince(sim.url, 0)).at(-1)?.seq ?? 0;
      await api.testing.authProvider.removeSession(listed.id);
      assert.equal(deps().sessions.forProfile(NPM_START_PROFILE_ID), undefined, 'that session is signed out');
      assert.deepEqual(prompter.asked.filter((q) => q.startsWith('choose:')), [], 'no question: the Accounts menu asked');
      const sent = (await requestsSince(sim.url, mark)).filter((r) => (r.body as { operationName?: string } | undefined)?.operationName === 'EndContactCenterSession');
      assert.deepEqual(sent, [], 'the agent stays logged in to voice');
      await waitFor('the account gone', async () => !(await vscode.authentication.getAccounts('gws')).some((a) => a.label === label));
    } finally {
      listening.dispose();
    }
  });

  it('Clear asks first; dismissed, every row stays', async () => {
    const log = api.testing.inspector()?.shownLog ?? api.testing.streamLog;
    const size = log.size;
    assert.ok(size > 0);
    prompter.answers.push(undefined);
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.inspector.clear'), false);
    assert.equal(log.size, size);
    prompter.answers.push('confirm');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.inspector.clear'), true);
    assert.equal(log.size, 0);
  });
});
