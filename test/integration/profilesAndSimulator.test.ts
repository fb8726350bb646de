import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { waitFor } from './support/wait';

describe('server profiles and the in-window simulator (real VS Code)', function () {
  this.timeout(60_000);
  let api: GwsCallInspectorApi;
  let prompter: ScriptedPrompter;

  before(async () => {
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  it('adds, edits and removes a profile; the password lives only in secret storage', async () => {
    const { profiles } = api.testing.deps;
    prompter.answers.push('https://gws.example.com:8443/', 'agent7', 's3cret-pass', 'Lab server');
    await vscode.commands.executeCommand('gws.addProfile');
    const added = profiles.list().find((p) => p.name === 'Lab server');
    assert.ok(added);
    assert.equal(added.url, 'https://gws.example.com:8443');
    assert.equal(await profiles.getPassword(added.id), 's3cret-pass');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('gws').get('profiles'));
    assert.ok(!settings.includes('s3cret-pass'), 'the password is not in settings');

    // Turning TLS verification off asks for confirmation first.
    prompter.answers.push(pick('TLS certificate verification'), 'confirm');
    await vscode.commands.executeCommand('gws.editProfile', { profileId: added.id });
    assert.equal(profiles.get(added.id)?.rejectUnauthorized, false);

    prompter.answers.push(pick('Name'), 'Lab server (self-signed)');
    await vscode.commands.executeCommand('gws.editProfile', { profileId: added.id });
    assert.equal(profiles.get(added.id)?.name, 'Lab server (self-signed)');

    prompter.answers.push('confirm');
    await vscode.commands.executeCommand('gws.removeProfile', { profileId: added.id });
    assert.equal(profiles.get(added.id), undefined);
    assert.equal(await profiles.getPassword(added.id), undefined, 'the secret is deleted with the profile');
  });

  it('"Start Local Simulator" starts the built-in simulator in this window and signs in to it', async () => {
    const { controller, simulator } = api.testing.deps;
    assert.equal(await vscode.commands.executeCommand<boolean>('gws.startSimulator'), true, prompter.errors.join(' | '));
    assert.equal(controller.state, 'connected');
    assert.ok(simulator.url);
    assert.equal(controller.profile?.url, simulator.url);
    assert.equal(controller.profile?.user, 'agent1');
    const response = await fetch(`${simulator.url}/api/v2/diagnostics/version`);
    assert.equal(response.status, 200);

    await vscode.commands.executeCommand('gws.stopSimulator');
    await waitFor('signed out', () => controller.state === 'signedOut');
    assert.equal(simulator.url, undefined);
  });
});
