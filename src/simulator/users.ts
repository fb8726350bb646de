// The simulator's agents and their devices (DNs). Device JSON follows
// docs/gws-notes.md#device-resource.
import type { IdFactory } from './ids';

export type AgentState = 'LoggedOut' | 'NotReady' | 'Ready';
export type WorkMode = 'AfterCallWork' | 'AuxWork';

export interface SimUser {
  readonly userName: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly userId: string;
  readonly phoneNumber: string;
  readonly deviceId: string;
  /** Server-side Bayeux channel prefix that keeps this user's notifications private. */
  readonly channelPrefix: string;
  device: DeviceState;
}

export interface DeviceState {
  loggedIn: boolean;
  agentState: AgentState;
  workMode?: WorkMode;
  doNotDisturb: boolean;
  forwardTo?: string;
}

const DEFAULT_ACCOUNTS = [
  { userName: 'agent1', password: 'agent1', firstName: 'Ada', lastName: 'Agent', phoneNumber: '15000' },
  { userName: 'agent2', password: 'agent2', firstName: 'Bob', lastName: 'Agent', phoneNumber: '15001' },
] as const;

export function loggedOutDevice(): DeviceState {
  return { loggedIn: false, agentState: 'LoggedOut', doNotDisturb: false };
}

export function createDefaultUsers(ids: IdFactory): SimUser[] {
  return DEFAULT_ACCOUNTS.map((account, index) => ({
    ...account,
    userId: ids.uuid().replace(/-/g, ''),
    deviceId: ids.uuid(),
    channelPrefix: `/sim-user-${index + 1}`,
    device: loggedOutDevice(),
  }));
}

/** Agent-state display names as Workspace shows them. */
const STATE_DISPLAY: Record<AgentState, string> = { LoggedOut: 'Logged Out', NotReady: 'Not Ready', Ready: 'Ready' };
const WORK_MODE_DISPLAY: Record<WorkMode, string> = { AfterCallWork: 'After Call Work', AuxWork: 'Aux Work' };

function deviceCapabilities(device: DeviceState): string[] {
  return [device.doNotDisturb ? 'DoNotDisturbOff' : 'DoNotDisturbOn', device.forwardTo ? 'ForwardCallsOff' : 'ForwardCallsOn'];
}

export function deviceUri(baseUrl: string, user: SimUser): string {
  // As in the documented samples: devices live under /api/v2/devices, not /me/devices.
  return `${baseUrl}/api/v2/devices/${user.deviceId}`;
}

export function deviceView(baseUrl: string, user: SimUser): Record<string, unknown> {
  const { device } = user;
  const userState: Record<string, unknown> = {
    id: device.workMode ?? device.agentState,
    displayName: device.workMode ? WORK_MODE_DISPLAY[device.workMode] : STATE_DISPLAY[device.agentState],
    state: device.agentState,
  };
  if (device.workMode) userState.workMode = device.workMode;
  const view: Record<string, unknown> = {
    id: user.deviceId,
    deviceState: 'Active',
    userState,
    phoneNumber: user.phoneNumber,
    e164Number: '',
    telephonyNetwork: 'Private',
    doNotDisturb: device.doNotDisturb ? 'On' : 'Off',
    voiceEnvironmentUri: `${baseUrl}/api/v2/voice-environments/sim`,
    capabilities: deviceCapabilities(device),
    uri: `${baseUrl}/api/v2/me/devices/${user.deviceId}`,
    path: `/devices/${user.deviceId}`,
  };
  if (device.forwardTo) view.forwardTo = device.forwardTo;
  return view;
}

export function userView(baseUrl: string, user: SimUser): Record<string, unknown> {
  return {
    id: user.userId,
    userName: user.userName,
    firstName: user.firstName,
    lastName: user.lastName,
    roles: ['ROLE_AGENT'],
    enabled: true,
    changePasswordOnFirstLogin: false,
    uri: `${baseUrl}/api/v2/users/${user.userId}`,
    path: `/users/${user.userId}`,
  };
}

export function channelsView(user: SimUser): Record<string, unknown>[] {
  return [
    {
      channel: 'voice',
      userState: { state: user.device.agentState, ...(user.device.workMode ? { workMode: user.device.workMode } : {}) },
      dndState: user.device.doNotDisturb ? 'On' : 'Off',
    },
  ];
}

export const FEATURES = ['api-voice', 'api-voice-recording'] as const;
