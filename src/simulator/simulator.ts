// Wires the parts of one simulator together and implements SimulatorControl. What lives
// here survives a restart fault (users, calls, request log, faults); the HttpFrontEnd
// (listening server, sessions, Bayeux clients) does not.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { deviceStateMessage, planVoiceLogin, resolvePlace, type ChannelPlan, type Desk } from './agentDesk';
import { ApiGateway, type FailNextFault } from './apiGateway';
import { publishBenchmark } from './benchPublisher';
import { CALLS_CHANNEL, CallModel, DEVICES_CHANNEL, type CallIdChangeMode } from './callModel';
import { applyChecksPatch, checkChecksPatch, type ServerChecks, type ServerChecksPatch } from './config';
import {
  checkFailNext,
  checkUserChannel,
  handleControlRequest,
  type CallIdChange,
  type ConfigState,
  type FailNextRequest,
  type InboundCallRequest,
  type PlaceState,
  type PublishRequestBody,
  type RawPublishRequest,
  type SimState,
  type SimulatorControl,
  type UserConfigRequest,
  type UserState,
} from './controlApi';
import { errors } from './errors';
import { HttpFrontEnd, type TlsOptions } from './httpFrontEnd';
import { parseRequestUrl, sendJson } from './httpIo';
import { IdFactory } from './ids';
import { MEDIA_KINDS, mediaMessage, type MediaRequest } from './media';
import { devicePath, PlaceBook, type SimPlace } from './places';
import { mapIds, schedule, checkReplay, type ReplayRequest, type ReplayResult } from './replay';
import { RequestLog } from './requestLog';
import type { SessionClock } from './sessions';
import { channelStateMessage, createDefaultUsers, restoreAccount, voiceLoggedOut, type SimUser } from './users';

export const CHANNELS_CHANNEL = '/v2/me/channels';

export interface SimulatorSettings {
  host: string;
  tls: TlsOptions | undefined;
  csrf: boolean;
  /** The checks at start; POST /sim/config changes a copy, /sim/reset goes back to these. */
  checks: ServerChecks;
  sessionIdleTimeoutMs: number;
  sessionClock?: SessionClock;
  answerDelayMs: number;
  log: (line: string) => void;
}

const RESTART_LISTEN_ATTEMPTS = 50;

export class Simulator implements SimulatorControl {
  readonly users: SimUser[];
  readonly places: PlaceBook;
  readonly model: CallModel;
  private readonly ids = new IdFactory();
  /** The live checks the gateway and the Bayeux hub read. */
  private readonly checks: ServerChecks;
  private readonly desk: Desk;
  private readonly requestLog = new RequestLog();
  private readonly gateway: ApiGateway;
  private frontEnd: HttpFrontEnd;
  private port = 0;
  private fault: FailNextFault | undefined;
  /** Notifications wait here until the current HTTP answer has been written. */
  private pending: Array<{ user: SimUser; channel: string; data: unknown }> = [];
  private flushScheduled = false;
  /** Replays under way (POST /sim/replay): cancelled by reset and stop. */
  private readonly replays = new Set<{ cancel(): void }>();
  /** The drop-notifications fault: notificationTypes / messageTypes never published. */
  private dropped = new Set<string>();

  constructor(private readonly settings: SimulatorSettings) {
    this.users = createDefaultUsers(this.ids);
    this.places = new PlaceBook(this.ids);
    this.checks = copyChecks(settings.checks);
    this.desk = {
      users: this.users,
      places: this.places,
      notify: {
        device: (user) => this.enqueue(user, DEVICES_CHANNEL, deviceStateMessage(this.url, user)),
        channels: (user) => this.enqueue(user, CHANNELS_CHANNEL, channelStateMessage(user)),
      },
    };
    this.model = new CallModel({
      ids: this.ids,
      users: this.users,
      sink: { publish: (user, channel, data) => this.enqueue(user, channel, data) },
      baseUrl: () => this.url,
      answerDelayMs: settings.answerDelayMs,
      deviceChanged: (user) => this.desk.notify.device(user),
    });
    this.gateway = new ApiGateway({
      csrf: settings.csrf,
      checks: this.checks,
      scheme: this.scheme,
      users: this.users,
      model: this.model,
      desk: this.desk,
      requestLog: this.requestLog,
      baseUrl: () => this.url,
      log: settings.log,
      failNext: () => this.takeFault(),
    });
    this.frontEnd = this.newFrontEnd();
  }

