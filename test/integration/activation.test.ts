import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gws-tools.gws-call-inspector';

describe('extension activation', () => {
  it('is installed in the extension host under its publisher.name id', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} loaded extensions`);
  });

  it('activates without throwing', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers the sign-in and simulator commands', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['gws.signIn', 'gws.startSimulator']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });
});
