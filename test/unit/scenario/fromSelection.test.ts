// Save as Scenario from Selected Rows (fromSelection.ts): rows picked out of a real recorded
// session (simulator → GwsSession → Pipeline) become a scenario that holds only the selected
// operations, expects what the inspector linked to them, rings the call in as it was when the
// operation ran, and passes against a fresh simulator.
import * as assert from 'node:assert/strict';
import type { StreamRecord } from '../../../src/model/streamLog';
import { rowsForSelection, scenarioFromSelection } from '../../../src/scenario/fromSelection';
import { parseScenario } from '../../../src/scenario/parse';
import { runScenario } from '../../../src/scenario/runner';
import type { ExpectStep, InboundCallStep } from '../../../src/scenario/types';
import { startSimulator } from '../../../src/simulator';
import { answeredAndRecordedRows } from './support';

describe('scenario: Save as Scenario from selected rows', function () {
  let rows: StreamRecord[];
  let startRecording: StreamRecord;
  let answer: StreamRecord;

  before(async () => {
    rows = await answeredAndRecordedRows();
    startRecording = rows.find((r) => r.kind === 'operation' && r.type === 'StartCallRecording') as StreamRecord;
    answer = rows.find((r) => r.kind === 'operation' && r.type === 'Answer') as StreamRecord;
  });

  it('adds to a selected operation its linked notifications and how its call was just before', () => {
    const picked = rowsForSelection(rows, [startRecording.seq]);
    const linked = startRecording.linkedSeqs ?? [];
    assert.ok(linked.length > 0);
    for (const seq of linked) assert.ok(picked.some((r) => r.seq === seq), `linked #${seq} is in`);
    assert.ok(!picked.some((r) => r.seq === answer.seq), 'the Answer operation is not selected: not in');
    const context = picked[0];
    assert.equal(context.kind, 'notification');
    assert.equal(context.state, 'Established', 'the call as it was when recording started');
    assert.ok(context.seq < startRecording.seq);
    assert.deepEqual(picked.map((r) => r.seq), [...picked.map((r) => r.seq)].sort((a, b) => a - b), 'in seq order');
  });

  it('takes a selected notification of the call before the operation as its context instead', () => {
    const ringing = rows.find((r) => r.kind === 'notification' && r.state === 'Ringing') as StreamRecord;
    const picked = rowsForSelection(rows, [ringing.seq, answer.seq]);
    const before = picked.filter((r) => r.seq < answer.seq);
    assert.deepEqual(before.map((r) => r.seq), [ringing.seq]);
  });

  it('ignores seqs that name no row', () => {
    assert.deepEqual(rowsForSelection(rows, [-5, 1_000_000]), []);
  });

  it('saves only the selected operation, with its expectation, and the scenario passes against a fresh simulator', async () => {
    const { scenario, skipped } = scenarioFromSelection(rows, [startRecording.seq], { name: 'Only the recording' });
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      scenario.steps.map((s) => s.do),
      ['signIn', 'inboundCall', 'expect', 'operation', 'expect'],
    );
    const operations = scenario.steps.filter((s) => s.do === 'operation').map((s) => (s as { operation: string }).operation);
    assert.deepEqual(operations, ['StartCallRecording']);
    const inbound = scenario.steps[1] as InboundCallStep;
    assert.equal(inbound.state, 'Established');
    assert.equal(inbound.from, '5551234');
    const effect = scenario.steps[4] as ExpectStep;
    assert.equal(effect.notification, 'CallRecordingStateChange');
    assert.equal(effect.fields?.recordingState, 'Recording');

    const result = await runScenario(parseScenario(JSON.stringify(scenario)), { startSimulator: () => startSimulator({ port: 0 }) });
    assert.equal(result.passed, true, JSON.stringify(result.steps.filter((s) => s.status !== 'passed'), null, 2));
  });
});
