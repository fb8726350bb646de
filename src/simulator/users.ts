// The simulator's agents and their devices (DNs). Device JSON follows
// docs/gws-notes.md#device-resource. Each agent has a default place or none (places.ts) and
// the media channels it may log in to; its login state is per channel: voice on the device,
// the others (chat, email, workitem, ...) in `media`.
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
  /** The place StartContactCenterSession uses when the request names none; none = `place` is required. */
  defaultPlace: string | undefined;
  /** The channels this agent may log in to ("voice", "chat", ...); others are refused with statusCode 5. */
  channels: string[];
  /** Has the feature api-supervisor-monitoring: ListenIn, Coach, BargeIn (supervision.ts). */
  readonly supervisor: boolean;
  device: DeviceState;
  /** Logged-in media channels (not voice) and their state. */
  media: Map<string, MediaState>;
}

/** One entry of GET /api/v2/settings/agent-states (agentStates.ts). */
export interface ConfiguredAgentState {
  readonly name: string;
  readonly displayName: string;
  readonly state: Exclude<AgentState, 'LoggedOut'>;
  readonly workMode?: WorkMode;
  readonly reason?: string;
}

export type MonitoringState = 'ListenIn' | 'Coach' | 'BargeIn';
export type MonitoringScope = 'Agent' | 'Call';
export type MonitoringMode = 'NextCall' | 'AllCalls';

/** docs/gws-notes.md#supervisor-monitoring: the device's `supervisorMonitoringState`. */
export interface Monitoring {
  state: MonitoringState;
  scope: MonitoringScope;
  mode: MonitoringMode;
  target: SimUser;
}

/** State of a logged-in media channel: the simulator does not change it after login. */
export type MediaState = 'NotReady' | 'Ready';

export interface DeviceState {
  loggedIn: boolean;
  agentState: AgentState;
  workMode?: WorkMode;
  /** A configured agent state (GET /settings/agent-states) by its name, when one was set. */
  configuredState?: ConfiguredAgentState;
  /** The reason code of a NotReady state (`reasonCode` of the request, or the configured state's). */
  reason?: string;
  /** A supervisor's monitoring subscription (ListenIn, Coach, BargeIn), until cancelled. */
  monitoring?: Monitoring;
  doNotDisturb: boolean;
  forwardTo?: string;
  /** Where voice is logged in (set while loggedIn). */
  place?: string;
  /** The ACD position's DN. */
  acdPosition?: string;
  /** As given to StartContactCenterSession, kept for /sim/state. */
  loginCode?: string;
  queue?: string;
}

/** The media channels the simulator knows besides voice (docs/gws-notes.md#channels). */
export const MEDIA_CHANNELS = ['chat', 'email', 'workitem'] as const;

interface Account {
  userName: string;
  password: string;
  firstName: string;
  lastName: string;
  phoneNumber: string;
  defaultPlace?: string;
  channels: readonly string[];
  supervisor?: boolean;
}

const DEFAULT_ACCOUNTS: readonly Account[] = [
  { userName: 'agent1', password: 'agent1', firstName: 'Ada', lastName: 'Agent', phoneNumber: '15000', defaultPlace: 'Place_15000', channels: ['voice', ...MEDIA_CHANNELS] },
  { userName: 'agent2', password: 'agent2', firstName: 'Bob', lastName: 'Agent', phoneNumber: '15001', defaultPlace: 'Place_15001', channels: ['voice'] },
  { userName: 'agent3', password: 'agent3', firstName: 'Cy', lastName: 'Agent', phoneNumber: '15002', channels: ['voice', 'chat'] },
  // The documented supervision samples use DN 5005 for the supervisor; 15005 keeps the demo's numbering.
  { userName: 'supervisor1', password: 'supervisor1', firstName: 'Sue', lastName: 'Supervisor', phoneNumber: '15005', defaultPlace: 'Place_15005', channels: ['voice'], supervisor: true },
];

export function loggedOutDevice(): DeviceState {
  return { loggedIn: false, agentState: 'LoggedOut', doNotDisturb: false };
}

/** What logging voice out changes: the agent state, the position and monitoring, not DND or forwarding. */
export function voiceLoggedOut(): Partial<DeviceState> {
  return {
    loggedIn: false,
    agentState: 'LoggedOut',
    workMode: undefined,
    configuredState: undefined,
    reason: undefined,
    monitoring: undefined,
    place: undefined,
    acdPosition: undefined,
    loginCode: undefined,
    queue: undefined,
  };
}

export function createDefaultUsers(ids: IdFactory): SimUser[] {
  return DEFAULT_ACCOUNTS.map((account, index) => ({
    userName: account.userName,
    password: account.password,
    firstName: account.firstName,
    lastName: account.lastName,
    phoneNumber: account.phoneNumber,
    userId: ids.uuid().replace(/-/g, ''),
    deviceId: ids.uuid(),
    channelPrefix: `/sim-user-${index + 1}`,
    defaultPlace: account.defaultPlace,
    channels: [...account.channels],
    supervisor: account.supervisor === true,
    device: loggedOutDevice(),
    media: new Map(),
  }));
}

