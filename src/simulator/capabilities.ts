// Which call operations GWS offers in each situation, as data (docs/gws-notes.md#capabilities).
// The Established-while-recording set is exactly the documented sample 03
// (CallRecordingStateChange) and the Held set is exactly sample 04 (Hold StatusChange), both in
// test/fixtures/gws; the sample order is kept so a client's capability diff shows what really
// moved.

export type CallState = 'Dialing' | 'Ringing' | 'Established' | 'Held' | 'Released';
export type RecordingState = 'Recording' | 'Paused' | 'Stopped';

const DATA_OPERATIONS = ['AttachUserData', 'UpdateUserData', 'DeleteUserData', 'DeleteUserDataPair'] as const;

/** Base set per state, before recording, mute, consult and conference additions. */
const BY_STATE: Record<CallState, readonly string[]> = {
  Dialing: ['Hangup', 'SendDtmf', ...DATA_OPERATIONS],
  // Answer is offered because every simulated device is on a Private telephony network.
  Ringing: ['Answer', 'Hangup', ...DATA_OPERATIONS],
  Established: [
    'UpdateUserData',
    'SendDtmf',
    'InitiateConference',
    'Hold',
    'SingleStepTransfer',
    'InitiateTransfer',
    'AttachUserData',
    'DeleteUserDataPair',
    'SingleStepConference',
    'DeleteUserData',
    'Hangup',
  ],
  Held: [
    'SingleStepTransfer',
    'InitiateConference',
    'Retrieve',
    'SingleStepConference',
    'InitiateTransfer',
    'DeleteUserData',
    'AttachUserData',
    'DeleteUserDataPair',
    'Hangup',
    'UpdateUserData',
  ],
  Released: [],
};

/** Recording operations, offered on Established calls only. `undefined` = never recorded. */
function recordingOperations(recording: RecordingState | undefined): readonly string[] {
  switch (recording) {
    case 'Recording':
      return ['PauseCallRecording', 'StopCallRecording'];
    case 'Paused':
      return ['ResumeCallRecording', 'StopCallRecording'];
    default:
      return ['StartCallRecording'];
  }
}

/**
 * Mute on Established calls: UnmuteCall whenever muted (so a call can never be stuck
 * muted); MuteCall only while no recording is active, because the documented recording
 * sample (03) lists no mute operation.
 */
function muteOperations(muted: boolean, recording: RecordingState | undefined): readonly string[] {
  if (muted) return ['UnmuteCall'];
  return recording === 'Recording' || recording === 'Paused' ? [] : ['MuteCall'];
}

export interface ConsultSituation {
  /** 'main' = the call put on hold by Initiate*, 'consult' = the new call. */
  role: 'main' | 'consult';
  kind: 'transfer' | 'conference';
  /** State of the other call of the pair. */
  otherState: CallState;
}

export interface LegSituation {
  state: CallState;
  recording?: RecordingState;
  muted: boolean;
  consult?: ConsultSituation;
  /** This agent added parties (conference owner) and the call has 2+ other parties. */
  conferenceOwner: boolean;
}

const CONNECTED: ReadonlySet<CallState> = new Set(['Established', 'Held']);

export function capabilitiesFor(situation: LegSituation): string[] {
  const { state, consult } = situation;
  let ops = [...BY_STATE[state]];
  if (state === 'Released') return ops;
  if (state === 'Established') {
    ops.push(...recordingOperations(situation.recording), ...muteOperations(situation.muted, situation.recording));
  }
  if (consult) {
    // One consultation at a time: a leg of a pair cannot start another one.
    ops = ops.filter((op) => op !== 'InitiateTransfer' && op !== 'InitiateConference');
    const swappable =
      (state === 'Held' && consult.otherState === 'Established') || (state === 'Established' && consult.otherState === 'Held');
    if (swappable) ops.push('SwapCalls');
    if (consult.role === 'main' && CONNECTED.has(consult.otherState)) {
      ops.push(consult.kind === 'transfer' ? 'CompleteTransfer' : 'CompleteConference');
    }
  }
  if (situation.conferenceOwner && CONNECTED.has(state)) ops.push('RemoveParticipantFromConference');
  return ops;
}

/** Every call operation the simulator knows (docs/gws-notes.md#call-operations). */
export const CALL_OPERATION_NAMES = [
  'Answer',
  'Hangup',
  'Hold',
  'Retrieve',
  'SendDtmf',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserDataPair',
  'DeleteUserData',
  'SingleStepTransfer',
  'InitiateTransfer',
  'CompleteTransfer',
  'InitiateConference',
  'CompleteConference',
  'SingleStepConference',
  'SwapCalls',
  'MuteCall',
  'UnmuteCall',
  'RemoveParticipantFromConference',
  'StartCallRecording',
  'PauseCallRecording',
  'ResumeCallRecording',
  'StopCallRecording',
  'SwitchToListenIn',
  'SwitchToBargeIn',
  'MuteMonitoredUser',
  'UnmuteMonitoredUser',
] as const;
