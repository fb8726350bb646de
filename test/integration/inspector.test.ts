import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { toRowDto } from '../../src/webviews/inspector/rows';
import { file, pick, ScriptedPrompter } from './support/scriptedPrompter';
import { simPost } from './support/simulatorHttp';
import { waitFor } from './support/wait';

describe('notification inspector (real VS Code, built-in simulator)', function () {
  this.timeout(90_000);
  let sim: RunningSimulator;
  let api: GwsCallInspectorApi;
  let dir: string;

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    api.testing.deps.prompter.current = new ScriptedPrompter();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-inspector-'));
    await api.testing.deps.profiles.save({ id: 'inspector-sim', name: 'Inspector simulator', url: sim.url, user: 'agent1', simulator: true });
    assert.equal(await vscode.commands.executeCommand('gws.signIn', { profileId: 'inspector-sim' }), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // A simulator profile logs the agent in (agent mode), so Sign Out asks first.
    const prompter = new ScriptedPrompter();
    prompter.answers.push(pick('Log Out of Voice and Sign Out'));
    api.testing.deps.prompter.current = prompter;
    await vscode.commands.executeCommand('gws.signOut');
    await api.testing.deps.profiles.remove('inspector-sim');
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('links StartCallRecording to the notification it caused, with its capability diff', async () => {
    const { id } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5557777', state: 'Established' });
    await waitFor('the call in the store', () => api.testing.deps.store.get(id));
    assert.equal(await vscode.commands.executeCommand('gws.call.startRecording', id), true);

    const log = api.testing.streamLog;
    const notification = await waitFor('the CallRecordingStateChange record', () =>
      log.rows().find((r) => r.kind === 'notification' && r.type === 'CallRecordingStateChange' && r.callId === id),
    );
    assert.deepEqual([...(notification.diff?.capabilities.gained ?? [])].sort(), ['PauseCallRecording', 'StopCallRecording']);
    assert.ok(notification.diff?.capabilities.lost.includes('StartCallRecording'));
    assert.ok('GSIP_RECORD' in (notification.diff?.userData.added ?? {}));
    const operation = log.rows().find((r) => r.kind === 'operation' && r.type === 'StartCallRecording' && r.callId === id);
    assert.ok(operation, 'the operation is in the stream');
    await waitFor('the link from the operation', () => log.get(operation.seq)?.linkedSeqs?.includes(notification.seq));
  });

  it('links Dial to the call it made, and an agent-state change to the device notification it caused', async () => {
    const log = api.testing.streamLog;
    const prompter = new ScriptedPrompter();
    prompter.answers.push('5558888');
    api.testing.deps.prompter.current = prompter;
    assert.equal(await vscode.commands.executeCommand('gws.call.dial'), true, prompter.errors.join(' | '));
    const dial = await waitFor('the Dial operation', () => log.rows().find((r) => r.kind === 'operation' && r.type === 'Dial'));
    const made = await waitFor('the dialled call, linked to the Dial', () =>
      log.rows().find((r) => r.kind === 'notification' && r.linkedSeqs?.includes(dial.seq) && r.state === 'Dialing'),
    );
    assert.ok(made.callId, 'the dialled call has an id');
    await waitFor('the Dial to list it', () => log.get(dial.seq)?.linkedSeqs?.includes(made.seq));

    await api.testing.deps.controller.require().setAgentState('NotReady');
    const agentState = await waitFor('the NotReady operation', () => log.rows().find((r) => r.kind === 'operation' && r.type === 'NotReady'));
    await waitFor('the device notification linked to it', () =>
      log.rows().find((r) => r.kind === 'notification' && r.messageType === 'DeviceStateChangeMessage' && r.linkedSeqs?.includes(agentState.seq)),
    );
  });

  it('shows a chat, an email and a workitem as rows with their userData diffs (every channel is subscribed)', async () => {
    const log = api.testing.streamLog;
    for (const kind of ['chat', 'email', 'workitem'] as const) {
      const first = await simPost<{ id: string }>(sim.url, '/sim/media', { user: 'agent1', kind, userData: { CaseId: 'C-41' } });
      await simPost(sim.url, '/sim/media', { user: 'agent1', kind, id: first.id, state: 'Accepted', userData: { CaseId: 'C-42', Segment: 'Gold' } });
      const changed = await waitFor(`the second ${kind} message, diffed against the first`, () =>
        log.rows().find((r) => r.kind === 'notification' && r.entities?.some((e) => e.kind === kind && e.id === first.id && !e.first)),
      );
      const diff = changed.entities!.find((e) => e.kind === kind && e.id === first.id)!;
      assert.deepEqual(diff.userData.changed.CaseId, { old: 'C-41', new: 'C-42' }, `${kind}: CaseId changed`);
      assert.deepEqual(diff.userData.added, { Segment: 'Gold' }, `${kind}: Segment added`);
      assert.match(changed.summary, new RegExp(`^${kind} `), `${kind} row says what it is: ${changed.summary}`);
    }
  });

  it('links StartCallRecording to its CallRecordingStateChange, and not to the router\'s userData change that follows', async () => {
    const log = api.testing.streamLog;
    const { id } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5556666', state: 'Established' });
    await waitFor('the call in the store', () => api.testing.deps.store.get(id));
    assert.equal(await vscode.commands.executeCommand('gws.call.startRecording', id), true);
    const recording = await waitFor('the CallRecordingStateChange', () =>
      log.rows().find((r) => r.kind === 'notification' && r.type === 'CallRecordingStateChange' && r.callId === id),
    );
    // The router changes userData on the same call, within the link window (the integration
    // under test would see both): an effect StartCallRecording does not have.
    await simPost(sim.url, `/sim/calls/${encodeURIComponent(id)}/user-data`, { userData: { RouterSegment: 'Platinum' } });
    const routerChange = await waitFor('the router\'s AttachedDataChanged', () =>
      log.rows().find((r) => r.kind === 'notification' && r.callId === id && r.seq > recording.seq && 'RouterSegment' in (r.diff?.userData.added ?? {})),
    );
    const operation = log.rows().find((r) => r.kind === 'operation' && r.type === 'StartCallRecording' && r.callId === id)!;
    await waitFor('the recording notification linked', () => log.get(operation.seq)?.linkedSeqs?.includes(recording.seq));
    assert.equal(routerChange.linkedSeqs, undefined, 'the router change names no operation');
    assert.ok(!log.get(operation.seq)?.linkedSeqs?.includes(routerChange.seq), 'StartCallRecording does not claim the router change');
  });

  it('exports to NDJSON and, imported in a fresh panel, gives the same rows and diffs', async () => {
    await vscode.commands.executeCommand('gws.openInspector');
    await waitFor('the live panel to be ready', () => api.testing.inspector()?.lastReset?.view.kind === 'live');
    const file = path.join(dir, 'stream.ndjson');
    // What the save dialog's answer leads to (the export command itself always asks).
    await api.testing.inspector()!.exportShown(vscode.Uri.file(file));
    const text = fs.readFileSync(file, 'utf8');
    // A header line (format, version, dropped count), then one record per event.
    const [header, ...lines] = text.trim().split('\n');
    assert.equal(JSON.parse(header).seq, undefined);
    const exported = api.testing.streamLog.rows().filter((r) => r.seq <= Number(JSON.parse(lines[lines.length - 1]).seq));
    assert.equal(lines.length, exported.length, 'one record per event');
    assert.doesNotMatch(text, /JSESSIONID=(?!\[redacted\])[A-Za-z0-9]/, 'no session cookie value in the export');
    assert.doesNotMatch(text, /Basic (?!\[redacted\])[A-Za-z0-9+/=]{8,}/, 'no Basic credential in the export');

    // A fresh panel: close the live one, then import.
    api.testing.inspector()?.dispose();
    assert.equal(api.testing.inspector(), undefined);
    await vscode.commands.executeCommand('gws.inspector.import', vscode.Uri.file(file));
    const imported = await waitFor('the imported panel to be ready', () => {
      const reset = api.testing.inspector()?.lastReset;
      return reset?.view.kind === 'file' ? reset : undefined;
    });
    assert.equal(imported.rows.length, lines.length);
    assert.deepEqual(imported.rows, exported.map((r) => toRowDto(r, false)));
    const liveLog = api.testing.streamLog;
    const fileLog = api.testing.inspector()!.shownLog;
    for (const row of imported.rows) {
      assert.deepEqual(fileLog.get(row.seq)?.diff, liveLog.get(row.seq)?.diff, `diff of #${row.seq}`);
    }
  });

  it('the export command ignores its arguments: it writes only where the save dialog says', async () => {
    const prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
    const asPath = path.join(dir, 'argument-path.ndjson');
    const asUri = path.join(dir, 'argument-uri.ndjson');
    const asFileUri = vscode.Uri.file(path.join(dir, 'argument-file-uri.ndjson')).toString();

    // Cancelled dialogs: nothing is written, whatever the argument named.
    for (const argument of [asPath, vscode.Uri.file(asUri), asFileUri, { fsPath: asPath }]) {
      prompter.answers.push(undefined);
      const result = await vscode.commands.executeCommand('gws.inspector.export', argument);
      assert.equal(result, undefined, `export with ${JSON.stringify(argument)} returned ${String(result)}`);
    }
    assert.deepEqual(prompter.asked, Array(4).fill('save dialog: Export GWS Notifications'), 'it asked every time');
    for (const written of [asPath, asUri, path.join(dir, 'argument-file-uri.ndjson')]) {
      assert.equal(fs.existsSync(written), false, `${written} must not be written`);
    }

    // The dialog's answer is where it writes; the argument is still ignored.
    const chosen = path.join(dir, 'chosen.ndjson');
    prompter.answers.push(file(chosen));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('gws.inspector.export', asPath);
    assert.equal(uri?.fsPath, chosen);
    assert.ok(fs.readFileSync(chosen, 'utf8').length > 0, 'the chosen file has the stream');
    assert.equal(fs.existsSync(asPath), false);
  });

  it('the import command opens a vscode.Uri argument, never a string; without a Uri it asks', async () => {
    const prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
    const source = path.join(dir, 'import-source.ndjson');
    await vscode.commands.executeCommand('gws.openInspector');
    const panel = await waitFor('the inspector panel', () => api.testing.inspector());
    await panel.exportShown(vscode.Uri.file(source));
    assert.ok(fs.existsSync(source));
    prompter.answers.push(undefined);
    assert.equal(await vscode.commands.executeCommand('gws.inspector.import', source), undefined, 'a string is not a file to open');
    assert.deepEqual(prompter.asked, ['open dialog: Import GWS Notifications']);
    const opened = await vscode.commands.executeCommand<{ count: number }>('gws.inspector.import', vscode.Uri.file(source));
    assert.ok(opened && opened.count > 0, 'a Uri argument is opened');
    assert.equal(prompter.asked.length, 1, 'no dialog for a Uri argument');
  });
});
