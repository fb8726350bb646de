import * as assert from 'node:assert/strict';
import { Emitter, type Event } from '../../../src/base/emitter';
import type { MetaRecord, NotificationReceived, OperationRecord, SnapshotRecord } from '../../../src/wire/sessionEvents';
import type { BayeuxMessage } from '../../../src/wire/types';
import type { GwsCall } from '../../../src/wire/types';
import { CallStore } from '../../../src/model/callStore';
import { DEFAULT_LINK_WINDOW_MS, MAX_LINKS_PER_OPERATION } from '../../../src/model/operationLinks';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import {
  callBeforeHold,
  callBeforeRecording,
  callMessage,
  callOperation,
  heldMessage,
  received,
  recordingStartedMessage,
} from './fixtures/samples';
import { FakeTime } from './fixtures/fakeTime';

function setup(options: { warningMs?: number; capacity?: number } = {}) {
  const time = new FakeTime();
  const store = new CallStore();
  const log = new StreamLog(options.capacity ?? 1000);
  const pipeline = new Pipeline(store, log, {
    noNotificationWarningMs: options.warningMs ?? 5_000,
    now: () => time.now,
    timers: time,
    defer: (drain) => time.setTimeout(drain, 0),
  });
  const updates: StreamRecord[] = [];
  log.onDidUpdate((records) => updates.push(...records));
  return { time, store, log, pipeline, updates };
}

const CALL_ID = recordingStartedMessage().data.call.id;

