// The inspector's DTOs (src/webviews/inspector/rows.ts): pure, so tested with the model.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../../src/model/callStore';
import { Pipeline } from '../../../../src/model/pipeline';
import { StreamLog } from '../../../../src/model/streamLog';
import { payloadText } from '../../../../src/webviews/inspector/payloadText';
import { buildDetail, copyableJson, toRowDto } from '../../../../src/webviews/inspector/rows';
import { callBeforeRecording, callMessage, callOperation, received, recordingStartedMessage } from '../../model/fixtures/samples';

/** { nested: { nested: … { leaf: 'bottom' } } }, `levels` objects deep, built without recursion. */
function deeplyNested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < levels; i++) {
    const next: Record<string, unknown> = {};
    node.nested = next;
    node = next;
  }
  node.leaf = 'bottom';
  return root;
}

function setup() {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  return { log, pipeline };
}

describe('inspector rows and details', () => {
  it('builds a row with only the fields that are set, and no message or diff (only its searchable text)', () => {
    const { pipeline } = setup();
    pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const record = pipeline.ingestNotification(received(recordingStartedMessage(), 2_000));
    const { payload, ...row } = toRowDto(record);
    assert.equal(payload, payloadText(record));
    assert.match(payload ?? '', /^call\.state = established$/m);
    assert.deepEqual(row, {
      seq: record.seq,
      time: 2_000,
      kind: 'notification',
      channel: '/v2/me/calls',
      type: 'CallRecordingStateChange',
      messageType: 'CallStateChangeMessage',
      callId: recordingStartedMessage().data.call.id,
      callName: `15001 · ${recordingStartedMessage().data.call.id.slice(-6)}`,
      state: 'Established',
      recordingState: 'Recording',
      summary: record.summary,
      changed: true,
    });
  });

  it('names the call of a row as the calls view does: from the notification\'s call, else by its short id', () => {
    const { pipeline } = setup();
    const id = recordingStartedMessage().data.call.id;
    const notification = pipeline.ingestNotification(received(recordingStartedMessage(), 1_000));
    assert.equal(toRowDto(notification, false).callName, `15001 · ${id.slice(-6)}`);
    const operation = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: 0 }));
    assert.equal(operation.callId, id);
    assert.equal(toRowDto(operation, false).callName, `call ${id.slice(-6)}`);
    const noParty = pipeline.ingestNotification(received(callMessage({ ...callBeforeRecording(), participants: [], ani: undefined, dnis: undefined }), 2_000));
    assert.equal(toRowDto(noParty, false).callName, `call ${id.slice(-6)}`);
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

  it('details an operation\'s answer, headers and body, with every credential masked', () => {
    const { pipeline } = setup();
    const record = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: 0 }));
    pipeline.ingestOperation(
      callOperation({
        id: 1,
        phase: 'completed',
        startedAt: 0,
        completedAt: 8,
        httpStatus: 503,
        statusCode: 4,
        statusMessage: 'Voice service is not available at this time',
        // As an imported file could hold them: unmasked.
        responseHeaders: { 'Content-Type': 'application/json', 'Set-Cookie': 'JSESSIONID=s3ss10n; Path=/', 'X-CSRF-TOKEN': 'csrfT0ken' },
        responseBody: { statusCode: 4, statusMessage: 'Voice service is not available at this time', token: 'tok3n' },
      }),
    );
    const detail = buildDetail(record);
    assert.deepEqual(detail.operation?.responseHeaders, { 'Content-Type': 'application/json', 'Set-Cookie': 'JSESSIONID=[redacted]; Path=/', 'X-CSRF-TOKEN': '[redacted]' });
    assert.deepEqual(detail.operation?.responseBody, { statusCode: 4, statusMessage: 'Voice service is not available at this time', token: '[redacted]' });
    assert.equal(detail.operation?.httpStatus, 503);
  });

  it('sends the page no credential of a notification: envelope, message and diff masked, the log\'s record untouched', () => {
    const { pipeline } = setup();
    pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const message = recordingStartedMessage();
    message.data.call.userData = { ...message.data.call.userData, Password: 'Pa55-W0rd!' };
    (message as { ext?: unknown }).ext = { 'X-CSRF-TOKEN': 'csrfT0ken', auth: 'Basic YWdlbnQxOlBhNTU=' };
    const record = pipeline.ingestNotification(received(message, 2_000));
    const detail = buildDetail(record);
    const sent = JSON.stringify(detail);
    for (const secret of ['Pa55-W0rd!', 'csrfT0ken', 'YWdlbnQxOlBhNTU=']) assert.ok(!sent.includes(secret), `${secret} in ${sent}`);
    assert.equal((detail.diff?.userData.added as Record<string, unknown>).Password, '[redacted]');
    assert.equal((detail.message as { call: { userData: Record<string, unknown> } }).call.userData.Password, '[redacted]');
    assert.equal(message.data.call.userData?.Password, 'Pa55-W0rd!', 'the stream keeps what was received');
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

  it('copies and details an event nested 8,000 levels deep as a note saying so, instead of throwing', () => {
    const { log } = setup();
    const userData = deeplyNested(8_000);
    const record = log.append({
      time: 1,
      kind: 'notification',
      channel: '/v2/me/calls',
      type: 'AttachedDataChanged',
      summary: 'userData +1',
      changed: true,
      envelope: { channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', call: { id: 'C1', userData } } },
      diff: { first: false, userData: { added: { deep: userData }, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: {} },
    });
    const copied = copyableJson(record);
    assert.deepEqual(JSON.parse(copied), {
      unserializable: `Event #${record.seq} cannot be copied as JSON: it is nested more than 1000 levels deep.`,
      seq: record.seq,
      type: 'AttachedDataChanged',
      summary: 'userData +1',
    });
    const detail = buildDetail(record);
    assert.deepEqual(detail, {
      seq: record.seq,
      kind: 'notification',
      envelope: { unserializable: 'it is nested more than 1000 levels deep' },
      message: { unserializable: 'it is nested more than 1000 levels deep' },
    });
    assert.ok(JSON.stringify(detail).length < 500, 'the message to the page serialises');

    const operation = log.append({
      time: 2,
      kind: 'operation',
      channel: 'REST',
      type: 'UpdateUserData',
      summary: 'POST /api/v2/me/calls/C1',
      changed: true,
      operation: { id: 1, method: 'POST', url: 'http://gws/api/v2/me/calls/C1', requestHeaders: { Cookie: 'JSESSIONID=abc123' }, requestBody: deeplyNested(8_000) },
    });
    assert.deepEqual(buildDetail(operation).operation, {
      method: 'POST',
      url: 'http://gws/api/v2/me/calls/C1',
      requestHeaders: { Cookie: 'JSESSIONID=[redacted]' },
      requestBody: { unserializable: 'it is nested more than 1000 levels deep' },
    });
    assert.deepEqual(JSON.parse(copyableJson(operation)).requestBody, { unserializable: 'it is nested more than 1000 levels deep' });

    // A shallow event is copied as before.
    const shallow = log.append({ time: 3, kind: 'notification', channel: '/v2/me/calls', type: 'x', summary: '', changed: true, envelope: { data: deeplyNested(50) } });
    assert.deepEqual(JSON.parse(copyableJson(shallow)), { data: deeplyNested(50) });
  });
});
