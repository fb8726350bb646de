// What a REST operation is expected to cause, and where to look for it. An operation has
// "subjects" (what its notifications are about) and an "effect" (what a notification must
// show to count as caused by it); operationLinks.ts links a notification to an operation only
// when both hold within the link window. The table follows docs/gws-notes.md#call-operations,
// docs/gws-notes.md#dial, docs/gws-notes.md#device-operations and docs/gws-notes.md#agent-state:
//   an operation on /me/calls/{id}       → that call (and the other call it names: SwapCalls'
//                                          otherCallUri, Complete*'s consultCallUri); the
//                                          InitiateTransfer/Conference consult call is a new call
//   Dial, POST /me/devices/{id}/calls     → a new call (first seen Dialing)
//   POST /me/devices/{id} (DND, forwarding, monitoring, agent state) → that device
//   POST /me/channels/voice (agent state) → any device, and the voice entry of channels[]
//   POST /me/channels/{name}              → that channels[] entry
//   POST /me/{chats,emails,…}/{id}        → that entity (entities.ts), first notification only
// Operations not in the table are linked to the first notification for their subject.
// Subjects share one map with call ids: the other kinds contain a space, which a GWS call id
// never does.
import { callIdFromUrl } from '../wire/errorMessage';
import { entitySubject } from './entities';

export const NEW_CALL = 'new call';
export const ANY_DEVICE = 'any device';

export function deviceSubject(deviceId: string): string {
  return entitySubject('device', deviceId);
}

export type EffectKind =
  /** The call reaches `target` (state): Answer, Retrieve, Hold, Hangup, SingleStepTransfer. */
  | 'callState'
  /** A CallRecordingStateChange with recordingState `target`. */
  | 'recording'
  /** `mute` becomes `target`. */
  | 'mute'
  /** userData adds or changes one of `keys` (any AttachedDataChanged when the request named none). */
  | 'userDataSet'
  /** userData loses one of `keys`. */
  | 'userDataKeyRemoved'
  /** userData ends up empty. */
  | 'userDataCleared'
  /** A DtmfSent. */
  | 'dtmf'
  /** InitiateTransfer / InitiateConference: the call Held, or its consult call appearing. */
  | 'consult'
  /** CompleteTransfer: the call or its consult call Released. */
  | 'completeTransfer'
  /** CompleteConference: the call's participants change, or the consult call Released. */
  | 'completeConference'
  /** SingleStepConference, RemoveParticipantFromConference: ParticipantsUpdated / participants change. */
  | 'participants'
  /** SwapCalls: Held or Established on either call. */
  | 'swap'
  /** SwitchToListenIn / SwitchToBargeIn / SwitchToCoach: a StatusChange that changes something. */
  | 'statusChange'
  /** Mute/UnmuteMonitoredUser: a MonitoredUserMutedStateChange. */
  | 'monitoredMute'
  /** Dial: a call first seen, Dialing, that is no one's consult call. */
  | 'dial'
  /** A device's or channel's userState (to `target` when the operation names one). */
  | 'agentState'
  /** A device's doNotDisturb (a channel's dndState) becomes `target`. */
  | 'dnd'
  /** A device's forwardTo is set (`target` On) or cleared (Off). */
  | 'forwarding'
  /** A device's supervisorMonitoringState changes. */
  | 'monitoring'
  /** Not in the table: the first notification for the subject. */
  | 'first';

export interface OperationEffect {
  kind: EffectKind;
  target?: string;
  /** userData keys the request names (UpdateUserData, AttachUserData, DeleteUserDataPair). */
  keys?: readonly string[];
}

/** Where an operation's notifications are looked for and what they must show. */
export interface OperationTarget {
  subjects: string[];
  effect: OperationEffect;
  /** The call the operation is on (`/me/calls/{id}`). */
  callId?: string;
  /** The other call it names (SwapCalls' otherCallUri, Complete*'s consultCallUri). */
  otherCallId?: string;
}

const FIRST: OperationEffect = Object.freeze({ kind: 'first' });

/** Call operations with a documented effect (docs/gws-notes.md#call-operations). */
const CALL_EFFECTS: ReadonlyMap<string, OperationEffect> = new Map<string, OperationEffect>([
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
  ['UpdateUserData', { kind: 'userDataSet' }],
  ['AttachUserData', { kind: 'userDataSet' }],
  ['DeleteUserDataPair', { kind: 'userDataKeyRemoved' }],
  ['DeleteUserData', { kind: 'userDataCleared' }],
  ['SendDtmf', { kind: 'dtmf' }],
  ['InitiateTransfer', { kind: 'consult' }],
  ['InitiateConference', { kind: 'consult' }],
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
]);

