// Commands on the rows picked in the inspector (real VS Code): Save as Scenario from selected
// rows writes a scenario with only the selected operation, Export Filtered Rows writes only the
// rows the filters show (redacted like Export), and Replay Selected Rows plays only those. The
// test answers the panel's requestSelection as the page would (InspectorPanel.receive), at once,
// so the answer is the one the test chose; the page's own answers are covered by the e2e tests.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReplayStarted } from '../../src/commands/replayCommands';
import type { GwsCallInspectorApi } from '../../src/extension';
import { CallStore } from '../../src/model/callStore';
import { exportNdjson } from '../../src/model/ndjson';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog, type StreamRecord } from '../../src/model/streamLog';
import type { Scenario } from '../../src/scenario/types';
import type { InspectorPanel } from '../../src/webviews/inspector/inspectorPanel';
import type { SelectionDto } from '../../src/webviews/inspector/protocol';
import { toSeqRanges } from '../../src/webviews/inspector/protocol';
import { file, pick, ScriptedPrompter } from './support/scriptedPrompter';
import { waitFor } from './support/wait';

const T = 1_700_000_000_000;
const CALL_ID = '00f1a2b3c4d5e6f8';
const SECRET = 'Basic YWdlbnQxOmFnZW50MQ==';

function callMessage(notificationType: string, state: string, recording: boolean) {
  return {
    channel: '/v2/me/calls',
    data: {
      messageType: 'CallStateChangeMessage',
      notificationType,
      call: {
        id: CALL_ID,
        state,
        ani: '5551234',
        recordingState: recording ? 'Recording' : 'Stopped',
        userData: recording ? { CaseId: 'C-17', GSIP_RECORD: 'ON' } : { CaseId: 'C-17' },
        capabilities: recording ? ['Hangup', 'Hold', 'PauseCallRecording', 'StopCallRecording'] : ['Hangup', 'Hold', 'StartCallRecording'],
      },
    },
  };
}

/** An established call, StartCallRecording and its effect, then Hold and its effect. */
function writeRecording(target: string): void {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, source: 'session', timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  pipeline.ingestNotification({ message: callMessage('StatusChange', 'Established', false), receivedAt: T });
  let id = 1;
  const operate = (name: string, at: number) => {
    const operation = { id: id++, operationName: name, method: 'POST', url: `http://127.0.0.1:8090/api/v2/me/calls/${CALL_ID}`, callId: CALL_ID, requestBody: { operationName: name }, requestHeaders: { Authorization: SECRET } };
    pipeline.ingestOperation({ ...operation, phase: 'sent', startedAt: at });
    pipeline.ingestOperation({ ...operation, phase: 'completed', startedAt: at, completedAt: at + 20, httpStatus: 200, statusCode: 0 });
  };
  operate('StartCallRecording', T + 100);
  pipeline.ingestNotification({ message: callMessage('CallRecordingStateChange', 'Established', true), receivedAt: T + 140 });
  operate('Hold', T + 200);
  pipeline.ingestNotification({ message: callMessage('StatusChange', 'Held', true), receivedAt: T + 240 });
  fs.writeFileSync(target, exportNdjson(log));
}

