import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { exportNdjson, importNdjson } from '../../../src/model/ndjson';
import { Pipeline } from '../../../src/model/pipeline';
import { Replay } from '../../../src/model/replay';
import { Sources } from '../../../src/model/sources';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import { callBeforeRecording, callMessage, callOperation, heldMessage, received, recordingStartedMessage } from './fixtures/samples';
import { FakeReplayClock } from './fakeReplayClock';

const T = 1_700_000_000_000;
const noTimers = { setTimeout: () => 0, clearTimeout: () => undefined };

/** A recorded session: sign-in, StartCallRecording and the notification it caused, a Hold, a bad message. */
function recording(): StreamLog {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: noTimers, source: 'session' });
  pipeline.ingestMeta({ type: 'signIn', time: T, text: 'Signed in as agent1', detail: { user: 'agent1' } });
  pipeline.ingestNotification(received(callMessage(callBeforeRecording()), T + 5));
  pipeline.ingestOperation(callOperation({ id: 7, phase: 'sent', startedAt: T + 10 }));
  pipeline.ingestOperation(callOperation({ id: 7, phase: 'completed', startedAt: T + 10, completedAt: T + 40, httpStatus: 200, statusCode: 0 }));
  pipeline.ingestNotification(received(recordingStartedMessage(), T + 60));
  pipeline.ingestNotification(received(heldMessage(), T + 900));
  pipeline.ingestNotification(received({ channel: '/v2/me/calls', data: 'garbage' }, T + 950));
  return log;
}

/** What a row says, without what differs between two runs (seq, source, links by seq). */
function gist(record: StreamRecord): unknown {
  return [record.kind, record.time, record.type, record.callId, record.summary, record.changed, record.error ?? false, record.diff, record.delayMs, record.rttMs];
}

