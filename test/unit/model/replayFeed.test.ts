// Recorded rows back into a pipeline (src/model/replayFeed.ts): replayed into a fresh pipeline,
// a row reads as it did when it was recorded, whatever the file left out.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline } from '../../../src/model/pipeline';
import { ReplayFeed } from '../../../src/model/replayFeed';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import { callOperation, received, recordingStartedMessage } from './fixtures/samples';

const T = 1_700_000_000_000;
const noTimers = { setTimeout: () => 0, clearTimeout: () => undefined };

function pipelineInto(log: StreamLog): Pipeline {
  return new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: noTimers });
}

/** Rows of `rows` replayed into a fresh pipeline. */
function replayed(rows: readonly StreamRecord[]): StreamRecord[] {
  const log = new StreamLog(100);
  const feed = new ReplayFeed(pipelineInto(log));
  for (const row of rows) feed.ingest(row);
  return log.rows();
}

/** A row without what differs between two pipelines. */
function gist(row: StreamRecord): unknown {
  const { seq: _seq, linkedSeqs: _links, ...rest } = row;
  return { ...rest, operation: rest.operation && { ...rest.operation, id: 0 } };
}

describe('ReplayFeed: recorded rows back into a pipeline', () => {
  it('an operation reads as recorded: pending, completed with its answer, or refused with its error', () => {
    const recorded = new StreamLog(100);
    const pipeline = pipelineInto(recorded);
    pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: T }));
    pipeline.ingestOperation(callOperation({ id: 2, phase: 'sent', startedAt: T + 10 }));
    pipeline.ingestOperation(
      callOperation({
        id: 2,
        phase: 'completed',
        startedAt: T + 10,
        completedAt: T + 45,
        httpStatus: 200,
        statusCode: 0,
        responseHeaders: { 'Content-Type': 'application/json' },
        responseBody: { statusCode: 0 },
      }),
    );
    pipeline.ingestOperation(callOperation({ id: 3, phase: 'sent', startedAt: T + 20 }));
    pipeline.ingestOperation(
      callOperation({ id: 3, phase: 'completed', startedAt: T + 20, completedAt: T + 30, httpStatus: 400, statusCode: 2, statusMessage: 'Invalid state', error: 'refused' }),
    );
    const rows = recorded.rows();
    assert.deepEqual(replayed(rows).map(gist), rows.map(gist));
    assert.deepEqual(
      replayed(rows).map((r) => r.operation?.id),
      [1, 2, 3],
      'ids of their own',
    );
  });

  it('an operation row the file kept little of: POST, no URL, no headers, no answer, no negative round trip', () => {
    const bare: StreamRecord = { seq: 1, time: T, kind: 'operation', channel: 'REST', type: 'Hold', summary: 'POST', changed: true, rttMs: -5 };
    const [row] = replayed([bare]);
    assert.deepEqual(row.operation, { id: 1, method: 'POST', url: '', requestHeaders: {}, requestBody: undefined });
    assert.equal(row.rttMs, 0);
    assert.equal(row.pending, false);
    const second = replayed([{ ...bare, rttMs: Number.NaN, operation: { id: 9, method: 'PUT', url: 'http://gws/x', requestHeaders: {}, requestBody: [1] } }])[0];
    assert.deepEqual(second.operation, { id: 1, method: 'PUT', url: 'http://gws/x', requestHeaders: {}, requestBody: undefined }, 'a body that is no object is not sent');
    assert.equal(second.rttMs, 0);
  });

  it('a meta row keeps its detail (a copy) and warning; a notification without its message is one on its channel', () => {
    const detail = { user: 'agent1' };
    const [meta, plain, note] = replayed([
      { seq: 1, time: T, kind: 'meta', channel: 'session', type: 'agentLogin', summary: 'Observing', changed: true, detail, warning: 'StartContactCenterSession refused' },
      { seq: 2, time: T + 1, kind: 'meta', channel: 'session', type: 'signIn', summary: 'Signed in', changed: true },
      { seq: 3, time: T + 2, kind: 'notification', channel: '/v2/me/calls', type: 'x', summary: '', changed: true, envelope: ['not', 'a', 'message'] },
    ]);
    assert.deepEqual([meta.detail, meta.warning], [detail, 'StartContactCenterSession refused']);
    assert.notEqual(meta.detail, detail, 'a copy: the recorded row may be on screen elsewhere');
    assert.equal(plain.warning, undefined);
    assert.equal(plain.detail, undefined);
    assert.deepEqual(note.envelope, { channel: '/v2/me/calls' });
  });

  it('a detail that cannot be copied is shared as it is', () => {
    const detail = { run: () => 1 };
    const [meta] = replayed([{ seq: 1, time: T, kind: 'meta', channel: 'session', type: 'signIn', summary: '', changed: true, detail }]);
    assert.equal(meta.detail, detail);
  });

  it('a notification is replayed as its message at its time', () => {
    const message = received(recordingStartedMessage(), T).message;
    const [row] = replayed([{ seq: 1, time: T + 5, kind: 'notification', channel: message.channel, type: '', summary: '', changed: true, envelope: message }]);
    assert.equal(row.time, T + 5);
    assert.equal(row.recordingState, 'Recording');
    assert.notEqual(row.envelope, message);
  });
});
