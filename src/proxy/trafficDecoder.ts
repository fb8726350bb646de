// Turns the raw traffic of a recording proxy (ProxyTap, proxyTraffic.ts) into the events a
// GwsSession reports (wire/sessionEvents.ts), so the Pipeline (src/model/pipeline.ts) analyses
// a proxied application with the same model as the extension's own session:
//   REST request + response       → one OperationRecord, 'sent' then 'completed' (same id)
//   GET /api/v2/me/calls?fields=* → also a SnapshotRecord 'refresh' (below)
//   Bayeux over long-polling POSTs (/notifications, /cometd, with or without the /handshake,
//   /connect… suffix the cometd client adds) and over websockets:
//     outgoing handshake, subscribe, unsubscribe, disconnect, publish → MetaRecords "→ …"
//     meta replies                    → MetaRecords "← …" ('error' when refused)
//     data on any non-meta channel   → NotificationReceived (receivedAt: when the application got it)
//   notice taps                       → MetaRecords about the proxy itself
// A long poll answers every few seconds to 30 s: successful /meta/connects make no rows (the
// first one, a failure, a retry, a recovery and a change of advice do); they are counted in the
// facts (applicationFacts.ts). The transport POSTs of Bayeux make no operation rows either:
// their content is the Bayeux rows. Everything that leaves here is redacted (src/base/redact.ts):
// Bayeux `ext`, bodies, headers and URLs may carry credentials. Nothing here throws on what the
// application or the server sent: ingest() turns any surprise into an error row.
import { Emitter, type Disposable, type Event } from '../base/emitter';
import { redactHeaders, redactJson, redactText, redactUrl } from '../base/redact';
import { callIdFromUrl } from '../wire/errorMessage';
import type { MetaRecord, MetaType, NotificationReceived, OperationRecord, SnapshotRecord } from '../wire/sessionEvents';
import type { BayeuxMessage, GwsCall, GwsDevice } from '../wire/types';
import { redactParsedJson } from './redactInPlace';
import { readRecordedBodySteps } from './bodyRecorder';
import { splitJsonArray } from './jsonArraySteps';
import { ApplicationTracker, DEFAULT_NOTIFICATION_WINDOW_MS, DEFAULT_SLOW_GAP_MS } from './applicationFacts';
import type { ApplicationFacts, ProxyRequestTap, ProxyResponseTap, ProxyTap, WebSocketMessageTap } from './proxyTraffic';

export interface TrafficDecoderOptions {
  /** A time without a /meta/connect outstanding longer than this is a slow poll gap (default 1 s). */
  slowGapMs?: number;
  /** How long after an operation a notification about its call counts for the facts (default 5 s). */
  notificationWindowMs?: number;
  /** Clock for facts() (tests inject one); taps carry their own times. Defaults to Date.now. */
  now?: () => number;
}

type Transport = 'long-polling' | 'websocket';

/** A request waiting for its response. */
interface PendingRequest {
  tap: ProxyRequestTap;
  /** Set for a REST request. */
  operation?: OperationRecord;
  /** The application it counts for. */
  app?: ApplicationTracker;
  /** Set for a Bayeux POST: the clientIds of the /meta/connects it carries, one per connect. */
  connects?: string[];
  /** The clientId its messages carry: the default for the replies that carry none. */
  clientId?: string;
}

interface OpenSocket {
  client: string;
  path: string;
  clientId?: string;
}

/** Where an outgoing or incoming Bayeux message travelled. */
interface BayeuxContext {
  client: string;
  transport: Transport;
  at: number;
  /** The clientId the exchange belongs to when a message carries none. */
  clientId?: string;
  /** The websocket it came over, to remember its clientId. */
  socket?: OpenSocket;
}

// The cometd client appends the meta channel's last segment to the URL on long-polling
// (docs/gws-notes.md#transports: "the /handshake and /connect suffixes").
const BAYEUX_PATH = /\/(?:notifications|cometd)(?:\/[A-Za-z]+)?\/?$/;
const CALLS_READ = /\/api\/v2\/me\/calls\/?$/;
const DEVICES_READ = /\/api\/v2\/me\/devices\/?$/;
/** Requests kept waiting for a response; the oldest are given up on beyond this. */
const MAX_PENDING_REQUESTS = 10_000;
/** Connection → clientId bindings kept (a connection is reused by one application). */
const MAX_CONNECTIONS = 10_000;
/** Applications and devices kept: a crafted stream of new clientIds or device ids cannot grow without end. */
const MAX_APPLICATIONS = 1_000;
const MAX_DEVICES = 10_000;
/** How much of a body a row quotes when it cannot read it. */
const QUOTE_CHARS = 200;
/**
 * A REST answer's body is kept with its row up to this size: the stream holds up to
 * gws.inspector.maxEvents rows, and a row per request must not hold megabytes. Its statusCode
 * is read either way; the application received the whole body.
 */
