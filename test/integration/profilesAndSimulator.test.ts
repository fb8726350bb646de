import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../src/common/logger';
import type { GwsCallInspectorApi } from '../../src/extension';
import { LocalSimulator } from '../../src/session/localSimulator';
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

  it('a simulator whose stop fails when it is disposed: the failure is logged, never an unhandled rejection', async () => {
    // An extension folder whose dist/simulator.js starts fine and fails to stop.
    const extensionPath = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-failing-simulator-'));
    fs.mkdirSync(path.join(extensionPath, 'dist'));
    fs.writeFileSync(
      path.join(extensionPath, 'dist', 'simulator.js'),
      "exports.startSimulator = async () => ({ url: 'http://127.0.0.1:9', stop: () => Promise.reject(new Error('stop failed on purpose')) });\n",
    );
    const logged: string[] = [];
    const record = (component: string, message: string | Error) => logged.push(`${component}: ${message instanceof Error ? message.message : message}`);
    const logger = { trace: record, debug: record, info: record, warn: record, error: record } as unknown as Logger;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const simulator = new LocalSimulator(extensionPath, logger);
      assert.equal(await simulator.start(), 'http://127.0.0.1:9');
      simulator.dispose();
      await waitFor('the failed stop in the log', () => logged.find((line) => /stop failed on purpose/.test(line)));
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      fs.rmSync(extensionPath, { recursive: true, force: true });
    }
  });
});
