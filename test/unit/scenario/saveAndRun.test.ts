// A recorded session → Save as Scenario (fromRecords.ts) → run against a fresh simulator
// (runner.ts) passes; the same scenario against a simulator that drops the recording
// notification fails, saying what was expected and what arrived.
import * as assert from 'node:assert/strict';
import { scenarioFromRecords } from '../../../src/scenario/fromRecords';
import { parseScenario } from '../../../src/scenario/parse';
import { runScenario, type RunningServer } from '../../../src/scenario/runner';
import type { ExpectStep } from '../../../src/scenario/types';
import { startSimulator } from '../../../src/simulator';
import { recordAnswerAndRecording, recordSession } from './support';

async function freshSimulator(dropNotifications: string[] = []): Promise<RunningServer> {
  const sim = await startSimulator({ port: 0 });
  if (dropNotifications.length > 0) sim.control.dropNotifications(dropNotifications);
  return sim;
}

describe('scenario: recorded session → Save as Scenario → run', function () {
  let saved: string;

  before(async () => {
    const recording = await recordSession();
    try {
      await recordAnswerAndRecording(recording);
      const { scenario } = scenarioFromRecords(recording.log.rows(), { name: 'Answer and record' });
      saved = JSON.stringify(scenario, null, 2);
    } finally {
      await recording.dispose();
    }
  });

  it('turns operations into steps and their notifications into expectations with the observed diff', () => {
    const scenario = parseScenario(saved);
    assert.deepEqual(
      scenario.steps.map((s) => s.do),
      ['signIn', 'inboundCall', 'expect', 'operation', 'expect', 'operation', 'expect'],
    );
    assert.deepEqual(scenario.steps[1], { do: 'inboundCall', bind: '$call1', from: '5551234', userData: { Customer: 'ACME' } });
    assert.deepEqual(scenario.steps[3], { do: 'operation', call: '$call1', operation: 'Answer' });
    const recording = scenario.steps[6] as ExpectStep;
    assert.equal(recording.notification, 'CallRecordingStateChange');
    assert.equal(recording.call, '$call1');
    assert.equal(recording.fields?.recordingState, 'Recording');
    assert.ok(recording.capabilities?.gained?.includes('PauseCallRecording'), JSON.stringify(recording));
    assert.ok(recording.capabilities?.lost?.includes('StartCallRecording'), JSON.stringify(recording));
    assert.ok((recording.userData?.added as string[]).includes('GSIP_RECORD'), JSON.stringify(recording));
    assert.ok((recording.within ?? 0) >= 2_000);
    assert.ok(!saved.includes('"connId"') && !saved.includes('"callUuid"'), 'generated ids are left out');
  });

  it('passes against a fresh simulator, every step with its timing', async () => {
    const result = await runScenario(parseScenario(saved), { startSimulator: () => freshSimulator() });
    assert.equal(result.passed, true, JSON.stringify(result.steps.filter((s) => s.status !== 'passed'), null, 2));
    assert.equal(result.steps.length, 7);
    for (const step of result.steps) assert.equal(step.status, 'passed');
    // Each step's own timing (whole ms, measured from its own start): together no more than the run.
    assert.ok(result.steps.every((step) => Number.isInteger(step.durationMs)), JSON.stringify(result.steps.map((s) => s.durationMs)));
    assert.ok(result.steps.reduce((sum, step) => sum + step.durationMs, 0) <= result.durationMs, JSON.stringify(result));
    assert.ok(result.steps[6].eventTime !== undefined, 'the matched notification is known');
  });

  it('fails with expected and received when the simulator drops the recording notification', async () => {
    let sessions = 0;
    let disposed = 0;
    const result = await runScenario(parseScenario(saved), {
      startSimulator: () => freshSimulator(['CallRecordingStateChange']),
      onSession: () => {
        sessions += 1;
        return { dispose: () => (disposed += 1) };
      },
    });
    assert.equal(result.passed, false);
    assert.deepEqual([sessions, disposed], [1, 1], 'the run shows its session once and lets it go');
    const failed = result.steps.filter((s) => s.status === 'failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].index, 7);
    assert.match(failed[0].message ?? '', /^step 7: expected within [\d,]+ ms a CallRecordingStateChange for \$call1 with recordingState Recording, capabilities .*\+PauseCallRecording.*−StartCallRecording.*userData \+GSIP_RECORD/);
    assert.match(failed[0].expected ?? '', /CallRecordingStateChange/);
    assert.match(failed[0].received ?? '', /nothing for \$call1/);
    assert.match(failed[0].callId ?? '', /^[0-9A-Z]{32}$/, 'the call the failure is about, for Show in Inspector');
  });

  it('a step after a failure is skipped, and a failed operation names its step', async () => {
    const scenario = parseScenario(saved);
    const result = await runScenario(
      { ...scenario, steps: [...scenario.steps.slice(0, 2), { do: 'operation', call: '$call1', operation: 'Retrieve' }, ...scenario.steps.slice(2)] },
      { startSimulator: () => freshSimulator() },
    );
    assert.equal(result.passed, false);
    assert.equal(result.steps[2].status, 'failed');
    assert.match(result.steps[2].message ?? '', /^step 3: /);
    assert.ok(result.steps.slice(3).every((s) => s.status === 'skipped'));
  });
});
