// What a GwsSession reports to the rest of the extension. The pipeline (src/model) turns
// these into the call store, the diffs and the inspector's stream; the VS Code layer
// shows connection state. Nothing here imports `vscode`.
import type { BayeuxMessage, GwsCall, GwsDevice, GwsUser } from './types';

export type ConnectionState =
  | 'signedOut'
  | 'signingIn'
  | 'connected'
  /** CometD lost its connection and is retrying / re-handshaking. */
  | 'reconnecting'
  /** Gave up: bad credentials, session could not be renewed, sign-in failed. */
  | 'failed';

/** One message received on a subscribed channel (not the /meta channels). */
export interface NotificationReceived {
  message: BayeuxMessage;
  /** Date.now() when the client handed the message to us. */
  receivedAt: number;
}

/** One REST operation (a POST with an operationName). Fired when sent and when completed. */
export interface OperationRecord {
  /** Unique and increasing within one session; the same id for both phases. */
  id: number;
  phase: 'sent' | 'completed';
  operationName: string;
  method: string;
  /** Absolute URL of the request. */
  url: string;
  /** Set for operations on /api/v2/me/calls/{id}. */
  callId?: string;
  requestBody?: Record<string, unknown>;
  /** Request headers as sent, with Authorization and Cookie values redacted. */
  requestHeaders: Record<string, string>;
  startedAt: number;
  completedAt?: number;
  httpStatus?: number;
  statusCode?: number;
  statusMessage?: string;
  /** Transport-level failure (timeout, refused, non-JSON body), already redacted. */
  error?: string;
}

export type MetaType =
  | 'signIn'
  | 'signOut'
  | 'handshake'
  | 'subscribe'
  | 'connect'
  | 'disconnect'
  | 'reconnecting'
  | 'reconnected'
  | 'resync'
  | 'sessionExpired'
  /** Notifications stopped arriving: the CometD link went down (detail: GapStartDetail). */
  | 'gapStart'
  /** They flow again, or never will (detail: GapEndDetail). */
  | 'gapEnd'
  | 'error';

/** Detail of a 'gapStart' meta record. */
export interface GapStartDetail {
  /** Date.now() when the link was seen down. */
  startedAt: number;
  reason: string;
}

/** Detail of a 'gapEnd' meta record: how long no notification could arrive. */
export interface GapEndDetail extends GapStartDetail {
  endedAt: number;
  durationMs: number;
  /** reconnected: notifications flow again (what was sent meanwhile is lost; the resync re-reads the calls). */
  outcome: 'reconnected' | 'signedOut' | 'failed';
}

/** Session and CometD life-cycle events, shown in the inspector's stream as meta rows. */
export interface MetaRecord {
  type: MetaType;
  time: number;
  /** One human-readable line; never contains a credential. */
  text: string;
  channel?: string;
  detail?: unknown;
}

/** A full state read: at sign-in, after every re-handshake, and on Refresh. */
export interface SnapshotRecord {
  reason: 'signIn' | 'resync' | 'refresh';
  time: number;
  calls: GwsCall[];
  devices: GwsDevice[];
}

export interface SignedInInfo {
  user: GwsUser;
  devices: GwsDevice[];
  calls: GwsCall[];
}
