// Wire shapes of GWS API v2 as the client reads them (docs/gws-notes.md#message-shapes,
// docs/gws-notes.md#call-resource, docs/gws-notes.md#device-resource). Everything is optional
// and open-ended on purpose: real servers differ by version, so the client tolerates unknown
// states, both participant shapes and missing userData (docs/gws-notes.md#tolerated-variants).

/** Newer GWS: participant objects. Older 8.5.x: plain strings plus `participantsInfo`. */
export interface GwsParticipantObject {
  phoneNumber?: string;
  digits?: string;
  e164Number?: string;
  formattedPhoneNumber?: string;
  [key: string]: unknown;
}
export type GwsParticipant = GwsParticipantObject | string;

/** Documented call states; any other string must be accepted and shown as is. */
export type KnownCallState = 'Dialing' | 'Ringing' | 'Established' | 'Held' | 'Released';

export interface GwsCall {
  id: string;
  state?: KnownCallState | string;
  callType?: string;
  callUuid?: string;
  connId?: string;
  deviceUri?: string;
  uri?: string;
  path?: string;
  participants?: GwsParticipant[];
  participantsInfo?: unknown;
  ani?: string;
  dnis?: string;
  capabilities?: string[];
  /** Flat key → value; absent when empty. Values may repeat a key after AttachUserData. */
  userData?: Record<string, unknown>;
  /** Seconds, sent as a string. */
  duration?: string;
  mute?: 'On' | 'Off' | string;
  recordingState?: 'Recording' | 'Paused' | 'Stopped' | string;
  parentCallUri?: string;
  parentCallPath?: string;
  [key: string]: unknown;
}

export interface GwsUserState {
  id?: string;
  displayName?: string;
  state?: string;
  workMode?: string;
  reason?: string;
}

export interface GwsDevice {
  id: string;
  deviceState?: string;
  userState?: GwsUserState;
  phoneNumber?: string;
  e164Number?: string;
  telephonyNetwork?: string;
  doNotDisturb?: string;
  forwardTo?: string;
  capabilities?: string[];
  uri?: string;
  [key: string]: unknown;
}

export interface GwsUser {
  id?: string;
  userName?: string;
  firstName?: string;
  lastName?: string;
  roles?: string[];
  [key: string]: unknown;
}

/** Every GWS response body: statusCode 0 = success; otherwise statusMessage says why. */
export interface GwsResponseBody {
  statusCode: number;
  statusMessage?: string;
  [key: string]: unknown;
}

/** A Bayeux message as delivered on a subscribed channel. */
export interface BayeuxMessage {
  channel: string;
  data?: unknown;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  ext?: unknown;
  [key: string]: unknown;
}

/** `data` of a message on /v2/me/calls. */
export interface CallStateChangeData {
  messageType: 'CallStateChangeMessage';
  notificationType?: string;
  call?: GwsCall;
  phoneNumber?: string;
  extensions?: Record<string, unknown>;
  [key: string]: unknown;
}

/** `data` of a message on /v2/me/devices. */
export interface DeviceStateChangeData {
  messageType: 'DeviceStateChangeMessage';
  devices?: GwsDevice[];
  [key: string]: unknown;
}

/** The channels the client subscribes to. */
export const CALLS_CHANNEL = '/v2/me/calls';
export const DEVICES_CHANNEL = '/v2/me/devices';
export const CHANNELS_CHANNEL = '/v2/me/channels';
/** Every channel of the signed-in user, as public GWS clients subscribe (docs/gws-notes.md#channels). */
export const ALL_MY_CHANNELS = '/v2/me/*';
/** The user's channels by name, for a server that refuses the wildcard (docs/gws-notes.md#channels). */
export const NAMED_CHANNELS: readonly string[] = [
  CALLS_CHANNEL,
  DEVICES_CHANNEL,
  CHANNELS_CHANNEL,
  '/v2/me/chats',
  '/v2/me/emails',
  '/v2/me/workitems',
  '/v2/me/openmedia',
  '/v2/me/im-sessions',
];
export const NOTIFICATIONS_PATH = '/api/v2/notifications';
