// What an operation is recognised by (its subjects): its call, the next new call for Dial,
// a device, or any device for agent state. See src/model/linkSubjects.ts; what each must show
// to be linked is tested in linkEffects.test.ts.
import * as assert from 'node:assert/strict';
import { ANY_DEVICE, deviceSubject, NEW_CALL, operationTarget, pathOf } from '../../../src/model/linkSubjects';

/** The first subject of an operation on `url` (POST, no call id), as the pipeline asks for it. */
function operationSubject(callId: string | undefined, url: string): string | undefined {
  return operationTarget('SomeOperation', callId, url)?.subjects[0];
}

describe('linkSubjects', () => {
  it('an operation with a call id is about that call, whatever its URL', () => {
    assert.equal(operationSubject('CALL-1', 'http://gws/api/v2/me/devices/d1/calls'), 'CALL-1');
  });

  it('recognises Dial, device operations and agent state by their path, with or without a trailing slash', () => {
    const cases: Array<[string, string | undefined]> = [
      ['http://gws:8090/api/v2/me/devices/d1/calls', NEW_CALL],
      ['http://gws:8090/api/v2/me/devices/d1/calls/', NEW_CALL],
      ['http://gws:8090/api/v2/me/devices/d1', deviceSubject('d1')],
      ['http://gws:8090/api/v2/me/devices/d1/', deviceSubject('d1')],
      ['http://gws:8090/api/v2/me/channels/voice', ANY_DEVICE],
      ['http://gws:8090/api/v2/me/channels/voice/', ANY_DEVICE],
      ['http://gws:8090/api/v2/me/channels/voice?x=1', ANY_DEVICE],
    ];
    for (const [url, subject] of cases) assert.equal(operationSubject(undefined, url), subject, url);
  });

  it('recognises them behind a path prefix (a base URL such as https://lb/gws)', () => {
    assert.equal(operationSubject(undefined, 'https://lb.example.com/gws/api/v2/me/devices/d1/calls'), NEW_CALL);
    assert.equal(operationSubject(undefined, 'https://lb.example.com/gws/api/v2/me/devices/d1'), deviceSubject('d1'));
    assert.equal(operationSubject(undefined, 'https://lb.example.com/gws/api/v2/me/channels/voice'), ANY_DEVICE);
  });

  it('an agent-state operation on another media channel is about that channel', () => {
    assert.equal(operationSubject(undefined, 'http://gws/api/v2/me/channels/chat'), 'channel chat');
  });

  it('has no subject for other paths, longer ones included', () => {
    for (const url of [
      'http://gws/api/v2/me',
      'http://gws/api/v2/me/devices',
      'http://gws/api/v2/me/devices/d1/calls/extra',
      'http://gws/api/v2/me/devices/d1/other',
      'http://gws/api/v2/me/channels/voice/extra',
    ]) {
      assert.equal(operationSubject(undefined, url), undefined, url);
    }
  });

  it('decodes the device id, and keeps one that is not valid percent-encoding as it is', () => {
    assert.equal(operationSubject(undefined, 'http://gws/api/v2/me/devices/a%20b'), deviceSubject('a b'));
    assert.equal(operationSubject(undefined, 'http://gws/api/v2/me/devices/%E0%A4%A'), deviceSubject('%E0%A4%A'));
  });

  it('names subjects so that no GWS call id can take their place', () => {
    for (const subject of [NEW_CALL, ANY_DEVICE, deviceSubject('d1')]) assert.match(subject, / /);
    assert.notEqual(NEW_CALL, ANY_DEVICE);
    assert.notEqual(deviceSubject('d1'), deviceSubject('d2'));
  });

  it('pathOf: the path of an absolute or relative URL, without query or fragment', () => {
    const cases: Array<[string, string]> = [
      ['https://gws:8090/api/v2/me/calls/1?fields=*', '/api/v2/me/calls/1'],
      ['HTTPS://GWS/api/v2/me#top', '/api/v2/me'],
      ['http://gws:8090', '/'],
      ['http://gws:8090?x=1', '/'],
      ['http://gws:8090#x', '/'],
      ['/api/v2/me?subresources=*', '/api/v2/me'],
      ['/api/v2/me#x', '/api/v2/me'],
      ['/api/v2/me?next=http://other/elsewhere', '/api/v2/me'],
      ['/api/v2/me', '/api/v2/me'],
    ];
    for (const [url, path] of cases) assert.equal(pathOf(url), path, url);
  });
});

