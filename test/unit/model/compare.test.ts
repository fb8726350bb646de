// Any two events compared as whole messages (src/model/compare.ts, rows.ts compareRecords).
import * as assert from 'node:assert/strict';
import { compareMessages } from '../../../src/model/compare';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog } from '../../../src/model/streamLog';
import { compareCallWithLatest, compareRecords } from '../../../src/webviews/inspector/rows';
import { readGwsFixture } from '../../support/fixtures';
import { callMessage, callBeforeRecording, callOperation, received, recordingStartedMessage } from './fixtures/samples';

describe('compare two events', () => {
  it('diffs the calls of two messages (userData, capabilities, fields) and the messages\' own fields, changing neither', () => {
    const a = readGwsFixture<{ data: Record<string, unknown> & { call: Record<string, unknown> } }>('03-call-recording-state-change-notification.json').data;
    const b = readGwsFixture<{ data: Record<string, unknown> & { call: Record<string, unknown> } }>('04-hold-status-change-notification.json').data;
    const before = JSON.stringify([a, b]);
    const diff = compareMessages(a, b);
    assert.equal(JSON.stringify([a, b]), before);
    assert.equal(diff.first, false);
    assert.deepEqual(diff.fields.state, { old: a.call.state, new: 'Held' });
    assert.deepEqual(diff.fields.notificationType, { old: a.notificationType, new: 'StatusChange' });
    assert.ok(diff.capabilities.gained.includes('Retrieve'));
    assert.equal(diff.fields.call, undefined, 'the call is diffed field by field, not as one value');
  });

  it('compares two records of the log as the detail pane shows them', () => {
    const log = new StreamLog(100);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const first = pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    const second = pipeline.ingestNotification(received(recordingStartedMessage(), 2_000));
    const diff = compareRecords(first, second);
    assert.deepEqual(diff?.capabilities.lost, ['StartCallRecording']);
    assert.ok(diff?.fields.recordingState);
    assert.deepEqual(compareRecords(second, second)?.fields, {});
  });

  it('compares a call at a point of its timeline with its latest state: only the call, credentials masked', () => {
    const log = new StreamLog(100);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const before = callBeforeRecording();
    const callId = before.id;
    const point = pipeline.ingestNotification(received(callMessage({ ...before, userData: { ...before.userData, CaseId: 'C-42', Pin: '1234' } }), 1_000));
    pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: 1_500 }));
    const other = recordingStartedMessage();
    other.data.call = { ...other.data.call, id: 'another-call' };
    pipeline.ingestNotification(received(other, 1_600));
    const now = recordingStartedMessage();
    now.data.call = { ...now.data.call, userData: { ...now.data.call.userData, CaseId: 'C-43', Password: 'Pa55-W0rd!' } };
    const latest = pipeline.ingestNotification(received(now, 2_000));
    pipeline.ingestNotification(received(other, 2_500));

    const result = compareCallWithLatest(log, point.seq, callId);
    assert.equal(result.latest, latest.seq, 'the latest notification of that call, not of another');
    const diff = result.diff!;
    assert.deepEqual(diff.userData.changed.CaseId, { old: 'C-42', new: 'C-43' });
    assert.deepEqual(diff.userData.removed, { Pin: '1234' });
    assert.equal(diff.userData.added.Password, '[redacted]');
    assert.ok(!JSON.stringify(diff).includes('Pa55-W0rd!'));
    assert.ok(Object.keys(diff.userData.added).includes('GSIP_RECORD'));
    assert.deepEqual(diff.capabilities.lost, ['StartCallRecording']);
    assert.deepEqual(diff.fields.recordingState, { old: 'Stopped', new: 'Recording' });
    assert.equal(diff.fields.notificationType, undefined, 'the call, not the message around it');

    assert.deepEqual(compareCallWithLatest(log, latest.seq, callId).diff?.fields, {}, 'the latest point against itself');
    assert.deepEqual(compareCallWithLatest(log, point.seq, 'another-call'), {}, 'a point that is not of that call');
    assert.deepEqual(compareCallWithLatest(log, 999, callId), {}, 'a point no longer in the log');
  });
});

describe('compare any two messages', () => {
  it('compares values that are not objects as one field, and every field of two plain messages', () => {
    assert.deepEqual(compareMessages([1], [2]), { first: false, userData: { added: {}, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: { value: { old: [1], new: [2] } } });
    assert.deepEqual(compareMessages('x', null).fields, { value: { old: 'x', new: null } });
    assert.deepEqual(compareMessages(null, { a: 1 }).fields, { value: { old: null, new: undefined }, a: { old: undefined, new: 1 } });
  });

  it('diffs the ids and any field name, and keeps attached data and capabilities in their own sections', () => {
    const diff = compareMessages(
      { id: 'd1', '': 1, userData: { a: 1 }, capabilities: ['Ready'] },
      { id: 'd2', '': 2, userData: { a: 2 }, capabilities: ['NotReady'] },
    );
    assert.deepEqual(diff.fields, { id: { old: 'd1', new: 'd2' }, '': { old: 1, new: 2 } });
    assert.deepEqual(diff.userData.changed, { a: { old: 1, new: 2 } });
    assert.deepEqual(diff.capabilities, { gained: ['NotReady'], lost: ['Ready'] });
  });

  it('a message with a call against one without: the call is one changed field', () => {
    const diff = compareMessages({ messageType: 'CallStateChangeMessage', call: { id: 'c1' } }, { messageType: 'DeviceStateChangeMessage', devices: [] });
    assert.deepEqual(diff.fields, {
      messageType: { old: 'CallStateChangeMessage', new: 'DeviceStateChangeMessage' },
      call: { old: { id: 'c1' }, new: undefined },
      devices: { old: undefined, new: [] },
    });
  });

  it('two calls: participants party by party; none when they are the same', () => {
    const a = { call: { id: 'c1', participants: [{ phoneNumber: '1' }] } };
    const b = { call: { id: 'c1', participants: [{ phoneNumber: '1' }, { phoneNumber: '2' }] } };
    assert.deepEqual(compareMessages(a, b).participants?.joined, [{ party: '2', value: { phoneNumber: '2' } }]);
    assert.equal('participants' in compareMessages(a, a), false);
  });

  it('keeps a "__proto__" field of the messages as a plain field', () => {
    const a = JSON.parse('{"call":{"id":"c1"},"__proto__":{"x":1}}') as unknown;
    const b = JSON.parse('{"call":{"id":"c1"},"__proto__":{"x":2}}') as unknown;
    const fields = compareMessages(a, b).fields;
    assert.deepEqual(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value, { old: { x: 1 }, new: { x: 2 } });
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
  });
});
