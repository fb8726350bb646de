import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { redactText } from '../../../src/base/redact';
import { exportedSource, exportNdjson, importNdjson, ndjsonLines, NDJSON_FORMAT, recordToLine } from '../../../src/model/ndjson';
import { Pipeline } from '../../../src/model/pipeline';
import { Sources } from '../../../src/model/sources';
import { StreamLog } from '../../../src/model/streamLog';
import { buildDetail, toRowDto } from '../../../src/webviews/inspector/rows';
import {
  callBeforeRecording,
  callMessage,
  callOperation,
  heldMessage,
  received,
  recordingStartedMessage,
} from './fixtures/samples';

const PASSWORD = 'hunter2-secret';
const BASIC = Buffer.from(`agent1:${PASSWORD}`).toString('base64');
const SESSION_ID = 'node0abcdef123456';
const CSRF_TOKEN = 'csrf-7f3a9b1c';

/**
 * A stream with every kind of row. With `leaks`, some carry secrets an upstream module failed
 * to redact (those rows are redacted on export, so they cannot round-trip unchanged).
 */
function buildStream({ leaks = false } = {}): StreamLog {
  const log = new StreamLog(100);
  const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  const t = 1_700_000_000_000;
  if (leaks) {
    pipeline.ingestMeta({ type: 'signIn', time: t, text: `Signed in as agent1 (password=${PASSWORD})`, detail: { user: 'agent1', password: PASSWORD } });
  } else {
    pipeline.ingestMeta({ type: 'signIn', time: t, text: 'Signed in as agent1', detail: { user: 'agent1' } });
  }
  pipeline.ingestSnapshot({ reason: 'signIn', time: t + 1, calls: [callBeforeRecording()], devices: [] });
  pipeline.ingestOperation(
    callOperation({
      id: 1,
      phase: 'sent',
      startedAt: t + 10,
      requestHeaders: leaks
        ? { 'Content-Type': 'application/json', Authorization: `Basic ${BASIC}`, Cookie: `JSESSIONID=${SESSION_ID}`, 'X-CSRF-TOKEN': CSRF_TOKEN }
        : { 'Content-Type': 'application/json', Authorization: 'Basic [redacted]', Cookie: 'JSESSIONID=[redacted]', 'X-CSRF-TOKEN': '[redacted]' },
    }),
  );
  pipeline.ingestNotification(received(recordingStartedMessage(), t + 50));
  pipeline.ingestOperation(callOperation({ id: 1, phase: 'completed', startedAt: t + 10, completedAt: t + 60, httpStatus: 200, statusCode: 0 }));
  const released = { ...heldMessage().data.call, state: 'Released', capabilities: [] };
  pipeline.ingestNotification(received(heldMessage(), t + 100));
  pipeline.ingestNotification(received(callMessage(released), t + 200));
  pipeline.ingestNotification(received({ channel: '/v2/me/calls', data: 'garbage' }, t + 300));
  pipeline.ingestNotification(
    received({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', call: { id: 'X', state: 'Ringing', brandNew: null } } }, t + 400),
  );
  return log;
}

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

describe('NDJSON export / import', () => {
  it('writes a header, then one parsable JSON record per line', () => {
    const log = buildStream();
    const lines = exportNdjson(log).trimEnd().split('\n');
    assert.equal(lines.length, log.size + 1);
    const header = JSON.parse(lines[0]);
    assert.equal(header.format, NDJSON_FORMAT);
    assert.equal(header.count, log.size);
    const notification = lines.map((line) => JSON.parse(line)).find((r) => r.kind === 'notification');
    assert.equal(notification.channel, '/v2/me/calls');
    assert.equal(notification.envelope.data.messageType, 'CallStateChangeMessage', 'the message is an object, not text');
    assert.ok(notification.diff, 'the diff is exported');
  });

  it('imports what it exported: the same rows, diffs and details', () => {
    const log = buildStream();
    const { log: imported, errors, count } = importNdjson(exportNdjson(log));
    assert.deepEqual(errors, []);
    assert.equal(count, log.size);
    const original = log.rows();
    const back = imported.rows();
    assert.deepEqual(back.map((r) => toRowDto(r)), original.map((r) => toRowDto(r)));
    assert.deepEqual(back.map((r) => r.diff), original.map((r) => r.diff));
    for (const record of original.filter((r) => r.kind === 'notification')) {
      assert.deepEqual(imported.get(record.seq)?.envelope, record.envelope, `envelope of #${record.seq}`);
      assert.deepEqual(buildDetail(imported.get(record.seq)!), buildDetail(record));
    }
  });

  it('imports a conference\'s party-by-party participants change', () => {
    const log = new StreamLog(10);
    const participants = {
      joined: [{ party: '5551234', value: { phoneNumber: '5551234', role: 'RoleOther' } }],
      left: [],
      changed: [{ party: '15000', changes: { role: { old: 'RoleOrigination', new: 'RoleConferenceMember' } } }],
    };
    log.append({ time: 1, kind: 'notification', channel: '/v2/me/calls', type: 'ParticipantsUpdated', summary: 'participants', changed: true, diff: { first: false, userData: { added: {}, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: {}, participants } });
    const { log: imported, errors } = importNdjson(exportNdjson(log));
    assert.deepEqual(errors, []);
    assert.deepEqual(imported.rows()[0].diff?.participants, participants);
  });

  it('imports the answer a proxied application got: response headers and body', () => {
    const log = new StreamLog(10);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: 1_000 }));
    const responseBody = { statusCode: 4, statusMessage: 'Invalid state' };
    pipeline.ingestOperation(callOperation({ id: 1, phase: 'completed', startedAt: 1_000, httpStatus: 200, responseHeaders: { 'content-type': 'application/json' }, responseBody }));
    const { log: imported, errors } = importNdjson(exportNdjson(log));
    assert.deepEqual(errors, []);
    const operation = imported.rows()[0].operation;
    assert.deepEqual(operation?.responseHeaders, { 'content-type': 'application/json' });
    assert.deepEqual(operation?.responseBody, responseBody);
  });

  it('keeps each record\'s source and the header\'s list of sources', () => {
    const log = new StreamLog(100);
    const sources = new Sources(log, { noNotificationWarningMs: 5_000 });
    const session = sources.open({ id: 'session', kind: 'session', label: 'agent1 @ gws' });
    const proxy = sources.open({ id: 'proxy:1', kind: 'proxy', label: 'my app' });
    session.pipeline.ingestNotification(received(callMessage(callBeforeRecording()), 1_000));
    proxy.pipeline.ingestNotification(received(recordingStartedMessage(), 1_100));
    const text = exportNdjson(log, new Date(0), sources.list());
    const read = importNdjson(text);
    assert.deepEqual(read.sources, [
      { id: 'session', kind: 'session', label: 'agent1 @ gws' },
      { id: 'proxy:1', kind: 'proxy', label: 'my app' },
    ]);
    assert.deepEqual(read.log.rows().map((r) => r.source), ['session', 'proxy:1']);
    assert.deepEqual(read.log.rows().map((r) => toRowDto(r).source), ['session', 'proxy:1']);
    // A crafted header: junk entries are skipped, never thrown.
    const crafted = importNdjson(`${JSON.stringify({ format: NDJSON_FORMAT, version: 1, sources: [null, 7, { id: '' }, { id: 5 }, { id: 'x', label: 5 }] })}\n`);
    assert.deepEqual(crafted.sources, [{ id: 'x', kind: 'file', label: 'x' }]);
  });

  it('gives back exactly what the server sent, except the values of credentials', () => {
    const log = new StreamLog(100);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000 });
    const business = {
      Secretary: 'Jane Smith',
      IW_TokenId: '7f3a-22',
      IW_CaseUid: 'd7e2c775-edaa-4d1e-b65c-bd48371b43ad',
      CaseId: 12345,
      TokenCount: 3,
      SecretQuestion: 'first pet',
      passwordHint: 'blue',
      Reason: 'Password change required',
      Note: 'Bearer token expired; transferred from sip:15000@gws.example.com, see https://crm.example.com/case?id=7',
      Customer: { name: 'Zoë Müller', email: 'zoe@example.com', phones: ['+1 (555) 010-0199', '15001'], vip: true, notes: null, address: { city: 'Zürich', zip: '8000' } },
      Tags: ['gold', 'callback', { since: 2019 }],
    };
    const first = { ...callBeforeRecording(), userData: { ...business, AgentPassword: 'hunter2-secret', api_key: 'k-raw-1' } };
    const second = {
      ...first,
      userData: { ...first.userData, Secretary: 'John Doe', Customer: { ...business.Customer, vip: false }, AgentPassword: 'hunter3-secret', CallbackToken: 'cb-1' },
    };
    pipeline.ingestNotification(received(callMessage(first), 1_000));
    pipeline.ingestNotification(received(callMessage(second, 'AttachedDataChanged'), 2_000));
    const text = exportNdjson(log);
    for (const secret of ['hunter2-secret', 'hunter3-secret', 'k-raw-1']) assert.ok(!text.includes(secret), secret);

    const { log: imported, errors } = importNdjson(text);
    assert.deepEqual(errors, []);
    const masked = (userData: Record<string, unknown>, keys: string[]) => {
      const copy: Record<string, unknown> = { ...userData };
      for (const key of keys) copy[key] = '[redacted]';
      return copy;
    };
    const [back1, back2] = imported.rows();
    assert.deepEqual(back1.envelope, callMessage({ ...first, userData: masked(first.userData, ['AgentPassword', 'api_key']) }));
    assert.deepEqual(back2.envelope, callMessage({ ...second, userData: masked(second.userData, ['AgentPassword', 'api_key']) }, 'AttachedDataChanged'));
    // CallbackToken is business data (not a credential name): kept, like Secretary and IW_TokenId.
    assert.equal((back2.envelope as { data: { call: { userData: Record<string, unknown> } } }).data.call.userData.CallbackToken, 'cb-1');
    // The diff too: the business changes as they were; the changed password shows as changed, masked.
    const [original1, original2] = log.rows();
    assert.deepEqual(back1.diff, original1.diff === undefined ? undefined : { ...original1.diff, userData: { ...original1.diff.userData, added: masked(original1.diff.userData.added, ['AgentPassword', 'api_key']) } });
    assert.deepEqual(back2.diff?.userData.changed.Secretary, { old: 'Jane Smith', new: 'John Doe' });
    assert.deepEqual(back2.diff?.userData.changed.Customer, original2.diff?.userData.changed.Customer);
    assert.deepEqual(back2.diff?.userData.changed.AgentPassword, { old: '[redacted]', new: '[redacted]' });
    assert.deepEqual(back2.diff?.userData.added, { CallbackToken: 'cb-1' });
    assert.deepEqual({ ...back2.diff, userData: undefined }, { ...original2.diff, userData: undefined });
  });

  it('exports every record when one cannot be serialised (8,000 levels deep, a cycle, a BigInt), with a note in its place', () => {
    const log = new StreamLog(100);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000 });
    const before = pipeline.ingestNotification(received(recordingStartedMessage(), 1_000));
    const deep = log.append({ time: 2_000, kind: 'notification', channel: '/v2/me/calls', type: 'StatusChange', summary: 'deep', changed: true, envelope: { channel: '/v2/me/calls', data: deeplyNested(8_000) } });
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const cyclic = log.append({ time: 3_000, kind: 'meta', channel: '/meta/x', type: 'x', summary: 'cyclic', changed: true, detail: cycle, warning: 'earlier warning' });
    const big = log.append({ time: 4_000, kind: 'meta', channel: '/meta/x', type: 'x', summary: 'bigint', changed: true, detail: { n: 10n } });
    const operation = log.append({
      time: 5_000,
      kind: 'operation',
      channel: 'REST',
      type: 'UpdateUserData',
      summary: 'POST /api/v2/me/calls/C1',
      changed: true,
      operation: { id: 9, method: 'POST', url: 'http://gws/api/v2/me/calls/C1', requestHeaders: { Cookie: 'JSESSIONID=raw-session' }, requestBody: deeplyNested(8_000) },
    });
    const after = pipeline.ingestNotification(received(heldMessage(), 6_000));

    const lines = Array.from(ndjsonLines(log));
    assert.equal(lines.length, log.size + 1, 'a header and one line per record');
    const bySeq = new Map(lines.slice(1).map((line) => JSON.parse(line)).map((record) => [record.seq, record]));
    const deepLine = bySeq.get(deep.seq);
    assert.deepEqual(deepLine.envelope, { unserializable: 'it is nested more than 1000 levels deep' });
    assert.equal(deepLine.warning, 'not exported: envelope (it is nested more than 1000 levels deep)');
    assert.equal(deepLine.summary, 'deep');
    assert.deepEqual(bySeq.get(cyclic.seq).detail, { unserializable: 'it contains itself (a cycle)' });
    assert.equal(bySeq.get(cyclic.seq).warning, 'earlier warning · not exported: detail (it contains itself (a cycle))');
    assert.deepEqual(bySeq.get(big.seq).detail, { unserializable: 'it holds a BigInt, which JSON cannot represent' });
    assert.deepEqual(bySeq.get(operation.seq).operation, {
      id: 9,
      method: 'POST',
      url: 'http://gws/api/v2/me/calls/C1',
      requestHeaders: { Cookie: 'JSESSIONID=[redacted]' },
      requestBody: { unserializable: 'it is nested more than 1000 levels deep' },
    });
    assert.equal(bySeq.get(operation.seq).warning, 'not exported: operation requestBody (it is nested more than 1000 levels deep)');
    for (const record of [before, after]) assert.equal(lines.find((line) => line.startsWith(`{"seq":${record.seq},`)), `${recordToLine(record)}\n`);

    const { log: imported, errors, count } = importNdjson(lines.join(''));
    assert.deepEqual(errors, []);
    assert.equal(count, log.size);
    assert.deepEqual(imported.get(before.seq)?.envelope, recordingStartedMessage());
    assert.deepEqual(imported.get(after.seq)?.envelope, heldMessage());
    assert.equal(toRowDto(imported.get(deep.seq)!).warning, 'not exported: envelope (it is nested more than 1000 levels deep)');
    // A file holding such a record (it reads fine) exports again the same way.
    const deepText = `${'{"nested":'.repeat(7_999)}{"leaf":"bottom"}${'}'.repeat(7_999)}`;
    const reread = importNdjson(`${JSON.stringify({ ...deep, envelope: null }).replace('"envelope":null', `"envelope":{"channel":"/v2/me/calls","data":${deepText}}`)}\n`);
    assert.deepEqual(reread.errors, []);
    assert.deepEqual(JSON.parse(recordToLine(reread.log.rows()[0])).envelope, { unserializable: 'it is nested more than 1000 levels deep' });
  });

  it('keeps the dropped count and reports bad lines without losing the good ones', () => {
    const log = new StreamLog(3);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000 });
    for (let i = 0; i < 5; i++) pipeline.ingestMeta({ type: 'connect', time: i, text: `connect ${i}` });
    const text = exportNdjson(log).replace(/\n$/, '\n{"seq": "broken"\n\nnot json\n{"kind":"notification"}\n');
    const { log: imported, errors } = importNdjson(text);
    assert.deepEqual(imported.rows().map((r) => r.summary), ['connect 2', 'connect 3', 'connect 4']);
    assert.equal(imported.dropped, 2);
    assert.equal(errors.length, 3);
    assert.match(errors[0], /^line 5: /);
    assert.match(errors[2], /^line 8: no integer "seq"/);
  });

  it('refuses an operation whose method is not an HTTP method: it would reach a shell through Copy as curl', () => {
    const log = buildStream();
    const lines = exportNdjson(log).trimEnd().split('\n');
    const index = lines.findIndex((line) => JSON.parse(line).kind === 'operation');
    const withMethod = (method: unknown): string => {
      const record = JSON.parse(lines[index]);
      if (method === undefined) delete record.operation.method;
      else record.operation.method = method;
      return [...lines.slice(0, index), JSON.stringify(record), ...lines.slice(index + 1)].join('\n');
    };
    for (const method of ['POST; rm -rf ~', '$(id)', '`id`', 'POST\nGET', "PO'ST", 'post', '', 'GET ', 'CONNECT', 7, null, ['POST']]) {
      const read = importNdjson(withMethod(method));
      assert.equal(read.count, log.size - 1, `${JSON.stringify(method)} is imported`);
      assert.equal(read.errors.length, 1, JSON.stringify(method));
      assert.match(read.errors[0], new RegExp(`^line ${index + 1}: operation method .* is not an HTTP method$`));
      assert.ok(read.log.rows().every((r) => r.operation === undefined || ['GET', 'POST'].includes(r.operation.method)));
    }
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) {
      const read = importNdjson(withMethod(method));
      assert.deepEqual(read.errors, [], method);
      assert.ok(read.log.rows().some((r) => r.operation?.method === method), method);
    }
    const absent = importNdjson(withMethod(undefined));
    assert.deepEqual(absent.errors, []);
    assert.ok(absent.log.rows().some((r) => r.operation?.method === 'POST'), 'an absent method reads as POST');
  });

  it('bounds an import by capacity, keeping the newest', () => {
    const text = exportNdjson(buildStream());
    const { log, count } = importNdjson(text, { capacity: 2 });
    assert.equal(log.size, 2);
    assert.equal(log.dropped, count - 2);
  });

  it('never writes a credential: Authorization, Cookie, CSRF token, password', () => {
    const text = exportNdjson(buildStream({ leaks: true }));
    for (const secret of [PASSWORD, BASIC, SESSION_ID, CSRF_TOKEN]) {
      assert.ok(!text.includes(secret), `the export contains ${secret}`);
    }
    const operation = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .find((r) => r.kind === 'operation');
    assert.deepEqual(operation.operation.requestHeaders, {
      'Content-Type': 'application/json',
      Authorization: 'Basic [redacted]',
      Cookie: 'JSESSIONID=[redacted]',
      'X-CSRF-TOKEN': '[redacted]',
    });
    assert.match(text, /"type":"StartCallRecording"/, 'redaction keeps the useful parts');
  });

  it('writes the documented header: format, version, time, count, dropped, and sources only when there are any', () => {
    const log = buildStream();
    const [header] = exportNdjson(log, new Date(0)).split('\n');
    assert.equal(header, `{"format":"gws-call-inspector/stream","version":1,"exportedAt":"1970-01-01T00:00:00.000Z","count":${log.size},"dropped":0}`);
    const sources = new Sources(new StreamLog(10), { noNotificationWarningMs: 5_000 });
    sources.open({ id: 'proxy:1', kind: 'proxy', label: 'my app' });
    const withSources = JSON.parse(exportNdjson(new StreamLog(10), new Date(0), sources.list().map(exportedSource)).split('\n')[0]);
    assert.deepEqual(withSources.sources, [{ id: 'proxy:1', kind: 'proxy', label: 'my app' }], 'only the plain fields of a source');
  });

  it('reads every field a file gives, drops the ones of the wrong type and fills the rest with defaults', () => {
    const full = {
      seq: 4,
      time: 1_000,
      kind: 'operation',
      source: 'session',
      channel: 'REST',
      type: 'HoldCall',
      messageType: 'CallStateChangeMessage',
      callId: 'C1',
      state: 'Held',
      recordingState: 'Recording',
      statusMessage: 'OK',
      warning: 'late',
      summary: 'POST /api/v2/me/calls/C1',
      changed: false,
      httpStatus: 200,
      statusCode: 0,
      rttMs: 12,
      delayMs: 30,
      pending: false,
      error: true,
      linkedSeqs: [5, 'six', 7],
      diff: { first: true, userData: { added: { A: 1 }, removed: {}, changed: { B: { old: 1, new: 2 } } }, capabilities: { gained: ['hold', 3], lost: ['answer'] }, fields: { state: { old: 'Dialing', new: 'Held' } } },
      entities: [7, null, { kind: 'device', id: 'D1', dataKey: 'devices', fields: { state: { new: 'Active' } } }, { fields: {} }],
      envelope: { channel: '/v2/me/calls' },
      operation: { id: 9, method: 'GET', url: 'http://gws/api/v2/me', requestHeaders: { Accept: 'application/json', 'X-Count': 3 }, requestBody: { operationName: 'Hold' }, error: 'timed out' },
      detail: { user: 'agent1' },
    };
    const noEntityDiff = { first: false, userData: { added: {}, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: {} };
    const { log, errors } = importNdjson(`${JSON.stringify(full)}\n`);
    assert.deepEqual(errors, []);
    assert.deepEqual(log.rows()[0], {
      ...full,
      linkedSeqs: [5, 7],
      diff: { ...full.diff, capabilities: { gained: ['hold'], lost: ['answer'] } },
      entities: [
        { ...noEntityDiff, kind: 'device', id: 'D1', dataKey: 'devices', fields: { state: { old: undefined, new: 'Active' } } },
        { ...noEntityDiff, kind: '?', id: '?' },
      ],
      operation: { ...full.operation, requestHeaders: { Accept: 'application/json' } },
    });

    const wrong = {
      seq: 5,
      time: 'noon',
      kind: 'meta',
      source: 1,
      messageType: 2,
      callId: 3,
      state: {},
      recordingState: [],
      statusMessage: false,
      warning: 7,
      httpStatus: '200',
      statusCode: '0',
      rttMs: null,
      delayMs: 'x',
      pending: 'yes',
      error: 'no',
      linkedSeqs: 'all',
      diff: 'changed',
      entities: { kind: 'device' },
      operation: { id: 'nine', url: 4, requestHeaders: ['Accept'], error: 500 },
    };
    const read = importNdjson(`${JSON.stringify(wrong)}\n`);
    assert.deepEqual(read.errors, []);
    assert.deepEqual(read.log.rows()[0], {
      seq: 5,
      time: 0,
      kind: 'meta',
      channel: '',
      type: 'meta',
      summary: '',
      changed: true,
      operation: { id: 0, method: 'POST', url: '', requestHeaders: {} },
    });
  });

  it('keeps a changed key named __proto__ in a file as data', () => {
    const line = '{"seq":1,"kind":"notification","diff":{"fields":{"__proto__":{"old":1,"new":2}}}}';
    const fields = importNdjson(line).log.rows()[0].diff?.fields;
    assert.deepEqual(Object.keys(fields ?? {}), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value, { old: 1, new: 2 });
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
  });

  it('says why a line is not a record, and reads files with blank lines, no header or a crafted header', () => {
    const record = (fields: Record<string, unknown>) => JSON.stringify({ kind: 'meta', ...fields });
    const text = [
      '[1,2]',
      'null',
      record({ seq: 1.5 }),
      record({ seq: 2, kind: 'call' }),
      '   ',
      record({ seq: 3, format: NDJSON_FORMAT, summary: 'a record with a format field' }),
      record({ seq: 4, operation: { method: 'POST; rm -rf ~' } }),
      record({ seq: 5, operation: { method: 7 } }),
      record({ seq: 6, operation: { method: `GET${'x'.repeat(100)}` } }),
    ].join('\r\n');
    const read = importNdjson(text);
    assert.deepEqual(read.errors, [
      'line 1: not a JSON object',
      'line 2: not a JSON object',
      'line 3: no integer "seq"',
      'line 4: unknown kind "call"',
      'line 7: operation method "POST; rm -rf ~" is not an HTTP method',
      'line 8: operation method of type number is not an HTTP method',
      `line 9: operation method "GET${'x'.repeat(37)}" is not an HTTP method`,
    ]);
    assert.deepEqual(read.log.rows().map((r) => r.summary), ['a record with a format field']);
    assert.deepEqual(read.sources, [], 'no header: no sources');
    assert.equal(read.log.dropped, 0);

    const header = (fields: Record<string, unknown>) => JSON.stringify({ format: NDJSON_FORMAT, version: 1, ...fields });
    const crafted = importNdjson(`${header({ dropped: '5', sources: 'all' })}\n${record({ seq: 1 })}\n`);
    assert.deepEqual(crafted.errors, []);
    assert.equal(crafted.log.dropped, 0, 'a dropped count that is no number reads as 0');
    assert.deepEqual(crafted.sources, []);
    const many = Array.from({ length: 150 }, (_, i) => ({ id: `s${i}`, kind: 'file', label: `file ${i}` }));
    assert.deepEqual(importNdjson(header({ sources: many })).sources, many.slice(0, 100), 'at most 100 sources');
  });

  it('names every part it could not export, and writes the plain fields when even that fails', () => {
    const log = new StreamLog(10);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const two = log.append({ time: 1, kind: 'meta', channel: '/meta/x', type: 'x', summary: 'two parts', changed: true, envelope: deeplyNested(8_000), detail: cycle });
    // A value that serialises alone but throws inside its record: nothing can be replaced by a note.
    const failsInPlace = { toJSON: (key: string) => { if (key !== '') throw new Error('only alone'); return 'fine'; } };
    const plain = log.append({ time: 2, kind: 'meta', channel: '/meta/y', type: 'y', summary: 'plain', changed: true, detail: failsInPlace });
    const unchanged = log.append({ time: 3, kind: 'meta', channel: '/meta/z', type: 'z', summary: 'unchanged', changed: false, detail: failsInPlace });
    assert.equal(JSON.parse(recordToLine(two)).warning, 'not exported: envelope, detail (it contains itself (a cycle))');
    assert.deepEqual(JSON.parse(recordToLine(plain)), {
      seq: plain.seq,
      time: 2,
      kind: 'meta',
      channel: '/meta/y',
      type: 'y',
      summary: 'plain',
      changed: true,
      warning: 'not exported (it cannot be serialised (only alone))',
    });
    assert.equal(JSON.parse(recordToLine(unchanged)).changed, false);
  });

  it('masks credentials inside free text', () => {
    assert.equal(redactText(`Authorization: Basic ${BASIC}`), 'Authorization: Basic [redacted]');
    assert.equal(redactText(`Cookie: JSESSIONID=${SESSION_ID}; Path=/`), 'Cookie: JSESSIONID=[redacted]; Path=/');
    assert.equal(redactText('GET http://agent1:pw@gws:8090/api'), 'GET http://[redacted]@gws:8090/api');
    assert.equal(redactText('{"password":"abc","user":"a"}'), '{"password":"[redacted]","user":"a"}');
    assert.equal(redactText('agent@example.com called'), 'agent@example.com called');
  });
});
