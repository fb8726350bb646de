// Several sessions in one window (src/session/sessions.ts): agent1, agent2 and agent3 of the
// built-in simulator signed in side by side, each its own source, store and node in the calls
// view; the call operations run from the tree items of the session whose side of the call they
// act on, with the scripted prompter answering the questions (test/integration/support/).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import type { ServerProfile } from '../../src/profiles/profile';
import { rememberOwnAgentLogin, rememberSignedInProfile } from '../../src/session/windowMemory';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { RECENT_NUMBERS_KEY } from '../../src/commands/agentCommands';
import type { CallNode, CallsTreeNode, SessionNode } from '../../src/views/callNodes';
import type { DeviceNode } from '../../src/views/deviceNodes';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { lastRequestSeq, requestsSince, simGet, simPost, type RecordedRequest } from './support/simulatorHttp';
import { waitFor } from './support/wait';

interface SimState {
  users: Array<{ userName: string; loggedIn: boolean; cometdClients: number }>;
}

function operationOf(request: RecordedRequest): string | undefined {
  if (request.method !== 'POST') return undefined;
  const body = typeof request.body === 'string' ? (JSON.parse(request.body) as unknown) : request.body;
  return (body as { operationName?: string } | undefined)?.operationName;
}

describe('several sessions in one window (real VS Code, built-in simulator)', function () {
  this.timeout(90_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;
  const profiles: Record<'agent1' | 'agent2' | 'agent3', ServerProfile> = {} as never;

  const tree = () => api.testing.tree;
  const sessions = () => api.testing.deps.sessions;
  const sourceOf = (user: 'agent1' | 'agent2' | 'agent3') => `session:${profiles[user].id}`;
  const sessionNode = (user: 'agent1' | 'agent2' | 'agent3') =>
    tree().getChildren().find((n): n is SessionNode => n.kind === 'session' && n.source === sourceOf(user));
  /** The call nodes under a user's session node (the tree groups by session from two on). */
  const callsOf = (user: 'agent1' | 'agent2' | 'agent3'): CallNode[] => {
    const node = sessionNode(user);
    return node ? tree().getChildren(node).filter((n): n is CallNode => n.kind === 'call') : [];
  };
  const devicesOf = (user: 'agent1' | 'agent2' | 'agent3'): DeviceNode[] => {
    const node = sessionNode(user);
    return node ? tree().getChildren(node).filter((n): n is DeviceNode => n.kind === 'device') : [];
  };
  const callOf = (user: 'agent1' | 'agent2' | 'agent3', callId: string) => callsOf(user).find((n) => n.callId === callId);
  const descriptionOf = (node: CallsTreeNode | undefined) => (node ? String(tree().getTreeItem(node).description) : '');
  const participantsOf = (node: CallNode) => {
    const group = tree().getChildren(node).find((n) => n.kind === 'group' && n.group === 'participants');
    return group ? tree().getChildren(group).map((n) => (n.kind === 'entry' ? n.key : '')).sort() : [];
  };

  async function signIn(user: 'agent1' | 'agent2' | 'agent3'): Promise<void> {
    const ok = await vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: profiles[user].id });
    assert.equal(ok, true, `sign-in as ${user} failed: ${prompter.errors.join(' | ')}`);
  }

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 20 });
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    // agent1 logs in to voice (a simulator profile's default); agent2 and agent3 only observe:
    // the simulator rings an agent's device whether it is logged in or not.
    const modes = { agent1: undefined, agent2: 'observe', agent3: 'observe' } as const;
    for (const user of ['agent1', 'agent2', 'agent3'] as const) {
      profiles[user] = { id: `sessions-${user}`, name: `Sessions ${user}`, url: sim.url, user, simulator: true, sessionMode: modes[user] };
      await api.testing.deps.profiles.save(profiles[user]);
    }
    // Make Call offers the numbers dialled before (global state): none, so it asks for one.
    await api.testing.deps.context.globalState.update(RECENT_NUMBERS_KEY, undefined);
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  after(async () => {
    for (const session of sessions().list()) await session.signOut({ quiet: true });
    await rememberSignedInProfile(api.testing.deps.context.workspaceState, undefined);
    await rememberOwnAgentLogin(api.testing.deps.context.workspaceState, undefined);
    await api.testing.deps.context.globalState.update(RECENT_NUMBERS_KEY, undefined);
    for (const profile of Object.values(profiles)) await api.testing.deps.profiles.remove(profile.id);
    await sim?.stop();
  });

  it('signs in as agent1 and agent2: both stay connected, each a node of the tree and a source of its own', async () => {
    await signIn('agent1');
    assert.equal(tree().getChildren().filter((n) => n.kind === 'session').length, 0, 'one session: its calls are the top level');
    await signIn('agent2');
    assert.deepEqual(
      sessions().list().map((s) => [s.profile?.user, s.state]),
      [['agent1', 'connected'], ['agent2', 'connected']],
      'signing in as agent2 did not sign agent1 out',
    );
    const state = await simGet<SimState>(sim.url, '/sim/state');
    assert.deepEqual(
      state.users.filter((u) => u.userName === 'agent1' || u.userName === 'agent2').map((u) => [u.userName, u.cometdClients]),
      [['agent1', 1], ['agent2', 1]],
      'one CometD client per session',
    );
    for (const user of ['agent1', 'agent2'] as const) {
      const node = sessionNode(user);
      assert.ok(node, `${user} has a session node`);
      const item = tree().getTreeItem(node);
      assert.equal(item.label, `${user} @ ${new URL(sim.url).host}`);
      assert.match(String(item.description), /^Connected · /);
    }
    const labels = new Map(api.testing.deps.inspector.sources.list().map((s) => [s.id, s.label]));
    assert.equal(labels.get(sourceOf('agent1')), `agent1 @ ${new URL(sim.url).host}`);
    assert.equal(labels.get(sourceOf('agent2')), `agent2 @ ${new URL(sim.url).host}`);
  });

  it('each session node lists its own devices; Make Call from the palette asks which session, then dials from its device', async () => {
    const agent1Devices = await waitFor('agent1\'s device under its node', () => (devicesOf('agent1').length > 0 ? devicesOf('agent1') : undefined));
    const agent2Devices = await waitFor('agent2\'s device under its node', () => (devicesOf('agent2').length > 0 ? devicesOf('agent2') : undefined));
    assert.deepEqual(agent1Devices.map((n) => tree().getTreeItem(n).label), ['15000']);
    assert.deepEqual(agent2Devices.map((n) => tree().getTreeItem(n).label), ['15001']);
    assert.equal(agent1Devices[0].source, sourceOf('agent1'), 'a device node names its session');
    assert.equal(agent1Devices[0].owner.controller, sessions().forProfile(profiles.agent1.id));
    assert.notEqual(tree().getTreeItem(agent1Devices[0]).id, tree().getTreeItem(agent2Devices[0]).id, 'item ids are unique across sessions');
    assert.equal(tree().getParent(agent2Devices[0]), sessionNode('agent2'));

    prompter.answers.push(pick('agent1'), '15001');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.dial'), true, prompter.errors.join(' | '));
    assert.deepEqual(
      prompter.offered[0]?.map((label) => label.replace(/ @ .*/, '')),
      ['$(account) agent1', '$(account) agent2'],
      'the session is asked first',
    );
    assert.match(prompter.asked.at(-1) ?? '', /^input: Dial from 15000 /, 'then the number, from agent1\'s one device');
    const ringing = await waitFor('the call ringing under agent2', () => callsOf('agent2').find((n) => /Ringing/.test(descriptionOf(n))));
    const dialling = await waitFor('the call under agent1', () => callOf('agent1', ringing.callId));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hangup', dialling), true, prompter.errors.join(' | '));
    await waitFor('the call to leave both sessions', () => !callOf('agent1', ringing.callId) && !callOf('agent2', ringing.callId));
    await api.testing.deps.context.globalState.update(RECENT_NUMBERS_KEY, undefined);
  });

  it('a call from agent1 to agent2 shows under both sessions, and each side answers for itself', async () => {
    prompter.answers.push('15001');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.dial', sessionNode('agent1')), true, prompter.errors.join(' | '));
    const ringing = await waitFor('the call ringing under agent2', () => callsOf('agent2').find((n) => /Ringing/.test(descriptionOf(n))));
    assert.ok(callOf('agent1', ringing.callId), 'the same call is under agent1');
    assert.match(descriptionOf(callOf('agent1', ringing.callId)), /Dialing/);
    assert.deepEqual(participantsOf(ringing), ['15000']);

    // Answer from agent2's item: agent2's side of the call.
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.answer', ringing), true, prompter.errors.join(' | '));
    await waitFor('agent1 to see the call established', () => /Established/.test(descriptionOf(callOf('agent1', ringing.callId))));

    // From the palette, each session's side is offered, saying whose it is.
    prompter.answers.push(pick('15001'));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hangup'), true, prompter.errors.join(' | '));
    const offered = prompter.offeredItems.at(-1) ?? [];
    assert.equal(offered.length, 2, `offered: ${JSON.stringify(offered)}`);
    assert.match(offered[0].description ?? '', /^agent1 @ /);
    assert.match(offered[1].description ?? '', /^agent2 @ /);
    await waitFor('the call to leave both sessions', () => !callOf('agent1', ringing.callId) && !callOf('agent2', ringing.callId));
  });

  it('a two-step transfer from agent1 to agent2 ends with the call under agent2 only', async () => {
    const { id } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5551234', state: 'Established' });
    const main = await waitFor('the call under agent1', () => callOf('agent1', id));
    assert.equal(callOf('agent2', id), undefined);

    prompter.answers.push('15001');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.initiateTransfer', main), true, prompter.errors.join(' | '));
    const consult = await waitFor('the consult call ringing under agent2', () => callsOf('agent2').find((n) => /Ringing/.test(descriptionOf(n))));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.answer', consult), true, prompter.errors.join(' | '));
    await waitFor('CompleteTransfer offered on agent1\'s call', () => /\+CompleteTransfer\b/.test(String(tree().getTreeItem(main).contextValue)));

    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.completeTransfer', main), true, prompter.errors.join(' | '));
    await waitFor('agent1 to have no calls left', () => callsOf('agent1').length === 0);
    const moved = await waitFor('the call under agent2', () => callOf('agent2', id));
    await waitFor('agent2 established with the caller', () => /Established/.test(descriptionOf(moved)) && participantsOf(moved).includes('5551234'));
    assert.deepEqual(callsOf('agent2').map((n) => n.callId), [id], 'the consult call is gone');

    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.hangup', moved), true, prompter.errors.join(' | '));
    await waitFor('the call to end', () => callsOf('agent2').length === 0);
  });

  it('a conference of agent1, agent2 and the caller shows three parties, on both sides', async () => {
    const { id } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5552222', state: 'Established' });
    const main = await waitFor('the call under agent1', () => callOf('agent1', id));
    prompter.answers.push('15001');
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.initiateConference', main), true, prompter.errors.join(' | '));
    const consult = await waitFor('the consult call ringing under agent2', () => callsOf('agent2').find((n) => /Ringing/.test(descriptionOf(n))));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.answer', consult), true, prompter.errors.join(' | '));
    await waitFor('CompleteConference offered', () => /\+CompleteConference\b/.test(String(tree().getTreeItem(main).contextValue)));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.call.completeConference', main), true, prompter.errors.join(' | '));

    // Each agent sees the two other parties of the one call.
    await waitFor('agent1 in conference with the caller and agent2', () => participantsOf(main).join() === '15001,5552222');
    const joined = await waitFor('agent2 on the main call', () => callOf('agent2', id));
    await waitFor('agent2 in conference with the caller and agent1', () => participantsOf(joined).join() === '15000,5552222');
    assert.deepEqual(callsOf('agent2').map((n) => n.callId), [id]);
  });

  it('the inspector\'s rows carry each session\'s source; a third session is one more source', async () => {
    const log = api.testing.streamLog;
    const rows = log.rows(0);
    const sourcesOfTheCall = new Set(rows.filter((r) => r.kind === 'notification' && r.callId && callOf('agent1', r.callId)).map((r) => r.source));
    assert.deepEqual([...sourcesOfTheCall].sort(), [sourceOf('agent1'), sourceOf('agent2')].sort(), 'both sessions\' notifications of the conference');

    await signIn('agent3');
    assert.equal(sessions().list().length, 3);
    assert.ok(sessionNode('agent3'), 'a third session node');
    await vscode.commands.executeCommand('gws.openInspector');
    const reset = await waitFor('the inspector page to get the three sessions', () => {
      const sent = api.testing.inspector()?.lastReset?.sources ?? [];
      return ['agent1', 'agent2', 'agent3'].every((u) => sent.some((s) => s.id === sourceOf(u as 'agent1'))) ? sent : undefined;
    });
    assert.equal(reset.find((s) => s.id === sourceOf('agent3'))?.label, `agent3 @ ${new URL(sim.url).host}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Sign Out from the palette asks which session; the others go on', async () => {
    prompter.answers.push(pick('agent3'));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.signOut'), true, prompter.errors.join(' | '));
    assert.deepEqual(
      prompter.offered.at(-1)?.map((label) => label.replace(/ @ .*/, '')),
      ['$(account) agent1', '$(account) agent2', '$(account) agent3'],
    );
    assert.deepEqual(sessions().list().map((s) => [s.profile?.user, s.state]), [['agent1', 'connected'], ['agent2', 'connected']]);
    assert.equal(sessionNode('agent3'), undefined);
    const state = await simGet<SimState>(sim.url, '/sim/state');
    assert.equal(state.users.find((u) => u.userName === 'agent3')?.cometdClients, 0, 'agent3\'s CometD client let go');
    assert.equal(state.users.find((u) => u.userName === 'agent1')?.cometdClients, 1);
  });

  it('a reload brings both sessions back, without a second StartContactCenterSession', async () => {
    const since = await lastRequestSeq(sim.url);
    await api.testing.reload();
    assert.deepEqual(sessions().list().map((s) => [s.profile?.user, s.state]), [['agent1', 'connected'], ['agent2', 'connected']], prompter.errors.join(' | '));
    assert.equal(sessions().forProfile(profiles.agent1.id)?.agentLogin?.reason, 'resumed', 'agent1\'s login is still the window\'s own');
    const logins = (await requestsSince(sim.url, since)).map(operationOf).filter((op) => op === 'StartContactCenterSession' || op === 'EndContactCenterSession');
    assert.deepEqual(logins, []);
    assert.deepEqual(prompter.asked, [], 'a restore asks nothing');
    await waitFor('the conference call back under agent1', () => callsOf('agent1').length === 1);
  });

  it('Sign Out of a session node acts on that session; one left, its calls are the top level again', async () => {
    // agent1's login to voice is the window's own: Sign Out asks about it, for agent1 only.
    prompter.answers.push(pick('Sign Out Only'));
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.signOut', sessionNode('agent1')), true, prompter.errors.join(' | '));
    assert.match(prompter.asked.at(-1) ?? '', /logged agent1 in to voice/);
    assert.deepEqual(sessions().list().map((s) => s.profile?.user), ['agent2']);
    const top = tree().getChildren();
    assert.ok(top.some((n) => n.kind === 'call') && top.every((n) => n.kind === 'call' || n.kind === 'device'), 'one session: its devices and calls, no session node');
    assert.equal((await simGet<SimState>(sim.url, '/sim/state')).users.find((u) => u.userName === 'agent1')?.loggedIn, true, 'Sign Out Only sent no End');
  });
});
