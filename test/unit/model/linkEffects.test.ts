// Links that are right: a notification is linked to an operation only when it shows the
// operation's documented effect (docs/gws-notes.md#call-operations) within the link window.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { DEFAULT_NO_NOTIFICATION_WARNING_MS, MAX_LINKS_PER_OPERATION } from '../../../src/model/operationLinks';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import type { OperationRecord } from '../../../src/wire/sessionEvents';
import type { BayeuxMessage, GwsCall } from '../../../src/wire/types';
import { FakeTime } from './fixtures/fakeTime';
import { CHAT_ID, chatChattingMessage, chatParticipantsMessage } from './fixtures/media';
import { callBeforeHold, callBeforeRecording, callMessage, callOperation, received, recordingStartedMessage } from './fixtures/samples';

function setup(options: { linkWindowMs?: number; capacity?: number } = {}) {
  const time = new FakeTime();
  const log = new StreamLog(options.capacity ?? 5_000);
  const pipeline = new Pipeline(new CallStore(), log, {
    noNotificationWarningMs: 5_000,
    linkWindowMs: options.linkWindowMs,
    now: () => time.now,
    timers: time,
    defer: (drain) => time.setTimeout(drain, 0),
  });
  let nextId = 1;
  /** Sends an operation on `callId` now (accepted unless told otherwise) and returns its row. */
  const operate = (operationName: string, callId: string | undefined, body: Record<string, unknown> = {}, url?: string, statusCode = 0): StreamRecord => {
    const id = nextId++;
    const base: OperationRecord = {
      ...callOperation({ id, phase: 'sent', startedAt: time.now }, callId ?? 'unused'),
      operationName,
      requestBody: { operationName, ...body },
    };
    if (url !== undefined) base.url = `http://127.0.0.1:8080${url}`;
    if (callId === undefined) base.callId = undefined;
    const row = pipeline.ingestOperation(base);
    pipeline.ingestOperation({ ...base, phase: 'completed', completedAt: time.now + 30, httpStatus: 200, statusCode });
    return row;
  };
  /** A notification `ms` after now (the clock moves there). */
  const notify = (message: BayeuxMessage, ms = 0): StreamRecord => {
    time.advance(ms);
    return pipeline.ingestNotification(received(message, time.now));
  };
  return { time, log, pipeline, operate, notify };
}

const established = (overrides: Partial<GwsCall> = {}): GwsCall => ({ ...callBeforeHold(), ...overrides });
const CALL = callBeforeHold().id;