export const MAX_KEPT_RESPONSE_CHARS = 256 * 1024;

export class TrafficDecoder implements Disposable {
  private readonly notificationEmitter = new Emitter<NotificationReceived>();
  private readonly operationEmitter = new Emitter<OperationRecord>();
  private readonly metaEmitter = new Emitter<MetaRecord>();
  private readonly snapshotEmitter = new Emitter<SnapshotRecord>();
  private readonly factsEmitter = new Emitter<readonly ApplicationFacts[]>();
  readonly onNotification: Event<NotificationReceived> = this.notificationEmitter.event;
  readonly onOperation: Event<OperationRecord> = this.operationEmitter.event;
  readonly onMeta: Event<MetaRecord> = this.metaEmitter.event;
  readonly onSnapshot: Event<SnapshotRecord> = this.snapshotEmitter.event;
  /** The applications seen so far changed; fired at most once per tap. */
  readonly onDidChangeFacts: Event<readonly ApplicationFacts[]> = this.factsEmitter.event;

  private readonly slowGapMs: number;
  private readonly notificationWindowMs: number;
  private readonly now: () => number;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly sockets = new Map<number, OpenSocket>();
  /** Bayeux clientId, or the client host for REST-only traffic → its application. */
  private readonly apps = new Map<string, ApplicationTracker>();
  /** A connection ("127.0.0.1:53122") → the clientId whose messages it carried. */
  private readonly connections = new Map<string, string>();
  /** CSRF header names the server announced (X-CSRF-HEADER): their values are redacted. */
  private readonly csrfHeaders = new Set<string>();
  /** The devices as the application last saw them: what a calls snapshot keeps (see snapshotOf). */
  private readonly devices = new Map<string, GwsDevice>();
  private factsChanged = false;
  private disposed = false;

  constructor(options: TrafficDecoderOptions = {}) {
    this.slowGapMs = positiveOr(options.slowGapMs, DEFAULT_SLOW_GAP_MS);
    this.notificationWindowMs = positiveOr(options.notificationWindowMs, DEFAULT_NOTIFICATION_WINDOW_MS);
    this.now = options.now ?? Date.now;
  }

  /** Decodes one tap now, however long its body. */
  ingest(tap: ProxyTap): void {
    const steps = this.ingestSteps(tap);
    while (!steps.next().done);
  }

  /**
   * Decodes one tap in steps: a long-poll answer or websocket message carrying a thousand
   * notifications yields after reading its body and after each message, so that the caller
   * (tapQueue.ts) can let the proxy forward in between. The events come out in the same order
   * as from ingest(); taps must be decoded one after the other, each to its end.
   */
  *ingestSteps(tap: ProxyTap): Generator<void, void, undefined> {
    if (this.disposed) return;
    const time = timeOf(tap, this.now);
    try {
      // A large recorded body becomes text in steps first (bodyRecorder.ts).
      yield* readRecordedBodySteps(tap);
      yield* this.decode(tap, time);
    } catch (error) {
      // Whatever passed through, the stream says so rather than losing it or throwing into the proxy.
      const kind = isObject(tap) && typeof tap.kind === 'string' ? tap.kind : 'unknown';
      this.meta('error', time, `Could not decode this ${kind} of the proxied traffic: ${redactText(error instanceof Error ? error.message : String(error))}`);
    }
    for (const app of this.apps.values()) if (app.settle(time)) this.factsChanged = true;
    if (this.factsChanged) {
      this.factsChanged = false;
      this.factsEmitter.fire(this.list());
    }
  }