describe('operationTarget: the documented effect each operation is linked by', () => {
  const CALL = 'http://gws/api/v2/me/calls/C1';
  const effectOf = (name: string, body?: unknown) => operationTarget(name, 'C1', CALL, body)?.effect;

  it('knows every call operation of the table, with its target', () => {
    const table: Array<[string, { kind: string; target?: string }]> = [
      ['Answer', { kind: 'callState', target: 'Established' }],
      ['Retrieve', { kind: 'callState', target: 'Established' }],
      ['Hold', { kind: 'callState', target: 'Held' }],
      ['Hangup', { kind: 'callState', target: 'Released' }],
      ['SingleStepTransfer', { kind: 'callState', target: 'Released' }],
      ['StartCallRecording', { kind: 'recording', target: 'Recording' }],
      ['PauseCallRecording', { kind: 'recording', target: 'Paused' }],
      ['ResumeCallRecording', { kind: 'recording', target: 'Recording' }],
      ['StopCallRecording', { kind: 'recording', target: 'Stopped' }],
      ['MuteCall', { kind: 'mute', target: 'On' }],
      ['UnmuteCall', { kind: 'mute', target: 'Off' }],
      ['DeleteUserData', { kind: 'userDataCleared' }],
      ['SendDtmf', { kind: 'dtmf' }],
      ['CompleteTransfer', { kind: 'completeTransfer' }],
      ['CompleteConference', { kind: 'completeConference' }],
      ['SingleStepConference', { kind: 'participants' }],
      ['RemoveParticipantFromConference', { kind: 'participants' }],
      ['SwapCalls', { kind: 'swap' }],
      ['SwitchToListenIn', { kind: 'statusChange' }],
      ['SwitchToBargeIn', { kind: 'statusChange' }],
      ['SwitchToCoach', { kind: 'statusChange' }],
      ['MuteMonitoredUser', { kind: 'monitoredMute' }],
      ['UnmuteMonitoredUser', { kind: 'monitoredMute' }],
    ];
    for (const [name, effect] of table) assert.deepEqual(effectOf(name), effect, name);
    assert.deepEqual(effectOf('SomethingNew'), { kind: 'first' }, 'an operation not in the table');
  });

  it('takes the userData keys and the key from the request body', () => {
    assert.deepEqual(effectOf('UpdateUserData', { userData: { CaseId: 'C-42', Segment: 'Gold' } }), { kind: 'userDataSet', keys: ['CaseId', 'Segment'] });
    assert.deepEqual(effectOf('AttachUserData', { userData: { A: 1 } }), { kind: 'userDataSet', keys: ['A'] });
    assert.deepEqual(effectOf('UpdateUserData', { userData: ['not', 'an', 'object'] }), { kind: 'userDataSet', keys: [] });
    assert.deepEqual(effectOf('UpdateUserData'), { kind: 'userDataSet', keys: [] });
    assert.deepEqual(effectOf('DeleteUserDataPair', { key: 'CaseId' }), { kind: 'userDataKeyRemoved', keys: ['CaseId'] });
    assert.deepEqual(effectOf('DeleteUserDataPair', { key: 7 }), { kind: 'userDataKeyRemoved', keys: [] });
  });

  it('looks for a consult call too on InitiateTransfer/InitiateConference, and for the other call named by Swap and Complete*', () => {
    for (const name of ['InitiateTransfer', 'InitiateConference']) {
      const target = operationTarget(name, 'C1', CALL);
      assert.deepEqual(target?.effect, { kind: 'consult' }, name);
      assert.deepEqual(target?.subjects, ['C1', NEW_CALL], name);
    }
    const swap = operationTarget('SwapCalls', 'C1', CALL, { otherCallUri: 'http://gws/api/v2/me/calls/C2' });
    assert.deepEqual([swap?.subjects, swap?.otherCallId], [['C1', 'C2'], 'C2']);
    const complete = operationTarget('CompleteTransfer', 'C1', CALL, { consultCallUri: 'http://gws/api/v2/me/calls/C3' });
    assert.deepEqual([complete?.subjects, complete?.otherCallId], [['C1', 'C3'], 'C3']);
    const conference = operationTarget('CompleteConference', 'C1', CALL, { consultCallUri: '/api/v2/me/calls/C4' });
    assert.deepEqual(conference?.subjects, ['C1', 'C4']);
    // SwapCalls reads otherCallUri only; Complete* consultCallUri only; the call itself or a non-string names nothing.
    assert.deepEqual(operationTarget('SwapCalls', 'C1', CALL, { consultCallUri: 'http://gws/api/v2/me/calls/C2' })?.subjects, ['C1']);
    assert.deepEqual(operationTarget('CompleteTransfer', 'C1', CALL, { otherCallUri: 'http://gws/api/v2/me/calls/C2' })?.subjects, ['C1']);
    assert.deepEqual(operationTarget('SwapCalls', 'C1', CALL, { otherCallUri: 'http://gws/api/v2/me/calls/C1' })?.subjects, ['C1']);
    assert.deepEqual(operationTarget('SwapCalls', 'C1', CALL, { otherCallUri: 42 })?.otherCallId, undefined);
    assert.deepEqual(operationTarget('Hold', 'C1', CALL, { otherCallUri: 'http://gws/api/v2/me/calls/C2' })?.subjects, ['C1']);
  });

  it('agent state on a device or a channel leads to the state it asks for', () => {
    const device = 'http://gws/api/v2/me/devices/d1';
    const states: Array<[string, string]> = [
      ['Ready', 'Ready'],
      ['NotReady', 'NotReady'],
      ['AfterCallWork', 'NotReady'],
      ['AuxWork', 'NotReady'],
      ['Offline', 'LoggedOut'],
      ['LogOut', 'LoggedOut'],
    ];
    for (const [name, state] of states) {
      assert.deepEqual(operationTarget(name, undefined, device)?.effect, { kind: 'agentState', target: state }, `device ${name}`);
      assert.deepEqual(operationTarget(name, undefined, 'http://gws/api/v2/me/channels/voice')?.effect, { kind: 'agentState', target: state }, `voice ${name}`);
    }
    assert.deepEqual(operationTarget('Ready', undefined, 'http://gws/api/v2/me/channels/voice')?.subjects, [ANY_DEVICE, 'channel voice']);
    assert.deepEqual(operationTarget('Ready', undefined, 'http://gws/api/v2/me/channels/chat')?.subjects, ['channel chat']);
    assert.deepEqual(operationTarget('Whatever', undefined, 'http://gws/api/v2/me/channels/chat')?.effect, { kind: 'agentState', target: undefined });
  });

  it('device operations: DND, forwarding and supervision by what they change; others the first notification', () => {
    const device = 'http://gws/api/v2/me/devices/d1';
    const table: Array<[string, { kind: string; target?: string }]> = [
      ['DoNotDisturbOn', { kind: 'dnd', target: 'On' }],
      ['DoNotDisturbOff', { kind: 'dnd', target: 'Off' }],
      ['ForwardCallsOn', { kind: 'forwarding', target: 'On' }],
      ['ForwardCallsOff', { kind: 'forwarding', target: 'Off' }],
      ['ListenIn', { kind: 'monitoring' }],
      ['Coach', { kind: 'monitoring' }],
      ['BargeIn', { kind: 'monitoring' }],
      ['CancelSupervisorMonitoring', { kind: 'monitoring' }],
      ['SomethingNew', { kind: 'first' }],
    ];
    for (const [name, effect] of table) {
      const target = operationTarget(name, undefined, device);
      assert.deepEqual(target?.effect, effect, name);
      assert.deepEqual(target?.subjects, [deviceSubject('d1')], name);
    }
  });

  it('another resource of the user (a chat, an email…) is its own subject; calls and devices are not such resources', () => {
    assert.deepEqual(operationTarget('Accept', undefined, 'http://gws/api/v2/me/chats/CH1'), { subjects: ['chat CH1'], effect: { kind: 'first' } });
    assert.equal(operationTarget('Hold', undefined, 'http://gws/api/v2/me/calls/C1'), undefined, 'a call operation without its call id');
    assert.deepEqual(operationTarget('Dial', undefined, 'http://gws/api/v2/me/devices/d1/calls')?.effect, { kind: 'dial' });
  });
});
