// Devices, agent state, do-not-disturb, forwarding and Make Call in a real VS Code against the
// built-in simulator: the device item follows DeviceStateChangeMessage, its menus follow its
// capabilities, and each command sends exactly the operation asked for.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RECENT_NUMBERS_KEY } from '../../src/commands/agentCommands';
import type { GwsCallInspectorApi } from '../../src/extension';
import { rememberOwnAgentLogin, rememberSignedInProfile } from '../../src/session/windowMemory';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import type { DeviceNode } from '../../src/views/deviceNodes';
import { contextMenuCommands } from './support/menus';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { lastRequestSeq, requestsSince, simPost, type RecordedRequest } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const AGENT1 = 'agents-test-agent1';
const AGENT2 = 'agents-test-agent2';

describe('Devices, agent state, DND, forwarding and Make Call (real VS Code, built-in simulator)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;
  let extensionPath: string;

  const tree = () => api.testing.tree;
  const deviceNode = () => tree().getChildren().find((n): n is DeviceNode => n.kind === 'device');
  const deviceItem = () => {
    const node = deviceNode();
    assert.ok(node, 'the agent\'s device is in the tree');
    return tree().getTreeItem(node);
  };
  const menuOf = () => contextMenuCommands(extensionPath, String(deviceItem().contextValue));
  const bodyOf = (request: RecordedRequest) => (typeof request.body === 'string' ? JSON.parse(request.body) : request.body) as Record<string, unknown>;
  /** The POSTs to `path` since `since`, their bodies. */
  const postsTo = async (since: number, path: RegExp) =>
    (await requestsSince(sim.url, since)).filter((r) => r.method === 'POST' && path.test(r.path)).map(bodyOf);

  const signInAs = async (profileId: string) => {
    // One session at a time here, its device at the top of the tree (sessions.test.ts has
    // several): signing in to another profile no longer signs the first one out.
    for (const session of api.testing.deps.sessions.list()) if (session.profile?.id !== profileId) await session.signOut({ quiet: true });
    assert.equal(await vscode.commands.executeCommand('gws.signIn', { profileId }), true, prompter.errors.join(' | '));
    await waitFor('the device in the tree', () => deviceNode());
  };

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    const extension = vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector');
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
    extensionPath = extension.extensionPath;
    await api.testing.deps.profiles.save({ id: AGENT1, name: 'Agents test: agent1', url: sim.url, user: 'agent1', simulator: true });
    await api.testing.deps.profiles.save({ id: AGENT2, name: 'Agents test: agent2', url: sim.url, user: 'agent2', simulator: true });
    await api.testing.deps.context.globalState.update(RECENT_NUMBERS_KEY, undefined);
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
    // Whatever a failed test left signed in: the next suites start with no session.
    for (const session of api.testing.deps.sessions.list()) await session.signOut({ quiet: true });
    await rememberSignedInProfile(api.testing.deps.context.workspaceState, undefined);
    await rememberOwnAgentLogin(api.testing.deps.context.workspaceState, undefined);
    await api.testing.deps.profiles.remove(AGENT1);
    await api.testing.deps.profiles.remove(AGENT2);
    await api.testing.deps.context.globalState.update(RECENT_NUMBERS_KEY, undefined);
    await sim?.stop();
  });

  it('shows the agent\'s device with its number and agent state; Set Agent State changes it from the device notification', async () => {
    await signInAs(AGENT1);
    const item = deviceItem();
    assert.equal(item.label, '15000');
    assert.match(String(item.description), /^NotReady · Active$/, 'a fresh voice login is NotReady');
    assert.equal(item.id, `device:${deviceNode()?.deviceId}`);
    const menu = menuOf();
    for (const command of ['gws.agent.setState', 'gws.call.dial', 'gws.device.dndOn', 'gws.device.forwardOn']) assert.ok(menu.includes(command), `${command} in [${menu.join(', ')}]`);
    for (const command of ['gws.device.dndOff', 'gws.device.forwardOff', 'gws.device.listenIn', 'gws.call.hold']) assert.ok(!menu.includes(command), `${command} not offered`);

    const since = await lastRequestSeq(sim.url);
    prompter.answers.push(pick('Ready'));
    assert.equal(await vscode.commands.executeCommand('gws.agent.setState', deviceNode()), true, prompter.errors.join(' | '));
    assert.deepEqual(prompter.offered[0].slice(0, 6), ['Ready', 'Not Ready', 'Not Ready with Reason...', 'After Call Work', 'Aux Work', 'Offline']);
    assert.deepEqual(await postsTo(since, /^\/api\/v2\/me\/channels\/voice$/), [{ operationName: 'Ready' }]);
    await waitFor('the device item to show Ready', () => /^Ready · /.test(String(deviceItem().description)));

    prompter.answers.push(pick('Aux Work'));
    assert.equal(await vscode.commands.executeCommand('gws.agent.setState', deviceNode()), true, prompter.errors.join(' | '));
    await waitFor('the device item to show AuxWork', () => /^NotReady \(AuxWork\) · /.test(String(deviceItem().description)));
    const rows = tree().getChildren(deviceNode()).map((n) => (n.kind === 'deviceEntry' ? `${n.key}=${n.value}` : ''));
    assert.ok(rows.includes('Agent state=NotReady (AuxWork)'), rows.join(', '));
  });

  it('Not Ready with a reason sends the reason; Offline asks first and sends nothing when the user says no', async () => {
    const since = await lastRequestSeq(sim.url);
    prompter.answers.push(pick('Not Ready with Reason'), 'Lunch');
    assert.equal(await vscode.commands.executeCommand('gws.agent.setState'), true, prompter.errors.join(' | '));
    prompter.answers.push(pick('Offline'), undefined);
    assert.equal(await vscode.commands.executeCommand('gws.agent.setState'), false);
    assert.deepEqual(await postsTo(since, /^\/api\/v2\/me\/channels\/voice$/), [{ operationName: 'NotReady', reasonCode: 'Lunch' }]);
    assert.equal(api.testing.deps.controller.state, 'connected');
  });

  it('Do Not Disturb and Forward Calls: the item and its menu follow the device\'s capabilities', async () => {
    const since = await lastRequestSeq(sim.url);
    assert.equal(await vscode.commands.executeCommand('gws.device.dndOn', deviceNode()), true, prompter.errors.join(' | '));
    await waitFor('DND on in the item', () => / · DND on/.test(String(deviceItem().description)));
    await waitFor('the menu to offer DND off only', () => menuOf().includes('gws.device.dndOff') && !menuOf().includes('gws.device.dndOn'));

    prompter.answers.push('15002');
    assert.equal(await vscode.commands.executeCommand('gws.device.forwardOn', deviceNode()), true, prompter.errors.join(' | '));
    await waitFor('forwarding in the item', () => / · forwarded to 15002$/.test(String(deviceItem().description)));
    assert.ok(menuOf().includes('gws.device.forwardOff'));

    assert.equal(await vscode.commands.executeCommand('gws.device.forwardOff', deviceNode()), true, prompter.errors.join(' | '));
    assert.equal(await vscode.commands.executeCommand('gws.device.dndOff', deviceNode()), true, prompter.errors.join(' | '));
    await waitFor('no DND and no forwarding', () => !/DND|forwarded/.test(String(deviceItem().description)));
    const device = deviceNode()?.deviceId ?? '';
    assert.deepEqual(await postsTo(since, new RegExp(`^/api/v2/me/devices/${device}$`)), [
      { operationName: 'DoNotDisturbOn' },
      { operationName: 'ForwardCallsOn', destination: '15002' },
      { operationName: 'ForwardCallsOff' },
      { operationName: 'DoNotDisturbOff' },
    ]);
    // From the palette with nothing to act on: no request, no question.
    assert.equal(await vscode.commands.executeCommand('gws.device.forwardOff'), false);
    assert.equal(prompter.asked.length, 1, prompter.asked.join(' | '));
  });

  it('Make Call dials from the device it runs on and offers the numbers dialled before', async () => {
    const since = await lastRequestSeq(sim.url);
    prompter.answers.push('5557777');
    assert.equal(await vscode.commands.executeCommand('gws.call.dial', deviceNode()), true, prompter.errors.join(' | '));
    prompter.answers.push(pick('5557777'));
    assert.equal(await vscode.commands.executeCommand('gws.call.dial'), true, prompter.errors.join(' | '));
    assert.deepEqual(prompter.offered.at(-1), ['5557777', '$(edit) Another number...']);
    const device = deviceNode()?.deviceId ?? '';
    const dials = await postsTo(since, new RegExp(`^/api/v2/me/devices/${device}/calls$`));
    assert.deepEqual(dials, [
      { operationName: 'Dial', destination: { phoneNumber: '5557777' } },
      { operationName: 'Dial', destination: { phoneNumber: '5557777' } },
    ]);
    assert.deepEqual(api.testing.deps.context.globalState.get(RECENT_NUMBERS_KEY), ['5557777']);
    await waitFor('the two calls in the tree', () => tree().getChildren().filter((n) => n.kind === 'call').length >= 2);
  });

  it('a second device: its server text is plain text, and Make Call from the palette asks which device', async () => {
    await simPost(sim.url, '/sim/publish-raw', {
      user: 'agent1',
      channel: '/v2/me/devices',
      data: {
        messageType: 'DeviceStateChangeMessage',
        devices: [{ id: 'second-device', phoneNumber: '[7001](command:workbench.action.quit)', userState: { state: '$(alert) Ready' }, capabilities: ['DoNotDisturbOn'] }],
      },
    });
    const second = await waitFor('the second device in the tree', () => tree().getChildren().find((n): n is DeviceNode => n.kind === 'device' && n.deviceId === 'second-device'));
    const item = tree().getTreeItem(second);
    for (const text of [String(item.label), String(item.description), String(item.tooltip)]) {
      assert.doesNotMatch(text, /\]\(|\$\(|command:\S/, `shown as text: ${text}`);
    }
    assert.equal(typeof item.tooltip, 'string', 'no Markdown tooltip');

    const since = await lastRequestSeq(sim.url);
    prompter.answers.push(pick('15000'), pick('5557777'));
    assert.equal(await vscode.commands.executeCommand('gws.call.dial'), true, prompter.errors.join(' | '));
    assert.match(prompter.asked[0], /Which device\?/);
    assert.equal(prompter.offered[0].length, 2);
    const device = deviceNode()?.deviceId ?? '';
    assert.equal((await postsTo(since, new RegExp(`^/api/v2/me/devices/${device}/calls$`))).length, 1, 'dialled from the device picked');
    // From the palette, only the devices that allow the operation are offered.
    prompter.answers.push(undefined);
    assert.equal(await vscode.commands.executeCommand('gws.device.dndOn'), false, 'cancelled: nothing sent');
    assert.equal(prompter.offered.at(-1)?.length, 2, 'both devices allow DoNotDisturbOn');
    assert.equal(await vscode.commands.executeCommand('gws.device.dndOff'), false, 'no device allows DoNotDisturbOff: nothing asked');
    assert.equal(prompter.asked.length, 3, prompter.asked.join(' | '));
  });

  it('a call to an agent with Do Not Disturb on fails with the server\'s message', async () => {
    await signInAs(AGENT2);
    assert.equal(deviceItem().label, '15001');
    assert.equal(await vscode.commands.executeCommand('gws.device.dndOn', deviceNode()), true, prompter.errors.join(' | '));
    await waitFor('DND on for agent2', () => / · DND on/.test(String(deviceItem().description)));

    await signInAs(AGENT1);
    assert.equal(deviceItem().label, '15000');
    const from = api.testing.streamLog.nextSequence;
    prompter.answers.push(pick('Another number'), '15001');
    assert.equal(await vscode.commands.executeCommand('gws.call.dial', deviceNode()), true, 'GWS accepts the Dial; the refusal comes after');
    const row = await waitFor('the ErrorMessage row', () => api.testing.streamLog.rows(from).find((r) => r.messageType === 'ErrorMessage'));
    assert.match(row.summary, /do not disturb/i);
    const toast = await waitFor('the error shown to the user', () => prompter.errors.find((e) => /do not disturb/i.test(e)));
    assert.match(toast, /busy/);
    await simPost(sim.url, '/sim/reset');
  });
});
