// The call operations (docs/gws-notes.md#call-operations) as data. The VS Code layer builds
// menus, quick picks and parameter prompts from this list; the server's `capabilities` array
// decides which entries are offered for a given call, so the UI never offers what GWS would
// refuse.
import { capabilitiesOf } from '../wire/callReader';
import type { GwsCall } from '../wire/types';

export type OperationFamily = 'recording' | 'call' | 'userData' | 'transfer' | 'conference' | 'dtmf' | 'mute';

export type OperationParamKind = 'phoneNumber' | 'digits' | 'userData' | 'key' | 'callUri' | 'participant';

export interface OperationParam {
  /** Wire name in the request body (`destination` is sent as `{ phoneNumber }`). */
  name: string;
  kind: OperationParamKind;
  required: boolean;
  /** The question an input box asks. */
  prompt: string;
}

export interface OperationSpec {
  name: string;
  label: string;
  family: OperationFamily;
  params: OperationParam[];
  /** GWS feature the user needs (docs/gws-notes.md#features). */
  feature: 'api-voice' | 'api-voice-recording' | 'api-supervisor-monitoring';
}

const destination = (what: string): OperationParam => ({
  name: 'destination',
  kind: 'phoneNumber',
  required: true,
  prompt: `Phone number to ${what}`,
});
const optionalUserData: OperationParam = {
  name: 'userData',
  kind: 'userData',
  required: false,
  prompt: 'User data to attach (JSON object, optional)',
};
const consultCall: OperationParam = {
  name: 'consultCallUri',
  kind: 'callUri',
  required: false,
  prompt: 'URI of the consult call (optional: GWS finds it)',
};

function op(
  name: string,
  label: string,
  family: OperationFamily,
  params: OperationParam[] = [],
  feature: OperationSpec['feature'] = 'api-voice',
): OperationSpec {
  return { name, label, family, params, feature };
}

/** Catalogue order is menu order: the everyday operations first. */
export const CALL_OPERATIONS: readonly OperationSpec[] = [
  op('Answer', 'Answer', 'call'),
  op('Hangup', 'Hang Up', 'call'),
  op('Hold', 'Hold', 'call'),
  op('Retrieve', 'Retrieve', 'call'),
  op('MuteCall', 'Mute', 'mute'),
  op('UnmuteCall', 'Unmute', 'mute'),
  op('SendDtmf', 'Send DTMF', 'dtmf', [
    { name: 'digits', kind: 'digits', required: true, prompt: 'Digits to send (0-9, * or #)' },
  ]),
  op('InitiateTransfer', 'Initiate Transfer', 'transfer', [destination('consult before transferring'), optionalUserData]),
  op('CompleteTransfer', 'Complete Transfer', 'transfer', [consultCall]),
  op('SingleStepTransfer', 'Single-Step Transfer', 'transfer', [destination('transfer to'), optionalUserData]),
  op('InitiateConference', 'Initiate Conference', 'conference', [destination('consult before conferencing'), optionalUserData]),
  op('CompleteConference', 'Complete Conference', 'conference', [consultCall]),
  op('SingleStepConference', 'Single-Step Conference', 'conference', [destination('add to the conference'), optionalUserData]),
  op('RemoveParticipantFromConference', 'Remove Participant from Conference', 'conference', [
    { name: 'participant', kind: 'participant', required: true, prompt: 'Phone number of the participant to remove' },
  ]),
  op('SwapCalls', 'Swap Calls', 'call', [
    { name: 'otherCallUri', kind: 'callUri', required: true, prompt: 'URI of the other call' },
  ]),
  op('AttachUserData', 'Attach User Data', 'userData', [
    { name: 'userData', kind: 'userData', required: true, prompt: 'User data to attach (a key already there gets a second value)' },
  ]),
  op('UpdateUserData', 'Update User Data', 'userData', [
    { name: 'userData', kind: 'userData', required: true, prompt: 'User data to add or replace' },
  ]),
  op('DeleteUserDataPair', 'Delete User Data Key', 'userData', [
    { name: 'key', kind: 'key', required: true, prompt: 'User data key to delete' },
  ]),
  op('DeleteUserData', 'Delete All User Data', 'userData'),
  op('StartCallRecording', 'Start Call Recording', 'recording', [], 'api-voice-recording'),
  op('PauseCallRecording', 'Pause Call Recording', 'recording', [], 'api-voice-recording'),
  op('ResumeCallRecording', 'Resume Call Recording', 'recording', [], 'api-voice-recording'),
  op('StopCallRecording', 'Stop Call Recording', 'recording', [], 'api-voice-recording'),
  op('SwitchToListenIn', 'Switch to Listen In', 'call', [], 'api-supervisor-monitoring'),
  op('SwitchToCoach', 'Switch to Coach', 'call', [], 'api-supervisor-monitoring'),
  op('SwitchToBargeIn', 'Switch to Barge In', 'call', [], 'api-supervisor-monitoring'),
  op('MuteMonitoredUser', 'Mute Monitored User', 'mute', [], 'api-supervisor-monitoring'),
  op('UnmuteMonitoredUser', 'Unmute Monitored User', 'mute', [], 'api-supervisor-monitoring'),
];

const BY_NAME = new Map(CALL_OPERATIONS.map((spec) => [spec.name, spec]));

export function findOperation(name: string): OperationSpec | undefined {
  return BY_NAME.get(name);
}


/** The catalogue entries the call allows now, in catalogue order. */
export function operationsAllowed(call: GwsCall): OperationSpec[] {
  const allowed = new Set(capabilitiesOf(call));
  return CALL_OPERATIONS.filter((spec) => allowed.has(spec.name));
}

export function isAllowed(call: GwsCall, operationName: string): boolean {
  return capabilitiesOf(call).includes(operationName);
}

/** Capabilities the catalogue does not know (a newer server): shown, never hidden. */
export function unknownCapabilities(call: GwsCall): string[] {
  return capabilitiesOf(call).filter((name) => !BY_NAME.has(name));
}
