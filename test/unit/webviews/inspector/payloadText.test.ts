// The searchable text of an event's JSON (src/webviews/inspector/payloadText.ts).
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../../src/model/callStore';
import { Pipeline } from '../../../../src/model/pipeline';
import { StreamLog } from '../../../../src/model/streamLog';
import { flatten, MAX_PAYLOAD_TEXT, payloadText } from '../../../../src/webviews/inspector/payloadText';
import { readGwsFixture } from '../../../support/fixtures';
import { callOperation, received } from '../../model/fixtures/samples';

function setup() {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  return { log, pipeline };
}

describe('inspector payload text', () => {
  it('gives one lower-case "path = value" line per scalar of a notification\'s data, array indices left out', () => {
    const { pipeline } = setup();
    const message = readGwsFixture<{ data: { call: Record<string, unknown> }; channel: string }>('04-hold-status-change-notification.json');
    message.data.call.userData = { CaseId: 'C-42', Tier: 'Gold' };
    const record = pipeline.ingestNotification(received(message, 1_000));
    const lines = (payloadText(record) ?? '').split('\n');
    assert.ok(lines.includes('call.state = held'));
    assert.ok(lines.includes('call.userdata.caseid = c-42'));
    assert.ok(lines.includes('call.userdata.tier = gold'));
    assert.ok(lines.includes('call.participants.phonenumber = 15001'));
    assert.ok(lines.includes('call.capabilities = retrieve'));
    assert.ok(lines.includes('extensions.businesscall = 0'));
    assert.ok(lines.includes('messagetype = callstatechangemessage'));
    assert.ok(!lines.some((line) => line.startsWith('channel')), 'the envelope around data is not searched twice');
  });

  it('masks credentials in an operation\'s request body and searches it from its root', () => {
    const { pipeline } = setup();
    const record = pipeline.ingestOperation(
      callOperation({ id: 1, phase: 'sent', startedAt: 0, requestBody: { operationName: 'UpdateUserData', userData: { CaseId: 'C-7' }, password: 'hunter2' } }),
    );
    const text = payloadText(record) ?? '';
    assert.match(text, /^userdata\.caseid = c-7$/m);
    assert.match(text, /^password = \[redacted\]$/m);
    assert.doesNotMatch(text, /hunter2/);
  });

  it('stops at MAX_PAYLOAD_TEXT characters and at a nesting it does not search, without throwing', () => {
    const big = { items: Array.from({ length: 10_000 }, (_, i) => ({ name: `item-${i}` })) };
    assert.ok(flatten(big).length <= MAX_PAYLOAD_TEXT);
    let deep: Record<string, unknown> = { leaf: 'bottom' };
    for (let i = 0; i < 100_000; i++) deep = { nested: deep };
    assert.equal(flatten(deep), '');
    assert.equal(flatten({ a: [], b: {}, c: null, d: undefined }), 'c = null');
  });
});