/** Back to the demo account's default place and channels, logged out of everything. */
export function restoreAccount(user: SimUser): void {
  const account = DEFAULT_ACCOUNTS.find((a) => a.userName === user.userName);
  user.defaultPlace = account?.defaultPlace;
  user.channels = [...(account?.channels ?? ['voice'])];
  user.device = loggedOutDevice();
  user.media.clear();
}

/** Agent-state display names as Workspace shows them. */
const STATE_DISPLAY: Record<AgentState, string> = { LoggedOut: 'Logged Out', NotReady: 'Not Ready', Ready: 'Ready' };
const WORK_MODE_DISPLAY: Record<WorkMode, string> = { AfterCallWork: 'After Call Work', AuxWork: 'Aux Work' };

/** In the order of the documented supervision samples: forwarding, DND, then supervision. */
function deviceCapabilities(user: SimUser): string[] {
  const { device } = user;
  const capabilities = [device.forwardTo ? 'ForwardCallsOff' : 'ForwardCallsOn', device.doNotDisturb ? 'DoNotDisturbOff' : 'DoNotDisturbOn'];
  if (user.supervisor) capabilities.push('ListenIn', 'Coach', 'BargeIn');
  // "Only appears in device capabilities when supervisor monitoring is active."
  if (device.monitoring) capabilities.push('CancelSupervisorMonitoring');
  return capabilities;
}

export function deviceUri(baseUrl: string, user: SimUser): string {
  // As in the documented samples: devices live under /api/v2/devices, not /me/devices.
  return `${baseUrl}/api/v2/devices/${user.deviceId}`;
}

export function deviceView(baseUrl: string, user: SimUser): Record<string, unknown> {
  const { device } = user;
  const configured = device.configuredState;
  const userState: Record<string, unknown> = {
    id: configured?.name ?? device.workMode ?? device.agentState,
    displayName: configured?.displayName ?? (device.workMode ? WORK_MODE_DISPLAY[device.workMode] : STATE_DISPLAY[device.agentState]),
    state: device.agentState,
  };
  if (device.workMode) userState.workMode = device.workMode;
  if (device.reason !== undefined) userState.reason = device.reason;
  const view: Record<string, unknown> = {
    id: user.deviceId,
    deviceState: 'Active',
    userState,
    phoneNumber: user.phoneNumber,
    e164Number: '',
    telephonyNetwork: 'Private',
    doNotDisturb: device.doNotDisturb ? 'On' : 'Off',
    voiceEnvironmentUri: `${baseUrl}/api/v2/voice-environments/sim`,
    capabilities: deviceCapabilities(user),
    uri: `${baseUrl}/api/v2/me/devices/${user.deviceId}`,
    path: `/devices/${user.deviceId}`,
  };
  if (device.forwardTo) view.forwardTo = device.forwardTo;
  // Absent when no monitoring is set up (the CancelSupervisorMonitoring sample).
  if (device.monitoring) {
    const { state, mode, scope, target } = device.monitoring;
    view.supervisorMonitoringState = { state, mode, scope, targetDeviceUri: deviceUri(baseUrl, target) };
  }
  return view;
}

export function userView(baseUrl: string, user: SimUser): Record<string, unknown> {
  return {
    id: user.userId,
    userName: user.userName,
    firstName: user.firstName,
    lastName: user.lastName,
    roles: user.supervisor ? ['ROLE_AGENT', 'ROLE_SUPERVISOR'] : ['ROLE_AGENT'],
    enabled: true,
    changePasswordOnFirstLogin: false,
    uri: `${baseUrl}/api/v2/users/${user.userId}`,
    path: `/users/${user.userId}`,
  };
}

/**
 * GET /me/channels and ChannelStateChangeMessageV2's `channels`: voice, then each media
 * channel the agent may use, `LoggedOut` until logged in (docs/gws-notes.md#channelstatechangemessagev2;
 * listing the channels not logged in is a guess).
 */
export function channelsView(user: SimUser): Record<string, unknown>[] {
  const dndState = user.device.doNotDisturb ? 'On' : 'Off';
  const { agentState, workMode, reason } = user.device;
  const voice = {
    channel: 'voice',
    userState: { state: agentState, ...(workMode ? { workMode } : {}), ...(reason !== undefined ? { reason } : {}) },
    dndState,
  };
  const media = user.channels
    .filter((channel) => channel !== 'voice')
    .map((channel) => ({ channel, userState: { state: user.media.get(channel) ?? 'LoggedOut' }, dndState }));
  return [voice, ...media];
}

export function channelStateMessage(user: SimUser): Record<string, unknown> {
  return { messageType: 'ChannelStateChangeMessageV2', channels: channelsView(user) };
}

/** docs/gws-notes.md#features: supervisors also have api-supervisor-monitoring. */
export function featuresOf(user: SimUser): string[] {
  return ['api-voice', 'api-voice-recording', ...(user.supervisor ? ['api-supervisor-monitoring'] : [])];
}