  get scheme(): 'http' | 'https' {
    return this.settings.tls ? 'https' : 'http';
  }

  get url(): string {
    const host = this.settings.host.includes(':') ? `[${this.settings.host}]` : this.settings.host;
    return `${this.scheme}://${host}:${this.port}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  async start(port: number): Promise<void> {
    this.port = await this.frontEnd.listen(port, this.settings.host);
  }

  async stop(): Promise<void> {
    this.cancelReplays();
    this.model.stop();
    await this.frontEnd.close();
  }

  // ---- SimulatorControl ----------------------------------------------------------------

  state(): SimState {
    return {
      users: this.users.map((u) => this.userState(u)),
      places: this.places.all().map((p) => this.placeState(p)),
      calls: this.model.allCalls(),
      sessions: this.frontEnd.sessions.count(),
      cometdClients: this.frontEnd.hub.clientCount(),
      config: this.config(),
    };
  }

  config(): ConfigState {
    return { csrf: this.settings.csrf, ...copyChecks(this.checks) };
  }

  configure(patch: ServerChecksPatch): ConfigState {
    applyChecksPatch(this.checks, checkChecksPatch(patch));
    this.settings.log(`config: ${JSON.stringify(this.checks)}`);
    return this.config();
  }

  /** A refused request changes nothing. */
  configureUser(userName: string, request: UserConfigRequest): UserState {
    const user = this.userByNameOrNumber(userName);
    const defaultPlace = request.defaultPlace === undefined ? user.defaultPlace : (request.defaultPlace ?? undefined);
    if (defaultPlace !== undefined && !this.places.get(defaultPlace)) throw errors.notFound(`Place '${defaultPlace}'`);
    const before = { defaultPlace: user.defaultPlace, channels: user.channels };
    user.defaultPlace = defaultPlace;
    user.channels = [...new Set(request.channels ?? user.channels)];
    let login: ChannelPlan | undefined;
    try {
      // As another application of this agent would: StartContactCenterSession at the default place.
      if (request.loggedIn === true) login = planVoiceLogin(user, resolvePlace(user, undefined, this.places), {}, this.desk);
      if (login?.failure) throw login.failure;
    } catch (error) {
      Object.assign(user, before);
      throw error;
    }
    for (const channel of [...user.media.keys()]) if (!user.channels.includes(channel)) user.media.delete(channel);
    const wasLoggedIn = user.device.loggedIn;
    login?.apply?.();
    if (request.loggedIn === false) Object.assign(user.device, voiceLoggedOut());
    if (wasLoggedIn !== user.device.loggedIn) this.desk.notify.device(user);
    this.desk.notify.channels(user);
    return this.userState(user);
  }

  configurePlace(name: string, acdPositions: string[]): PlaceState {
    const current = this.places.get(name);
    const stranded = current && this.users.find((u) => u.device.loggedIn && u.device.place === name && !acdPositions.includes(u.device.acdPosition ?? ''));
    if (stranded) throw errors.inUse(`${stranded.userName} is logged in at place ${name}, ACD position ${stranded.device.acdPosition}: log the agent out first`);
    return this.placeState(this.places.set(name, acdPositions));
  }

  publishMedia(request: MediaRequest): { id: string; channel: string; data: Record<string, unknown> } {
    const user = this.userByNameOrNumber(request.user);
    if (!(MEDIA_KINDS as readonly string[]).includes(request.kind)) throw errors.invalidParameter(`'kind' must be one of ${MEDIA_KINDS.join(', ')}`);
    const message = mediaMessage(this.url, this.ids, request);
    this.enqueue(user, message.channel, message.data);
    return message;
  }

  publishRaw(request: RawPublishRequest): void {
    const user = this.userByNameOrNumber(request.user);
    checkUserChannel(request.channel);
    this.enqueue(user, request.channel, request.data);
  }

  replay(request: ReplayRequest): ReplayResult {
    const checked = checkReplay(request, checkUserChannel);
    const user = this.userByNameOrNumber(checked.user);
    const mapped = mapIds(checked.notifications, this.ids);
    let sent = 0;
    // The first notifications may go out synchronously (offset 0), before `schedule` returns.
    const replay = { cancel: () => undefined as void };
    const scheduled = schedule(mapped.notifications, checked.speed ?? 1, ({ channel, data }) => {
      this.enqueue(user, channel, data);
      if (++sent === mapped.notifications.length) this.replays.delete(replay);
    });
    replay.cancel = () => scheduled.cancel();
    if (sent < mapped.notifications.length) this.replays.add(replay);
    this.settings.log(`replaying ${mapped.notifications.length} notifications to ${user.userName}`);
    return { count: mapped.notifications.length, ids: mapped.ids };
  }

  changeCallId(callId: string, mode?: CallIdChangeMode): CallIdChange {
    return this.model.changeCallId(callId, mode);
  }

  createInboundCall(request: InboundCallRequest): string {
    const user = this.userByNameOrNumber(request.to);
    return this.model.createInboundCall(user, request.from ?? '5551234', request.userData, request.state ?? 'Ringing');
  }

  remoteHangup(callId: string): void {
    this.model.remoteHangup(callId);
  }

  changeUserData(callId: string, userData: Record<string, unknown>, mode: 'update' | 'attach' = 'update'): void {
    this.model.changeUserData(callId, userData, mode);
  }

  async publish(request: PublishRequestBody): Promise<{ sent: number; elapsedMs: number }> {
    const user = this.userByNameOrNumber(request.user ?? this.users[0].userName);
    this.flush(); // earlier call notifications first
    const result = await publishBenchmark(this.url, user, request, (data) => this.frontEnd.hub.publish(user, CALLS_CHANNEL, data));
    this.settings.log(`published ${result.sent} benchmark notifications to ${user.userName} in ${result.elapsedMs} ms`);
    return result;
  }

  requests(since = 0): ReturnType<RequestLog['since']> {
    return this.requestLog.since(since);
  }

  dropConnections(): void {
    this.flush();
    this.frontEnd.hub.dropAll();
    this.settings.log('fault: dropped every CometD client');
  }

  restart(): Promise<void> {
    return this.restartKeeping(undefined);
  }

  /** Restart, keeping `socket` open so a /sim/faults/restart request can still be answered. */
  async restartKeeping(socket: Duplex | undefined): Promise<void> {
    this.flush();
    const old = this.frontEnd;
    await old.close(socket);
    this.frontEnd = this.newFrontEnd();
    // The old listening socket closes asynchronously: retry until the port is free.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.frontEnd.listen(this.port, this.settings.host);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= RESTART_LISTEN_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    this.settings.log('fault: server restarted (sessions and CometD clients lost, calls kept)');
  }

  expireSessions(): void {
    this.flush();
    this.frontEnd.sessions.invalidateAll();
    this.settings.log('fault: every HTTP session expired');
  }

  /** Throws a 400 SimError for a request it cannot honour (see checkFailNext). */
  failNext(request: FailNextRequest): void {
    const checked = checkFailNext(request);
    const unavailable = errors.voiceUnavailable();
    this.fault = {
      remaining: checked.count,
      httpStatus: checked.httpStatus ?? unavailable.httpStatus,
      statusCode: checked.statusCode ?? unavailable.statusCode,
      statusMessage: checked.statusMessage ?? unavailable.statusMessage,
    };
  }

  publishMalformed(request: { user?: string; kind?: 'no-call' | 'string' } = {}): void {
    const user = this.userByNameOrNumber(request.user ?? this.users[0].userName);
    const data =
      request.kind === 'string'
        ? 'this notification is not a call message'
        : { notificationType: 'StatusChange', phoneNumber: user.phoneNumber, messageType: 'CallStateChangeMessage' };
    this.flush();
    this.frontEnd.hub.publish(user, CALLS_CHANNEL, data);
  }

  dropNotifications(types: string[]): string[] {
    this.flush(); // what was caused before the fault still goes out
    this.dropped = new Set(types);
    this.settings.log(types.length > 0 ? `fault: dropping ${types.join(', ')} notifications` : 'fault: no longer dropping notifications');
    return [...this.dropped];
  }

  reset(): void {
    this.cancelReplays();
    this.dropped = new Set();
    this.model.reset();
    for (const user of this.users) {
      const wasLoggedIn = user.device.loggedIn || user.device.doNotDisturb || user.device.forwardTo !== undefined || user.device.monitoring !== undefined || user.media.size > 0;
      restoreAccount(user);
      if (wasLoggedIn) {
        this.desk.notify.device(user);
        this.desk.notify.channels(user);
      }
    }
    this.places.restoreDefaults();
    applyChecksPatch(this.checks, { ...this.settings.checks, allowedOrigins: this.settings.checks.allowedOrigins ?? null });
    this.fault = undefined;
    this.requestLog.clear();
  }

  // ---- internals -----------------------------------------------------------------------

  private newFrontEnd(): HttpFrontEnd {
    return new HttpFrontEnd({
      ids: this.ids,
      tls: this.settings.tls,
      sessionIdleTimeoutMs: this.settings.sessionIdleTimeoutMs,
      sessionClock: this.settings.sessionClock,
      log: this.settings.log,
      refuseWildcardSubscriptions: () => this.checks.refuseWildcardSubscriptions,
      handler: {
        onRequest: (request, response, frontEnd) => this.onRequest(request, response, frontEnd),
        onUpgrade: (request, socket, head, frontEnd) => this.gateway.handleUpgrade(request, socket, head, frontEnd),
      },
    });
  }

  private onRequest(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd): void {
    const url = parseRequestUrl(request.url);
    if (!url) {
      request.resume();
      sendJson(response, 400, errors.malformedUrl().body());
      return;
    }
    const path = url.pathname;
    if (path === '/api/v2' || path.startsWith('/api/v2/')) return this.gateway.handle(request, response, frontEnd, url);
    if (path === '/sim' || path.startsWith('/sim/')) {
      void handleControlRequest(this, request, response, url, { scheme: this.scheme, port: this.port }).finally(() => this.settings.log(`${request.method} ${path} -> ${response.statusCode}`));
      return;
    }
    request.resume();
    sendJson(response, 404, errors.notFound(`Resource ${path}`).body());
  }

  private userState(user: SimUser): UserState {
    const { device } = user;
    const voice: UserState['voice'] = { agentState: device.agentState };
    if (device.workMode) voice.workMode = device.workMode;
    if (device.reason !== undefined) voice.reason = device.reason;
    if (device.loggedIn) Object.assign(voice, { place: device.place, acdPosition: device.acdPosition, loginCode: device.loginCode, queue: device.queue });
    for (const key of Object.keys(voice) as Array<keyof typeof voice>) if (voice[key] === undefined) delete voice[key];
    return {
      userName: user.userName,
      phoneNumber: user.phoneNumber,
      deviceId: user.deviceId,
      loggedIn: device.loggedIn,
      defaultPlace: user.defaultPlace ?? null,
      channels: [...user.channels],
      voice,
      supervisor: user.supervisor,
      doNotDisturb: device.doNotDisturb,
      forwardTo: device.forwardTo ?? null,
      monitoring: device.monitoring ? { state: device.monitoring.state, scope: device.monitoring.scope, mode: device.monitoring.mode, target: device.monitoring.target.userName } : null,
      media: Object.fromEntries(user.channels.filter((c) => c !== 'voice').map((c) => [c, user.media.get(c) ?? 'LoggedOut'])),
      sessions: this.frontEnd.sessions.countOf(user),
      cometdClients: this.frontEnd.hub.clientCountOf(user),
    };
  }

  private placeState(place: SimPlace): PlaceState {
    return {
      name: place.name,
      acdPositions: place.acdPositions.map((position) => ({
        number: position.number,
        devicePath: devicePath(position),
        loggedInUser: this.users.find((u) => u.device.loggedIn && u.device.place === place.name && u.device.acdPosition === position.number)?.userName ?? null,
      })),
    };
  }

  private takeFault(): FailNextFault | undefined {
    const fault = this.fault;
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.fault = undefined;
    return fault;
  }

  private userByNameOrNumber(key: string): SimUser {
    const user = this.users.find((u) => u.userName === key || u.phoneNumber === key);
    if (!user) throw errors.notFound(`User ${key}`);
    return user;
  }

  private cancelReplays(): void {
    for (const replay of this.replays) replay.cancel();
    this.replays.clear();
  }

  private enqueue(user: SimUser, channel: string, data: unknown): void {
    if (this.dropped.size > 0 && isDropped(this.dropped, data)) return;
    this.pending.push({ user, channel, data });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate runs after the current handler has written its HTTP answer.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const { user, channel, data } of batch) this.frontEnd.hub.publish(user, channel, data);
  }
}

function isDropped(dropped: ReadonlySet<string>, data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const { notificationType, messageType } = data as { notificationType?: unknown; messageType?: unknown };
  return (typeof notificationType === 'string' && dropped.has(notificationType)) || (typeof messageType === 'string' && dropped.has(messageType));
}

function copyChecks(checks: ServerChecks): ServerChecks {
  return { ...checks, allowedOrigins: checks.allowedOrigins ? [...checks.allowedOrigins] : undefined };
}
