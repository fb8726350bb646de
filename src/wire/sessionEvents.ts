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
  /** The response's headers, credentials redacted (set by the recording proxy's decoder). */
  responseHeaders?: Record<string, string>;
  /** The response body: parsed JSON with credentials redacted, or its (redacted) text. */
  responseBody?: unknown;
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
  /** What the sign-in did about the agent's contact-center login (AgentLoginOutcome). */
  | 'agentLogin'
  /** Notifications stopped arriving: the CometD link went down (detail: GapStartDetail). */
  | 'gapStart'
  /** They flow again, or never will (detail: GapEndDetail). */
  | 'gapEnd'
  /** A proxied application had no /meta/connect outstanding for longer than it should (src/proxy). */
  | 'pollGap'
  /** A proxied application published a message on a channel (src/proxy). */
  | 'publish'
  /** The recording proxy itself: started, rewrote Host/Origin, stopped (src/proxy). */
  | 'proxy'
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
  /** Something the user should notice that is not an error (a refused StartContactCenterSession). */
  warning?: string;
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
  agentLogin: AgentLoginOutcome;
}

/**
 * How a session treats the agent's contact-center login (docs/gws-notes.md#session-modes):
 * `observe` never sends StartContactCenterSession or EndContactCenterSession; `agent` logs the
 * agent in at sign-in; `auto` reads the agent's devices first and observes when somebody else
 * has logged the agent in already, else asks.
 */
export type SessionMode = 'observe' | 'agent' | 'auto';

/** What one channel of StartContactCenterSession answered, when it was refused or partly refused. */
export interface ChannelLoginResult {
  channel: string;
  statusCode?: number;
  statusMessage?: string;
}

/** What a sign-in did about the agent's login, and so what the session does from then on. */
export interface AgentLoginOutcome {
  /**
   * `agent`: the agent's voice login is this session's own (it sent StartContactCenterSession,
   * or resumed its own login after a reload); only then may an explicit Sign Out offer
   * EndContactCenterSession. `observe`: the session never sends either.
   */
  effectiveMode: 'agent' | 'observe';
  reason:
    /** The profile's mode said so (observe, or agent with StartContactCenterSession accepted). */
    | 'configured'
    /** auto: the agent was logged in to voice already, by another application. */
    | 'alreadyLoggedIn'
    /** auto: the agent was logged out and the user chose. */
    | 'chosen'
    /** This window's own login from before a reload: no second StartContactCenterSession. */
    | 'resumed'
    /** StartContactCenterSession was refused: observing. */
    | 'refused'
    /** StartContactCenterSession answered statusCode 7 (partial success): observing. */
    | 'partial';
  /** Sent StartContactCenterSession during this sign-in. */
  started: boolean;
  /** The agent's voice login as read before deciding, when it was read (auto, resume). */
  loggedInBefore?: boolean;
  /** The server's answer per channel, for `refused` and `partial`. */
  channels?: ChannelLoginResult[];
  /** One line for the user: what happened and what the session does now. */
  text: string;
}