describe('commands on the inspector\'s selected and filtered rows (real VS Code)', function () {
  this.timeout(90_000);
  let api: GwsCallInspectorApi;
  let dir: string;
  let panel: InspectorPanel;
  let rows: StreamRecord[];
  let prompter: ScriptedPrompter;
  /** What the "page" answers to the next requestSelection. */
  let answer: SelectionDto;
  let listening: vscode.Disposable | undefined;

  const seqOf = (type: string, kind: StreamRecord['kind']) => (rows.find((r) => r.type === type && r.kind === kind) as StreamRecord).seq;

  before(async () => {
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-selection-'));
    const recording = path.join(dir, 'recording.ndjson');
    writeRecording(recording);
    await vscode.commands.executeCommand('gws.inspector.import', vscode.Uri.file(recording));
    await waitFor('the file on the page', () => api.testing.inspector()?.lastReset?.view.kind === 'file');
    panel = api.testing.inspector() as InspectorPanel;
    rows = panel.shownLog.rows();
    assert.equal(rows.length, 5, "a notification, then two operations (one row each, sent then completed) and their effects");
    // Acting as the page: the answer goes back at once, before the real page's could arrive.
    listening = panel.onDidPost((message) => {
      if (message.type === 'requestSelection') void panel.receive({ type: 'selection', requestId: message.requestId, selection: answer });
    });
  });

  beforeEach(async () => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
    // A saved scenario opens in front of the inspector, whose page then goes: show it again and
    // wait for the page to be back (it says ready, and gets a reset).
    if (!panel.panel.visible) {
      const before = panel.lastReset;
      panel.panel.reveal();
      await waitFor('the inspector page back', () => panel.lastReset !== before);
    }
  });

  after(async () => {
    listening?.dispose();
    await vscode.commands.executeCommand('gws.replay.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves only the selected operation as a scenario, with its linked notification as the expectation', async () => {
    answer = { selected: toSeqRanges([seqOf('StartCallRecording', 'operation')]), filtered: toSeqRanges(rows.map((r) => r.seq)), filterActive: false };
    const target = path.join(dir, 'selected.gws-scenario.json');
    prompter.answers.push('Recording only', file(target));
    const written = await vscode.commands.executeCommand<vscode.Uri>('gws.scenario.saveFromSelection');
    assert.equal(written?.fsPath, target);
    const scenario = JSON.parse(fs.readFileSync(target, 'utf8')) as Scenario;
    const operations = scenario.steps.filter((s) => s.do === 'operation').map((s) => (s as { operation: string }).operation);
    assert.deepEqual(operations, ['StartCallRecording'], 'Hold was not selected');
    const expectations = scenario.steps.filter((s) => s.do === 'expect').map((s) => (s as { notification: string }).notification);
    assert.ok(expectations.includes('CallRecordingStateChange'), JSON.stringify(scenario.steps));
    assert.ok(!fs.readFileSync(target, 'utf8').includes('Held'), 'nothing of the Hold');
  });

  it('Save as Scenario asks "selected rows" or "whole stream" when rows are selected', async () => {
    answer = { selected: toSeqRanges([seqOf('Hold', 'operation')]), filtered: [], filterActive: true };
    const target = path.join(dir, 'asked.gws-scenario.json');
    prompter.answers.push(pick('Selected rows'), 'Hold only', file(target));
    await vscode.commands.executeCommand('gws.scenario.saveFromStream');
    assert.deepEqual(prompter.offered[0], ['Selected rows', 'Whole stream']);
    const scenario = JSON.parse(fs.readFileSync(target, 'utf8')) as Scenario;
    assert.deepEqual(scenario.steps.filter((s) => s.do === 'operation').map((s) => (s as { operation: string }).operation), ['Hold']);
  });

  it('exports only the filtered rows, redacted, to the file of the save dialog', async () => {
    const shown = [seqOf('StartCallRecording', 'operation'), seqOf('CallRecordingStateChange', 'notification')];
    answer = { selected: [], filtered: toSeqRanges(shown), filterActive: true };
    const target = path.join(dir, 'filtered.ndjson');
    prompter.answers.push(file(target));
    const written = await vscode.commands.executeCommand<vscode.Uri>('gws.inspector.exportFiltered', { path: path.join(dir, 'not-this.ndjson') });
    assert.equal(written?.fsPath, target);
    assert.deepEqual(prompter.asked, ['save dialog: Export Filtered GWS Notifications']);
    assert.ok(!fs.existsSync(path.join(dir, 'not-this.ndjson')), 'an argument never names the file');
    const text = fs.readFileSync(target, 'utf8');
    const [header, ...lines] = text.trim().split('\n').map((line) => JSON.parse(line) as { seq?: number; count?: number });
    assert.equal(header.count, 2);
    assert.deepEqual(lines.map((line) => line.seq), shown);
    assert.ok(!text.includes('YWdlbnQxOmFnZW50MQ'), 'the Authorization header is redacted');
  });

  it('replays only the selected rows, as their own source', async () => {
    const selected = [seqOf('Hold', 'operation'), seqOf('StatusChange', 'notification')];
    answer = { selected: toSeqRanges([...selected].sort((a, b) => a - b)), filtered: [], filterActive: true };
    const started = await vscode.commands.executeCommand<ReplayStarted>('gws.replay.selection', undefined, { speed: 'max' });
    assert.equal(started.total, 2);
    const replayed = await waitFor('the two replayed rows', () => {
      const found = api.testing.streamLog.rows().filter((r) => r.source === started.sourceId);
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(replayed.map((r) => r.type).sort(), ['Hold', 'StatusChange']);
  });

  it('says what to do when nothing is selected', async () => {
    answer = { selected: [], filtered: [], filterActive: false };
    const result = await vscode.commands.executeCommand('gws.replay.selection', undefined, { speed: 'max' });
    assert.equal(result, undefined);
    assert.match(prompter.warnings[0] ?? '', /select rows in the notification inspector first/);
  });
});
