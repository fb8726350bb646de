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
import type { ReplayStatus } from '../../src/model/replayScheduler';
import { StreamLog } from '../../src/model/streamLog';
import type { ImportOutcome } from '../../src/webviews/inspector/inspectorPanel';
import { file, pick, ScriptedPrompter } from './support/scriptedPrompter';
import { waitFor } from './support/wait';

const T = 1_700_000_000_000;
const CALL_ID = '00f1a2b3c4d5e6f7';

function callMessage(recording: boolean, notificationType: string) {
  return {
    channel: '/v2/me/calls',
    data: {
      messageType: 'CallStateChangeMessage',
      notificationType,
      call: {
        id: CALL_ID,
        state: 'Established',
        recordingState: recording ? 'Recording' : 'Stopped',
        userData: recording ? { CaseId: 'C-17', GSIP_RECORD: 'ON' } : { CaseId: 'C-17' },
        capabilities: recording ? ['Hangup', 'PauseCallRecording', 'StopCallRecording'] : ['Hangup', 'StartCallRecording'],
      },
    },
  };
}

/** A recording as the inspector exports it: a call, StartCallRecording, its effect; events `gapMs` apart. */
function writeRecording(target: string, gapMs: number, extra = ''): void {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, source: 'session', timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  pipeline.ingestNotification({ message: callMessage(false, 'StatusChange'), receivedAt: T });
  const url = `http://127.0.0.1:8090/api/v2/me/calls/${CALL_ID}`;
  const operation = { id: 1, operationName: 'StartCallRecording', method: 'POST', url, callId: CALL_ID, requestBody: { operationName: 'StartCallRecording' }, requestHeaders: {} };
  pipeline.ingestOperation({ ...operation, phase: 'sent', startedAt: T + gapMs });
  pipeline.ingestOperation({ ...operation, phase: 'completed', startedAt: T + gapMs, completedAt: T + gapMs + 20, httpStatus: 200, statusCode: 0 });
  pipeline.ingestNotification({ message: callMessage(true, 'CallRecordingStateChange'), receivedAt: T + gapMs + 40 });
  pipeline.ingestMeta({ type: 'disconnect', time: T + 2 * gapMs, text: 'Disconnected' });
  fs.writeFileSync(target, exportNdjson(log) + extra);
}

describe('replay of a recording into the inspector (real VS Code)', function () {
  this.timeout(90_000);
  let api: GwsCallInspectorApi;
  let dir: string;

  before(async () => {
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-replay-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('gws.replay.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a file through the command, reporting a bad line by number and keeping the rest', async () => {
    const recording = path.join(dir, 'import.ndjson');
    writeRecording(recording, 100, 'not json\n{"seq": 99, "kind": "meta"');
    const outcome = await vscode.commands.executeCommand<ImportOutcome>('gws.inspector.import', vscode.Uri.file(recording));
    assert.equal(outcome.count, 4);
    assert.equal(outcome.errorCount, 2);
    assert.match(outcome.errors[0], /^line 6: /);
    assert.match(outcome.errors[1], /^line 7: the file ends in the middle of a record/);
    assert.equal(outcome.cancelled, false);
    const reset = await waitFor('the file on the page', () => {
      const last = api.testing.inspector()?.lastReset;
      return last?.view.kind === 'file' ? last : undefined;
    });
    assert.deepEqual(reset.rows.map((r) => r.type), ['StatusChange', 'StartCallRecording', 'CallRecordingStateChange', 'disconnect']);
  });

  it('replays a file as its own source: the rows join the live stream with diffs and links worked out again', async () => {
    const prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
    const recording = path.join(dir, 'replay-fast.ndjson');
    writeRecording(recording, 100);
    prompter.answers.push(file(recording), pick('As fast as possible'));
    const started = await vscode.commands.executeCommand<ReplayStarted>('gws.replay.start');
    assert.deepEqual(prompter.asked, ['open dialog: Replay GWS Notifications', 'pick: Replay Speed How fast to replay the recording']);
    assert.equal(started.total, 4);
    assert.equal(api.testing.deps.inspector.sources.get(started.sourceId)?.source.kind, 'replay');

    const log = api.testing.streamLog;
    const rows = await waitFor('the four replayed rows', () => {
      const replayed = log.rows().filter((r) => r.source === started.sourceId);
      return replayed.length === 4 ? replayed : undefined;
    });
    assert.deepEqual(rows.map((r) => r.type), ['StatusChange', 'StartCallRecording', 'CallRecordingStateChange', 'disconnect']);
    const [, operation, effect] = rows;
    assert.deepEqual(effect.linkedSeqs, [operation.seq], 'linked to the replayed operation, not the recorded seq');
    assert.equal(effect.delayMs, 40, 'the recorded delay');
    assert.deepEqual(effect.diff?.capabilities.lost, ['StartCallRecording']);
    assert.ok('GSIP_RECORD' in (effect.diff?.userData.added ?? {}));
    assert.equal(rows[0].time, T, 'rows keep their recorded time');

    // The inspector shows the live stream, with the replay among its sources.
    const reset = await waitFor('the live stream on the page', () => {
      const last = api.testing.inspector()?.lastReset;
      return last?.view.kind === 'live' ? last : undefined;
    });
    assert.ok(reset);
    assert.ok(api.testing.deps.inspector.sources.list().some((s) => s.id === started.sourceId && s.label === 'Replay of replay-fast.ndjson'));
  });

  it('pauses, steps and stops a replay at 1× from the commands', async () => {
    const recording = path.join(dir, 'replay-slow.ndjson');
    // 30 s between events: at 1× nothing after the first comes by itself during the test.
    writeRecording(recording, 30_000);
    const started = await vscode.commands.executeCommand<ReplayStarted>('gws.replay.start', vscode.Uri.file(recording), { speed: 1 });
    const log = api.testing.streamLog;
    const replayed = () => log.rows().filter((r) => r.source === started.sourceId);
    await waitFor('the first event, due at once', () => replayed().length === 1);
    const paused = await vscode.commands.executeCommand<ReplayStatus>('gws.replay.pause');
    assert.deepEqual(paused, { state: 'paused', position: 1, total: 4, speed: 1 });
    const stepped = await vscode.commands.executeCommand<ReplayStatus>('gws.replay.step');
    assert.equal(stepped.position, 2);
    assert.deepEqual(replayed().map((r) => r.type), ['StatusChange', 'StartCallRecording']);
    const faster = await vscode.commands.executeCommand<ReplayStatus>('gws.replay.speed', { speed: 'max' });
    assert.equal(faster.speed, 'max');
    assert.equal(faster.state, 'paused', 'a new speed does not resume');
    const stopped = await vscode.commands.executeCommand<ReplayStatus>('gws.replay.stop');
    assert.equal(stopped.state, 'stopped');
    assert.equal(replayed().length, 2, 'nothing after the stop');
  });
});
