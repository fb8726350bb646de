// Save as Scenario on rows that are not a happy path: failed and non-call operations are left
// out (and said so), tolerances follow the observed delay, and the JUnit report escapes
// server text.
import * as assert from 'node:assert/strict';
import type { StreamRecord } from '../../../src/model/streamLog';
import { scenarioFromRecords, toleranceFor } from '../../../src/scenario/fromRecords';
import { junitXml } from '../../../src/scenario/junit';

const EMPTY_DIFF = { first: false, userData: { added: {}, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: {} };

function operation(seq: number, type: string, extra: Partial<StreamRecord> = {}): StreamRecord {
  return { seq, time: seq, kind: 'operation', channel: 'REST', type, summary: '', changed: true, ...extra };
}

describe('scenario: Save as Scenario edge cases', () => {
  it('leaves out failed operations and operations on no call, saying which', () => {
    const rows: StreamRecord[] = [
      { seq: 1, time: 1, kind: 'notification', channel: '/v2/me/calls', type: 'StatusChange', callId: 'C1', state: 'Established', summary: '', changed: true, diff: { ...EMPTY_DIFF, first: true } },
      operation(2, 'Hold', { callId: 'C1', httpStatus: 400, statusCode: 1 }),
      operation(3, 'Ready'),
      operation(4, 'Hangup', { callId: 'C1', httpStatus: 200, statusCode: 0, operation: { id: 4, method: 'POST', url: 'x', requestHeaders: {}, requestBody: { operationName: 'Hangup' } } }),
    ];
    const { scenario, skipped } = scenarioFromRecords(rows, { name: 'edge' });
    assert.deepEqual(scenario.steps, [
      { do: 'signIn', simulator: true, user: 'agent1' },
      { do: 'inboundCall', bind: '$call1', state: 'Established' },
      { do: 'expect', notification: 'StatusChange', call: '$call1', within: 2000, fields: { state: 'Established' } },
      { do: 'operation', call: '$call1', operation: 'Hangup' },
    ]);
    assert.deepEqual(skipped, ['Hold on C1: it failed', 'Ready: not an operation on a call']);
  });

  it('redacts credentials in operation params and call userData from the rows', () => {
    const call = { id: 'C1', state: 'Established', userData: { Customer: 'ACME', AgentPassword: 'hunter2' } };
    const rows: StreamRecord[] = [
      { seq: 1, time: 1, kind: 'notification', channel: '/v2/me/calls', type: 'StatusChange', callId: 'C1', state: 'Established', summary: '', changed: true, diff: { ...EMPTY_DIFF, first: true }, envelope: { channel: '/v2/me/calls', data: { call } } },
      operation(2, 'AttachUserData', {
        callId: 'C1',
        httpStatus: 200,
        statusCode: 0,
        operation: { id: 2, method: 'POST', url: 'x', requestHeaders: {}, requestBody: { operationName: 'AttachUserData', userData: { csrfToken: 'tok-123', Note: 'Authorization: Basic YWdlbnQxOnB3' }, password: 'pw-456' } },
      }),
    ];
    const { scenario } = scenarioFromRecords(rows, { name: 'secrets' });
    const saved = JSON.stringify(scenario);
    for (const secret of ['hunter2', 'tok-123', 'YWdlbnQxOnB3', 'pw-456']) assert.ok(!saved.includes(secret), `${secret} in ${saved}`);
    assert.deepEqual(scenario.steps[1], { do: 'inboundCall', bind: '$call1', userData: { Customer: 'ACME', AgentPassword: '[redacted]' }, state: 'Established' });
    assert.deepEqual(scenario.steps[3], { do: 'operation', call: '$call1', operation: 'AttachUserData', params: { userData: { csrfToken: '[redacted]', Note: 'Authorization: Basic [redacted]' }, password: '[redacted]' } });
  });

  it('gives a slow notification room: 4× the observed delay in whole seconds, at least 2 s', () => {
    assert.equal(toleranceFor(undefined), 2000);
    assert.equal(toleranceFor(30), 2000);
    assert.equal(toleranceFor(600), 3000);
    assert.equal(toleranceFor(1000), 4000);
  });

  it('writes a JUnit report that escapes what the server said', () => {
    const xml = junitXml([
      {
        file: 'a&b.gws-scenario.json',
        result: {
          name: 'x <y>',
          passed: false,
          durationMs: 1500,
          steps: [{ index: 1, step: { do: 'signIn' }, title: 'sign in', status: 'failed', durationMs: 1500, message: 'step 1: "<b>refused</b>" \u0001' }],
        },
      },
    ]);
    assert.match(xml, /<testsuite name="x &lt;y&gt;" file="a&amp;b.gws-scenario.json" tests="1" failures="1" skipped="0" time="1.500">/);
    assert.match(xml, /<failure message="step 1: &quot;&lt;b&gt;refused&lt;\/b&gt;&quot; \uFFFD">/);
  });
});
