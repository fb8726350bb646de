// Supervisor monitoring (docs/gws-notes.md#supervisor-monitoring): the device operations
// ListenIn, Coach, BargeIn and CancelSupervisorMonitoring on POST /api/v2/me/devices/{id},
// and the rules for the supervisor's monitoring calls that the call model applies
// (capabilities, which Switch* moves are allowed, who hears whom).
import type { DeskNotifier } from './agentDesk';
import { errors, SimError } from './errors';
import type { OperationBody } from './operationParams';
import type { MonitoringMode, MonitoringScope, MonitoringState, SimUser } from './users';

export const SUPERVISOR_DEVICE_OPERATIONS = ['ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring'] as const;

/** What the device operations need from the call model. */
export interface MonitoredCalls {
  /** The supervisor joins the target's current calls (monitoring was just set up). */
  monitorCurrentCalls(supervisor: SimUser): void;
}

export function isSupervisorDeviceOperation(name: unknown): boolean {
  return (SUPERVISOR_DEVICE_OPERATIONS as readonly unknown[]).includes(name);
}

const SCOPES: readonly MonitoringScope[] = ['Agent', 'Call'];
const MODES: readonly MonitoringMode[] = ['NextCall', 'AllCalls'];

function oneOf<T extends string>(body: OperationBody, name: string, allowed: readonly T[], fallback: T): T {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw errors.invalidParameter(`Parameter '${name}' must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * The monitored agent: `targetDeviceUri` (any URI or path ending in the device id, as the
 * documented `/api/v2/devices/<id>`), or, on newer servers, `phoneNumber`.
 */
function readTarget(supervisor: SimUser, body: OperationBody, users: readonly SimUser[]): SimUser {
  const uri = body.targetDeviceUri;
  const phoneNumber = body.phoneNumber;
  let target: SimUser | undefined;
  if (typeof uri === 'string' && uri !== '') {
    const deviceId = uri.replace(/\/+$/, '').split('/').pop();
    target = users.find((u) => u.deviceId === deviceId);
    if (!target) throw errors.notFound(`Device ${uri}`);
  } else if (uri !== undefined && uri !== null) {
    throw errors.invalidParameter("Parameter 'targetDeviceUri' must be the URI of a device");
  } else if (typeof phoneNumber === 'string' && phoneNumber !== '') {
    target = users.find((u) => u.phoneNumber === phoneNumber);
    if (!target) throw errors.notFound(`Device with phone number ${phoneNumber}`);
  } else {
    throw errors.missingParameter('targetDeviceUri');
  }
  if (target === supervisor) throw errors.invalidParameter('A supervisor cannot monitor its own device');
  return target;
}

/**
 * POST /api/v2/me/devices/{id} with a supervisor operation. ListenIn / Coach / BargeIn set up
 * (or replace) the device's monitoring, answered with a DeviceStateChangeMessage carrying
 * `supervisorMonitoringState`; the supervisor joins the target's current calls at once (the
 * BargeIn page says so; for ListenIn and Coach the simulator does the same, as T-Server's
 * "intrusion", which the pages mention only as unsupported in SIP Cluster). Cancel ends the
 * subscription; calls being monitored go on (as the chat page says of chats).
 */
export function supervisorDeviceOperation(user: SimUser, body: OperationBody, users: readonly SimUser[], notify: DeskNotifier, calls: MonitoredCalls): void {
  const name = String(body.operationName);
  if (!user.supervisor) {
    throw new SimError(403, 5, `${user.userName} may not use ${name}: the feature api-supervisor-monitoring is not assigned`);
  }
  const { device } = user;
  if (name === 'CancelSupervisorMonitoring') {
    if (!device.monitoring) throw errors.notValidForState(name, 'no supervisor monitoring is active');
    device.monitoring = undefined;
    notify.device(user);
    return;
  }
  const target = readTarget(user, body, users);
  const scope = oneOf(body, 'supervisorMonitoringScope', SCOPES, 'Call');
  const mode = oneOf(body, 'supervisorMonitoringMode', MODES, 'AllCalls');
  if (!device.loggedIn) throw errors.notValidForState(name, 'the supervisor is logged out of voice: send StartContactCenterSession first');
  device.monitoring = { state: name as MonitoringState, scope, mode, target };
  notify.device(user);
  calls.monitorCurrentCalls(user);
}

// ---- the supervisor's calls ---------------------------------------------------------------

/** On a supervisor's leg of a monitored call. */
export interface MonitorLeg {
  state: MonitoringState;
  scope: MonitoringScope;
  /** The agent whose calls brought the supervisor in. */
  target: SimUser;
  /** MuteMonitoredUser: the target cannot be heard. */
  targetMuted: boolean;
}

/**
 * Allowed moves (SwitchToListenIn and SwitchToBargeIn pages): ListenIn ⇄ BargeIn; Coach →
 * ListenIn or BargeIn, never back. There is no SwitchToCoach operation.
 */
export function switchTargets(state: MonitoringState): MonitoringState[] {
  if (state === 'ListenIn') return ['BargeIn'];
  if (state === 'BargeIn') return ['ListenIn'];
  return ['ListenIn', 'BargeIn'];
}

export const SWITCH_OPERATIONS: Record<string, MonitoringState> = { SwitchToListenIn: 'ListenIn', SwitchToBargeIn: 'BargeIn' };

/** Why SwitchToCoach is refused (statusCode 3), for the error text. */
export const NO_SWITCH_TO_COACH =
  'GWS documents no SwitchToCoach: a supervisor who leaves Coach cannot return to it (SwitchToListenIn and SwitchToBargeIn pages)';

/**
 * A supervisor's Established monitoring call: the documented samples' set and order (the
 * Established call set with SwitchTo* and RemoveParticipantFromConference), then
 * Mute/UnmuteMonitoredUser, which the samples do not list but their pages describe: mute while
 * barged in ("has taken over a call"), unmute whenever the agent is muted.
 */
export function monitorCapabilities(monitor: MonitorLeg): string[] {
  const capabilities = [
    'AttachUserData',
    'InitiateConference',
    'UpdateUserData',
    'Hold',
    'SingleStepTransfer',
    'DeleteUserData',
    'SingleStepConference',
    'Hangup',
    'DeleteUserDataPair',
    'SendDtmf',
    'InitiateTransfer',
    ...switchTargets(monitor.state).map((state) => (state === 'ListenIn' ? 'SwitchToListenIn' : 'SwitchToBargeIn')),
    'RemoveParticipantFromConference',
  ];
  if (monitor.targetMuted) capabilities.push('UnmuteMonitoredUser');
  else if (monitor.state === 'BargeIn') capabilities.push('MuteMonitoredUser');
  return capabilities;
}

/** Only a barged-in supervisor is a party the others see (and hear). */
export function isHeardByAll(monitor: MonitorLeg | undefined): boolean {
  return monitor === undefined || monitor.state === 'BargeIn';
}