/** Agent-state operation → the userState.state it leads to (docs/gws-notes.md#agent-state). */
const AGENT_STATES: ReadonlyMap<string, string> = new Map([
  ['Ready', 'Ready'],
  ['NotReady', 'NotReady'],
  ['AfterCallWork', 'NotReady'],
  ['AuxWork', 'NotReady'],
  ['Offline', 'LoggedOut'],
  ['LogOut', 'LoggedOut'],
]);

/** Device operations (docs/gws-notes.md#device-operations). */
const DEVICE_EFFECTS: ReadonlyMap<string, OperationEffect> = new Map<string, OperationEffect>([
  ['DoNotDisturbOn', { kind: 'dnd', target: 'On' }],
  ['DoNotDisturbOff', { kind: 'dnd', target: 'Off' }],
  ['ForwardCallsOn', { kind: 'forwarding', target: 'On' }],
  ['ForwardCallsOff', { kind: 'forwarding', target: 'Off' }],
  ['ListenIn', { kind: 'monitoring' }],
  ['Coach', { kind: 'monitoring' }],
  ['BargeIn', { kind: 'monitoring' }],
  ['CancelSupervisorMonitoring', { kind: 'monitoring' }],
]);

const DIAL_PATH = /^\/api\/v2\/me\/devices\/([^/]+)\/calls\/?$/;
const DEVICE_PATH = /^\/api\/v2\/me\/devices\/([^/]+)\/?$/;
const CHANNEL_PATH = /^\/api\/v2\/me\/channels\/([^/]+)\/?$/;
/** Another resource of the user: /me/chats/{id}, /me/emails/{id}, /me/workitems/{id}… */
const ENTITY_PATH = /^\/api\/v2\/me\/([^/]+)\/([^/]+)\/?$/;

/**
 * What an operation can be linked to: its subjects and the effect a notification must show,
 * or undefined when nothing it causes can be recognised (POST /me, say).
 */
export function operationTarget(operationName: string, callId: string | undefined, url: string, body?: unknown): OperationTarget | undefined {
  const params = isRecord(body) ? body : {};
  if (callId !== undefined) return callTarget(operationName, callId, params);
  const path = pathOf(url);
  if (DIAL_PATH.test(path)) return { subjects: [NEW_CALL], effect: { kind: 'dial' } };
  const device = DEVICE_PATH.exec(path);
  if (device) {
    const agentState = AGENT_STATES.get(operationName);
    const effect = agentState !== undefined ? { kind: 'agentState' as const, target: agentState } : (DEVICE_EFFECTS.get(operationName) ?? FIRST);
    return { subjects: [deviceSubject(decode(device[1]))], effect };
  }
  const channel = CHANNEL_PATH.exec(path);
  if (channel) {
    const name = decode(channel[1]);
    const effect: OperationEffect = { kind: 'agentState', target: AGENT_STATES.get(operationName) };
    // The voice agent state shows on the devices (DeviceStateChangeMessage, any device) and
    // on the voice entry of ChannelStateChangeMessageV2.
    return { subjects: name === 'voice' ? [ANY_DEVICE, entitySubject('channel', name)] : [entitySubject('channel', name)], effect };
  }
  const entity = ENTITY_PATH.exec(path);
  if (entity && entity[1] !== 'calls' && entity[1] !== 'devices') {
    return { subjects: [entitySubject(decode(entity[1]), decode(entity[2]))], effect: FIRST };
  }
  return undefined;
}

function callTarget(operationName: string, callId: string, params: Record<string, unknown>): OperationTarget {
  const known = CALL_EFFECTS.get(operationName);
  const subjects = [callId];
  const target: OperationTarget = { subjects, effect: known ?? FIRST, callId };
  if (!known) return target;
  switch (known.kind) {
    case 'userDataSet':
      target.effect = { kind: known.kind, keys: isRecord(params.userData) ? Object.keys(params.userData) : [] };
      break;
    case 'userDataKeyRemoved':
      target.effect = { kind: known.kind, keys: typeof params.key === 'string' ? [params.key] : [] };
      break;
    case 'consult':
      subjects.push(NEW_CALL);
      break;
    case 'swap':
    case 'completeTransfer':
    case 'completeConference': {
      const uri = known.kind === 'swap' ? params.otherCallUri : params.consultCallUri;
      const other = typeof uri === 'string' ? callIdFromUrl(uri) : undefined;
      if (other !== undefined && other !== callId) {
        target.otherCallId = other;
        subjects.push(other);
      }
      break;
    }
    default:
      break;
  }
  return target;
}

/** The path of a request URL ("https://host/api/v2/me/calls/1?x" → "/api/v2/me/calls/1"). */
export function pathOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url);
  return match ? match[1] || '/' : url.replace(/[?#].*$/, '');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