describe('replay into the inspector (real pipeline, fake clock)', () => {
  it('replays a file\'s rows as its own source, with the same diffs and links worked out afresh', () => {
    const recorded = recording().rows();
    const { log: file } = importNdjson(exportNdjson(recording()));
    const live = new StreamLog(1_000);
    live.append({ time: T, kind: 'meta', channel: 'session', type: 'connect', summary: 'the live session', changed: true, source: 'session' });
    const sources = new Sources(live, { noNotificationWarningMs: 5_000, timers: noTimers });
    const clock = new FakeReplayClock();
    const replay = new Replay(sources, { records: file.rows(), label: 'Replay of calls.ndjson', speed: 'max', timers: clock });
    assert.deepEqual(sources.list().map((s) => [s.kind, s.label]), [['replay', 'Replay of calls.ndjson']]);

    replay.scheduler.play();
    clock.runAll();
    assert.equal(replay.scheduler.state, 'done');
    const replayed = live.rows().filter((r) => r.source === replay.sourceId);
    assert.deepEqual(replayed.map(gist), recorded.map(gist));
    const operation = replayed.find((r) => r.kind === 'operation')!;
    const effect = replayed.find((r) => r.type === 'CallRecordingStateChange' || r.recordingState === 'Recording')!;
    assert.deepEqual(effect.linkedSeqs, [operation.seq], 'the notification links to the replayed operation');
    assert.deepEqual(operation.linkedSeqs, [effect.seq]);
    assert.equal(effect.delayMs, 50, 'the delay as recorded, though replayed as fast as possible');
    assert.ok(effect.diff?.capabilities.lost.includes('StartCallRecording'), 'the diff is against the replayed previous notification');
    assert.equal(live.rows()[0].summary, 'the live session', 'the live rows are untouched');

    replay.dispose();
    assert.deepEqual(sources.list(), [], 'the source closes; its rows stay');
    assert.equal(live.rows().filter((r) => r.source === replay.sourceId).length, recorded.length);
  });

  it('at 1× dispatches rows at the recorded pace and runs the pipeline on recording time', () => {
    const { log: file } = importNdjson(exportNdjson(recording()));
    const live = new StreamLog(1_000);
    const sources = new Sources(live, { noNotificationWarningMs: 5_000, timers: noTimers });
    const clock = new FakeReplayClock();
    const replay = new Replay(sources, { records: file.rows(), label: 'r', speed: 1, timers: clock });
    replay.scheduler.play();
    clock.advance(59);
    assert.equal(live.size, 3, 'sign-in, first call, the operation: the notification at +60 ms is not due yet');
    clock.advance(1);
    assert.equal(live.size, 4);
    replay.scheduler.pause();
    clock.advance(60_000);
    assert.equal(live.size, 4, 'paused');
    assert.equal(replay.scheduler.step(), true);
    assert.equal(live.rows().at(-1)?.state, 'Held');
    assert.equal(live.rows().at(-1)?.time, T + 900, 'rows keep the recorded time');
    replay.dispose();
  });

  it('replays rows selected in the inspector in seq order, even when given out of order, and copies their messages', () => {
    const live = recording();
    const sources = new Sources(live, { noNotificationWarningMs: 5_000, timers: noTimers });
    const picked = live.rows().filter((r) => r.kind === 'notification').reverse();
    const envelopes = picked.map((r) => JSON.stringify(r.envelope));
    const clock = new FakeReplayClock();
    const replay = new Replay(sources, { records: picked, label: 'Replay of 4 rows', speed: 10, timers: clock });
    replay.scheduler.play();
    clock.runAll();
    const replayed = live.rows().filter((r) => r.source === replay.sourceId);
    assert.deepEqual(replayed.map((r) => r.time), [T + 5, T + 60, T + 900, T + 950]);
    assert.equal(replayed[3].type, 'Malformed');
    assert.deepEqual(picked.map((r) => JSON.stringify(r.envelope)), envelopes, 'the recorded messages are not changed');
    assert.notEqual(replayed[0].envelope, picked.at(-1)?.envelope, 'the replay has its own copy');
    replay.dispose();
  });

  it('runs the replayed pipeline on recording time: an operation is still linked after a later one started', () => {
    const log = new StreamLog(100);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: noTimers, source: 'session' });
    pipeline.ingestNotification(received(callMessage(callBeforeRecording()), T + 5));
    pipeline.ingestOperation(callOperation({ id: 7, phase: 'sent', startedAt: T + 10 }));
    pipeline.ingestOperation(callOperation({ id: 7, phase: 'completed', startedAt: T + 10, completedAt: T + 40, httpStatus: 200, statusCode: 0 }));
    pipeline.ingestOperation(callOperation({ id: 8, phase: 'sent', startedAt: T + 20 }, 'another-call'));
    pipeline.ingestOperation(callOperation({ id: 8, phase: 'completed', startedAt: T + 20, completedAt: T + 30, httpStatus: 200, statusCode: 0 }, 'another-call'));
    pipeline.ingestNotification(received(recordingStartedMessage(), T + 60));

    const live = new StreamLog(1_000);
    const sources = new Sources(live, { noNotificationWarningMs: 5_000, timers: noTimers });
    const clock = new FakeReplayClock();
    const replay = new Replay(sources, { records: log.rows(), label: 'r', speed: 'max', timers: clock });
    replay.scheduler.play();
    clock.runAll();
    const replayed = live.rows().filter((r) => r.source === replay.sourceId);
    const recordingOperation = replayed.find((r) => r.kind === 'operation' && r.callId !== 'another-call')!;
    assert.deepEqual(replayed.at(-1)?.linkedSeqs, [recordingOperation.seq], 'the recording was started 50 ms before, in the recording');
    replay.dispose();
  });

  it('two replays at once are two sources; closing one twice leaves the other', () => {
    const live = recording();
    const sources = new Sources(live, { noNotificationWarningMs: 5_000, timers: noTimers });
    const clock = new FakeReplayClock();
    const first = new Replay(sources, { records: live.rows(), label: 'first', speed: 'max', timers: clock });
    const second = new Replay(sources, { records: live.rows(), label: 'second', speed: 'max', timers: clock });
    assert.notEqual(first.sourceId, second.sourceId);
    assert.deepEqual(sources.list().map((s) => s.label), ['first', 'second']);
    const lists: string[][] = [];
    sources.onDidChange((list) => lists.push(list.map((s) => s.label)));
    first.dispose();
    first.dispose();
    assert.deepEqual(lists, [['second']], 'one change, for the first close');
    assert.equal(first.scheduler.state, 'stopped');
    second.scheduler.play();
    clock.runAll();
    assert.equal(second.scheduler.state, 'done');
    second.dispose();
  });
});
