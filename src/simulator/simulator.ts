// Wires the parts of one simulator together and implements SimulatorControl. What lives
// here survives a restart fault (users, calls, request log, faults); the HttpFrontEnd
// (listening server, sessions, Bayeux clients) does not.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { deviceStateMessage } from './agentDesk';
import { ApiGateway, sendJson, type FailNextFault } from './apiGateway';
import { publishBenchmark } from './benchPublisher';
import { CALLS_CHANNEL, CallModel, DEVICES_CHANNEL } from './callModel';
import {
  handleControlRequest,
  type FailNextRequest,
  type InboundCallRequest,
  type PublishRequestBody,
  type SimState,
  type SimulatorControl,
} from './controlApi';
import { errors } from './errors';
import { HttpFrontEnd } from './httpFrontEnd';
import { IdFactory } from './ids';
import { RequestLog } from './requestLog';
import type { SessionClock } from './sessions';
import { createDefaultUsers, loggedOutDevice, type SimUser } from './users';

export interface SimulatorSettings {
  host: string;
  csrf: boolean;
  checkOrigin: boolean;
  sessionIdleTimeoutMs: number;
  sessionClock?: SessionClock;
  answerDelayMs: number;
  log: (line: string) => void;
}

const RESTART_LISTEN_ATTEMPTS = 50;

export class Simulator implements SimulatorControl {
  readonly users: SimUser[];
  readonly model: CallModel;
  private readonly ids = new IdFactory();
  private readonly requestLog = new RequestLog();
  private readonly gateway: ApiGateway;
  private frontEnd: HttpFrontEnd;
  private port = 0;
  private fault: FailNextFault | undefined;
  /** Notifications wait here until the current HTTP answer has been written. */
  private pending: Array<{ user: SimUser; channel: string; data: Record<string, unknown> }> = [];
  private flushScheduled = false;

  constructor(private readonly settings: SimulatorSettings) {
    this.users = createDefaultUsers(this.ids);
    this.model = new CallModel({
      ids: this.ids,
      users: this.users,
      sink: { publish: (user, channel, data) => this.enqueue(user, channel, data) },
      baseUrl: () => this.url,
      answerDelayMs: settings.answerDelayMs,
    });
    this.gateway = new ApiGateway({
      csrf: settings.csrf,
      checkOrigin: settings.checkOrigin,
      users: this.users,
      model: this.model,
      requestLog: this.requestLog,
      baseUrl: () => this.url,
      log: settings.log,
      notifyDevice: (user) => this.enqueue(user, DEVICES_CHANNEL, deviceStateMessage(this.url, user)),
      failNext: () => this.takeFault(),
    });
    this.frontEnd = this.newFrontEnd();
  }

  get url(): string {
    const host = this.settings.host.includes(':') ? `[${this.settings.host}]` : this.settings.host;
    return `http://${host}:${this.port}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  async start(port: number): Promise<void> {
    this.port = await this.frontEnd.listen(port, this.settings.host);
  }

  async stop(): Promise<void> {
    this.model.stop();
    await this.frontEnd.close();
  }

  // ---- SimulatorControl ----------------------------------------------------------------

  state(): SimState {
    return {
      users: this.users.map((u) => ({ userName: u.userName, phoneNumber: u.phoneNumber, deviceId: u.deviceId, loggedIn: u.device.loggedIn })),
      calls: this.model.allCalls(),
      sessions: this.frontEnd.sessions.count(),
      cometdClients: this.frontEnd.hub.clientCount(),
    };
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

  failNext(request: FailNextRequest): void {
    const unavailable = errors.voiceUnavailable();
    this.fault =
      request.count > 0
        ? {
            remaining: request.count,
            httpStatus: request.httpStatus ?? unavailable.httpStatus,
            statusCode: request.statusCode ?? unavailable.statusCode,
            statusMessage: request.statusMessage ?? unavailable.statusMessage,
          }
        : undefined;
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

  reset(): void {
    this.model.reset();
    for (const user of this.users) {
      const wasLoggedIn = user.device.loggedIn || user.device.doNotDisturb || user.device.forwardTo !== undefined;
      user.device = loggedOutDevice();
      if (wasLoggedIn) this.enqueue(user, DEVICES_CHANNEL, deviceStateMessage(this.url, user));
    }
    this.fault = undefined;
    this.requestLog.clear();
  }

  // ---- internals -----------------------------------------------------------------------

  private newFrontEnd(): HttpFrontEnd {
    return new HttpFrontEnd({
      ids: this.ids,
      sessionIdleTimeoutMs: this.settings.sessionIdleTimeoutMs,
      sessionClock: this.settings.sessionClock,
      log: this.settings.log,
      handler: {
        onRequest: (request, response, frontEnd) => this.onRequest(request, response, frontEnd),
        onUpgrade: (request, socket, head, frontEnd) => this.gateway.handleUpgrade(request, socket, head, frontEnd),
      },
    });
  }

  private onRequest(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd): void {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/api/v2' || path.startsWith('/api/v2/')) return this.gateway.handle(request, response, frontEnd);
    if (path === '/sim' || path.startsWith('/sim/')) {
      void handleControlRequest(this, request, response).finally(() => this.settings.log(`${request.method} ${request.url} -> ${response.statusCode}`));
      return;
    }
    request.resume();
    sendJson(response, 404, errors.notFound(`Resource ${path}`).body());
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

  private enqueue(user: SimUser, channel: string, data: Record<string, unknown>): void {
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
