// Scenarios in VS Code's Testing view, for real: the files are found in the window's workspace
// folder, VS Code's own "Run All Tests" (the view's ▷) runs them through the extension's run
// profile, and the states it is given are read back from the controller's report
// (src/testing/scenarioTests.ts onDidReport: extensions cannot read the view's results).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import type { Scenario } from '../../src/scenario/types';
import { ANSWER_AND_RECORD } from '../support/answerAndRecordScenario';
import type { ScenarioOutcome } from '../../src/testing/scenarioTests';
import type { ToPage } from '../../src/webviews/inspector/protocol';
import { waitFor } from './support/wait';

const RECORDING = ANSWER_AND_RECORD;

/** The same, against a simulator that no longer publishes the recording notification. */
const DROPPED: Scenario = {
  name: 'Answer and record, notification dropped',
  steps: [RECORDING.steps[0], { do: 'fault', fault: 'drop-notifications', params: { types: ['CallRecordingStateChange'] } }, ...RECORDING.steps.slice(1)],
};

/** The 0-based line of the last `"do"` in a scenario file's lines: its last step. */
function lastStepLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].includes('"do"')) return i;
  return -1;
}

const FINAL: ReadonlySet<ScenarioOutcome['state']> = new Set(['passed', 'failed', 'errored', 'skipped']);

describe('scenarios in the Testing view (real VS Code)', function () {
  this.timeout(120_000);
  let api: GwsCallInspectorApi;
  let dir: string;
  let passing: vscode.Uri;
  let failing: vscode.Uri;
  /** The last state each item was given. */
  const outcomes = new Map<string, ScenarioOutcome>();
  let listening: vscode.Disposable | undefined;

  before(async () => {
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder (test/host/run-integration.js)');
    dir = path.join(folder.uri.fsPath, 'scenario-tests');
    fs.mkdirSync(dir, { recursive: true });
    passing = vscode.Uri.file(path.join(dir, 'record.gws-scenario.json'));
    failing = vscode.Uri.file(path.join(dir, 'dropped.gws-scenario.json'));
    fs.writeFileSync(passing.fsPath, `${JSON.stringify(RECORDING, null, 2)}\n`);
    fs.writeFileSync(failing.fsPath, `${JSON.stringify(DROPPED, null, 2)}\n`);
    listening = api.testing.scenarios.onDidReport((outcome) => outcomes.set(outcome.id, outcome));
  });

  after(async () => {
    listening?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds each scenario file of the workspace as a test, with a child per step at its line', async () => {
    // Opening the view makes VS Code ask the controller for its tests (resolveHandler).
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const items = api.testing.scenarios.controller.items;
    const found = await waitFor('both scenario files in the Testing view', () => {
      const a = items.get(passing.toString());
      const b = items.get(failing.toString());
      return a && b && a.children.size > 0 && b.children.size > 0 ? { a, b } : undefined;
    });
    assert.equal(found.a.label, 'Answer and record');
    assert.equal(found.a.children.size, RECORDING.steps.length);
    assert.equal(found.b.children.size, DROPPED.steps.length);
    const seventh = found.a.children.get(`${passing.toString()}#7`);
    assert.equal(seventh?.label, '7. expect CallRecordingStateChange for $call1');
    const lines = fs.readFileSync(passing.fsPath, 'utf8').split('\n');
    assert.match(lines[seventh?.range?.start.line ?? 0], /"do": "expect"/);
    assert.equal(seventh?.range?.start.line, lastStepLine(lines), 'the last step is at the last "do"');
  });

  it('runs them from the view\'s Run All Tests: the recording scenario passes step by step, the dropped notification fails with expected and received', async () => {
    await vscode.commands.executeCommand('testing.runAll');
    const done = (uri: vscode.Uri) => {
      const outcome = outcomes.get(uri.toString());
      return outcome && FINAL.has(outcome.state) ? outcome : undefined;
    };
    const passed = await waitFor('the recording scenario to end', () => done(passing), 60_000);
    const failed = await waitFor('the dropped-notification scenario to end', () => done(failing), 60_000);

    assert.equal(passed.state, 'passed', passed.message?.message.toString());
    for (let step = 1; step <= RECORDING.steps.length; step++) {
      const child = outcomes.get(`${passing.toString()}#${step}`);
      assert.equal(child?.state, 'passed', `step ${step}`);
      assert.equal(typeof child?.durationMs, 'number', `step ${step} has its time`);
    }

    assert.equal(failed.state, 'failed');
    for (let step = 1; step <= 7; step++) assert.equal(outcomes.get(`${failing.toString()}#${step}`)?.state, 'passed', `step ${step}`);
    const expectStep = outcomes.get(`${failing.toString()}#8`);
    assert.equal(expectStep?.state, 'failed');
    const message = expectStep?.message;
    assert.ok(message);
    assert.match(String(message.message), /^step 8: expected within 2,000 ms a CallRecordingStateChange for \$call1 with recordingState Recording/);
    assert.equal(
      message.expectedOutput,
      'within 2,000 ms a CallRecordingStateChange for $call1 with recordingState Recording, capabilities +PauseCallRecording −StartCallRecording, userData +GSIP_RECORD',
    );
    assert.ok(message.actualOutput !== undefined && !message.actualOutput.includes('CallRecordingStateChange'), message.actualOutput);
    assert.equal(message.location?.uri.toString(), failing.toString());
    const lines = fs.readFileSync(failing.fsPath, 'utf8').split('\n');
    assert.equal(message.location?.range.start.line, lastStepLine(lines), 'points at the failed step');
    assert.equal(message.contextValue, 'gwsScenarioEvent', 'offers Show in Inspector');
  });

  it('"Show in Inspector" on the failure opens the inspector at the run\'s call, given the copy of the message VS Code hands its menu', async () => {
    const message = outcomes.get(`${failing.toString()}#8`)?.message;
    assert.ok(message?.location);
    await vscode.commands.executeCommand('gws.openInspector');
    const panel = await waitFor('the inspector page', () => (api.testing.inspector()?.lastReset ? api.testing.inspector() : undefined));
    const posted: ToPage[] = [];
    const subscription = panel.onDidPost((sent) => posted.push(sent));
    try {
      // What the view's menu passes (VS Code's extHostTesting.ts: the message rebuilt from what it was sent).
      const copy = new vscode.TestMessage(message.message);
      copy.expectedOutput = message.expectedOutput;
      copy.actualOutput = message.actualOutput;
      copy.location = new vscode.Location(message.location.uri, message.location.range);
      copy.contextValue = message.contextValue;
      await vscode.commands.executeCommand('gws.scenario.showInInspector', { message: copy });
      const focus = await waitFor('the inspector focused on a call', () => posted.find((sent) => sent.type === 'focusCall'));
      assert.equal(focus.type, 'focusCall');
      const runRows = api.testing.streamLog.rows().filter((row) => row.source?.startsWith('scenario-') && row.callId === focus.callId);
      assert.ok(runRows.some((row) => row.type === 'StatusChange'), 'the call of the failed run, whose events are in the inspector');
    } finally {
      subscription.dispose();
    }
  });
});
