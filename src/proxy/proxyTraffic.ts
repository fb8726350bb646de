// What passes through a recording proxy (issue 13), in two layers:
//   recordingProxy.ts  forwards the application's HTTP and websocket traffic to GWS and
//                      reports it as raw `ProxyTap` events (headers already redacted);
//   trafficDecoder.ts  turns those into the events a GwsSession reports (wire/sessionEvents.ts),
//                      so the extension's Pipeline analyses the application's traffic with the
//                      same model as its own session, plus the facts only a proxy can see.
// Nothing in src/proxy imports `vscode`; the whole folder is its own bundle (dist/proxy.js),
// loaded only when the user starts a proxy, so the extension bundle stays small.
import type { Disposable, Event } from '../base/emitter';
import type { MetaRecord, NotificationReceived, OperationRecord, SnapshotRecord } from '../wire/sessionEvents';

// ---- raw traffic (recordingProxy.ts → trafficDecoder.ts) ---------------------------------------

/** An HTTP request the application sent; `id` is shared with its response. */
export interface ProxyRequestTap {
  kind: 'request';
  /** Unique and increasing within one proxy (shared with websocket ids). */
  id: number;
  /** The application's end of the connection, "127.0.0.1:53122". */
  client: string;
  /** Date.now() when the request's head arrived. */
  startedAt: number;
  method: string;
  /** Path and query as the application sent them ("/api/v2/me/calls?fields=*"). */
  path: string;
  /** The absolute upstream URL it was forwarded to. */
  upstreamUrl: string;
  /** As the application sent them, credential values redacted (src/base/redact.ts). */
  headers: Record<string, string>;
  /** The body as text (UTF-8) when it is at most `maxRecordedBodyBytes`; not redacted yet. */
  body?: string;
  /** Set when the body was not recorded (too large, binary): its size in bytes. */
  bodyOmittedBytes?: number;
}

/** The answer to a request (or why there was none). */
export interface ProxyResponseTap {
  kind: 'response';
  id: number;
  /** Date.now() when the last byte was passed on to the application (or the failure). */
  completedAt: number;
  status?: number;
  /** As GWS sent them, credential values (Set-Cookie) redacted. */
  headers?: Record<string, string>;
  body?: string;
  bodyOmittedBytes?: number;
  /** The upstream could not be reached, timed out or hung up; already free of credentials. */
  error?: string;
}

export interface WebSocketOpenTap {
  kind: 'wsOpen';
  id: number;
  client: string;
  at: number;
  path: string;
  upstreamUrl: string;
  headers: Record<string, string>;
}

/** One text message of a websocket (a Bayeux array), in either direction. */
export interface WebSocketMessageTap {
  kind: 'wsMessage';
  /** The websocket's id (its wsOpen). */
  id: number;
  direction: 'toServer' | 'toClient';
  at: number;
  /** '' when the message was larger than `maxRecordedBodyBytes` (see `textOmittedBytes`). */
  text: string;
  /** Set when the text was not recorded (too large): its size in bytes. */
  textOmittedBytes?: number;
}

export interface WebSocketCloseTap {
  kind: 'wsClose';
  id: number;
  at: number;
  code?: number;
  reason?: string;
  error?: string;
}

/** Something about the proxy itself: started, rewrote Host/Origin (once), stopped, failed. */
export interface ProxyNoticeTap {
  kind: 'notice';
  at: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

export type ProxyTap =
  | ProxyRequestTap
  | ProxyResponseTap
  | WebSocketOpenTap
  | WebSocketMessageTap
  | WebSocketCloseTap
  | ProxyNoticeTap;

// ---- the running proxy --------------------------------------------------------------------------

export interface RecordingProxyOptions {
  /** The GWS server's base URL, as in the profile ("https://gws.example.com"). */
  target: string;
  /** Loopback address to listen on (setting gws.proxy.host, default 127.0.0.1). */
  host: string;
  /** 0 = a free port (setting gws.proxy.port). */
  port: number;
  /** TLS to the upstream: verified unless the profile opts out. */
  rejectUnauthorized: boolean;
  /** Extra trusted CA certificates (PEM), from the profile's caFile. */
  ca?: string;
  /** Bodies larger than this are passed on but not recorded (default 64 MiB, as the extension's own long-poll cap). */
  maxRecordedBodyBytes?: number;
  /** Diagnostics for the extension's log; never carries a credential. */
  log?: (line: string) => void;
}

/** What only a proxy can tell about one application (one Bayeux clientId, or REST only). */
export interface ApplicationFacts {
  /** The Bayeux clientId, or the client address when it has none yet. */
  id: string;
  client: string;
  transport?: 'long-polling' | 'websocket';
  /** Channels it subscribed to (successfully), in order. */
  subscriptions: string[];
  /** Subscriptions the server refused, with its error text. */
  refusedSubscriptions: Array<{ channel: string; error: string }>;
  notificationsDelivered: number;
  restRequests: number;
  restErrors: number;
  /** /meta/connect round trips (request → response), ms. */
  connectRoundTrips: { count: number; p50Ms: number; maxMs: number };
  /**
   * Time the application had no /meta/connect outstanding (from a connect response to its next
   * connect request): notifications could only wait in the server meanwhile. Max and count of
   * gaps above `slowGapMs`.
   */
  pollGaps: { maxMs: number; slow: number };
  /** Operations the application sent that no notification showed the effect of (so far). */
  operationsWithoutNotification: number;
}

/** A started proxy: a PipelineSource (src/model/pipeline.ts) for the application's traffic. */
export interface RecordingProxy extends Disposable {
  /** "http://127.0.0.1:40123": what the developer points the integration at. */
  readonly url: string;
  readonly target: string;
  onNotification: Event<NotificationReceived>;
  onOperation: Event<OperationRecord>;
  onMeta: Event<MetaRecord>;
  onSnapshot: Event<SnapshotRecord>;
  /** The applications seen so far changed (a subscription, a notification, an error…). */
  onDidChangeFacts: Event<readonly ApplicationFacts[]>;
  facts(): ApplicationFacts[];
  /** Resolves once every tap so far is decoded (its events fired). */
  whenIdle(): Promise<void>;
  /** Stops listening, ends open connections (long polls and websockets) and resolves when closed. */
  stop(): Promise<void>;
}