describe('Pipeline', () => {
  describe('notifications', () => {
    it('applies a CallStateChangeMessage to the store and records its diff against the previous call', () => {
      const { store, log, pipeline, time } = setup();
      pipeline.ingestNotification(received(callMessage(callBeforeRecording()), time.now));
      const record = pipeline.ingestNotification(received(recordingStartedMessage(), time.now + 10));

      assert.equal(store.get(CALL_ID)?.recordingState, 'Recording');
      assert.equal(record.kind, 'notification');
      assert.equal(record.channel, '/v2/me/calls');
      assert.equal(record.type, 'CallRecordingStateChange');
      assert.equal(record.messageType, 'CallStateChangeMessage');
      assert.equal(record.callId, CALL_ID);
      assert.equal(record.state, 'Established');
      assert.equal(record.recordingState, 'Recording');
      assert.equal(record.changed, true);
      assert.deepEqual(record.diff?.capabilities.lost, ['StartCallRecording']);
      assert.match(record.summary, /^userData \+2 ~0 −0 · caps \+PauseCallRecording \+StopCallRecording −StartCallRecording/);
      assert.deepEqual(record.envelope, recordingStartedMessage(), 'the message is kept as delivered');
      assert.equal(log.size, 2);
    });

    it('keeps one copy of what consecutive notifications repeat, and every message JSON-identical to what arrived', () => {
      const { pipeline, time } = setup();
      const first = pipeline.ingestNotification(received(heldMessage(), time.now));
      const arrived = heldMessage();
      arrived.data.call.duration = '31';
      const asSent = JSON.stringify(arrived);
      const second = pipeline.ingestNotification(received(arrived, time.now + 1000));
      const firstCall = (first.envelope as ReturnType<typeof heldMessage>).data.call;
      const secondCall = (second.envelope as ReturnType<typeof heldMessage>).data.call;
      assert.equal(JSON.stringify(second.envelope), asSent);
      assert.equal(secondCall.capabilities, firstCall.capabilities, 'the capability list is the earlier one');
      assert.ok(Array.isArray(firstCall.participants));
      assert.equal(secondCall.participants, firstCall.participants, 'so are the participants');
      assert.notEqual(secondCall.duration, firstCall.duration);
    });

    it('marks the first notification of a call and a repeat with only a new duration as unchanged', () => {
      const { pipeline, time } = setup();
      const first = pipeline.ingestNotification(received(heldMessage(), time.now));
      const again = heldMessage();
      again.data.call.duration = '31';
      const repeat = pipeline.ingestNotification(received(again, time.now + 1000));
      assert.equal(first.diff?.first, true);
      assert.equal(first.changed, true);
      assert.equal(repeat.changed, false);
      assert.equal(repeat.summary, 'no tracked change');
    });

    it('removes a Released call from the store but still records the notification', () => {
      const { store, pipeline, time } = setup();
      pipeline.ingestNotification(received(callMessage(callBeforeHold()), time.now));
      const released: GwsCall = { ...callBeforeHold(), state: 'Released', capabilities: [] };
      const record = pipeline.ingestNotification(received(callMessage(released), time.now + 5));
      assert.equal(store.get(released.id), undefined);
      assert.equal(record.state, 'Released');
      assert.match(record.summary, /state Established→Released/);
    });

    it('records malformed messages as rows that say what is wrong, without throwing', () => {
      const { log, pipeline, time } = setup();
      const cases: Array<[unknown, RegExp]> = [
        [{ channel: '/v2/me/calls', data: 'not an object' }, /^Malformed: data is a string$/],
        [{ channel: '/v2/me/calls' }, /^Malformed: data is missing$/],
        [{ channel: '/v2/me/calls', data: [1, 2] }, /^Malformed: data is an array$/],
        [{ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage' } }, /without a call/],
        [{ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', call: { state: 'Ringing' } } }, /has no id/],
        [{ channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices: 'x' } }, /without devices/],
        [null, /^Malformed: data is missing$/],
      ];
      for (const [message, expected] of cases) {
        const record = pipeline.ingestNotification({ message: message as NotificationReceived['message'], receivedAt: time.now });
        assert.match(record.summary, expected);
        assert.equal(record.error, true);
      }
      assert.equal(log.size, cases.length);
    });

    it('records unknown message types with their field names', () => {
      const { pipeline, time } = setup();
      // A channels[] entry without a channel name (as in sample 09) cannot be diffed: shown raw.
      const channels = pipeline.ingestNotification(
        received({ channel: '/v2/me/channels', data: { channels: [{ userState: {} }] } }, time.now),
      );
      assert.equal(channels.type, '(no messageType)');
      assert.equal(channels.summary, 'Unrecognised message: fields channels');
      const chat = pipeline.ingestNotification(
        received({ channel: '/v2/me/chats', data: { messageType: 'ChatStateChangeMessage', notificationType: 'Invite', chat: {} } }, time.now),
      );
      assert.equal(chat.type, 'Invite');
      assert.equal(chat.messageType, 'ChatStateChangeMessage');
      assert.match(chat.summary, /^Unrecognised message ChatStateChangeMessage: fields messageType, notificationType, chat$/);
    });

    it('reports each ErrorMessage it reads once, with what its row says, and nothing else', () => {
      const { pipeline, time } = setup();
      const reported: Array<{ text?: string; code?: unknown; callId?: string }> = [];
      pipeline.onDidReadErrorMessage((info) => reported.push(info));
      pipeline.ingestNotification(received(callMessage(callBeforeRecording()), time.now));
      pipeline.ingestNotification(
        received({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', errorMessage: 'Invalid state', errorCode: 56, callId: CALL_ID } }, time.now),
      );
      assert.deepEqual(reported, [{ text: 'Invalid state', code: 56, callId: CALL_ID }]);
    });

    it('reports an ErrorMessage with the operation it is linked to, when it names none', () => {
      const { pipeline, time } = setup();
      const reported: Array<{ operationName?: string }> = [];
      pipeline.onDidReadErrorMessage((info) => reported.push(info));
      pipeline.ingestNotification(received(callMessage(callBeforeRecording()), time.now));
      pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }, CALL_ID));
      pipeline.ingestNotification(
        received({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', errorMessage: 'Invalid state', errorCode: 56, callId: CALL_ID } }, time.now),
      );
      assert.deepEqual(reported, [{ text: 'Invalid state', code: 56, callId: CALL_ID, operationName: 'StartCallRecording' }]);
    });

    it('summarises ErrorMessage and DeviceStateChangeMessage', () => {
      const { pipeline, time } = setup();
      const error = pipeline.ingestNotification(
        received(
          { channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', errorMessage: 'Invalid state', errorCode: 56, callId: CALL_ID } },
          time.now,
        ),
      );
      assert.equal(error.error, true);
      assert.equal(error.callId, CALL_ID);
      assert.equal(error.summary, 'ErrorMessage: Invalid state: code 56');

      const device = (state: string, dnd: string) => ({
        channel: '/v2/me/devices',
        data: {
          messageType: 'DeviceStateChangeMessage',
          devices: [{ id: '631608b3-ceb1-472b-ba05-2ae39555b0d1', deviceState: 'Active', doNotDisturb: dnd, userState: { state } }],
        },
      });
      const first = pipeline.ingestNotification(received(device('NotReady', 'Off'), time.now));
      assert.equal(first.summary, 'device 631608b3: deviceState Active, userState NotReady, dnd Off');
      const ready = pipeline.ingestNotification(received(device('Ready', 'Off'), time.now));
      assert.equal(ready.summary, 'device 631608b3: userState NotReady→Ready');
      assert.equal(ready.changed, true);
      const same = pipeline.ingestNotification(received(device('Ready', 'Off'), time.now));
      assert.equal(same.changed, false);
    });
  });

  describe('operation ↔ notification links', () => {
    it('links the notifications for the call that follow an operation, with the delay', () => {
      const { pipeline, time, log, updates } = setup();
      pipeline.ingestNotification(received(callMessage(callBeforeRecording()), time.now));
      const start = time.now;
      const op = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: start }));
      assert.equal(op.kind, 'operation');
      assert.equal(op.type, 'StartCallRecording');
      assert.equal(op.channel, 'REST');
      assert.equal(op.pending, true);
      assert.equal(op.callId, CALL_ID);

      const n1 = pipeline.ingestNotification(received(recordingStartedMessage(), start + 40));
      const n2 = pipeline.ingestNotification(received(recordingStartedMessage(), start + 90));
      pipeline.ingestOperation(callOperation({ id: 1, phase: 'completed', startedAt: start, completedAt: start + 60, httpStatus: 200, statusCode: 0 }));

      assert.deepEqual(n1.linkedSeqs, [op.seq]);
      assert.equal(n1.delayMs, 40);
      assert.deepEqual(n2.linkedSeqs, [op.seq]);
      assert.equal(n2.delayMs, 90);
      const opRow = log.get(op.seq)!;
      assert.deepEqual(opRow.linkedSeqs, [n1.seq, n2.seq]);
      assert.equal(opRow.delayMs, 40, 'request start → first notification');
      assert.equal(opRow.pending, false);
      assert.equal(opRow.rttMs, 60);
      assert.equal(opRow.httpStatus, 200);
      assert.equal(opRow.summary, 'HTTP 200 · statusCode 0 · 60 ms');
      assert.ok(updates.includes(opRow), 'the operation row was reported as updated');
    });

    it('does not link other calls, another operation\'s effect, or after the window', () => {
      const { pipeline, time } = setup();
      const start = time.now;
      const first = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: start }));
      const otherCall = pipeline.ingestNotification(received(heldMessage(), start + 10));
      assert.equal(otherCall.linkedSeqs, undefined, 'a notification for another call is not linked');

      const second = pipeline.ingestOperation(callOperation({ id: 2, phase: 'sent', startedAt: start + 20, operationName: 'Hold' }));
      const afterSecond = pipeline.ingestNotification(received(recordingStartedMessage(), start + 30));
      assert.deepEqual(afterSecond.linkedSeqs, [first.seq], 'the operation whose effect it shows, not the newest');
      assert.equal(second.linkedSeqs, undefined);

      time.advance(6_000);
      const third = pipeline.ingestOperation(callOperation({ id: 3, phase: 'sent', startedAt: time.now - 5_001 }));
      const late = pipeline.ingestNotification(received(recordingStartedMessage(), time.now));
      assert.equal(late.linkedSeqs, undefined, 'outside the 5 s window');
      assert.equal(third.linkedSeqs, undefined);
    });

    it('warns once the warning time passes without a notification, using a single timer', () => {
      const { pipeline, time, log } = setup({ warningMs: 5_000 });
      const a = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      time.advance(1_000);
      const b = pipeline.ingestOperation(callOperation({ id: 2, phase: 'sent', startedAt: time.now }, 'OTHER-CALL'));
      assert.equal(time.pending, 1, 'one timer for all pending operations');

      time.advance(3_999);
      assert.equal(log.get(a.seq)?.warning, undefined, 'not yet: 4.999 s');
      time.advance(1);
      assert.equal(log.get(a.seq)?.warning, 'No notification within 5 s');
      assert.equal(log.get(b.seq)?.warning, undefined);
      assert.equal(time.pending, 1, 're-armed for the other operation');
      time.advance(1_000);
      assert.equal(log.get(b.seq)?.warning, 'No notification within 5 s');
      assert.equal(time.pending, 0, 'nothing left to watch');
    });

    it('does not warn when a notification arrives in time, and notes a late one', () => {
      const { pipeline, time, log } = setup({ warningMs: 2_000 });
      const onTime = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      pipeline.ingestNotification(received(recordingStartedMessage(), time.now + 100));
      assert.equal(time.pending, 0, 'the timer stops when nothing is pending');
      time.advance(10_000);
      assert.equal(log.get(onTime.seq)?.warning, undefined);

      const late = pipeline.ingestOperation(callOperation({ id: 2, phase: 'sent', startedAt: time.now }));
      time.advance(3_000);
      assert.equal(log.get(late.seq)?.warning, 'No notification within 2 s');
      pipeline.ingestNotification(received(recordingStartedMessage(), time.now));
      assert.equal(log.get(late.seq)?.warning, 'First notification after 3 s (over 2 s)');
      assert.equal(log.get(late.seq)?.delayMs, 3_000);
    });

    it('expects no notification after a refused operation: no warning, no links', () => {
      const { pipeline, time, log } = setup({ warningMs: 5_000 });
      const start = time.now;
      const op = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: start }));
      pipeline.ingestOperation(
        callOperation({
          id: 1,
          phase: 'completed',
          startedAt: start,
          completedAt: start + 12,
          httpStatus: 503,
          statusCode: 4,
          statusMessage: 'Voice service is not available at this time',
        }),
      );
      const row = log.get(op.seq)!;
      assert.equal(row.error, true);
      assert.equal(row.summary, 'HTTP 503 · statusCode 4 Voice service is not available at this time · 12 ms');
      time.advance(6_000);
      assert.equal(row.warning, undefined);
      const next = pipeline.ingestNotification(received(recordingStartedMessage(), time.now));
      assert.equal(next.linkedSeqs, undefined);
    });

    it('uses a changed warning time for operations already pending', () => {
      const { pipeline, time, log } = setup({ warningMs: 5_000 });
      const op = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      pipeline.setNoNotificationWarningMs(1_500);
      time.advance(1_500);
      assert.equal(log.get(op.seq)?.warning, 'No notification within 1.5 s');
    });

    it('records an operation seen only when completed, and one without a call id without linking', () => {
      const { pipeline, time } = setup();
      const done = pipeline.ingestOperation(
        callOperation({ id: 9, phase: 'completed', startedAt: time.now, completedAt: time.now + 5, httpStatus: 200, statusCode: 0 }),
      );
      assert.equal(done.pending, false);
      assert.equal(done.rttMs, 5);
      const ready = pipeline.ingestOperation({
        id: 10,
        phase: 'sent',
        operationName: 'Ready',
        method: 'POST',
        url: 'http://127.0.0.1:8080/api/v2/me/channels/voice',
        requestHeaders: {},
        startedAt: time.now,
      });
      assert.equal(ready.callId, undefined);
      assert.equal(ready.summary, 'POST /api/v2/me/channels/voice');
    });
  });

  describe('snapshots and meta', () => {
    it('reconciles the store on resync and lists removed and changed calls', () => {
      const { store, pipeline, time } = setup();
      pipeline.ingestNotification(received(callMessage(callBeforeRecording()), time.now));
      pipeline.ingestNotification(received(callMessage(callBeforeHold()), time.now));
      const snapshot: SnapshotRecord = {
        reason: 'resync',
        time: time.now + 1000,
        calls: [recordingStartedMessage().data.call, { id: 'NEW-CALL', state: 'Ringing' }],
        devices: [],
      };
      const record = pipeline.ingestSnapshot(snapshot);
      const heldId = callBeforeHold().id;
      assert.equal(store.get(heldId), undefined, 'a call gone while disconnected disappears');
      assert.equal(store.get(CALL_ID)?.recordingState, 'Recording');
      assert.equal(record.kind, 'meta');
      assert.equal(record.type, 'resync');
      assert.match(record.summary, /^resync: 2 calls · /);
      assert.match(record.summary, /new NEW-CALL/);
      assert.match(record.summary, new RegExp(`removed ${heldId}`));
      assert.match(record.summary, new RegExp(`changed ${CALL_ID} \\(userData \\+2`));
      const detail = record.detail as { removed: Array<{ callId: string; state?: string }>; added: string[] };
      assert.deepEqual(detail.removed, [{ callId: heldId, state: 'Established' }]);
      assert.deepEqual(detail.added, ['NEW-CALL']);
    });

    it('records meta events, flagging errors', () => {
      const { pipeline } = setup();
      const meta: MetaRecord = { type: 'reconnecting', time: 5, text: 'Connection lost, retrying', channel: '/meta/connect' };
      const row = pipeline.ingestMeta(meta);
      assert.deepEqual([row.kind, row.type, row.channel, row.summary, row.error], ['meta', 'reconnecting', '/meta/connect', 'Connection lost, retrying', undefined]);
      assert.equal(pipeline.ingestMeta({ type: 'sessionExpired', time: 6, text: 'Session expired' }).error, true);
    });

    it('attach() queues a session\'s events in order, analyses them on the deferred drain, and stops when disposed', () => {
      const { pipeline, log, time } = setup();
      const session = {
        notifications: new Emitter<NotificationReceived>(),
        operations: new Emitter<OperationRecord>(),
        metas: new Emitter<MetaRecord>(),
        snapshots: new Emitter<SnapshotRecord>(),
      };
      const attached = pipeline.attach({
        onNotification: session.notifications.event,
        onOperation: session.operations.event,
        onMeta: session.metas.event,
        onSnapshot: session.snapshots.event,
      });
      session.metas.fire({ type: 'handshake', time: time.now, text: 'Handshake' });
      session.notifications.fire(received(heldMessage(), time.now));
      session.snapshots.fire({ reason: 'signIn', time: time.now, calls: [], devices: [] });
      session.operations.fire(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      assert.equal(log.size, 0, 'nothing is analysed inside the transport callback');
      time.advance(0);
      assert.deepEqual(log.rows().map((r) => r.kind), ['meta', 'notification', 'meta', 'operation']);
      session.notifications.fire(received(heldMessage(), time.now));
      attached.dispose();
      assert.equal(log.size, 5, 'disposing analyses what was still queued');
      session.metas.fire({ type: 'handshake', time: time.now, text: 'Handshake' });
      time.advance(0);
      assert.equal(log.size, 5);
    });

    it('attach().flush() analyses the queued events at once', () => {
      const { pipeline, log, time } = setup();
      const notifications = new Emitter<NotificationReceived>();
      const none = new Emitter<never>();
      const attached = pipeline.attach({ onNotification: notifications.event, onOperation: none.event, onMeta: none.event, onSnapshot: none.event });
      notifications.fire(received(heldMessage(), time.now));
      attached.flush();
      assert.equal(log.rows()[0]?.kind, 'notification');
      attached.dispose();
    });
  });

  describe('operations that are not on a call', () => {
    const DEVICE = '631608b3-d5e4-4b4f-b8c2-9e4f2a3bd2ee';
    const OTHER_DEVICE = '7a0c1f55-0000-4000-8000-000000000002';
    const deviceOperation = (id: number, startedAt: number, url: string, operationName: string): OperationRecord => ({
      ...callOperation({ id, phase: 'sent', startedAt }),
      callId: undefined,
      url: `http://127.0.0.1:8080${url}`,
      operationName,
      requestBody: { operationName },
    });
    const devicesMessage = (deviceId: string, userState: string, doNotDisturb?: string) =>
      ({ channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', notificationType: 'StatusChange', devices: [{ id: deviceId, deviceState: 'Active', userState: { state: userState }, doNotDisturb }] } }) as BayeuxMessage;
    const dialling = (id: string): GwsCall => ({ ...callBeforeHold(), id, state: 'Dialing', callType: 'Outbound' });

    it('links DoNotDisturbOn on a device to that device\'s next DeviceStateChangeMessage, not another device\'s', () => {
      const { pipeline, time } = setup();
      const operation = pipeline.ingestOperation(deviceOperation(1, time.now, `/api/v2/me/devices/${DEVICE}`, 'DoNotDisturbOn'));
      const other = pipeline.ingestNotification(received(devicesMessage(OTHER_DEVICE, 'Ready', 'On'), time.now + 5));
      const own = pipeline.ingestNotification(received(devicesMessage(DEVICE, 'Ready', 'On'), time.now + 9));
      assert.equal(other.linkedSeqs, undefined);
      assert.deepEqual(own.linkedSeqs, [operation.seq]);
      assert.deepEqual(operation.linkedSeqs, [own.seq]);
      assert.equal(own.delayMs, 9);
    });

    it('links an agent-state operation (channels/voice) to the next DeviceStateChangeMessage of any device', () => {
      const { pipeline, time } = setup();
      const operation = pipeline.ingestOperation(deviceOperation(1, time.now, '/api/v2/me/channels/voice', 'NotReady'));
      const row = pipeline.ingestNotification(received(devicesMessage(OTHER_DEVICE, 'NotReady'), time.now + 12));
      assert.deepEqual(row.linkedSeqs, [operation.seq]);
    });

    it('links Dial to the call it made (first seen Dialing), not to that call\'s later notifications or to other calls', () => {
      const { pipeline, time } = setup();
      const existing = callBeforeHold();
      pipeline.ingestNotification(received(callMessage(existing), time.now));
      const dial = pipeline.ingestOperation(deviceOperation(1, time.now + 1, `/api/v2/me/devices/${DEVICE}/calls`, 'Dial'));
      assert.equal(dial.callId, undefined);
      const unrelated = pipeline.ingestNotification(received(callMessage({ ...existing, duration: '99' }), time.now + 2));
      const incoming = pipeline.ingestNotification(received(callMessage({ ...callBeforeHold(), id: 'INCOMING', state: 'Ringing' }), time.now + 3));
      const made = pipeline.ingestNotification(received(callMessage(dialling('DIALED')), time.now + 20));
      const established = pipeline.ingestNotification(received(callMessage({ ...dialling('DIALED'), state: 'Established' }), time.now + 900));
      const anotherDialling = pipeline.ingestNotification(received(callMessage(dialling('SECOND')), time.now + 950));
      assert.equal(unrelated.linkedSeqs, undefined);
      assert.equal(incoming.linkedSeqs, undefined, 'a new ringing call is not the dialled one');
      assert.deepEqual(made.linkedSeqs, [dial.seq]);
      assert.equal(made.delayMs, 19);
      assert.equal(established.linkedSeqs, undefined, 'the far end answering is not the Dial\'s doing');
      assert.equal(anotherDialling.linkedSeqs, undefined, 'one Dial makes one call');
      assert.deepEqual(dial.linkedSeqs, [made.seq]);
    });

    it('warns about a Dial that no call followed, and not about a refused one', () => {
      const { pipeline, time } = setup({ warningMs: 1_000 });
      const silent = pipeline.ingestOperation(deviceOperation(1, time.now, `/api/v2/me/devices/${DEVICE}/calls`, 'Dial'));
      const refused = pipeline.ingestOperation(deviceOperation(2, time.now, `/api/v2/me/devices/${OTHER_DEVICE}/calls`, 'Dial'));
      pipeline.ingestOperation({ ...deviceOperation(2, time.now, `/api/v2/me/devices/${OTHER_DEVICE}/calls`, 'Dial'), phase: 'completed', completedAt: time.now + 5, httpStatus: 200, statusCode: 3, statusMessage: 'Busy' });
      time.advance(1_000);
      assert.match(silent.warning ?? '', /No notification within 1 s/);
      assert.equal(refused.warning, undefined);
    });
  });

  it('a refused operation takes nothing from an earlier one on the same call', () => {
    const { pipeline, time } = setup();
    const call = callBeforeHold();
    pipeline.ingestNotification(received(callMessage(call), time.now));
    const hold = (id: number) => callOperation({ id, phase: 'sent', startedAt: time.now, operationName: 'Hold', requestBody: { operationName: 'Hold' } }, call.id);
    const accepted = pipeline.ingestOperation(hold(1));
    pipeline.ingestOperation({ ...hold(1), phase: 'completed', completedAt: time.now + 5, httpStatus: 200, statusCode: 0 });
    const refused = pipeline.ingestOperation(hold(2));
    pipeline.ingestOperation({ ...hold(2), phase: 'completed', completedAt: time.now + 5, httpStatus: 400, statusCode: 2, statusMessage: 'no' });
    time.advance(20);
    const held = pipeline.ingestNotification(received(callMessage({ ...call, state: 'Held' }), time.now));
    assert.deepEqual(held.linkedSeqs, [accepted.seq]);
    assert.equal(refused.linkedSeqs, undefined);
  });

  it('records a notification it cannot analyse as an error row instead of losing it', () => {
    const { pipeline, log, time } = setup();
    const hostile = callMessage(callBeforeHold());
    // A getter that throws stands for any bug the analysis could hit on strange server data.
    Object.defineProperty(hostile.data as object, 'call', { get: () => { throw new Error('boom'); }, enumerable: true });
    const record = pipeline.ingestNotification(received(hostile, time.now));
    assert.equal(record.error, true);
    assert.match(record.summary, /Could not analyse this notification: boom/);
    assert.equal(log.size, 1);
  });

  describe('rows for what the server sent', () => {
    it('names what is missing or empty: channel, data, messageType, notificationType', () => {
      const { pipeline, time } = setup();
      const row = (message: unknown) => pipeline.ingestNotification({ message: message as NotificationReceived['message'], receivedAt: time.now });
      const noChannel = row({ data: { messageType: 'X' } });
      assert.equal(noChannel.channel, '(no channel)');
      assert.equal(row({ channel: '', data: { messageType: 'X' } }).channel, '(no channel)');
      const nullData = row({ channel: '/v2/me/calls', data: null });
      assert.equal(nullData.summary, 'Malformed: data is null');
      assert.equal(nullData.type, 'Malformed');
      assert.equal(row({ channel: '/v2/me/calls', data: 7 }).summary, 'Malformed: data is a number');
      const numericType = row({ channel: '/v2/me/calls', data: { messageType: 5 } });
      assert.equal(numericType.messageType, undefined);
      assert.equal(numericType.type, '(no messageType)');
      assert.equal(numericType.summary, 'Unrecognised message: fields messageType');
      assert.equal(row({ channel: '/v2/me/calls', data: {} }).summary, 'Unrecognised message: empty data');
      const emptyNotificationType = row({ channel: '/v2/me/chats', data: { messageType: 'ChatStateChangeMessage', notificationType: '' } });
      assert.equal(emptyNotificationType.type, 'ChatStateChangeMessage');
    });

    it('lists at most eight field names of an unrecognised message, then counts them', () => {
      const { pipeline, time } = setup();
      const data = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i + 1}`, i]));
      const eight = pipeline.ingestNotification(received({ channel: '/x', data: data(8) }, time.now));
      assert.equal(eight.summary, 'Unrecognised message: fields k1, k2, k3, k4, k5, k6, k7, k8');
      const nine = pipeline.ingestNotification(received({ channel: '/x', data: data(9) }, time.now));
      assert.equal(nine.summary, 'Unrecognised message: fields k1, k2, k3, k4, k5, k6, k7, k8, … (9)');
    });

    it('keeps a call row\'s state and recordingState only when they are text', () => {
      const { pipeline, time } = setup();
      const odd = pipeline.ingestNotification(received(callMessage({ id: 'ODD', state: 5, recordingState: true } as unknown as GwsCall), time.now));
      assert.equal(odd.callId, 'ODD');
      assert.equal(odd.state, undefined);
      assert.equal(odd.recordingState, undefined);
    });

    it('summarises an ErrorMessage with only a code, only a text, or neither', () => {
      const { pipeline, time } = setup();
      const error = (data: Record<string, unknown>) =>
        pipeline.ingestNotification(received({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', ...data } }, time.now)).summary;
      assert.equal(error({ errorCode: 56 }), 'ErrorMessage: code 56');
      assert.equal(error({ errorMessage: 'Invalid state' }), 'ErrorMessage: Invalid state');
      assert.equal(error({ callId: 'c1' }), 'ErrorMessage: callId=c1');
    });

    it('marks rows without a diff as unchanged: operations, session events, messages it cannot read (issue 16: "changes only" means changes only)', () => {
      const { pipeline, time } = setup();
      assert.equal(pipeline.ingestMeta({ type: 'handshake', time: time.now, text: 'Handshake' }).changed, false);
      assert.equal(pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now })).changed, false);
      assert.equal(pipeline.ingestNotification(received({ channel: '/x', data: 'bad' }, time.now)).changed, false);
    });
  });

  describe('operation rows', () => {
    const completed = (fields: Partial<OperationRecord>): OperationRecord =>
      callOperation({ id: 1, phase: 'completed', startedAt: 1_000, completedAt: 1_025, httpStatus: 200, statusCode: 0, ...fields });

    it('describes the result with what the answer had, or "completed"', () => {
      const cases: Array<[Partial<OperationRecord>, string]> = [
        [{}, 'HTTP 200 · statusCode 0 · 25 ms'],
        [{ httpStatus: undefined }, 'statusCode 0 · 25 ms'],
        [{ statusCode: undefined }, 'HTTP 200 · 25 ms'],
        [{ statusCode: 2, statusMessage: '' }, 'HTTP 200 · statusCode 2 · 25 ms'],
        [{ httpStatus: undefined, statusCode: undefined, error: 'timeout of 30000ms exceeded' }, 'timeout of 30000ms exceeded · 25 ms'],
        [{ httpStatus: undefined, statusCode: undefined, completedAt: undefined }, 'completed'],
      ];
      for (const [fields, summary] of cases) {
        const { pipeline } = setup();
        const row = pipeline.ingestOperation(completed(fields));
        assert.equal(row.summary, summary, JSON.stringify(fields));
      }
      const { pipeline } = setup();
      assert.equal(pipeline.ingestOperation(completed({ completedAt: undefined })).rttMs, undefined);
    });

    it('flags failures: a transport error, an HTTP status outside 2xx, a statusCode other than 0', () => {
      const cases: Array<[Partial<OperationRecord>, boolean]> = [
        [{}, false],
        [{ httpStatus: 299 }, false],
        [{ httpStatus: undefined, statusCode: undefined }, false],
        [{ httpStatus: 199 }, true],
        [{ httpStatus: 300 }, true],
        [{ httpStatus: 503, statusCode: undefined }, true],
        [{ statusCode: 4 }, true],
        [{ httpStatus: undefined, statusCode: undefined, error: 'socket hang up' }, true],
      ];
      for (const [fields, failed] of cases) {
        const { pipeline } = setup();
        const row = pipeline.ingestOperation(completed(fields));
        assert.equal(row.error, failed ? true : undefined, JSON.stringify(fields));
      }
    });

    it('keeps a transport error on the operation, and reports the completed row as updated', () => {
      const { pipeline, updates, time } = setup();
      pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      const failed = pipeline.ingestOperation(callOperation({ id: 1, phase: 'completed', startedAt: time.now, error: 'socket hang up' }));
      assert.equal(failed.operation?.error, 'socket hang up');
      assert.deepEqual(updates, [failed]);
      const ok = pipeline.ingestOperation(completed({ id: 2 }));
      assert.equal('error' in ok.operation!, false);
    });

    it('names an operation without a name by its method and URL, and finds its call in the URL', () => {
      const { pipeline, time } = setup();
      pipeline.ingestNotification(received(callMessage(callBeforeHold()), time.now));
      const unnamed = pipeline.ingestOperation({
        ...callOperation({ id: 1, phase: 'sent', startedAt: time.now }, callBeforeHold().id),
        operationName: '',
        callId: undefined,
      });
      assert.equal(unnamed.type, `POST http://127.0.0.1:8080/api/v2/me/calls/${callBeforeHold().id}`);
      assert.equal(unnamed.callId, callBeforeHold().id);
      const next = pipeline.ingestNotification(received(heldMessage(), time.now + 5));
      assert.deepEqual(next.linkedSeqs, [unnamed.seq]);
    });

    it('gives a new operation that reuses a known id its own row (a new session counts from 1 again)', () => {
      const { pipeline, time, log } = setup();
      const first = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      const again = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now + 10 }));
      assert.notEqual(again, first);
      assert.equal(log.get(first.seq)?.pending, true, 'the first one is not completed by it');
      assert.equal(log.size, 2);
    });
  });

    it('expects no notification after a read (a proxied application\'s GET): no warning, no link', () => {
      const { pipeline, time, log } = setup({ warningMs: 2_000 });
      pipeline.ingestNotification(received(callMessage(callBeforeHold()), time.now));
      const read = pipeline.ingestOperation({
        ...callOperation({ id: 1, phase: 'sent', startedAt: time.now }, callBeforeHold().id),
        operationName: '',
        method: 'GET',
        requestBody: undefined,
      });
      const post = pipeline.ingestOperation({ ...callOperation({ id: 2, phase: 'sent', startedAt: time.now }, 'OTHER-CALL'), operationName: '' });
      const next = pipeline.ingestNotification(received(heldMessage(), time.now + 5));
      time.advance(2_000);
      assert.equal(log.get(read.seq)?.warning, undefined, 'a GET causes nothing');
      assert.equal(next.linkedSeqs, undefined);
      assert.equal(log.get(post.seq)?.warning, 'No notification within 2 s', 'an unnamed POST is still watched');
    });

    it('keeps the response headers and body of a completed operation', () => {
      const { pipeline, time } = setup();
      pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      const row = pipeline.ingestOperation(
        callOperation({
          id: 1,
          phase: 'completed',
          startedAt: time.now,
          httpStatus: 200,
          responseHeaders: { 'content-type': 'application/json' },
          responseBody: { statusCode: 0 },
        }),
      );
      assert.deepEqual(row.operation?.responseHeaders, { 'content-type': 'application/json' });
      assert.deepEqual(row.operation?.responseBody, { statusCode: 0 });
    });

  describe('meta rows and times', () => {
    it('defaults the channel to "session", flags error rows, and takes the clock\'s time for a missing one', () => {
      const { pipeline, time } = setup();
      const error = pipeline.ingestMeta({ type: 'error', time: 5, text: 'Handshake failed' });
      assert.equal(error.channel, 'session');
      assert.equal(error.error, true);
      assert.equal(error.time, 5);
      assert.equal(pipeline.ingestMeta({ type: 'handshake', time: Number.NaN, text: 'x' }).time, time.now);
      assert.equal(pipeline.ingestMeta({ type: 'handshake', time: '5' as unknown as number, text: 'x' }).time, time.now);
      assert.equal(pipeline.ingestMeta({ type: 'handshake', time: 7, text: 'x' }).error, undefined);
    });
  });

  describe('snapshot rows', () => {
    const snapshot = (fields: Partial<SnapshotRecord>): SnapshotRecord => ({ reason: 'refresh', time: 1_000, calls: [], devices: [], ...fields });

    it('labels each reason and says when nothing moved', () => {
      const { pipeline, time } = setup();
      pipeline.ingestNotification(received(callMessage(callBeforeHold()), time.now));
      const same = pipeline.ingestSnapshot(snapshot({ reason: 'refresh', calls: [callBeforeHold()] }));
      assert.equal(same.summary, 'refresh: 1 call');
      assert.equal(same.changed, false);
      assert.equal(same.channel, 'REST');
      assert.equal(same.type, 'snapshot');
      assert.deepEqual(same.detail, { reason: 'refresh', calls: 1, added: [], removed: [], changed: [] });
      assert.equal(pipeline.ingestSnapshot(snapshot({ reason: 'signIn', calls: [callBeforeHold()] })).summary, 'sign-in snapshot: 1 call');
      const other = pipeline.ingestSnapshot(snapshot({ reason: 'replay' as SnapshotRecord['reason'], calls: [callBeforeHold()] }));
      assert.equal(other.summary, 'replay: 1 call');
    });

    it('lists several new, removed and changed calls, and counts any of them as a change', () => {
      const { pipeline, time } = setup();
      for (const id of ['A', 'B', 'C', 'D']) pipeline.ingestNotification(received(callMessage({ ...callBeforeHold(), id }), time.now));
      const record = pipeline.ingestSnapshot(
        snapshot({ calls: [{ ...callBeforeHold(), id: 'A', state: 'Held' }, { ...callBeforeHold(), id: 'B', state: 'Held' }, { ...callBeforeHold(), id: 'E' }, { ...callBeforeHold(), id: 'F' }] }),
      );
      assert.equal(
        record.summary,
        'refresh: 4 calls · new E, F · removed C, D · changed A (state Established→Held), B (state Established→Held)',
      );
      const onlyAddedAndRemoved = setup();
      onlyAddedAndRemoved.pipeline.ingestNotification(received(callMessage({ ...callBeforeHold(), id: 'OLD' }), time.now));
      const swapped = onlyAddedAndRemoved.pipeline.ingestSnapshot(snapshot({ calls: [{ ...callBeforeHold(), id: 'NEW' }] }));
      assert.equal(swapped.changed, true);
      const removedAndChanged = setup();
      removedAndChanged.pipeline.ingestNotification(received(callMessage({ ...callBeforeHold(), id: 'OLD' }), time.now));
      removedAndChanged.pipeline.ingestNotification(received(callMessage({ ...callBeforeHold(), id: 'KEPT' }), time.now));
      const oneOfEach = removedAndChanged.pipeline.ingestSnapshot(snapshot({ calls: [{ ...callBeforeHold(), id: 'KEPT', state: 'Held' }] }));
      assert.equal(oneOfEach.summary, 'refresh: 1 call · removed OLD · changed KEPT (state Established→Held)');
      assert.equal(oneOfEach.changed, true);
      const onlyRemoved = setup();
      onlyRemoved.pipeline.ingestNotification(received(callMessage({ ...callBeforeHold(), id: 'OLD' }), time.now));
      assert.equal(onlyRemoved.pipeline.ingestSnapshot(snapshot({})).changed, true);
    });

    it('reads a snapshot without a call list as no calls', () => {
      const { pipeline } = setup();
      const record = pipeline.ingestSnapshot(snapshot({ calls: undefined as unknown as GwsCall[] }));
      assert.equal(record.summary, 'refresh: 0 calls');
    });

    it('takes the devices of a snapshot as the state later device rows compare with, and keeps the state without them', () => {
      const { pipeline, time } = setup();
      const devices = (userState: string) => [{ id: 'dev-1', deviceState: 'Active', userState: { state: userState } }];
      const row = (userState: string) =>
        pipeline.ingestNotification(received({ channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices: devices(userState) } }, time.now)).summary;
      row('Ready');
      pipeline.ingestSnapshot(snapshot({ devices: devices('NotReady') }));
      assert.equal(row('Ready'), 'device dev-1: userState NotReady→Ready');
      pipeline.ingestSnapshot(snapshot({ devices: undefined as unknown as [] }));
      assert.equal(row('NotReady'), 'device dev-1: userState Ready→NotReady');
    });
  });

  describe('lifetime', () => {
    it('attach() follows the four events of a session and disposing stops following all of them', () => {
      const { pipeline } = setup();
      let subscribed = 0;
      const event = (() => {
        subscribed++;
        return { dispose: () => void subscribed-- };
      }) as unknown as Event<never>;
      const attached = pipeline.attach({ onNotification: event, onOperation: event, onMeta: event, onSnapshot: event });
      assert.equal(subscribed, 4);
      attached.dispose();
      assert.equal(subscribed, 0);
    });

    it('dispose() stops the warning timer and the ErrorMessage event', () => {
      const { pipeline, time } = setup();
      const heard: unknown[] = [];
      pipeline.onDidReadErrorMessage((info) => heard.push(info));
      pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
      assert.equal(time.pending, 1);
      pipeline.dispose();
      assert.equal(time.pending, 0);
      pipeline.ingestNotification(received({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', errorCode: 1 } }, time.now));
      assert.deepEqual(heard, []);
    });

    it('uses real timers when none are given', () => {
      const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
      const pipeline = new Pipeline(new CallStore(), new StreamLog(10), { noNotificationWarningMs: 60_000 });
      const before = timeouts();
      pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: Date.now() }));
      assert.equal(timeouts(), before + 1, 'the warning timer is a real one');
      pipeline.dispose();
      assert.equal(timeouts(), before, 'and cleared for real');
    });
  });

  it(`lists at most ${MAX_LINKS_PER_OPERATION} notifications on an operation's row; later ones still name the operation`, () => {
    const { pipeline, time, log } = setup({ capacity: MAX_LINKS_PER_OPERATION + 100 });
    const op = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }));
    const rows: StreamRecord[] = [];
    // Small messages built here, not read from the fixtures a thousand times; each shows
    // StartCallRecording's documented effect, within its link window.
    for (let i = 0; i <= MAX_LINKS_PER_OPERATION; i++) {
      time.now += 2;
      const call: GwsCall = { id: CALL_ID, state: 'Established', recordingState: 'Recording', duration: String(i) };
      const data = { messageType: 'CallStateChangeMessage', notificationType: 'CallRecordingStateChange', call };
      rows.push(pipeline.ingestNotification(received({ channel: '/v2/me/calls', data }, time.now)));
    }
    const operationRow = log.get(op.seq)!;
    assert.equal(operationRow.linkedSeqs?.length, MAX_LINKS_PER_OPERATION);
    assert.deepEqual(operationRow.linkedSeqs, rows.slice(0, MAX_LINKS_PER_OPERATION).map((r) => r.seq));
    assert.deepEqual(rows.at(-1)!.linkedSeqs, [op.seq], 'the notification over the cap still names its operation');
  });

  it('completes an operation\'s own row for ten link windows; after that it has been given up on', () => {
    const { pipeline, time, log } = setup();
    const slow = pipeline.ingestOperation(callOperation({ id: 1, phase: 'sent', startedAt: time.now }, 'SLOW'));
    const lost = pipeline.ingestOperation(callOperation({ id: 2, phase: 'sent', startedAt: time.now }, 'LOST'));
    // Other operations come and go meanwhile (each start is when old bookkeeping is dropped).
    for (let i = 3; i <= 12; i++) {
      time.advance(DEFAULT_LINK_WINDOW_MS);
      pipeline.ingestOperation(callOperation({ id: i, phase: 'sent', startedAt: time.now }, `CALL-${i}`));
    }
    const completed = (id: number, startedAt: number) =>
      pipeline.ingestOperation(callOperation({ id, phase: 'completed', startedAt, completedAt: time.now, httpStatus: 200, statusCode: 0 }, id === 1 ? 'SLOW' : 'LOST'));
    // Ten windows after they started: still known.
    assert.equal(completed(1, slow.time), slow);
    assert.equal(slow.pending, false);
    time.advance(1);
    pipeline.ingestOperation(callOperation({ id: 13, phase: 'sent', startedAt: time.now }, 'CALL-13'));
    const late = completed(2, lost.time);
    assert.notEqual(late, lost, 'a completion after the horizon gets a row of its own');
    assert.equal(log.get(lost.seq)?.pending, true);
  });

  it('keeps its bookkeeping bounded: many operations on many calls leave nothing behind', () => {
    const { pipeline, time } = setup({ capacity: 100 });
    const template = callOperation({ id: 0, phase: 'sent', startedAt: time.now });
    for (let i = 0; i < 500; i++) {
      const operation = { ...template, id: i, callId: `call-${i}`, url: `http://127.0.0.1:8080/api/v2/me/calls/call-${i}`, startedAt: time.now };
      pipeline.ingestOperation(operation);
      pipeline.ingestOperation({ ...operation, phase: 'completed', completedAt: time.now + 1, httpStatus: 200, statusCode: 0 });
      time.advance(1_000);
    }
    const internals = (pipeline as unknown as { links: { operations: Map<unknown, unknown>; pendingBySubject: Map<unknown, unknown> } }).links;
    assert.ok(internals.operations.size <= 32, `operations kept: ${internals.operations.size}`);
    assert.ok(internals.pendingBySubject.size <= 32, `links kept: ${internals.pendingBySubject.size}`);
  });
});
