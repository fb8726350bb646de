import * as assert from 'node:assert/strict';
import {
  CALL_OPERATIONS,
  findOperation,
  isAllowed,
  operationsAllowed,
  unknownCapabilities,
} from '../../../src/gws/operations';
import { heldCall, recordingCall } from './samples';

describe('operation catalogue', () => {
  it('lists every call operation of docs/gws-notes.md#call-operations once, with a label and a family', () => {
    const documented = [
      'Answer', 'Hangup', 'Hold', 'Retrieve', 'InitiateTransfer', 'CompleteTransfer', 'SingleStepTransfer',
      'InitiateConference', 'CompleteConference', 'SingleStepConference', 'RemoveParticipantFromConference',
      'SwapCalls', 'SendDtmf', 'AttachUserData', 'UpdateUserData', 'DeleteUserDataPair', 'DeleteUserData',
      'MuteCall', 'UnmuteCall', 'StartCallRecording', 'PauseCallRecording', 'ResumeCallRecording',
      'StopCallRecording', 'SwitchToListenIn', 'SwitchToBargeIn', 'SwitchToCoach', 'MuteMonitoredUser',
      'UnmuteMonitoredUser',
    ];
    const names = CALL_OPERATIONS.map((op) => op.name);
    assert.deepEqual([...names].sort(), [...documented].sort());
    assert.equal(new Set(names).size, names.length);
    assert.equal(findOperation('StartCallRecording')?.label, 'Start Call Recording');
    assert.equal(findOperation('StartCallRecording')?.family, 'recording');
    assert.equal(findOperation('StartCallRecording')?.feature, 'api-voice-recording');
    assert.equal(findOperation('Reconnect'), undefined, 'not a GWS Voice operation');
  });

  it('declares the parameters the operations need', () => {
    assert.deepEqual(findOperation('SendDtmf')?.params.map((p) => [p.name, p.kind, p.required]), [['digits', 'digits', true]]);
    assert.deepEqual(findOperation('InitiateTransfer')?.params.map((p) => [p.name, p.kind, p.required]), [
      ['destination', 'phoneNumber', true],
      ['userData', 'userData', false],
    ]);
    assert.deepEqual(findOperation('DeleteUserDataPair')?.params.map((p) => p.kind), ['key']);
    assert.deepEqual(findOperation('SwapCalls')?.params.map((p) => [p.name, p.kind]), [['otherCallUri', 'callUri']]);
    assert.deepEqual(findOperation('RemoveParticipantFromConference')?.params.map((p) => p.kind), ['participant']);
    assert.deepEqual(findOperation('Hold')?.params, []);
    for (const op of CALL_OPERATIONS) for (const p of op.params) assert.ok(p.prompt.length > 5, `${op.name}.${p.name} has a prompt`);
  });

  it('offers exactly what the call allows, in catalogue order', () => {
    const call = recordingCall();
    const allowed = operationsAllowed(call).map((op) => op.name);
    assert.deepEqual(allowed, CALL_OPERATIONS.map((op) => op.name).filter((name) => call.capabilities?.includes(name)));
    assert.ok(allowed.includes('PauseCallRecording'));
    assert.ok(!allowed.includes('StartCallRecording'));
    assert.ok(!allowed.includes('Retrieve'));
    assert.ok(allowed.indexOf('Hangup') < allowed.indexOf('StopCallRecording'));
    assert.equal(isAllowed(call, 'Hold'), true);
    assert.equal(isAllowed(heldCall(), 'Hold'), false);
    assert.equal(isAllowed(heldCall(), 'Retrieve'), true);
  });

  it('copes with calls without capabilities and reports capabilities it does not know', () => {
    assert.deepEqual(operationsAllowed(heldCall({ capabilities: undefined })), []);
    assert.equal(isAllowed(heldCall({ capabilities: undefined }), 'Hangup'), false);
    assert.deepEqual(unknownCapabilities(heldCall({ capabilities: ['Hangup', 'FutureOp'] })), ['FutureOp']);
  });
});