describe('operation links by documented effect', () => {
  it('StartCallRecording: links the CallRecordingStateChange, not a router\'s userData change 1.5 s later', () => {
    const { operate, notify } = setup();
    notify(callMessage(callBeforeRecording()));
    const recordingCall = recordingStartedMessage().data.call.id;
    const start = operate('StartCallRecording', recordingCall);
    const recorded = notify(recordingStartedMessage(), 40);
    // The router attaches a key: AttachedDataChanged on the recorded call.
    const routedCall = recordingStartedMessage().data.call;
    routedCall.userData = { ...routedCall.userData, RTargetAgentSelected: 'agent2' };
    const router = notify(callMessage(routedCall, 'AttachedDataChanged'), 1_476);
    assert.deepEqual(recorded.linkedSeqs, [start.seq]);
    assert.equal(router.linkedSeqs, undefined, 'no known cause');
    assert.equal(router.delayMs, undefined);
    assert.deepEqual(start.linkedSeqs, [recorded.seq], 'the operation lists only what it caused');
  });

  it('Answer: links Established, not the caller hanging up 8 s later, even with a long window', () => {
    const { operate, notify } = setup({ linkWindowMs: 30_000 });
    notify(callMessage(established({ state: 'Ringing' })));
    const answer = operate('Answer', CALL);
    const answered = notify(callMessage(established()), 80);
    const hungUp = notify(callMessage(established({ state: 'Released', capabilities: [] })), 8_000);
    assert.deepEqual(answered.linkedSeqs, [answer.seq]);
    assert.equal(hungUp.linkedSeqs, undefined);
    assert.deepEqual(answer.linkedSeqs, [answered.seq]);
  });

  it('InitiateConference: a Held 27 s later is outside the window; Hold: a later ParticipantsUpdated is not its effect', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const conference = operate('InitiateConference', CALL, { destination: { phoneNumber: '15002' } });
    const heldLate = notify(callMessage(established({ state: 'Held' })), 27_000);
    assert.equal(heldLate.linkedSeqs, undefined);
    assert.equal(conference.linkedSeqs, undefined);
    assert.equal(conference.warning, 'No notification within 5 s', 'the warning stays');

    notify(callMessage(established()), 10);
    const hold = operate('Hold', CALL);
    const held = notify(callMessage(established({ state: 'Held' })), 50);
    const participants = notify(callMessage(established({ state: 'Held', participants: [] }), 'ParticipantsUpdated'), 500);
    const capabilitiesOnly = notify(callMessage(established({ state: 'Held', participants: [], capabilities: ['Retrieve'] })), 100);
    assert.deepEqual(held.linkedSeqs, [hold.seq]);
    assert.equal(participants.linkedSeqs, undefined);
    assert.equal(capabilitiesOnly.linkedSeqs, undefined, 'Held again is not reaching Held');
  });

  it('UpdateUserData: links the AttachedDataChanged that sets its keys, not one that sets other keys', () => {
    const { operate, notify } = setup();
    const call = established({ userData: { Existing: '1' } });
    notify(callMessage(call));
    const update = operate('UpdateUserData', CALL, { userData: { CaseId: '42', Existing: '2' } });
    const other = notify(callMessage({ ...call, userData: { Existing: '1', RouterKey: 'x' } }, 'AttachedDataChanged'), 20);
    const own = notify(callMessage({ ...call, userData: { Existing: '2', RouterKey: 'x', CaseId: '42' } }, 'AttachedDataChanged'), 20);
    assert.equal(other.linkedSeqs, undefined);
    assert.deepEqual(own.linkedSeqs, [update.seq]);
    assert.deepEqual(update.linkedSeqs, [own.seq]);
  });

  it('DeleteUserDataPair, DeleteUserData, SendDtmf, MuteCall, Retrieve, Hangup: each its own effect only', () => {
    const { operate, notify } = setup();
    let call = established({ userData: { A: '1', B: '2' }, mute: 'Off' });
    notify(callMessage(call));
    const next = (changes: Partial<GwsCall>, type = 'StatusChange', ms = 20): StreamRecord => {
      call = { ...call, ...changes };
      return notify(callMessage(call, type), ms);
    };
    const deletePair = operate('DeleteUserDataPair', CALL, { key: 'B' });
    const addedC = next({ userData: { A: '1', B: '2', C: '3' } }, 'AttachedDataChanged');
    const removedB = next({ userData: { A: '1', C: '3' } }, 'AttachedDataChanged');
    const deleteAll = operate('DeleteUserData', CALL);
    const emptied = next({ userData: undefined }, 'AttachedDataChanged');
    const dtmf = operate('SendDtmf', CALL, { digits: '12#' });
    const muteState = next({ mute: 'On' });
    const sent = next({}, 'DtmfSent');
    const mute = operate('MuteCall', CALL);
    const muted = next({ mute: 'Off' });
    const mutedAgain = next({ mute: 'On' });
    assert.equal(addedC.linkedSeqs, undefined);
    assert.deepEqual(removedB.linkedSeqs, [deletePair.seq]);
    assert.deepEqual(emptied.linkedSeqs, [deleteAll.seq]);
    assert.equal(muteState.linkedSeqs, undefined, 'mute On before MuteCall is not its effect, nor SendDtmf\'s');
    assert.deepEqual(sent.linkedSeqs, [dtmf.seq]);
    assert.equal(muted.linkedSeqs, undefined, 'mute Off is not MuteCall\'s effect');
    assert.deepEqual(mutedAgain.linkedSeqs, [mute.seq]);

    next({ state: 'Held' });
    const retrieve = operate('Retrieve', CALL);
    const retrieved = next({ state: 'Established' });
    const hangup = operate('Hangup', CALL);
    const released = next({ state: 'Released', capabilities: [] });
    assert.deepEqual(retrieved.linkedSeqs, [retrieve.seq]);
    assert.deepEqual(released.linkedSeqs, [hangup.seq]);
  });

  it('InitiateTransfer: the main call Held and the consult call that names it; CompleteTransfer: both Released', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const initiate = operate('InitiateTransfer', CALL, { destination: { phoneNumber: '15002' } });
    const held = notify(callMessage(established({ state: 'Held' })), 30);
    const inbound = notify(callMessage(established({ id: 'INBOUND', state: 'Ringing', callType: 'Inbound' })), 10);
    const consultCall = established({ id: 'CONSULT', state: 'Dialing', callType: 'Consult', parentCallUri: `http://127.0.0.1:8080/api/v2/me/calls/${CALL}` });
    const consult = notify(callMessage(consultCall), 10);
    const answered = notify(callMessage({ ...consultCall, state: 'Established' }), 900);
    assert.deepEqual(held.linkedSeqs, [initiate.seq]);
    assert.equal(inbound.linkedSeqs, undefined, 'another party\'s call is not the consult call');
    assert.deepEqual(consult.linkedSeqs, [initiate.seq]);
    assert.equal(answered.linkedSeqs, undefined, 'the destination answering is not the operation\'s doing');

    const complete = operate('CompleteTransfer', CALL, { consultCallUri: `http://127.0.0.1:8080/api/v2/me/calls/CONSULT` });
    const consultReleased = notify(callMessage({ ...consultCall, state: 'Released', capabilities: [] }), 40);
    const mainReleased = notify(callMessage(established({ state: 'Released', capabilities: [] })), 5);
    assert.deepEqual(consultReleased.linkedSeqs, [complete.seq]);
    assert.deepEqual(mainReleased.linkedSeqs, [complete.seq]);
    assert.deepEqual(complete.linkedSeqs, [consultReleased.seq, mainReleased.seq]);
  });

  it('CompleteConference: the main call\'s participants and the consult call Released (found by its parentCallUri); SwapCalls: either call', () => {
    const { operate, notify } = setup();
    notify(callMessage(established({ state: 'Held' })));
    const consultCall = established({ id: 'CONSULT', callType: 'Consult', parentCallPath: `/calls/${CALL}` });
    notify(callMessage(consultCall));
    const swap = operate('SwapCalls', CALL, { otherCallUri: 'http://127.0.0.1:8080/api/v2/me/calls/CONSULT' });
    const consultHeld = notify(callMessage({ ...consultCall, state: 'Held' }), 20);
    const mainBack = notify(callMessage(established()), 5);
    assert.deepEqual(consultHeld.linkedSeqs, [swap.seq]);
    assert.deepEqual(mainBack.linkedSeqs, [swap.seq]);

    const complete = operate('CompleteConference', CALL);
    const joined = notify(callMessage(established({ participants: [{ phoneNumber: '15001' }, { phoneNumber: '15002' }] }), 'ParticipantsUpdated'), 30);
    const consultGone = notify(callMessage({ ...consultCall, state: 'Released', capabilities: [] }), 5);
    assert.deepEqual(joined.linkedSeqs, [complete.seq]);
    assert.deepEqual(consultGone.linkedSeqs, [complete.seq]);

    const remove = operate('RemoveParticipantFromConference', CALL, { participant: '15002' });
    const left = notify(callMessage(established({ participants: [{ phoneNumber: '15001' }] }), 'ParticipantsUpdated'), 30);
    assert.deepEqual(left.linkedSeqs, [remove.seq]);
  });

  it('an operation not in the table links the first notification for its subject, and only that one', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const vendor = operate('SetCustomerSegment', CALL, { segment: 'gold' });
    const first = notify(callMessage(established({ userData: { Segment: 'gold' } }), 'AttachedDataChanged'), 15);
    const second = notify(callMessage(established({ state: 'Held' })), 15);
    assert.deepEqual(first.linkedSeqs, [vendor.seq]);
    assert.equal(second.linkedSeqs, undefined);

    const accept = operate('Accept', undefined, { nickname: 'Agent' }, `/api/v2/me/chats/${CHAT_ID}`);
    const chatting = notify(chatChattingMessage(), 25);
    const participants = notify(chatParticipantsMessage(), 25);
    assert.deepEqual(chatting.linkedSeqs, [accept.seq], 'a chat operation links to that chat\'s first notification');
    assert.equal(participants.linkedSeqs, undefined);
  });

  it('agent state: the device reaching the requested state, or the voice channel; not a device that moved elsewhere', () => {
    const { operate, notify, time } = setup();
    const device = (userState: string, doNotDisturb = 'Off'): BayeuxMessage => ({
      channel: '/v2/me/devices',
      data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', doNotDisturb, userState: { state: userState } }] },
    });
    notify(device('NotReady'));
    const ready = operate('Ready', undefined, {}, '/api/v2/me/channels/voice');
    const dnd = notify(device('NotReady', 'On'), 10);
    const readyNow = notify(device('Ready', 'On'), 10);
    assert.equal(dnd.linkedSeqs, undefined, 'a DND change is not Ready');
    assert.deepEqual(readyNow.linkedSeqs, [ready.seq]);

    const again = operate('Ready', undefined, {}, '/api/v2/me/channels/voice');
    const confirmed = notify(device('Ready', 'On'), 10);
    assert.deepEqual(confirmed.linkedSeqs, [again.seq], 'a message that changes nothing confirms the state requested');

    const notReady = operate('NotReady', undefined, {}, '/api/v2/me/channels/voice');
    const voice: BayeuxMessage = {
      channel: '/v2/me/channels',
      data: { messageType: 'ChannelStateChangeMessageV2', channels: [{ channel: 'voice', userState: { state: 'NotReady' }, dndState: 'On' }] },
    };
    const channelRow = notify(voice, 10);
    assert.deepEqual(channelRow.linkedSeqs, [notReady.seq]);

    const repeated = notify(device('Ready', 'On'), 10);
    assert.equal(repeated.linkedSeqs, undefined, 'a repeat confirms nothing more');

    time.advance(6_000);
    const dndOff = operate('DoNotDisturbOff', undefined, {}, '/api/v2/me/devices/dev-1');
    const moved = notify(device('NotReady', 'On'), 10);
    const off = notify(device('NotReady', 'Off'), 10);
    assert.equal(moved.linkedSeqs, undefined, 'a userState change is not DoNotDisturbOff');
    assert.deepEqual(off.linkedSeqs, [dndOff.seq]);
  });

  it('supervision on a call: SwitchTo* links a StatusChange that changes something, Mute/UnmuteMonitoredUser its MonitoredUserMutedStateChange', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const listen = operate('SwitchToBargeIn', CALL);
    const dtmf = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'DtmfSent', call: established({ state: 'Established' }) } }, 10);
    const status = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: established({ monitoring: 'BargeIn' } as Partial<GwsCall>) } }, 10);
    assert.equal(dtmf.linkedSeqs, undefined, 'a DtmfSent is not a SwitchTo effect');
    assert.deepEqual(status.linkedSeqs, [listen.seq]);
    const mute = operate('MuteMonitoredUser', CALL);
    const other = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: established({ monitoring: 'Listen' } as Partial<GwsCall>) } }, 10);
    const muted = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'MonitoredUserMutedStateChange', call: established({ monitoring: 'Listen' } as Partial<GwsCall>) } }, 10);
    assert.notDeepEqual(other.linkedSeqs, [mute.seq], 'a StatusChange is not MuteMonitoredUser\'s effect');
    assert.deepEqual(muted.linkedSeqs, [mute.seq]);
  });

  it('SingleStepConference links a ParticipantsUpdated or a participants change, not a userData change', () => {
    const { operate, notify } = setup();
    notify(callMessage(established({ participants: [{ phoneNumber: '5551234' }] } as Partial<GwsCall>)));
    const conference = operate('SingleStepConference', CALL, { destination: { phoneNumber: '15001' } });
    const userData = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'AttachedDataChanged', call: established({ participants: [{ phoneNumber: '5551234' }], userData: { X: '1' } } as Partial<GwsCall>) } }, 10);
    const joined = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: established({ participants: [{ phoneNumber: '5551234' }, { phoneNumber: '15001' }], userData: { X: '1' } } as Partial<GwsCall>) } }, 10);
    assert.equal(userData.linkedSeqs, undefined);
    assert.deepEqual(joined.linkedSeqs, [conference.seq]);
    const remove = operate('RemoveParticipantFromConference', CALL, { participant: '15001' });
    const updated = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'ParticipantsUpdated', call: established({ participants: [{ phoneNumber: '5551234' }], userData: { X: '1' } } as Partial<GwsCall>) } }, 10);
    assert.deepEqual(updated.linkedSeqs, [remove.seq]);
  });

  it('UpdateUserData without keys in its body links the next AttachedDataChanged, and only that', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const update = operate('UpdateUserData', CALL, {});
    const status = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: established({ state: 'Held' }) } }, 10);
    const attached = notify({ channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'AttachedDataChanged', call: established({ state: 'Held', userData: { A: 1 } }) } }, 10);
    assert.equal(status.linkedSeqs, undefined);
    assert.deepEqual(attached.linkedSeqs, [update.seq]);
  });

  it('device operations: forwarding on and off, and supervisor monitoring', () => {
    const { operate, notify, time } = setup();
    const device = (fields: Record<string, unknown>): BayeuxMessage => ({
      channel: '/v2/me/devices',
      data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', doNotDisturb: 'Off', userState: { state: 'Ready' }, ...fields }] },
    });
    notify(device({}));
    const forwardOn = operate('ForwardCallsOn', undefined, { forwardTo: '15009' }, '/api/v2/me/devices/dev-1');
    const stateOnly = notify(device({ userState: { state: 'NotReady' } }), 10);
    const forwarded = notify(device({ userState: { state: 'NotReady' }, forwardTo: '15009' }), 10);
    assert.equal(stateOnly.linkedSeqs, undefined, 'a userState change is not forwarding');
    assert.deepEqual(forwarded.linkedSeqs, [forwardOn.seq]);
    const forwardOff = operate('ForwardCallsOff', undefined, {}, '/api/v2/me/devices/dev-1');
    const cleared = notify(device({ userState: { state: 'NotReady' }, forwardTo: '' }), 10);
    assert.deepEqual(cleared.linkedSeqs, [forwardOff.seq]);

    time.advance(6_000);
    const listen = operate('ListenIn', undefined, { destination: { phoneNumber: '15000' } }, '/api/v2/me/devices/dev-1');
    const dnd = notify(device({ userState: { state: 'NotReady' }, forwardTo: '', doNotDisturb: 'On' }), 10);
    const monitoring = notify(device({ userState: { state: 'NotReady' }, forwardTo: '', doNotDisturb: 'On', supervisorMonitoringState: { state: 'Monitoring' } }), 10);
    assert.equal(dnd.linkedSeqs, undefined, 'a DND change is not ListenIn');
    assert.deepEqual(monitoring.linkedSeqs, [listen.seq]);
  });

  describe('ErrorMessage', () => {
    const error = (data: Record<string, unknown>): BayeuxMessage => ({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', ...data } });

    it('links to the operation it names, on the call it names', () => {
      const { operate, notify } = setup();
      notify(callMessage(established()));
      const transfer = operate('SingleStepTransfer', CALL, { destination: { phoneNumber: '5550000' } });
      const hold = operate('Hold', CALL);
      const failed = notify(error({ errorCode: 56, errorMessage: 'Invalid destination', operationName: 'SingleStepTransfer', callId: CALL }), 300);
      assert.deepEqual(failed.linkedSeqs, [transfer.seq]);
      assert.equal(failed.delayMs, 300);
      assert.deepEqual(transfer.linkedSeqs, [failed.seq]);
      assert.equal(hold.linkedSeqs, undefined);
      assert.match(failed.summary, /^ErrorMessage: Invalid destination: code 56: operation SingleStepTransfer$/);
      assert.equal(transfer.warning, 'Failed later: ErrorMessage after 300 ms');
      const hungUp = notify(callMessage(established({ state: 'Released', capabilities: [] })), 100);
      assert.equal(hungUp.linkedSeqs, undefined, 'a failed transfer released nothing');
    });

    it('links a Dial\'s failure by name although it names the new call, and by referenceId', () => {
      const { operate, notify } = setup();
      const dial = operate('Dial', undefined, { destination: { phoneNumber: '5550000' } }, '/api/v2/me/devices/dev-1/calls');
      const busy = notify(error({ errorMessage: 'Destination busy', operationName: 'Dial', callId: 'NEW-CALL' }), 200);
      assert.deepEqual(busy.linkedSeqs, [dial.seq]);
      const vendor = operate('SetCustomerSegment', CALL, { referenceId: 'r-77' });
      const referenced = notify(error({ message: 'rejected', referenceId: 'r-77' }), 10);
      assert.deepEqual(referenced.linkedSeqs, [vendor.seq]);
    });

    it('without an operation, links to the latest operation on its call whose effect was not seen; otherwise to nothing', () => {
      const { operate, notify } = setup();
      notify(callMessage(established()));
      const hold = operate('Hold', CALL);
      notify(callMessage(established({ state: 'Held' })), 20);
      const record = operate('StartCallRecording', CALL);
      const byCall = notify(error({ errorMessage: 'Recording failed', callId: CALL }), 20);
      assert.deepEqual(byCall.linkedSeqs, [record.seq], 'Hold had its effect; the recording had not');
      assert.deepEqual(hold.linkedSeqs?.length, 1);
      const unknownLayout = notify(error({ reasonText: 'busy', cause: 17 }), 10);
      assert.equal(unknownLayout.linkedSeqs, undefined, 'no call, no operation named: no link');
      assert.equal(unknownLayout.callId, undefined);
      assert.equal(unknownLayout.summary, 'ErrorMessage: reasonText=busy, cause=17');
      const otherName = notify(error({ errorMessage: 'x', operationName: 'Answer', callId: CALL }), 10);
      assert.equal(otherName.linkedSeqs, undefined, 'an operation that was not sent is not invented');
    });
  });

  describe('calls an operation was not on', () => {
    const parentUri = `http://127.0.0.1:8080/api/v2/me/calls/${CALL}`;
    /** A consult call first seen naming CALL, showing every effect an operation on CALL could have. */
    const consultNaming = (id: string, overrides: Partial<GwsCall> = {}): GwsCall =>
      established({ id, parentCallUri: parentUri, state: 'Held', recordingState: 'Recording', mute: 'On', userData: { K: 'v' }, participants: [], ...overrides });

    const cases: Array<[operation: string, body: Record<string, unknown>, type: string, overrides?: Partial<GwsCall>]> = [
      ['StartCallRecording', {}, 'CallRecordingStateChange'],
      ['MuteCall', {}, 'StatusChange'],
      ['UpdateUserData', { userData: { K: 'v' } }, 'AttachedDataChanged'],
      ['DeleteUserData', {}, 'AttachedDataChanged', { userData: {} }],
      ['SendDtmf', {}, 'DtmfSent'],
      ['SwitchToBargeIn', {}, 'StatusChange'],
      ['MuteMonitoredUser', {}, 'MonitoredUserMutedStateChange'],
      ['SingleStepConference', {}, 'ParticipantsUpdated'],
      ['Hold', {}, 'StatusChange'],
      ['SetCustomerSegment', {}, 'StatusChange'],
    ];
    for (const [operation, body, type, overrides] of cases) {
      it(`${operation} on a call takes nothing from the consult call that names it (${type})`, () => {
        const { operate, notify } = setup();
        notify(callMessage(established({ userData: { K: 'old' } })));
        const row = operate(operation, CALL, body);
        const consult = notify(callMessage(consultNaming(`consult-${operation}`, overrides), type), 20);
        assert.equal(consult.linkedSeqs, undefined);
        assert.equal(row.linkedSeqs, undefined);
      });
    }

    it('DeleteUserDataPair on a call takes nothing from another call that loses that key', () => {
      const { operate, notify } = setup();
      notify(callMessage(established({ userData: { K: 'v' } })));
      const other = consultNaming('other-1');
      notify(callMessage(other));
      const deletePair = operate('DeleteUserDataPair', CALL, { key: 'K' });
      const lost = notify(callMessage({ ...other, userData: {} }, 'AttachedDataChanged'), 20);
      assert.equal(lost.linkedSeqs, undefined);
      assert.equal(deletePair.linkedSeqs, undefined);
    });
  });

  for (const [label, consult] of [
    ['names it by parentCallPath', { parentCallPath: `/api/v2/me/calls/${CALL}`, state: 'Ringing' }],
    ['says it is a consult call', { callType: 'Consult', state: 'Ringing' }],
    ['is dialling', { state: 'Dialing' }],
  ] as Array<[string, Partial<GwsCall>]>) {
    it(`InitiateTransfer: its consult call is a new call that ${label}; it makes one call only`, () => {
      const { operate, notify } = setup();
      notify(callMessage(established()));
      const transfer = operate('InitiateTransfer', CALL, { destination: { phoneNumber: '15002' } });
      const held = notify(callMessage(established({ state: 'Held' })), 20);
      const made = notify(callMessage(established({ id: 'consult-1', ...consult })), 20);
      const another = notify(callMessage(established({ id: 'consult-2', state: 'Dialing', callType: 'Consult' })), 20);
      assert.deepEqual(held.linkedSeqs, [transfer.seq]);
      assert.deepEqual(made.linkedSeqs, [transfer.seq]);
      assert.equal(another.linkedSeqs, undefined, 'one operation makes one call');
      assert.deepEqual(transfer.linkedSeqs, [held.seq, made.seq]);
    });
  }

  it('InitiateTransfer: a consult call that names it, seen before the main call is Held, is still its one call', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const transfer = operate('InitiateTransfer', CALL, { destination: { phoneNumber: '15002' } });
    const made = notify(callMessage(established({ id: 'consult-1', state: 'Dialing', callType: 'Consult', parentCallPath: `/api/v2/me/calls/${CALL}` })), 20);
    const held = notify(callMessage(established({ state: 'Held' })), 20);
    const another = notify(callMessage(established({ id: 'consult-2', state: 'Dialing', callType: 'Consult' })), 20);
    assert.deepEqual(made.linkedSeqs, [transfer.seq]);
    assert.deepEqual(held.linkedSeqs, [transfer.seq]);
    assert.equal(another.linkedSeqs, undefined, 'one operation makes one call');
    assert.deepEqual(transfer.linkedSeqs, [made.seq, held.seq]);
  });

  it('InitiateTransfer: a new call that is neither named, a consult call nor dialling is not its consult call', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const transfer = operate('InitiateTransfer', CALL, { destination: { phoneNumber: '15002' } });
    const inbound = notify(callMessage(established({ id: 'inbound-1', state: 'Ringing', callType: 'Inbound' })), 20);
    assert.equal(inbound.linkedSeqs, undefined);
    assert.equal(transfer.linkedSeqs, undefined);
  });

  it('a notification after the window of every operation on its call is a plain row without a link', () => {
    const { operate, notify } = setup();
    notify(callMessage(established()));
    const hold = operate('Hold', CALL);
    const late = notify(callMessage(established({ state: 'Held' })), 6_000);
    const again = notify(callMessage(established()), 10);
    for (const row of [late, again]) {
      assert.equal(row.linkedSeqs, undefined);
      assert.equal(row.error, undefined);
      assert.equal(row.type, 'StatusChange');
    }
    assert.equal(hold.linkedSeqs, undefined);
  });

  it('agent state: the voice channel counts, another channel does not; a userState given as bare text is read', () => {
    const { operate, notify } = setup();
    const channel = (name: string, state: string): BayeuxMessage => ({
      channel: '/v2/me/channels',
      data: { messageType: 'ChannelStateChangeMessageV2', channels: [{ channel: name, userState: { state } }] },
    });
    notify(channel('voice', 'Ready'));
    notify(channel('chat', 'Ready'));
    const notReady = operate('NotReady', undefined, {}, '/api/v2/me/channels/voice');
    const chat = notify(channel('chat', 'NotReady'), 10);
    const voice = notify(channel('voice', 'NotReady'), 10);
    assert.equal(chat.linkedSeqs, undefined, 'the chat channel is not the agent\'s voice state');
    assert.deepEqual(voice.linkedSeqs, [notReady.seq]);

    const device = (userState: unknown): BayeuxMessage => ({
      channel: '/v2/me/devices',
      data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', userState }] },
    });
    notify(device({ state: 'NotReady' }), 10);
    const ready = operate('Ready', undefined, {}, '/api/v2/me/channels/voice');
    const unreadable = notify(device({ state: 7 }), 10);
    const bare = notify(device('Ready'), 10);
    assert.equal(unreadable.linkedSeqs, undefined);
    assert.deepEqual(bare.linkedSeqs, [ready.seq]);
  });

  it('ErrorMessage: a numeric referenceId is quoted as the request sent it', () => {
    const { operate, notify } = setup();
    const vendor = operate('SetCustomerSegment', CALL, { referenceId: 77 });
    const other = operate('SetCustomerSegment', CALL, { referenceId: { id: 77 } });
    const referenced = notify({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', message: 'rejected', referenceId: '77' } }, 10);
    assert.deepEqual(referenced.linkedSeqs, [vendor.seq]);
    assert.equal(other.linkedSeqs, undefined);
  });

  it('DeleteUserData: links the AttachedDataChanged that leaves userData empty, not one that keeps keys', () => {
    const { operate, notify } = setup();
    notify(callMessage(established({ userData: { A: '1', B: '2' } })));
    const deleteAll = operate('DeleteUserData', CALL);
    const partly = notify(callMessage(established({ userData: { A: '1' } }), 'AttachedDataChanged'), 20);
    const empty = notify(callMessage(established({ userData: {} }), 'AttachedDataChanged'), 20);
    assert.equal(partly.linkedSeqs, undefined);
    assert.deepEqual(empty.linkedSeqs, [deleteAll.seq]);
  });

  it('warns about each waiting operation when its own warning time is up, after an earlier one was warned about', () => {
    const { operate, time } = setup();
    const first = operate('Hold', 'call-a');
    time.advance(1_000);
    const second = operate('Hold', 'call-b');
    time.advance(1_000);
    const third = operate('Hold', 'call-c');
    time.advance(3_000);
    assert.equal(first.warning, 'No notification within 5 s');
    assert.equal(second.warning, undefined);
    time.advance(1_000);
    assert.equal(second.warning, 'No notification within 5 s');
    assert.equal(third.warning, undefined);
    time.advance(1_000);
    assert.equal(third.warning, 'No notification within 5 s');
  });

  it('takes the default warning time for one that is not a positive number', () => {
    for (const ms of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const { pipeline, operate, time } = setup();
      pipeline.setNoNotificationWarningMs(ms);
      const hold = operate('Hold', CALL);
      time.advance(DEFAULT_NO_NOTIFICATION_WARNING_MS - 1);
      assert.equal(hold.warning, undefined, String(ms));
      time.advance(1);
      assert.equal(hold.warning, 'No notification within 5 s', String(ms));
    }
  });

  it('still caps the links of one operation and raises no warning once linked', () => {
    const { operate, notify, log } = setup({ capacity: MAX_LINKS_PER_OPERATION + 100 });
    notify(callMessage(callBeforeRecording()));
    const start = operate('StartCallRecording', recordingStartedMessage().data.call.id);
    const rows: StreamRecord[] = [];
    for (let i = 0; i < MAX_LINKS_PER_OPERATION + 5; i++) rows.push(notify(recordingStartedMessage(), 1));
    assert.equal(log.get(start.seq)?.linkedSeqs?.length, MAX_LINKS_PER_OPERATION);
    assert.deepEqual(rows.at(-1)?.linkedSeqs, [start.seq], 'a notification past the cap still names its operation');
    assert.equal(start.warning, undefined);
  });

  it('forgets operations that never complete, and their subjects', () => {
    const { pipeline, time } = setup();
    for (let i = 0; i < 300; i++) {
      pipeline.ingestOperation(callOperation({ id: i, phase: 'sent', startedAt: time.now }, `call-${i}`));
      time.advance(1_000);
    }
    const internals = (pipeline as unknown as { links: { operations: Map<unknown, unknown>; pendingBySubject: Map<unknown, unknown> } }).links;
    // Kept 10 windows (50 s) at most, one operation per second.
    assert.ok(internals.operations.size <= 51, `operations kept: ${internals.operations.size}`);
    assert.ok(internals.pendingBySubject.size <= 6, `subjects kept: ${internals.pendingBySubject.size}`);
  });

  describe('several operations, refused ones and odd timings', () => {
    const error = (data: Record<string, unknown>): BayeuxMessage => ({ channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', ...data } });

    it('a refused operation links nothing, is not warned about and leaves no timer; one accepted beside it still links', () => {
      const { operate, notify, time } = setup();
      notify(callMessage(established()));
      const refused = operate('StartCallRecording', CALL, {}, undefined, 3);
      assert.equal(time.pending, 0, 'nothing is waiting for a notification');
      const hold = operate('Hold', CALL);
      const recording = notify(callMessage(established({ recordingState: 'Recording' }), 'CallRecordingStateChange'), 10);
      const held = notify(callMessage(established({ state: 'Held', recordingState: 'Recording' })), 10);
      const failedLater = notify(error({ errorMessage: 'x', operationName: 'StartCallRecording', callId: CALL }), 10);
      assert.equal(recording.linkedSeqs, undefined);
      assert.equal(failedLater.linkedSeqs, undefined, 'an ErrorMessage is not linked to a refused request');
      assert.equal(refused.linkedSeqs, undefined);
      assert.deepEqual(held.linkedSeqs, [hold.seq]);
      time.advance(10_000);
      assert.equal(refused.warning, undefined);
      assert.equal(hold.warning, undefined);
    });

    it('a notification received before the operation was sent is not its effect', () => {
      const { operate, pipeline, notify, time } = setup();
      notify(callMessage(established()));
      const hold = operate('Hold', CALL);
      const before = pipeline.ingestNotification(received(callMessage(established({ state: 'Held' })), time.now - 5));
      assert.equal(before.linkedSeqs, undefined);
      assert.equal(hold.linkedSeqs, undefined);
    });

    it('a consult call\'s notification goes to the operation on its main call that has not seen its effect, before one that has', () => {
      const { operate, notify } = setup();
      notify(callMessage(established()));
      const consultCall = established({ id: 'CONSULT', callType: 'Consult', parentCallUri: `http://127.0.0.1:8080/api/v2/me/calls/${CALL}`, recordingState: 'Stopped' });
      notify(callMessage(consultCall));
      const record = operate('StartCallRecording', 'CONSULT');
      const recorded = notify(callMessage({ ...consultCall, recordingState: 'Recording' }, 'CallRecordingStateChange'), 10);
      const complete = operate('CompleteTransfer', CALL);
      const released = notify(callMessage({ ...consultCall, recordingState: 'Recording', state: 'Released', capabilities: [] }, 'CallRecordingStateChange'), 10);
      assert.deepEqual(recorded.linkedSeqs, [record.seq]);
      assert.deepEqual(released.linkedSeqs, [complete.seq], 'CompleteTransfer had not seen its effect; the recording had');
    });

    it('a device notification goes to the agent-state operation that has not seen its effect, before a device operation that has', () => {
      const { operate, notify } = setup();
      const device = (fields: Record<string, unknown>): BayeuxMessage => ({
        channel: '/v2/me/devices',
        data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', doNotDisturb: 'Off', userState: { state: 'NotReady' }, ...fields }] },
      });
      notify(device({}));
      const forward = operate('ForwardCallsOn', undefined, { forwardTo: '15009' }, '/api/v2/me/devices/dev-1');
      const forwarded = notify(device({ forwardTo: '15009' }), 10);
      const ready = operate('Ready', undefined, {}, '/api/v2/me/channels/voice');
      const both = notify(device({ forwardTo: '15010', userState: { state: 'Ready' } }), 10);
      assert.deepEqual(forwarded.linkedSeqs, [forward.seq]);
      assert.deepEqual(both.linkedSeqs, [ready.seq]);
    });

    it('ErrorMessage: by name without a call, not by name on another call, not after the window, not to an operation on no call', () => {
      const { operate, notify, time } = setup();
      notify(callMessage(established()));
      const hold = operate('Hold', CALL);
      const otherCall = notify(error({ errorMessage: 'x', operationName: 'Hold', callId: 'OTHER' }), 10);
      const noCall = notify(error({ errorMessage: 'x', operationName: 'Hold' }), 10);
      assert.equal(otherCall.linkedSeqs, undefined, 'Hold was on another call');
      assert.deepEqual(noCall.linkedSeqs, [hold.seq]);

      time.advance(6_000);
      const answer = operate('Answer', CALL);
      const late = notify(error({ errorMessage: 'x', operationName: 'Answer', callId: CALL }), 6_000);
      assert.equal(late.linkedSeqs, undefined, 'after the link window');
      assert.equal(answer.linkedSeqs, undefined);

      const dnd = operate('DoNotDisturbOn', undefined, {}, '/api/v2/me/devices/dev-1');
      const profile = operate('UpdateProfile', undefined, {}, '/api/v2/me');
      const anonymous = notify(error({ errorMessage: 'x' }), 10);
      assert.equal(anonymous.linkedSeqs, undefined, 'an ErrorMessage naming no call is not about a device operation');
      assert.equal(dnd.linkedSeqs, undefined);
      assert.equal(profile.linkedSeqs, undefined);
    });

    it('participants: a ParticipantsUpdated counts as it is; a call first seen with participants does not', () => {
      const { operate, notify } = setup();
      const conference = operate('SingleStepConference', CALL, { destination: { phoneNumber: '15001' } });
      const firstSeen = notify(callMessage(established({ participants: [{ phoneNumber: '15001' }] } as Partial<GwsCall>)), 10);
      const updated = notify(callMessage(established({ participants: [{ phoneNumber: '15001' }] } as Partial<GwsCall>), 'ParticipantsUpdated'), 10);
      assert.equal(firstSeen.linkedSeqs, undefined);
      assert.deepEqual(updated.linkedSeqs, [conference.seq]);
    });

    it('InitiateTransfer on a call first seen Held still links its consult call', () => {
      const { operate, notify } = setup();
      const transfer = operate('InitiateTransfer', CALL, { destination: { phoneNumber: '15002' } });
      const held = notify(callMessage(established({ state: 'Held' })), 10);
      const consult = notify(callMessage(established({ id: 'consult-1', state: 'Dialing', callType: 'Consult' })), 10);
      assert.deepEqual(held.linkedSeqs, [transfer.seq]);
      assert.deepEqual(consult.linkedSeqs, [transfer.seq]);
    });

    it('Dial links the one new call it makes, dialling and no one\'s consult call', () => {
      const { operate, notify } = setup();
      const dial = operate('Dial', undefined, { destination: { phoneNumber: '15002' } }, '/api/v2/me/devices/dev-1/calls');
      const consult = notify(callMessage(established({ id: 'consult-9', state: 'Dialing', parentCallUri: `http://127.0.0.1:8080/api/v2/me/calls/${CALL}` })), 10);
      const made = notify(callMessage(established({ id: 'out-1', state: 'Dialing', callType: 'Outbound' })), 10);
      const another = notify(callMessage(established({ id: 'out-2', state: 'Dialing', callType: 'Outbound' })), 10);
      assert.equal(consult.linkedSeqs, undefined);
      assert.deepEqual(made.linkedSeqs, [dial.seq]);
      assert.equal(another.linkedSeqs, undefined, 'one Dial makes one call');
    });

    it('device operations: DND or forwarding already as asked is not shown by another change; forwardTo dropped is forwarding off', () => {
      const { operate, notify, time } = setup();
      const device = (fields: Record<string, unknown>): BayeuxMessage => ({
        channel: '/v2/me/devices',
        data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', userState: { state: 'NotReady' }, ...fields }] },
      });
      notify(device({ doNotDisturb: 'On', forwardTo: '' }));
      const dndOn = operate('DoNotDisturbOn', undefined, {}, '/api/v2/me/devices/dev-1');
      const forwardOff = operate('ForwardCallsOff', undefined, {}, '/api/v2/me/devices/dev-1');
      const stateOnly = notify(device({ doNotDisturb: 'On', forwardTo: '', userState: { state: 'Ready' } }), 10);
      assert.equal(stateOnly.linkedSeqs, undefined);
      assert.equal(dndOn.linkedSeqs, undefined);
      assert.equal(forwardOff.linkedSeqs, undefined);

      time.advance(6_000);
      notify(device({ doNotDisturb: 'On', forwardTo: '15009' }));
      const off = operate('ForwardCallsOff', undefined, {}, '/api/v2/me/devices/dev-1');
      const dropped = notify(device({ doNotDisturb: 'On' }), 10);
      assert.deepEqual(dropped.linkedSeqs, [off.seq]);
    });

    it('an agent-state operation with no known state links any userState change on the voice channel', () => {
      const { operate, notify } = setup();
      const device = (state: string): BayeuxMessage => ({
        channel: '/v2/me/devices',
        data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', userState: { state } }] },
      });
      notify(device('Ready'));
      const vendor = operate('Break', undefined, {}, '/api/v2/me/channels/voice');
      const moved = notify(device('Break'), 10);
      assert.deepEqual(moved.linkedSeqs, [vendor.seq]);
    });

    it('a device notification that shows two linked device operations again goes to the one found first', () => {
      const { operate, notify } = setup();
      const device = (fields: Record<string, unknown>): BayeuxMessage => ({
        channel: '/v2/me/devices',
        data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', userState: { state: 'Ready' }, ...fields }] },
      });
      notify(device({}));
      const forward = operate('ForwardCallsOn', undefined, { forwardTo: '15009' }, '/api/v2/me/devices/dev-1');
      const forwarded = notify(device({ forwardTo: '15009' }), 10);
      const again = notify(device({ forwardTo: '15010' }), 10);
      assert.deepEqual(forwarded.linkedSeqs, [forward.seq]);
      assert.deepEqual(again.linkedSeqs, [forward.seq], 'a second change of forwarding shows it again');
      const vendor = operate('Break', undefined, {}, '/api/v2/me/channels/voice');
      const onBreak = notify(device({ forwardTo: '15010', userState: { state: 'Break' } }), 10);
      const both = notify(device({ forwardTo: '15011', userState: { state: 'Lunch' } }), 10);
      assert.deepEqual(onBreak.linkedSeqs, [vendor.seq]);
      assert.deepEqual(both.linkedSeqs, [forward.seq]);
    });

    it('a device notification without a userState is not an agent state; an unknown device operation links the first one', () => {
      const { operate, notify } = setup();
      const device = (fields: Record<string, unknown>): BayeuxMessage => ({
        channel: '/v2/me/devices',
        data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', ...fields }] },
      });
      notify(device({ doNotDisturb: 'Off' }));
      const ready = operate('Ready', undefined, {}, '/api/v2/me/channels/voice');
      const vendor = operate('SetLineLabel', undefined, { label: 'x' }, '/api/v2/me/devices/dev-1');
      const dnd = notify(device({ doNotDisturb: 'On' }), 10);
      assert.equal(ready.linkedSeqs, undefined);
      assert.deepEqual(dnd.linkedSeqs, [vendor.seq]);
    });

    it('a notification exactly at the end of the link window is still linked', () => {
      const { operate, notify } = setup();
      notify(callMessage(established()));
      const hold = operate('Hold', CALL);
      const held = notify(callMessage(established({ state: 'Held' })), 5_000);
      assert.deepEqual(held.linkedSeqs, [hold.seq]);
    });

    it('recording: only the state asked for; DeleteUserData: a StatusChange that empties userData, or an AttachedDataChanged on empty userData', () => {
      const { operate, notify } = setup();
      notify(callMessage(established({ recordingState: 'Recording', userData: { A: '1' } })));
      const stop = operate('StopCallRecording', CALL);
      const paused = notify(callMessage(established({ recordingState: 'Paused', userData: { A: '1' } }), 'CallRecordingStateChange'), 10);
      const stopped = notify(callMessage(established({ recordingState: 'Stopped', userData: { A: '1' } }), 'CallRecordingStateChange'), 10);
      assert.equal(paused.linkedSeqs, undefined);
      assert.deepEqual(stopped.linkedSeqs, [stop.seq]);

      const clear = operate('DeleteUserData', CALL);
      const emptied = notify(callMessage(established({ recordingState: 'Stopped', userData: {} }), 'StatusChange'), 10);
      assert.deepEqual(emptied.linkedSeqs, [clear.seq]);
      const clearAgain = operate('DeleteUserData', CALL);
      const confirmed = notify(callMessage(established({ recordingState: 'Stopped', userData: {} }), 'AttachedDataChanged'), 10);
      assert.deepEqual(confirmed.linkedSeqs, [clearAgain.seq]);
    });

    it('DeleteUserDataPair without a key and SwitchTo* link nothing that is not their effect', () => {
      const { operate, notify } = setup();
      notify(callMessage(established({ userData: { A: '1' } })));
      const deletePair = operate('DeleteUserDataPair', CALL, {});
      const listen = operate('SwitchToListenIn', CALL);
      const removed = notify(callMessage(established({ userData: {} }), 'AttachedDataChanged'), 10);
      assert.equal(removed.linkedSeqs, undefined);
      assert.equal(deletePair.linkedSeqs, undefined);
      assert.equal(listen.linkedSeqs, undefined);
    });

    it('a notification received as the operation is sent is linked', () => {
      const { operate, notify } = setup();
      notify(callMessage(established()));
      const hold = operate('Hold', CALL);
      const held = notify(callMessage(established({ state: 'Held' })), 0);
      assert.deepEqual(held.linkedSeqs, [hold.seq]);
    });

    it('CompleteConference: the consult call it names counts when Released, not when its participants change', () => {
      const { operate, notify } = setup();
      notify(callMessage(established({ state: 'Held' })));
      const consultCall = established({ id: 'CONSULT', callType: 'Consult', participants: [{ phoneNumber: '15002' }] } as Partial<GwsCall>);
      notify(callMessage(consultCall));
      const complete = operate('CompleteConference', CALL, { consultCallUri: 'http://127.0.0.1:8080/api/v2/me/calls/CONSULT' });
      const participants = notify(callMessage({ ...consultCall, participants: [] }, 'ParticipantsUpdated'), 10);
      const released = notify(callMessage({ ...consultCall, participants: [], state: 'Released', capabilities: [] }), 10);
      assert.equal(participants.linkedSeqs, undefined);
      assert.deepEqual(released.linkedSeqs, [complete.seq]);
    });

    it('DND and forwarding: a change the other way is not the operation\'s effect; recording confirmed unchanged is', () => {
      const { operate, notify } = setup();
      const device = (fields: Record<string, unknown>): BayeuxMessage => ({
        channel: '/v2/me/devices',
        data: { messageType: 'DeviceStateChangeMessage', devices: [{ id: 'dev-1', deviceState: 'Active', userState: { state: 'Ready' }, ...fields }] },
      });
      notify(device({ doNotDisturb: 'On', forwardTo: '15009' }));
      const dndOn = operate('DoNotDisturbOn', undefined, {}, '/api/v2/me/devices/dev-1');
      const forwardOn = operate('ForwardCallsOn', undefined, { forwardTo: '15009' }, '/api/v2/me/devices/dev-1');
      const wrongWay = notify(device({ doNotDisturb: 'Off', forwardTo: '' }), 10);
      assert.equal(wrongWay.linkedSeqs, undefined);
      assert.equal(dndOn.linkedSeqs, undefined);
      assert.equal(forwardOn.linkedSeqs, undefined);

      notify(callMessage(established({ recordingState: 'Recording' })));
      const resume = operate('ResumeCallRecording', CALL);
      const confirmed = notify(callMessage(established({ recordingState: 'Recording' }), 'CallRecordingStateChange'), 10);
      assert.deepEqual(confirmed.linkedSeqs, [resume.seq]);
    });
  });
});
