// Any two events compared as whole messages (src/model/compare.ts, rows.ts compareRecords).
import * as assert from 'node:assert/strict';
import { compareMessages } from '../../../src/model/compare';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog } from '../../../src/model/streamLog';
import { compareRecords } from '../../../src/webviews/inspector/rows';
import { readGwsFixture } from '../../support/fixtures';
import { callMessage, callBeforeRecording, received, recordingStartedMessage } from './fixtures/samples';

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
});