  facts(): ApplicationFacts[] {
    const now = this.now();
    for (const app of this.apps.values()) app.settle(now);
    return this.list();
  }

  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    this.sockets.clear();
    this.connections.clear();
    for (const emitter of [this.notificationEmitter, this.operationEmitter, this.metaEmitter, this.snapshotEmitter, this.factsEmitter]) {
      (emitter as Emitter<unknown>).dispose();
    }
  }

  private list(): ApplicationFacts[] {
    return Array.from(this.apps.values(), (app) => app.facts());
  }

  private *decode(tap: ProxyTap, time: number): Generator<void, void, undefined> {
    switch (tap.kind) {
      case 'request':
        return this.request(tap);
      case 'response':
        return yield* this.response(tap, time);
      case 'wsOpen':
        this.sockets.set(tap.id, { client: String(tap.client), path: String(tap.path) });
        this.meta('connect', time, `Websocket opened to ${redactText(pathOnly(String(tap.path)))}`, undefined, { client: tap.client });
        return;
      case 'wsMessage':
        return yield* this.webSocketMessage(tap, time);
      case 'wsClose':
        return this.webSocketClose(tap.id, time, tap.code, tap.reason, tap.error);
      case 'notice': {
        const level = tap.level;
        const text = redactText(String(tap.text));
        if (level === 'error') this.meta('error', time, text);
        else this.meta('proxy', time, text, undefined, undefined, level === 'warning' ? text : undefined);
        return;
      }
      default:
        this.meta('error', time, `Unknown kind of proxied traffic: ${redactText(String((tap as { kind?: unknown }).kind)).slice(0, QUOTE_CHARS)}`);
    }
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private request(tap: ProxyRequestTap): void {
    const path = pathOnly(String(tap.path));
    if (String(tap.method).toUpperCase() === 'POST' && BAYEUX_PATH.test(path)) return this.bayeuxRequest(tap, path);
    const method = String(tap.method);
    const hasBody = tap.bodyOmittedBytes !== undefined || (typeof tap.body === 'string' && tap.body.trim() !== '');
    const body = hasBody ? readJson(tap.body, tap.bodyOmittedBytes) : {};
    let requestBody: Record<string, unknown> | undefined;
    if (isObject(body.value)) requestBody = body.value;
    else if (hasBody) {
      const why = body.problem ?? 'is not a JSON object';
      this.meta('proxy', tap.startedAt, `${method} ${redactText(path)}: the request body ${why}`, 'REST', undefined, `The request body ${why}: its operation is not known`);
    }
    const operationName = typeof requestBody?.operationName === 'string' ? requestBody.operationName : '';
    const operation: OperationRecord = {
      id: tap.id,
      phase: 'sent',
      operationName,
      method,
      url: redactText(redactUrl(String(tap.upstreamUrl))),
      callId: callIdFromUrl(path),
      requestBody,
      requestHeaders: redactHeaders(tap.headers, [...this.csrfHeaders]),
      startedAt: tap.startedAt,
    };
    const app = this.appForRest(String(tap.client));
    app.restRequest();
    // Reads and unnamed requests change nothing GWS would notify about.
    if (operationName) app.operationSent(tap.id, operation.callId, tap.startedAt);
    this.factsChanged = true;
    this.remember(tap.id, { tap, operation, app });
    this.operationEmitter.fire(operation);
  }

  private *response(tap: ProxyResponseTap, time: number): Generator<void, void, undefined> {
    const pending = this.pending.get(tap.id);
    if (!pending) {
      this.meta('error', time, `A response (HTTP ${String(tap.status ?? '-')}) to a request the proxy did not report (#${String(tap.id)})`);
      return;
    }
    this.pending.delete(tap.id);
    if (pending.operation) this.restResponse(pending, tap, time);
    else yield* this.bayeuxResponse(pending, tap, time);
  }

  private restResponse(pending: PendingRequest, tap: ProxyResponseTap, time: number): void {
    const sent = pending.operation!;
    const announced = headerValue(tap.headers, 'x-csrf-header');
    if (announced) this.csrfHeaders.add(announced);
    const body = readJson(tap.body, tap.bodyOmittedBytes);
    const parsed = isObject(body.value) ? body.value : undefined;
    let error = typeof tap.error === 'string' ? redactText(tap.error) : undefined;
    if (error === undefined && body.problem !== undefined && tap.bodyOmittedBytes === undefined && (tap.body ?? '').trim() !== '') {
      error = `The response ${body.problem}`;
    }
    const completed: OperationRecord = {
      ...sent,
      phase: 'completed',
      completedAt: time,
      httpStatus: typeof tap.status === 'number' ? tap.status : undefined,
      statusCode: typeof parsed?.statusCode === 'number' ? parsed.statusCode : undefined,
      statusMessage: typeof parsed?.statusMessage === 'string' ? redactText(parsed.statusMessage) : undefined,
      error,
      responseHeaders: tap.headers ? redactHeaders(tap.headers, [...this.csrfHeaders]) : undefined,
      responseBody: responseBodyOf(tap, body),
    };
    const failed =
      completed.error !== undefined ||
      completed.httpStatus === undefined ||
      completed.httpStatus >= 400 ||
      (completed.statusCode !== undefined && completed.statusCode !== 0);
    if (failed && pending.app) {
      pending.app.restError();
      pending.app.operationFailed(sent.id);
      this.factsChanged = true;
    }
    this.operationEmitter.fire(completed);
    if (!failed && parsed && sent.method.toUpperCase() === 'GET') this.stateRead(pathOnly(String(pending.tap.path)), parsed, time);
  }

  /**
   * The application read its calls (GET /api/v2/me/calls?fields=*): a snapshot, so that the
   * proxy source's store holds the calls the application knows, its next notification about
   * one is diffed against what it read (not shown as a new call), and calls that ended unseen
   * leave the store, as after the extension's own Refresh. A read of the devices is only
   * remembered: the snapshot carries the devices as the application last saw them, so a calls
   * read never resets what the model knows of the devices.
   */
  private stateRead(path: string, body: Record<string, unknown>, time: number): void {
    if (DEVICES_READ.test(path) && Array.isArray(body.devices)) {
      this.devices.clear();
      this.rememberDevices(body.devices);
    } else if (CALLS_READ.test(path) && Array.isArray(body.calls)) {
      const calls = body.calls.filter(isObject) as unknown as GwsCall[];
      this.snapshotEmitter.fire({ reason: 'refresh', time, calls, devices: [...this.devices.values()] });
    }
  }

  private rememberDevices(devices: readonly unknown[]): void {
    for (const device of devices) {
      if (!isObject(device) || typeof device.id !== 'string') continue;
      this.devices.delete(device.id);
      this.devices.set(device.id, device as unknown as GwsDevice);
      if (this.devices.size > MAX_DEVICES) this.devices.delete(this.devices.keys().next().value!);
    }
  }

  // ---- Bayeux over long-polling ----------------------------------------------------------------

  private bayeuxRequest(tap: ProxyRequestTap, path: string): void {
    const context: BayeuxContext = { client: String(tap.client), transport: 'long-polling', at: tap.startedAt };
    // A request is decoded in one go (an application's requests are small).
    const messages = finish(this.readBayeux(tap.body, tap.bodyOmittedBytes, `→ Bayeux POST ${path}`, tap.startedAt));
    const pending: PendingRequest = { tap, connects: [] };
    for (let i = 0; i < messages.length; i++) {
      const raw = messages.take(i);
      if (!raw) continue;
      const message = redactParsedJson(raw) as BayeuxMessage;
      if (typeof message.clientId === 'string') pending.clientId ??= message.clientId;
      const app = this.outgoing(message, context);
      if (app && message.channel === '/meta/connect') pending.connects!.push(app.id);
    }
    this.remember(tap.id, pending);
  }

  private *bayeuxResponse(pending: PendingRequest, tap: ProxyResponseTap, time: number): Generator<void, void, undefined> {
    const path = pathOnly(String(pending.tap.path));
    const connects = pending.connects ?? [];
    const status = typeof tap.status === 'number' ? tap.status : undefined;
    if (tap.error !== undefined || status === undefined || status < 200 || status >= 300) {
      const why = tap.error !== undefined ? redactText(String(tap.error)) : `HTTP ${String(status ?? '(none)')}`;
      this.meta('error', time, `← Bayeux POST ${path} failed: ${why}`, connects.length > 0 ? '/meta/connect' : undefined, { client: pending.tap.client });
      for (const id of connects) {
        const app = this.apps.get(id);
        if (!app) continue;
        app.connectLost(time);
        app.failedConnects++;
        this.factsChanged = true;
      }
      return;
    }
    const context: BayeuxContext = { client: String(pending.tap.client), transport: 'long-polling', at: time, clientId: pending.clientId };
    const answered: string[] = [];
    const messages = yield* this.readBayeux(tap.body, tap.bodyOmittedBytes, `← Bayeux response to POST ${path}`, time);
    for (let i = 0; i < messages.length; i++) {
      yield;
      const raw = messages.take(i);
      if (!raw) continue;
      const message = redactParsedJson(raw) as BayeuxMessage;
      const app = this.incoming(message, context);
      if (app && message.channel === '/meta/connect') answered.push(app.id);
    }
    // A connect the response did not answer (a crafted or cut body) is no round trip.
    for (const id of connects) {
      const index = answered.indexOf(id);
      if (index >= 0) answered.splice(index, 1);
      else this.apps.get(id)?.connectLost(time);
    }
  }

  // ---- Bayeux over websockets ------------------------------------------------------------------

  private *webSocketMessage(tap: WebSocketMessageTap, time: number): Generator<void, void, undefined> {
    let socket = this.sockets.get(tap.id);
    if (!socket) {
      // Opened before the decoder listened: still decoded, under an unknown client.
      socket = { client: 'unknown', path: '' };
      this.sockets.set(tap.id, socket);
    }
    const toServer = tap.direction === 'toServer';
    const context: BayeuxContext = { client: socket.client, transport: 'websocket', at: time, clientId: socket.clientId, socket };
    const messages = yield* this.readBayeux(tap.text, undefined, toServer ? '→ websocket message' : '← websocket message', time);
    for (let i = 0; i < messages.length; i++) {
      yield;
      const raw = messages.take(i);
      if (!raw) continue;
      const message = redactParsedJson(raw) as BayeuxMessage;
      if (toServer) this.outgoing(message, context);
      else this.incoming(message, context);
    }
  }

  private webSocketClose(id: number, time: number, code?: number, reason?: string, error?: string): void {
    const socket = this.sockets.get(id);
    this.sockets.delete(id);
    const parts = [`Websocket closed`];
    if (code !== undefined) parts.push(`code ${String(code)}`);
    if (reason) parts.push(redactText(String(reason)));
    if (error !== undefined) parts.push(redactText(String(error)));
    this.meta(error !== undefined ? 'error' : 'disconnect', time, parts.join(': '), undefined, { client: socket?.client });
    const app = socket?.clientId !== undefined ? this.apps.get(socket.clientId) : undefined;
    if (app && app.transport === 'websocket') {
      app.connectLost(time);
      app.ended = true;
      this.factsChanged = true;
    }
  }

  // ---- Bayeux messages -------------------------------------------------------------------------

  /** What the application sent; returns its application when the message names one. */
  private outgoing(message: BayeuxMessage, context: BayeuxContext): ApplicationTracker | undefined {
    const at = context.at;
    const channel = message.channel;
    if (typeof channel !== 'string' || channel === '') {
      this.meta('error', at, `→ Bayeux message without a channel: ${quote(message)}`, undefined, this.detail(context, message));
      return undefined;
    }
    const clientId = typeof message.clientId === 'string' ? message.clientId : undefined;
    const app = clientId !== undefined ? this.bayeuxApp(clientId, context) : undefined;
    const detail = this.detail(context, message, clientId);
    switch (channel) {
      case '/meta/handshake':
        this.meta('handshake', at, `→ /meta/handshake over ${context.transport}`, channel, detail);
        break;
      case '/meta/connect': {
        if (!app) {
          this.meta('error', at, '→ /meta/connect without a clientId', channel, detail);
          break;
        }
        app.transport = context.transport;
        const first = app.connectsSent === 0;
        const gap = app.connectSent(at);
        this.factsChanged = true;
        if (first) this.meta('connect', at, `→ /meta/connect (the first; the next ones are counted in the application's facts)`, channel, detail);
        else if (app.failedConnects > 0) this.meta('connect', at, `→ /meta/connect again after ${plural(app.failedConnects, 'failed connect')}`, channel, detail);
        if (gap !== undefined && gap > this.slowGapMs) this.slowGap(app, gap, at, detail);
        break;
      }
      case '/meta/subscribe':
      case '/meta/unsubscribe':
        this.meta('subscribe', at, `→ ${channel} ${subscriptionsOf(message).join(', ') || '(no subscription)'}`, channel, detail);
        break;
      case '/meta/disconnect':
        this.meta('disconnect', at, '→ /meta/disconnect', channel, detail);
        break;
      default:
        if (channel.startsWith('/meta/')) this.meta('error', at, `→ unknown meta channel ${redactText(channel)}`, channel, detail);
        else this.meta('publish', at, `→ publish on ${redactText(channel)}`, channel, detail);
    }
    return app;
  }

  /** What the server sent the application; returns its application when known. */
  private incoming(message: BayeuxMessage, context: BayeuxContext): ApplicationTracker | undefined {
    const at = context.at;
    const channel = message.channel;
    if (typeof channel !== 'string' || channel === '') {
      this.meta('error', at, `← Bayeux message without a channel: ${quote(message)}`, undefined, this.detail(context, message));
      return undefined;
    }
    const clientId = typeof message.clientId === 'string' ? message.clientId : context.clientId;
    const successful = message.successful === true;
    const error = typeof message.error === 'string' && message.error ? redactText(message.error) : 'refused';
    if (channel === '/meta/handshake') {
      if (!successful || clientId === undefined) {
        this.meta('error', at, `← handshake refused: ${successful ? 'no clientId' : error}`, channel, this.detail(context, message, clientId));
        return undefined;
      }
      const app = this.bayeuxApp(clientId, context);
      app.transport = context.transport;
      this.meta('handshake', at, `← handshake: clientId ${clientId} (${context.transport})`, channel, this.detail(context, message, clientId));
      return app;
    }
    const app = clientId !== undefined ? this.bayeuxApp(clientId, context) : undefined;
    if (!channel.startsWith('/meta/')) {
      // The hot path of a burst: a notification makes no meta row, so no detail either.
      if ('data' in message) this.deliver(message, app, at);
      else if (message.successful === false) this.meta('error', at, `← publish on ${redactText(channel)} refused: ${error}`, channel, this.detail(context, message, clientId));
      return app;
    }
    const detail = this.detail(context, message, clientId);
    switch (channel) {
      case '/meta/connect':
        if (app) this.connectReply(app, message, successful, error, at, detail);
        else this.meta(successful ? 'connect' : 'error', at, `← /meta/connect ${successful ? 'of an unknown client' : `failed: ${error}`}`, channel, detail);
        break;
      case '/meta/subscribe':
      case '/meta/unsubscribe': {
        const subscriptions = subscriptionsOf(message);
        const subscribe = channel === '/meta/subscribe';
        if (successful) {
          for (const sub of subscriptions) {
            if (subscribe) app?.subscribed(sub);
            else app?.unsubscribed(sub);
          }
          this.meta('subscribe', at, `← ${subscribe ? 'subscribed' : 'unsubscribed'} ${subscriptions.join(', ') || '(no subscription)'}`, channel, detail);
        } else {
          if (subscribe) for (const sub of subscriptions) app?.refusedSubscription(sub, error);
          this.meta('error', at, `← ${subscribe ? 'subscription' : 'unsubscription'} ${subscriptions.join(', ') || '(no subscription)'} refused: ${error}`, channel, detail);
        }
        this.factsChanged = true;
        break;
      }
      case '/meta/disconnect':
        if (app) app.ended = true;
        this.meta(successful ? 'disconnect' : 'error', at, successful ? '← disconnected' : `← /meta/disconnect failed: ${error}`, channel, detail);
        break;
      default:
        this.meta(successful ? 'connect' : 'error', at, `← ${redactText(channel)}${successful ? '' : ` failed: ${error}`}`, channel, detail);
    }
    return app;
  }

  /** Successful connects are only counted; a failure, a recovery or new advice makes a row. */
  private connectReply(app: ApplicationTracker, message: BayeuxMessage, successful: boolean, error: string, at: number, detail: unknown): void {
    const firstReply = app.lastAdvice === undefined && app.failedConnects === 0 && !app.connectedOnce;
    app.connectAnswered(at);
    this.factsChanged = true;
    const advice = isObject(message.advice) ? JSON.stringify(redactJson(message.advice)) : undefined;
    const adviceChanged = advice !== undefined && advice !== app.lastAdvice;
    if (advice !== undefined) app.lastAdvice = advice;
    const adviceText = adviceChanged ? ` (advice ${describeAdvice(message.advice as Record<string, unknown>)})` : '';
    if (!successful) {
      app.failedConnects++;
      this.meta('error', at, `← /meta/connect failed: ${error}${adviceText}`, '/meta/connect', detail);
      return;
    }
    if (app.failedConnects > 0) {
      this.meta('reconnected', at, `← connected again after ${plural(app.failedConnects, 'failed connect')}${adviceText}`, '/meta/connect', detail);
      app.failedConnects = 0;
    } else if (firstReply) {
      this.meta('connect', at, `← connected over ${app.transport ?? 'an unknown transport'}${adviceText}`, '/meta/connect', detail);
    } else if (adviceChanged) {
      this.meta('connect', at, `← /meta/connect with new advice: ${describeAdvice(message.advice as Record<string, unknown>)}`, '/meta/connect', detail);
    }
    app.connectedOnce = true;
  }

  private deliver(message: BayeuxMessage, app: ApplicationTracker | undefined, at: number): void {
    const data = message.data;
    let callId: string | undefined;
    if (isObject(data)) {
      if (isObject(data.call) && typeof data.call.id === 'string') callId = data.call.id;
      if (data.messageType === 'DeviceStateChangeMessage' && Array.isArray(data.devices)) this.rememberDevices(data.devices);
    }
    if (app) {
      app.notificationDelivered(callId, at);
      this.factsChanged = true;
    }
    this.notificationEmitter.fire({ message, receivedAt: at });
  }

  private slowGap(app: ApplicationTracker, gapMs: number, at: number, detail: Record<string, unknown>): void {
    app.slowGap();
    const seconds = formatMs(gapMs);
    this.meta(
      'pollGap',
      at,
      `No /meta/connect outstanding for ${seconds} (over ${formatMs(this.slowGapMs)})`,
      '/meta/connect',
      { ...detail, gapMs, startedAt: at - gapMs, endedAt: at },
      `For ${seconds} the application had no /meta/connect outstanding: notifications could only wait in the server meanwhile`,
    );
  }

  // ---- applications --------------------------------------------------------------------------

  /** The Bayeux application `clientId`, made on first sight; the connection is remembered as its. */
  private bayeuxApp(clientId: string, context: BayeuxContext): ApplicationTracker {
    if (context.socket) context.socket.clientId = clientId;
    this.bind(context.client, clientId);
    let app = this.apps.get(clientId);
    if (app) {
      app.ended = false;
      return app;
    }
    app = new ApplicationTracker(clientId, context.client, this.notificationWindowMs, true);
    app.transport = context.transport;
    // Its sign-in came before its handshake: the REST-only entry of its host was this application,
    // unless another live application of that host may have sent it.
    const host = hostOf(context.client);
    const restOnly = this.apps.get(host);
    if (restOnly && !restOnly.bayeux && !this.liveBayeuxApps(host).length) {
      app.absorb(restOnly);
      this.apps.delete(host);
    }
    this.addApp(app);
    return app;
  }

  /**
   * REST requests carry no clientId: a connection that carried the application's Bayeux
   * messages is its own; otherwise the one live Bayeux application of the same host; otherwise
   * the REST-only entry of that host (several applications on one host cannot be told apart).
   */
  private appForRest(client: string): ApplicationTracker {
    const bound = this.connections.get(client);
    const boundApp = bound !== undefined ? this.apps.get(bound) : undefined;
    if (boundApp) return boundApp;
    const host = hostOf(client);
    const live = this.liveBayeuxApps(host);
    if (live.length === 1) return live[0];
    let app = this.apps.get(host);
    if (!app) {
      app = new ApplicationTracker(host, host, this.notificationWindowMs, false);
      this.addApp(app);
    }
    return app;
  }

  private addApp(app: ApplicationTracker): void {
    this.apps.set(app.id, app);
    if (this.apps.size > MAX_APPLICATIONS) this.apps.delete(this.apps.keys().next().value!);
    this.factsChanged = true;
  }

  private liveBayeuxApps(host: string): ApplicationTracker[] {
    return [...this.apps.values()].filter((app) => app.bayeux && !app.ended && hostOf(app.client) === host);
  }

  private bind(client: string, clientId: string): void {
    if (this.connections.get(client) === clientId) return;
    this.connections.delete(client);
    this.connections.set(client, clientId);
    if (this.connections.size > MAX_CONNECTIONS) this.connections.delete(this.connections.keys().next().value!);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private remember(id: number, request: PendingRequest): void {
    this.pending.set(id, request);
    if (this.pending.size > MAX_PENDING_REQUESTS) this.pending.delete(this.pending.keys().next().value!);
  }

  /**
   * The messages of a Bayeux body, NOT redacted yet (each goes through redactParsedJson when it
   * is decoded, so a large answer is redacted in steps); a row for what cannot be read. A large
   * array is split into its items' texts in steps (jsonArraySteps.ts) and each item is parsed
   * when it is taken: parsed just before the model keeps what it needs of it, what it does not
   * keep dies young (all items parsed at once were held long enough to reach the old
   * generation, which V8 then marks on another core while the application's traffic flows).
   */
  private *readBayeux(text: string | undefined, omittedBytes: number | undefined, what: string, at: number): Generator<void, BayeuxItems, undefined> {
    const texts = typeof text === 'string' && text.length >= STEPPED_PARSE_CHARS ? yield* splitJsonArray(text) : undefined;
    if (texts) {
      return {
        length: texts.length,
        take: (index) => {
          const itemText = texts[index];
          texts[index] = '';
          let item: unknown;
          try {
            item = JSON.parse(itemText);
          } catch {
            this.meta('error', at, `${what}: an item that is not JSON: ${quoteText(itemText)}`);
            return undefined;
          }
          return this.bayeuxItem(item, what, at);
        },
      };
    }
    const body = readJson(text, omittedBytes, false);
    if (body.problem !== undefined) {
      const omitted = omittedBytes !== undefined;
      this.meta('error', at, `${what}: the body ${body.problem}${omitted ? ': its messages are not analysed' : ''}`);
      return { length: 0, take: () => undefined };
    }
    const list = Array.isArray(body.value) ? body.value : [body.value];
    const messages: unknown[] = [];
    for (const item of list) if (this.bayeuxItem(item, what, at)) messages.push(item);
    return {
      length: messages.length,
      take: (index) => {
        const message = messages[index] as BayeuxMessage;
        // Let go of each message once taken: the rest of a large answer may wait a while.
        messages[index] = undefined;
        return message;
      },
    };
  }

  /** `item` as a Bayeux message, or undefined with a row that says why it is none. */
  private bayeuxItem(item: unknown, what: string, at: number): BayeuxMessage | undefined {
    if (isObject(item)) return item as BayeuxMessage;
    this.meta('error', at, `${what}: an item that is not a Bayeux message: ${quote(item)}`);
    return undefined;
  }

  private detail(context: BayeuxContext, message: BayeuxMessage, clientId?: string): Record<string, unknown> {
    return { application: clientId, client: context.client, transport: context.transport, message };
  }

  private meta(type: MetaType, time: number, text: string, channel?: string, detail?: unknown, warning?: string): void {
    const record: MetaRecord = { type, time, text };
    if (channel !== undefined) record.channel = channel;
    if (detail !== undefined) record.detail = detail;
    if (warning !== undefined) record.warning = warning;
    this.metaEmitter.fire(record);
  }
}

// ---- reading bodies ------------------------------------------------------------------------------

interface ReadBody {
  /** The parsed JSON, redacted unless the caller redacts it itself (readBayeux). */
  value?: unknown;
  /** Why there is none: "is not JSON (…)", "was not recorded (… bytes)", "is empty". */
  problem?: string;
}

/** The messages of a Bayeux body, each parsed (when need be) as it is taken, once. */
interface BayeuxItems {
  readonly length: number;
  take(index: number): BayeuxMessage | undefined;
}

/** Runs `steps` to their end and returns their result. */
function finish<T>(steps: Generator<void, T, undefined>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Bodies from this long on are parsed in steps when they are a JSON array (readBayeux). */
const STEPPED_PARSE_CHARS = 64 * 1024;

function readJson(text: string | undefined, omittedBytes: number | undefined, redact = true): ReadBody {
  if (omittedBytes !== undefined) return { problem: `was not recorded (${omittedBytes} bytes)` };
  if (typeof text !== 'string' || text.trim() === '') return { problem: 'is empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { problem: `is not JSON: ${quoteText(text)}` };
  }
  return { value: redact ? redactParsedJson(parsed) : parsed };
}

function responseBodyOf(tap: ProxyResponseTap, body: ReadBody): unknown {
  if (typeof tap.body === 'string' && tap.body.length > MAX_KEPT_RESPONSE_CHARS) return `(${tap.body.length} characters, too large to keep in the stream)`;
  if (body.value !== undefined) return body.value;
  if (tap.bodyOmittedBytes !== undefined) return `(${tap.bodyOmittedBytes} bytes, not recorded)`;
  return typeof tap.body === 'string' && tap.body !== '' ? redactText(tap.body) : undefined;
}

function subscriptionsOf(message: BayeuxMessage): string[] {
  const sub = message.subscription;
  const list = Array.isArray(sub) ? sub : [sub];
  return list.filter((s): s is string => typeof s === 'string').map(redactText);
}

function describeAdvice(advice: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(advice)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}=${redactText(String(value))}`);
  }
  return parts.join(', ') || 'none';
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!isObject(headers)) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name && typeof value === 'string' && value) return value;
  return undefined;
}

function timeOf(tap: ProxyTap, now: () => number): number {
  const value = !isObject(tap)
    ? undefined
    : tap.kind === 'request'
      ? tap.startedAt
      : tap.kind === 'response'
        ? tap.completedAt
        : (tap as { at?: unknown }).at;
  return typeof value === 'number' && Number.isFinite(value) ? value : now();
}

/** "/api/v2/me/calls?fields=*" → "/api/v2/me/calls". */
function pathOnly(path: string): string {
  return path.replace(/[?#].*$/, '');
}

/** "127.0.0.1:53122" → "127.0.0.1"; "[::1]:4000" → "[::1]". */
function hostOf(client: string): string {
  const match = /^(\[[^\]]*\]|[^:]*):\d+$/.exec(client);
  return match ? match[1] : client;
}

/** The start of a text that is not JSON, redacted, for an error row. */
function quoteText(text: string): string {
  return `${redactText(text.slice(0, QUOTE_CHARS))}${text.length > QUOTE_CHARS ? '…' : ''}`;
}

function quote(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(redactJson(value)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
