import * as assert from 'node:assert/strict';
import { OPERATION_COMMANDS } from '../../../src/commands/operationCommands';
import { findOperation } from '../../../src/gws/operations';
import { callContextValue } from '../../../src/views/callNodes';
import { readManifest } from '../../support/manifest';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
    configuration: { properties: Record<string, { scope?: string }> };
  };
}

const manifest = readManifest<Manifest>();
const menu = (name: string) => manifest.contributes.menus[name] ?? [];

/** VS Code's evaluation of our `viewItem =~ /re/` terms. */
function offered(contextValue: string, inline: boolean): string[] {
  return menu('view/item/context')
    .filter((e) => (e.group === 'inline') === inline)
    .filter((e) => {
      const m = /viewItem =~ \/(.*)\//.exec(e.when ?? '');
      return m ? new RegExp(m[1]).test(contextValue) : false;
    })
    .map((e) => e.command);
}

describe('package.json contributions', () => {
  it('offers Stop, Copy URL and Show Facts of a recording proxy in the palette only while one runs', () => {
    const palette = new Map(menu('commandPalette').map((e) => [e.command, e.when]));
    for (const command of ['gws.proxy.stop', 'gws.proxy.copyUrl', 'gws.proxy.showFacts']) assert.equal(palette.get(command), 'gws.proxyRunning', command);
    assert.equal(palette.get('gws.proxy.start'), undefined, 'Start is always offered');
  });

  it('declares only activation events VS Code cannot derive, and the GWS category on every command', () => {
    // Commands, views and settings activate the extension by themselves (VS Code ≥ 1.74). Two
    // needs are no contribution: the status bar, gws.autoSignIn and the restored session must
    // start once the window is up (onStartupFinished: after startup, never slowing it), and a
    // webview serializer must be registered to restore the inspector after a reload.
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', 'onWebviewPanel:gws.inspector']);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'GWS', c.command);
  });

  it('contributes one command per call operation, each a real GWS operation', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const op of OPERATION_COMMANDS) {
      assert.ok(contributed.has(op.command), `${op.command} is contributed`);
      assert.ok(findOperation(op.operation), `${op.operation} is in the operation catalogue`);
      const palette = menu('commandPalette').find((e) => e.command === op.command);
      assert.equal(palette?.when, 'gws.signedIn', `${op.command} is hidden from the palette when signed out`);
    }
  });

  it('names each operation the same way in the palette, the pickers and the messages (the catalogue label)', () => {
    for (const spec of OPERATION_COMMANDS) {
      const contributed = manifest.contributes.commands.find((c) => c.command === spec.command);
      assert.equal(contributed?.title, spec.title, spec.command);
      assert.equal(findOperation(spec.operation)?.label, spec.title.replace(/\.\.\.$/, ''), spec.command);
    }
  });

  it('offers an operation in the context menu only when the call has that capability', () => {
    const recording = callContextValue({ id: 'a', capabilities: ['Hold', 'PauseCallRecording', 'StopCallRecording', 'Hangup'] });
    const items = offered(recording, false);
    assert.ok(items.includes('gws.call.pauseRecording'));
    assert.ok(items.includes('gws.call.stopRecording'));
    assert.ok(items.includes('gws.call.hold'));
    assert.ok(!items.includes('gws.call.startRecording'));
    assert.ok(!items.includes('gws.call.retrieve'));
    assert.ok(!items.includes('gws.call.answer'));
  });

  it('does not confuse capabilities that share a prefix', () => {
    // "Hold" must not match "HoldAll"; "MuteCall" must not offer "UnmuteCall".
    const items = offered(callContextValue({ id: 'a', capabilities: ['MuteCall'] }), false);
    assert.ok(items.includes('gws.call.mute'));
    assert.ok(!items.includes('gws.call.unmute'));
    assert.ok(!offered(callContextValue({ id: 'a', capabilities: ['HoldAll'] }), false).includes('gws.call.hold'));
  });

  it('puts the inline buttons on calls that allow them', () => {
    const ringing = offered(callContextValue({ id: 'a', capabilities: ['Answer', 'Hangup'] }), true);
    assert.deepEqual(new Set(ringing), new Set(['gws.call.answer', 'gws.call.hangup']));
  });

  it('keeps profiles a user-level setting', () => {
    assert.equal(manifest.contributes.configuration.properties['gws.profiles'].scope, 'application');
    assert.ok(manifest.contributes.configuration.properties['gws.inspector.maxEvents']);
  });
});
