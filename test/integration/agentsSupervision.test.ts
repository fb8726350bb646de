// A supervisor in a real VS Code against the built-in simulator: the configured agent states,
// Listen In on an agent (driven by the simulator's control API: agent1 is logged in there, not
// in this window, which holds one session), the monitored call under the supervisor, the
// Switch*/Mute monitored operations offered by its capabilities, and Cancel Supervisor Monitoring.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import type { CallNode } from '../../src/views/callNodes';
import type { DeviceNode } from '../../src/views/deviceNodes';
import { contextMenuCommands } from './support/menus';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { lastRequestSeq, requestsSince, simPost } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const SUPERVISOR = 'agents-test-supervisor1';

describe('Supervision: Listen In, the monitored call and its Switch/Mute operations (real VS Code, built-in simulator)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;
  let extensionPath: string;
  let monitoredCall: string;

  const tree = () => api.testing.tree;
  const deviceNode = () => tree().getChildren().find((n): n is DeviceNode => n.kind === 'device');
  const deviceItem = () => {
    const node = deviceNode();
    assert.ok(node, 'the supervisor\'s device is in the tree');
    return tree().getTreeItem(node);
  };
  const callNode = (id: string) => tree().getChildren().find((n): n is CallNode => n.kind === 'call' && n.callId === id);
  const callItem = (id: string) => {
    const node = callNode(id);
    assert.ok(node, `call ${id} is in the tree`);
    return tree().getTreeItem(node);
  };
  const menuOf = (item: vscode.TreeItem) => contextMenuCommands(extensionPath, String(item.contextValue));

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    const extension = vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector');
    assert.ok(extension, 'the extension is installed');
    api = await extension.activate();
    extensionPath = extension.extensionPath;
    await api.testing.deps.profiles.save({ id: SUPERVISOR, name: 'Agents test: supervisor1', url: sim.url, user: 'supervisor1', simulator: true });
    // The monitored agent, logged in to voice by "another application" (the control API).
    await simPost(sim.url, '/sim/users/agent1', { loggedIn: true });
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  after(async () => {
    prompter = new ScriptedPrompter();
    prompter.answers.push(pick('Log Out of Voice and Sign Out'));
    api.testing.deps.prompter.current = prompter;
    await vscode.commands.executeCommand('gws.signOut');
    await api.testing.deps.profiles.remove(SUPERVISOR);
    await sim?.stop();
  });

  it('offers the server\'s configured agent states beside the built-in ones', async () => {
    assert.equal(await vscode.commands.executeCommand('gws.signIn', { profileId: SUPERVISOR }), true, prompter.errors.join(' | '));
    await waitFor('the supervisor\'s device', () => deviceNode());
    assert.equal(deviceItem().label, '15005');
    const since = await lastRequestSeq(sim.url);
    prompter.answers.push(pick('Break'));
    assert.equal(await vscode.commands.executeCommand('gws.agent.setState', deviceNode()), true, prompter.errors.join(' | '));
    const offered = prompter.offered[0];
    assert.ok(offered.includes('Break') && offered.includes('Training'), `offered: ${offered.join(', ')}`);
    assert.equal(offered.filter((label) => label === 'Ready').length, 1, 'a configured state with a built-in name is offered once');
    const posts = (await requestsSince(sim.url, since)).filter((r) => r.method === 'POST' && r.path === '/api/v2/me/channels/voice');
    assert.deepEqual(posts.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body)), [{ operationName: 'Break' }]);
    await waitFor('the device to show Break', () => /^NotReady \(.*Break\)/.test(String(deviceItem().description)));
  });

  it('Listen In with its scope and mode; the monitored call shows under the supervisor', async () => {
    const before = menuOf(deviceItem());
    for (const command of ['gws.device.listenIn', 'gws.device.coach', 'gws.device.bargeIn']) assert.ok(before.includes(command), `${command} in [${before.join(', ')}]`);
    assert.ok(!before.includes('gws.device.cancelMonitoring'), 'nothing to cancel yet');

    const since = await lastRequestSeq(sim.url);
    prompter.answers.push('15000', pick('Call'), pick('All Calls'));
    assert.equal(await vscode.commands.executeCommand('gws.device.listenIn', deviceNode()), true, prompter.errors.join(' | '));
    const posts = (await requestsSince(sim.url, since)).filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/me/devices/'));
    assert.deepEqual(
      posts.map((r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body)),
      [{ operationName: 'ListenIn', phoneNumber: '15000', supervisorMonitoringScope: 'Call', supervisorMonitoringMode: 'AllCalls' }],
    );
    await waitFor('the device to show its monitoring', () => / · monitoring ListenIn · Call · AllCalls → /.test(String(deviceItem().description)));
    await waitFor('Cancel Supervisor Monitoring offered', () => menuOf(deviceItem()).includes('gws.device.cancelMonitoring'));

    ({ id: monitoredCall } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5554444', state: 'Established' }));
    const supervisorsCall = await waitFor('the monitored call under the supervisor', () =>
      api.testing.deps.store.list().find((call) => call.monitoring === true),
    );
    monitoredCall = supervisorsCall.id;
    assert.match(String(callItem(monitoredCall).description), /Monitoring/);
  });

  it('Switch to Barge In and Mute Monitored User are offered by the monitored call\'s capabilities', async () => {
    const listening = menuOf(callItem(monitoredCall));
    assert.ok(listening.includes('gws.call.switchToBargeIn'), listening.join(', '));
    assert.ok(!listening.includes('gws.call.switchToListenIn'));
    assert.equal(await vscode.commands.executeCommand('gws.call.switchToBargeIn', callNode(monitoredCall)), true, prompter.errors.join(' | '));
    await waitFor('Switch to Listen In offered after barging in', () => menuOf(callItem(monitoredCall)).includes('gws.call.switchToListenIn'));
    await waitFor('Mute Monitored User offered', () => menuOf(callItem(monitoredCall)).includes('gws.call.muteMonitoredUser'));
    assert.equal(await vscode.commands.executeCommand('gws.call.muteMonitoredUser', callNode(monitoredCall)), true, prompter.errors.join(' | '));
    await waitFor('the call to show the monitored user muted', () => /Monitored user muted/.test(String(callItem(monitoredCall).description)));
  });

  it('Cancel Supervisor Monitoring clears the device\'s monitoring', async () => {
    assert.equal(await vscode.commands.executeCommand('gws.device.cancelMonitoring', deviceNode()), true, prompter.errors.join(' | '));
    await waitFor('no monitoring on the device', () => !/monitoring/.test(String(deviceItem().description)));
    assert.ok(!menuOf(deviceItem()).includes('gws.device.cancelMonitoring'));
  });
});
