// Call operations over real HTTP, results checked in the real CometD notifications.
import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../../src/simulator/index';
import type { BareClient } from '../../support/bareClient';
import { capabilitiesOf, establishedInbound, getCall, readSample, signIn, sorted, startTestSimulator } from './support';

describe('simulator: call operations', function () {
  let sim: RunningSimulator;
  let agent1: BareClient;
  let agent2: BareClient;

  before(async () => {
    sim = await startTestSimulator();
    agent1 = await signIn(sim, 'agent1');
    agent2 = await signIn(sim, 'agent2');
  });

  after(async () => {
    await agent1?.disconnect();
    await agent2?.disconnect();
    await sim?.stop();
  });

  afterEach(() => sim.control.reset());

  it('rings an inbound call, answers it and offers the documented Established set', async () => {
    const id = sim.control.createInboundCall({ to: 'agent1', from: '5559876', userData: { Segment: 'Gold' } });
    const ringing = await agent1.waitForCall(id, 'StatusChange', 'Ringing');
    assert.deepEqual(sorted(capabilitiesOf(ringing)), sorted(['Answer', 'Hangup', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'DeleteUserDataPair']));
    assert.equal(ringing.channel, '/v2/me/calls');
    assert.equal(ringing.data.phoneNumber, '15000');
    assert.equal(ringing.data.call?.callType, 'Inbound');
    assert.equal(ringing.data.call?.ani, '5559876');
    assert.deepEqual(ringing.data.call?.participants, [{ e164Number: '', formattedPhoneNumber: '5559876', phoneNumber: '5559876', digits: '5559876' }]);
    assert.deepEqual(ringing.data.call?.userData, { Segment: 'Gold' });
    assert.match(id, /^[0-9A-V]{32}$/);
    assert.equal(ringing.data.call?.path, `/calls/${id}`);
    assert.equal(ringing.data.call?.uri, `${sim.url}/api/v2/me/calls/${id}`);

    const mark = agent1.notifications.length;
    const answer = await agent1.op(id, 'Answer');
    assert.deepEqual(answer.data, { statusCode: 0 });
    const established = await agent1.waitForCall(id, 'StatusChange', 'Established', mark);
    assert.deepEqual(
      sorted(capabilitiesOf(established)),
      sorted([
        'UpdateUserData', 'SendDtmf', 'InitiateConference', 'Hold', 'SingleStepTransfer', 'InitiateTransfer', 'AttachUserData',
        'DeleteUserDataPair', 'SingleStepConference', 'DeleteUserData', 'Hangup', 'StartCallRecording', 'MuteCall',
      ]),
    );
    assert.equal(established.data.call?.recordingState, undefined, 'never recorded: no recordingState');
  });

  it('answers an operation first and notifies after the HTTP response', async () => {
    const id = sim.control.createInboundCall({ to: 'agent1' });
    await agent1.waitForCall(id, 'StatusChange', 'Ringing');
    const before = agent1.notifications.length;
    const response = await agent1.op(id, 'Answer');
    assert.equal(response.status, 200);
    // The state is already changed on the server, the notification follows.
    assert.equal((await getCall(agent1, id)).call?.state, 'Established');
    await agent1.waitForCall(id, 'StatusChange', 'Established', before);
  });

  it('Hold matches documented sample 04 (field names and capability set)', async () => {
    const sample = readSample('04-hold-status-change-notification.json');
    // The sample's call: agent 15001 called agent 15000, seen by 15000, never recorded, no userData.
    const mark = agent2.notifications.length;
    assert.equal((await agent2.post(`/api/v2/me/devices/${await deviceId(agent2)}/calls`, { operationName: 'Dial', destination: { phoneNumber: '15000' } })).status, 200);
    const dialing = await agent2.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark });
    const id = String(dialing.data.call?.id);
    await agent1.waitForCall(id, 'StatusChange', 'Ringing');
    let mark1 = agent1.notifications.length;
    await agent1.op(id, 'Answer');
    await agent1.waitForCall(id, 'StatusChange', 'Established', mark1);
    mark1 = agent1.notifications.length;
    assert.equal((await agent1.op(id, 'Hold')).status, 200);
    const held = await agent1.waitForCall(id, 'StatusChange', 'Held', mark1);

    assert.equal(held.channel, sample.channel);
    assert.deepEqual(sorted(Object.keys(held.data)), sorted(Object.keys(sample.data)));
    assert.deepEqual(sorted(Object.keys(held.data.call ?? {})), sorted(Object.keys(sample.data.call)));
    assert.deepEqual(sorted(capabilitiesOf(held)), sorted(sample.data.call.capabilities as string[]));
    assert.equal(held.data.call?.callType, 'Internal');
    assert.equal(held.data.call?.dnis, '15000');
    assert.deepEqual(held.data.call?.participants, sample.data.call.participants);

    mark1 = agent1.notifications.length;
    await agent1.op(id, 'Retrieve');
    const retrieved = await agent1.waitForCall(id, 'StatusChange', 'Established', mark1);
    assert.ok(capabilitiesOf(retrieved).includes('Hold'));
    assert.ok(!capabilitiesOf(retrieved).includes('Retrieve'));
  });

  it('StartCallRecording matches documented sample 03, then Pause, Resume and Stop', async () => {
    const sample = readSample('03-call-recording-state-change-notification.json');
    // The sample's call: agent 15000 dialed agent 15001 and is recording it.
    let mark = agent1.notifications.length;
    await agent1.post(`/api/v2/me/devices/${await deviceId(agent1)}/calls`, { operationName: 'Dial', destination: { phoneNumber: '15001' } });
    const dialing = await agent1.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark });
    const id = String(dialing.data.call?.id);
    await agent2.waitForCall(id, 'StatusChange', 'Ringing');
    await agent2.op(id, 'Answer');
    await agent1.waitForCall(id, 'StatusChange', 'Established', mark);

    mark = agent1.notifications.length;
    assert.equal((await agent1.op(id, 'StartCallRecording')).status, 200);
    const recording = await agent1.waitForCall(id, 'CallRecordingStateChange', undefined, mark);
    assert.deepEqual(sorted(Object.keys(recording.data)), sorted(Object.keys(sample.data)));
    assert.deepEqual(sorted(Object.keys(recording.data.call ?? {})), sorted(Object.keys(sample.data.call)));
    assert.deepEqual(sorted(capabilitiesOf(recording)), sorted(sample.data.call.capabilities as string[]));
    assert.equal(recording.data.call?.recordingState, 'Recording');
    assert.equal(recording.data.call?.dnis, '15001');
    const userData = recording.data.call?.userData as Record<string, unknown>;
    assert.equal(userData.GSIP_RECORD, 'ON');
    assert.match(String(userData.GSIP_REC_FN), new RegExp(`^${id}_15000_15000_15001_`));

    mark = agent1.notifications.length;
    await agent1.op(id, 'PauseCallRecording');
    const paused = await agent1.waitForCall(id, 'CallRecordingStateChange', undefined, mark);
    assert.equal(paused.data.call?.recordingState, 'Paused');
    assert.equal((paused.data.call?.userData as Record<string, unknown>).GSIP_RECORD, 'PAUSED');
    assert.ok(capabilitiesOf(paused).includes('ResumeCallRecording') && capabilitiesOf(paused).includes('StopCallRecording'));
    assert.ok(!capabilitiesOf(paused).includes('PauseCallRecording'));

    mark = agent1.notifications.length;
    await agent1.op(id, 'ResumeCallRecording');
    assert.equal((await agent1.waitForCall(id, 'CallRecordingStateChange', undefined, mark)).data.call?.recordingState, 'Recording');

    mark = agent1.notifications.length;
    await agent1.op(id, 'StopCallRecording');
    const stopped = await agent1.waitForCall(id, 'CallRecordingStateChange', undefined, mark);
    assert.equal(stopped.data.call?.recordingState, 'Stopped');
    assert.equal((stopped.data.call?.userData as Record<string, unknown>).GSIP_RECORD, 'OFF');
    assert.ok(capabilitiesOf(stopped).includes('StartCallRecording'));
    // The other party sees the recording keys change as attached data.
    await agent2.waitFor((n) => n.data.notificationType === 'AttachedDataChanged' && (n.data.call?.userData as Record<string, unknown>)?.GSIP_RECORD === 'OFF');
  });

  it('refuses operations outside the capabilities, unknown operations and missing parameters', async () => {
    const id = sim.control.createInboundCall({ to: 'agent1' });
    await agent1.waitForCall(id, 'StatusChange', 'Ringing');
    const hold = await agent1.op(id, 'Hold');
    assert.equal(hold.status, 400);
    assert.equal(hold.data.statusCode, 2);
    assert.match(hold.data.statusMessage, /not valid for current state/);
    const unknown = await agent1.op(id, 'Teleport');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.data.statusCode, 3);
    const missing = await agent1.op(id, 'SendDtmf');
    assert.equal(missing.status, 400);
    assert.equal(missing.data.statusCode, 1);
    const noCall = await agent1.op('NOSUCHCALL', 'Answer');
    assert.equal(noCall.status, 404);
    assert.equal(noCall.data.statusCode, 6);
    // agent2 cannot touch agent1's call.
    assert.equal((await agent2.op(id, 'Answer')).status, 404);
    assert.equal((await getCall(agent2, id)).body.statusCode, 6);
  });

  it('MuteCall / UnmuteCall toggle mute and swap the capability', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    let mark = agent1.notifications.length;
    await agent1.op(id, 'MuteCall');
    const muted = await agent1.waitFor((n) => n.data.call?.id === id && n.data.call?.mute === 'On', { from: mark });
    assert.equal(muted.data.notificationType, 'StatusChange');
    assert.ok(capabilitiesOf(muted).includes('UnmuteCall') && !capabilitiesOf(muted).includes('MuteCall'));
    mark = agent1.notifications.length;
    await agent1.op(id, 'UnmuteCall');
    const unmuted = await agent1.waitFor((n) => n.data.call?.id === id && n.data.call?.mute === 'Off', { from: mark });
    assert.ok(capabilitiesOf(unmuted).includes('MuteCall'));
  });

  it('SendDtmf answers DtmfSent with the digits', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    assert.equal((await agent1.op(id, 'SendDtmf', { digits: '12#' })).status, 200);
    const sent = await agent1.waitForCall(id, 'DtmfSent', undefined, mark);
    assert.equal(sent.data.digits, '12#');
    assert.equal((await agent1.op(id, 'SendDtmf', { digits: 'hello' })).data.statusCode, 10);
  });

  it('userData: Attach duplicates (first value shown), Update replaces, DeletePair and Delete remove', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const step = async (operationName: string, params: Record<string, unknown>): Promise<Record<string, unknown> | undefined> => {
      const mark = agent1.notifications.length;
      const response = await agent1.op(id, operationName, params);
      assert.equal(response.status, 200, JSON.stringify(response.data));
      const n = await agent1.waitForCall(id, 'AttachedDataChanged', undefined, mark);
      return n.data.call?.userData as Record<string, unknown> | undefined;
    };
    assert.deepEqual(await step('AttachUserData', { userData: { A: '1', B: '2' } }), { A: '1', B: '2' });
    assert.deepEqual(await step('AttachUserData', { userData: { A: 'dup' } }), { A: '1', B: '2' }, 'duplicate key keeps its first value');
    assert.deepEqual(await step('UpdateUserData', { userData: { A: 'new', C: '3' } }), { A: 'new', B: '2', C: '3' });
    assert.deepEqual(await step('DeleteUserDataPair', { key: 'B' }), { A: 'new', C: '3' });
    const cleared = await step('DeleteUserData', {});
    assert.equal(cleared, undefined, 'userData is absent when empty');
    const { call } = await getCall(agent1, id);
    assert.ok(call && !('userData' in call));
  });

  it('the router changes userData through the control API', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    sim.control.changeUserData(id, { Queue: 'Billing' });
    const changed = await agent1.waitForCall(id, 'AttachedDataChanged', undefined, mark);
    assert.deepEqual(changed.data.call?.userData, { Queue: 'Billing' });
  });

  it('Hangup releases with empty capabilities, then the call is gone', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    await agent1.op(id, 'Hangup');
    const released = await agent1.waitForCall(id, 'StatusChange', 'Released', mark);
    assert.deepEqual(capabilitiesOf(released), []);
    assert.equal((await getCall(agent1, id)).status, 404);
    const list = await agent1.get('/api/v2/me/calls');
    assert.ok(!(list.data.uris as string[]).some((uri) => uri.endsWith(id)));
  });

  it('remote hang-up releases the agent call', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    sim.control.remoteHangup(id);
    await agent1.waitForCall(id, 'StatusChange', 'Released', mark);
  });

  it('two agents calling each other see each other on the same call', async () => {
    const mark1 = agent1.notifications.length;
    await agent1.post(`/api/v2/me/devices/${await deviceId(agent1)}/calls`, { operationName: 'Dial', destination: { phoneNumber: '15001' }, userData: { Topic: 'lunch' } });
    const dialing = await agent1.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark1 });
    const id = String(dialing.data.call?.id);
    assert.equal(dialing.data.call?.callType, 'Internal');
    const ringing = await agent2.waitForCall(id, 'StatusChange', 'Ringing');
    assert.deepEqual((ringing.data.call?.participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber), ['15000']);
    assert.deepEqual(ringing.data.call?.userData, { Topic: 'lunch' });
    await agent2.op(id, 'Answer');
    await agent1.waitForCall(id, 'StatusChange', 'Established', mark1);
    assert.equal((await getCall(agent2, id)).call?.state, 'Established');
    const mark2 = agent2.notifications.length;
    await agent1.op(id, 'Hangup');
    await agent2.waitForCall(id, 'StatusChange', 'Released', mark2);
  });

  it('dials an external number that answers after answerDelayMs', async () => {
    const mark = agent1.notifications.length;
    await agent1.post(`/api/v2/me/devices/${await deviceId(agent1)}/calls`, { operationName: 'Dial', destination: { phoneNumber: '5557777' } });
    const dialing = await agent1.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark });
    assert.equal(dialing.data.call?.callType, 'Outbound');
    assert.equal(dialing.data.call?.dnis, '5557777');
    await agent1.waitForCall(String(dialing.data.call?.id), 'StatusChange', 'Established', mark);
  });

  it('SingleStepTransfer to a busy number reports an ErrorMessage and keeps the call', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    const response = await agent1.op(id, 'SingleStepTransfer', { destination: { phoneNumber: '5550000' } });
    assert.equal(response.status, 200, 'accepted: the failure is asynchronous');
    const error = await agent1.waitFor((n) => n.data.messageType === 'ErrorMessage', { from: mark });
    assert.equal(error.channel, '/v2/me/calls');
    assert.equal(error.data.callId, id);
    assert.equal(error.data.operationName, 'SingleStepTransfer');
    assert.equal(typeof error.data.errorCode, 'number');
    assert.match(String(error.data.errorMessage), /busy/);
    assert.equal((await getCall(agent1, id)).call?.state, 'Established');
    const invalid = await agent1.op(id, 'SingleStepTransfer', { destination: { phoneNumber: 'abc' } });
    assert.equal(invalid.status, 200);
    await agent1.waitFor((n) => n.data.messageType === 'ErrorMessage' && /Invalid destination/.test(String(n.data.errorMessage)), { from: mark });
  });

  it('SingleStepTransfer to another agent releases ours and rings theirs', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    await agent1.op(id, 'SingleStepTransfer', { destination: { phoneNumber: '15001' } });
    await agent1.waitForCall(id, 'StatusChange', 'Released', mark);
    const ringing = await agent2.waitForCall(id, 'StatusChange', 'Ringing');
    assert.equal(ringing.data.call?.callType, 'Inbound');
    assert.equal(ringing.data.call?.ani, '5551234');
  });

  it('InitiateTransfer holds the main call, consults, then CompleteTransfer hands the caller over', async () => {
    const main = await establishedInbound(sim, agent1, 'agent1');
    let mark = agent1.notifications.length;
    const mark2 = agent2.notifications.length;
    assert.equal((await agent1.op(main, 'InitiateTransfer', { destination: { phoneNumber: '15001' } })).status, 200);
    await agent1.waitForCall(main, 'StatusChange', 'Held', mark);
    const consultDialing = await agent1.waitFor((n) => n.data.call?.callType === 'Consult' && n.data.call?.state === 'Dialing', { from: mark });
    const consult = String(consultDialing.data.call?.id);
    assert.equal(consultDialing.data.call?.parentCallUri, `${sim.url}/api/v2/me/calls/${main}`);
    assert.equal(consultDialing.data.call?.parentCallPath, `/calls/${main}`);
    await agent2.waitForCall(consult, 'StatusChange', 'Ringing', mark2);
    mark = agent1.notifications.length;
    await agent2.op(consult, 'Answer');
    await agent1.waitForCall(consult, 'StatusChange', 'Established', mark);
    const mainReady = await agent1.waitFor((n) => n.data.call?.id === main && capabilitiesOf(n).includes('CompleteTransfer'), { from: mark });
    assert.ok(capabilitiesOf(mainReady).includes('SwapCalls'));
    assert.ok(!capabilitiesOf(mainReady).includes('InitiateTransfer'));

    mark = agent1.notifications.length;
    assert.equal((await agent1.op(main, 'CompleteTransfer', { consultCallUri: `${sim.url}/api/v2/me/calls/${consult}` })).status, 200);
    await agent1.waitForCall(main, 'StatusChange', 'Released', mark);
    await agent1.waitForCall(consult, 'StatusChange', 'Released', mark);
    const joined = await agent2.waitForCall(main, 'StatusChange', 'Established');
    assert.deepEqual((joined.data.call?.participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber), ['5551234']);
    assert.deepEqual((await agent1.get('/api/v2/me/calls')).data.uris, []);
  });

  it('InitiateConference + SwapCalls + CompleteConference, then RemoveParticipantFromConference', async () => {
    const main = await establishedInbound(sim, agent1, 'agent1');
    let mark = agent1.notifications.length;
    await agent1.op(main, 'InitiateConference', { destination: { phoneNumber: '5553333' } });
    const consultDialing = await agent1.waitFor((n) => n.data.call?.callType === 'Consult', { from: mark });
    const consult = String(consultDialing.data.call?.id);
    await agent1.waitForCall(consult, 'StatusChange', 'Established', mark);

    mark = agent1.notifications.length;
    assert.equal((await agent1.op(consult, 'SwapCalls', { otherCallUri: `${sim.url}/api/v2/me/calls/${main}` })).status, 200);
    await agent1.waitForCall(consult, 'StatusChange', 'Held', mark);
    await agent1.waitForCall(main, 'StatusChange', 'Established', mark);
    mark = agent1.notifications.length;
    await agent1.op(main, 'SwapCalls', { otherCallUri: consult });
    await agent1.waitForCall(main, 'StatusChange', 'Held', mark);
    await agent1.waitForCall(consult, 'StatusChange', 'Established', mark);

    mark = agent1.notifications.length;
    assert.equal((await agent1.op(main, 'CompleteConference')).status, 200);
    await agent1.waitForCall(consult, 'StatusChange', 'Released', mark);
    const conference = await agent1.waitForCall(main, 'ParticipantsUpdated', undefined, mark);
    assert.deepEqual(sorted((conference.data.call?.participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber)), ['5551234', '5553333']);
    assert.equal(conference.data.call?.state, 'Established');
    assert.ok(capabilitiesOf(conference).includes('RemoveParticipantFromConference'));

    mark = agent1.notifications.length;
    assert.equal((await agent1.op(main, 'RemoveParticipantFromConference', { participant: '5553333' })).status, 200);
    const after = await agent1.waitForCall(main, 'ParticipantsUpdated', undefined, mark);
    assert.deepEqual((after.data.call?.participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber), ['5551234']);
    assert.ok(!capabilitiesOf(after).includes('RemoveParticipantFromConference'));
  });

  it('SingleStepConference adds a party at once', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const mark = agent1.notifications.length;
    await agent1.op(id, 'SingleStepConference', { destination: { phoneNumber: '5554444' } });
    const updated = await agent1.waitForCall(id, 'ParticipantsUpdated', undefined, mark);
    assert.deepEqual(sorted((updated.data.call?.participants as Array<{ phoneNumber: string }>).map((p) => p.phoneNumber)), ['5551234', '5554444']);
  });

  it('duration is a string of seconds', async () => {
    const id = await establishedInbound(sim, agent1, 'agent1');
    const { call } = await getCall(agent1, id);
    assert.equal(typeof call?.duration, 'string');
    assert.match(String(call?.duration), /^\d+$/);
  });
});

async function deviceId(client: BareClient): Promise<string> {
  const response = await client.get('/api/v2/me/devices?fields=*');
  return response.data.devices[0].id;
}
