// The inspector's DTOs (src/webviews/inspector/rows.ts): pure, so tested with the model.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../../src/model/callStore';
import { Pipeline } from '../../../../src/model/pipeline';
import { StreamLog } from '../../../../src/model/streamLog';
import { buildDetail, copyableJson, toRowDto } from '../../../../src/webviews/inspector/rows';
import { callBeforeRecording, callMessage, callOperation, received, recordingStartedMessage } from '../../model/fixtures/samples';

function setup() {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  return { log, pipeline };
}

describe('inspector rows and details', () => {
  it('builds a row with only the fields that are set, and no message or diff', () => {
    const { pipeline } = setup();
    pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const record = pipeline.ingestNotification(received(recordingStartedMessage(), 2_000));
    const row = toRowDto(record);
    assert.deepEqual(row, {
      seq: record.seq,
      time: 2_000,
      kind: 'notification',
      channel: '/v2/me/calls',
      type: 'CallRecordingStateChange',
      messageType: 'CallStateChangeMessage',
      callId: recordingStartedMessage().data.call.id,
      state: 'Established',
      recordingState: 'Recording',
      summary: record.summary,
      changed: true,
    });
  });

  it('details a notification with its diff, its data and the envelope', () => {
    const { pipeline } = setup();
    pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const record = pipeline.ingestNotification(received(recordingStartedMessage(), 2_000));
    const detail = buildDetail(record);
    assert.equal(detail.kind, 'notification');
    assert.deepEqual(detail.diff?.capabilities.lost, ['StartCallRecording']);
    assert.deepEqual(detail.envelope, recordingStartedMessage());
    assert.deepEqual(detail.message, recordingStartedMessage().data);
  });

  it('details an operation with redacted headers, and copies it as JSON without secrets', () => {
    const { pipeline } = setup();
    const record = pipeline.ingestOperation(
      callOperation({
        id: 1,
        phase: 'sent',
        startedAt: 0,
        requestHeaders: { Authorization: 'Basic c2VjcmV0OnB3', Cookie: 'JSESSIONID=abc123', 'Content-Type': 'application/json' },
      }),
    );
    pipeline.ingestOperation(callOperation({ id: 1, phase: 'completed', startedAt: 0, completedAt: 8, httpStatus: 200, statusCode: 0 }));
    const detail = buildDetail(record);
    assert.deepEqual(detail.operation, {
      method: 'POST',
      url: `http://127.0.0.1:8080/api/v2/me/calls/${recordingStartedMessage().data.call.id}`,
      requestHeaders: { Authorization: 'Basic [redacted]', Cookie: 'JSESSIONID=[redacted]', 'Content-Type': 'application/json' },
      requestBody: { operationName: 'StartCallRecording' },
      httpStatus: 200,
      statusCode: 0,
      rttMs: 8,
    });
    const copied = copyableJson(record);
    assert.ok(!copied.includes('c2VjcmV0OnB3') && !copied.includes('abc123'));
    assert.equal(JSON.parse(copied).requestBody.operationName, 'StartCallRecording');
  });

  it('copies a notification as the message received, pretty-printed', () => {
    const { pipeline } = setup();
    const record = pipeline.ingestNotification(received(recordingStartedMessage(), 1));
    const copied = copyableJson(record);
    assert.deepEqual(JSON.parse(copied), recordingStartedMessage());
    assert.match(copied, /\n {2}"data": \{/);
  });

  it('details a meta row with its detail as the message', () => {
    const { pipeline } = setup();
    const record = pipeline.ingestSnapshot({ reason: 'refresh', time: 1, calls: [callBeforeRecording()], devices: [] });
    const detail = buildDetail(record);
    assert.equal(detail.kind, 'meta');
    assert.equal(record.type, 'snapshot');
    assert.equal(record.summary, `refresh: 1 call${' · '}new ${callBeforeRecording().id}`);
    assert.deepEqual((detail.message as { added: string[] }).added, [callBeforeRecording().id]);
  });
});
