// One signed-in GWS session: REST client + CometD client + the documented sequence
// (docs/gws-notes.md#sign-in-sequence) + recovery. What it promises the rest of the extension:
// - signIn(): GET /me (Basic) → [GET devices, to decide: auto mode or a resumed login] →
//   CometD handshake + subscribe → StartContactCenterSession only when the session mode says so
//   (docs/gws-notes.md#session-modes) → GET devices + calls → SnapshotRecord 'signIn'. A refused
//   or partly refused StartContactCenterSession does not fail the sign-in: the session observes.
// - signOut(): CometD disconnect; EndContactCenterSession only when asked to AND the agent's
//   login is this session's own. dispose() never sends it.
// - After every re-handshake: GET calls + devices again → SnapshotRecord 'resync', so calls
//   that ended while we were not listening disappear from the store. 'connected' only once
//   the read after the latest handshake worked; a read that fails is retried with a bounded
//   backoff (state 'reconnecting' meanwhile) until it works or the session ends.
// - Expired session (REST 401/403, CometD refused with 401/403): sign in again ONCE with the
//   stored password, then StartContactCenterSession (only when the login is ours) and a resync;
//   if signing in fails, or the first read after it finds the session expired again, state
//   'failed' and an error that asks the user to sign in again.
// - The stream marks each gap in notifications: a 'gapStart' meta record when the CometD link
//   goes down while signed in, a 'gapEnd' one with its length when notifications flow again
//   (or the session is signed out or fails first).
import { Emitter, type Event } from '../base/emitter';
import { GwsError } from './errors';
import { silentLog, type GwsLog } from '../base/log';
import { GwsNotificationClient, DEFAULT_MAX_BACKOFF_MS, type LinkDown, type NotificationTransport } from './notificationClient';
import { GwsRestClient, DEFAULT_REQUEST_TIMEOUT_MS, PARTIAL_SUCCESS, type ContactCenterLogin } from './restClient';
import type {
  AgentLoginOutcome,
  ChannelLoginResult,
  ConnectionState,
  GapEndDetail,
  GapStartDetail,
  MetaRecord,
  MetaType,
  NotificationReceived,
  OperationRecord,
  SessionMode,
  SignedInInfo,
  SnapshotRecord,
} from '../wire/sessionEvents';
import type { GwsDevice, GwsResponseBody, GwsUser } from '../wire/types';

export type { SessionMode } from '../wire/sessionEvents';

/** How the session treats the agent's contact-center login (docs/gws-notes.md#session-modes). */
export interface AgentLoginOptions {
  mode: SessionMode;
  /** StartContactCenterSession's parameters; `channels` defaults to ["voice"]. */
  login?: Partial<ContactCenterLogin>;
  /**
   * This window logged the agent in before (then came a reload or a restart). When the agent
   * is still logged in, the login is taken back as the session's own without a second
   * StartContactCenterSession; when not, `mode` decides.
   */
  resumeOwnLogin?: boolean;
  /** auto, agent logged out: 'agent' logs in, 'observe' only watches. Without it, auto observes. */
  askWhenLoggedOut?: () => Promise<'agent' | 'observe'>;
}

/** Wait before the first retry of a failed resync; doubled per failure up to the cap. */
const RESYNC_FIRST_RETRY_MS = 1_000;
const RESYNC_MAX_RETRY_MS = 30_000;

export interface GwsSessionOptions {
  baseUrl: string;
  userName: string;
  password: string;
  transport?: NotificationTransport;
  /** false only when the user opted out of certificate checks for this server. */
  rejectUnauthorized?: boolean;
  /** PEM text of the profile's caFile (tlsTrust.ts readCaFile), trusted by REST and CometD. */
  ca?: string;
  /** With `ca`: trust the operating system's certificates too (VS Code's http.systemCertificates). */
  systemCertificates?: boolean;
  requestTimeoutMs?: number;
  /** Cap of CometD's retry backoff (default 5 s). */
  maxBackoffMs?: number;
  /** `Origin` on REST and CometD requests; default the server's own origin (docs/gws-notes.md#origin). */
  origin?: string;
  /** Default: observe, which never logs the agent in or out. */
  agentLogin?: AgentLoginOptions;
  /** CometD channels to subscribe (default: every channel of the user, `/v2/me/*`). */
  channels?: readonly string[];
  log?: GwsLog;
}

/** Agent-state operations on /api/v2/me/channels/voice (docs/gws-notes.md#agent-state). */
export type AgentStateOperation = 'Ready' | 'NotReady' | 'AfterCallWork' | 'AuxWork' | 'Offline';

/**
 * A REST failure that a fresh HTTP session can cure (docs/gws-notes.md#sign-in-sequence): an
 * auth or CSRF refusal, or any bare HTTP 401/403, whatever its body (a servlet container's HTML
 * error page, plain text, nothing). A refusal that GWS explains with its own statusCode (kind
 * status, e.g. 403 with statusCode 5 "no permission") is an answer about the operation, not
 * about the session.
 */
function isExpiredSession(error: unknown): boolean {
  if (!(error instanceof GwsError)) return false;
  if (error.kind === 'auth' || error.kind === 'csrf') return true;
  return error.kind !== 'status' && (error.httpStatus === 401 || error.httpStatus === 403);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * No device field says "logged in": voice counts as logged in when a device's
 * `userState.state` is there and is not `LoggedOut` (docs/gws-notes.md#device-resource).
 */
export function isVoiceLoggedIn(devices: readonly GwsDevice[]): boolean {
  return devices.some((device) => {
    const state = device?.userState?.state;
    return typeof state === 'string' && state !== '' && state !== 'LoggedOut';
  });
}

/** "voice: statusCode 1, Required parameter…; chat: OK" */
export function describeChannelResults(results: readonly ChannelLoginResult[]): string {
  return results
    .map((r) =>
      r.statusCode === 0 ? `${r.channel}: OK` : `${r.channel}: ${r.statusCode !== undefined ? `statusCode ${r.statusCode}` : 'refused'}${r.statusMessage ? `, ${r.statusMessage}` : ''}`,
    )
    .join('; ');
}

/**
 * The per-channel results of a partial success. GWS documents only that "the failed part"
 * returns a statusCode and statusMessage; read a `channels` list of {channel, statusCode,
 * statusMessage} when there is one, else the answer's own message for all channels (guess).
 */
function partialResults(body: GwsResponseBody, requested: readonly string[]): ChannelLoginResult[] {
  const listed = Array.isArray(body.channels) ? body.channels : [];
  const results: ChannelLoginResult[] = [];
  for (const item of listed) {
    if (!item || typeof item !== 'object') continue;
    const entry = item as Record<string, unknown>;
    if (typeof entry.channel !== 'string') continue;
    results.push({
      channel: entry.channel,
      statusCode: typeof entry.statusCode === 'number' ? entry.statusCode : undefined,
      statusMessage: typeof entry.statusMessage === 'string' ? entry.statusMessage : undefined,
    });
  }
  if (results.some((r) => r.statusCode !== 0)) return results;
  return [{ channel: requested.join(', '), statusCode: body.statusCode, statusMessage: body.statusMessage }];
}

export class GwsSession {
  private readonly options: GwsSessionOptions;
  private readonly rest: GwsRestClient;
  private readonly log: GwsLog;
  private readonly requestTimeoutMs: number;
  private notifications: GwsNotificationClient | undefined;
  private currentState: ConnectionState = 'signedOut';
  private currentUser: GwsUser | undefined;
  private currentDevices: GwsDevice[] = [];
  private renewal: Promise<void> | undefined;
  /**
   * Calls and devices must be read again before the session is 'connected': a re-handshake
   * or a renewal happened since the last read that worked.
   */
  private resyncWanted = false;
  /** The resync loop runs: one read at a time, repeated while resyncWanted. */
  private resyncRunning = false;
  /** The loop's wait after a failed read; a new handshake or signing out ends it early. */
  private resyncWait: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Signed in again and no read has worked since: one more expiry means renewing did not help. */
  private renewedUnconfirmed = false;
  /** The open gap in notifications, from the link going down until it is up again. */
  private gap: GapStartDetail | undefined;
  /** Bumped by signOut/dispose: late async work of an older generation does nothing. */
  private generation = 0;
  private failure: GwsError | undefined;
  private readonly loginOptions: AgentLoginOptions;
  private readonly login: ContactCenterLogin;
  private outcome: AgentLoginOutcome | undefined;

  private readonly stateEmitter = new Emitter<ConnectionState>();
  private readonly notificationEmitter = new Emitter<NotificationReceived>();
  private readonly operationEmitter = new Emitter<OperationRecord>();
  private readonly metaEmitter = new Emitter<MetaRecord>();
  private readonly snapshotEmitter = new Emitter<SnapshotRecord>();

  readonly onDidChangeConnectionState: Event<ConnectionState> = this.stateEmitter.event;
  readonly onNotification: Event<NotificationReceived> = this.notificationEmitter.event;
  readonly onOperation: Event<OperationRecord> = this.operationEmitter.event;
  readonly onMeta: Event<MetaRecord> = this.metaEmitter.event;
  readonly onSnapshot: Event<SnapshotRecord> = this.snapshotEmitter.event;

  constructor(options: GwsSessionOptions) {
    this.options = options;
    this.log = options.log ?? silentLog;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.rest = new GwsRestClient({
      baseUrl: options.baseUrl,
      userName: options.userName,
      password: options.password,
      rejectUnauthorized: options.rejectUnauthorized,
      ca: options.ca,
      systemCertificates: options.systemCertificates,
      requestTimeoutMs: this.requestTimeoutMs,
      origin: options.origin,
      log: options.log,
    });
    this.loginOptions = options.agentLogin ?? { mode: 'observe' };
    const login = this.loginOptions.login ?? {};
    this.login = { ...login, channels: login.channels && login.channels.length > 0 ? [...login.channels] : ['voice'] };
    this.rest.onOperation((record) => this.operationEmitter.fire(record));
  }

  get state(): ConnectionState {
    return this.currentState;
  }
  get user(): GwsUser | undefined {
    return this.currentUser;
  }
  get devices(): GwsDevice[] {
    return this.currentDevices;
  }
  /** Normalized: no trailing slash, no /api/v2. */
  get baseUrl(): string {
    return this.rest.baseUrl;
  }
  get userName(): string {
    return this.options.userName;
  }
  /** The CometD transport in use once connected ('long-polling' or 'websocket'). */
  get transportType(): string | undefined {
    return this.notifications?.transportType;
  }
  /** What the last sign-in did about the agent's login; undefined before it decided. */
  get agentLogin(): AgentLoginOutcome | undefined {
    return this.outcome;
  }
  /** The agent's voice login is this session's own: only then may signOut() end it. */
  get ownsAgentLogin(): boolean {
    return this.outcome?.effectiveMode === 'agent';
  }
  /** Why the session is 'failed', when it is. */
  get lastError(): GwsError | undefined {
    return this.failure;
  }

  // ---- sign in / out -----------------------------------------------------------------------

  async signIn(): Promise<SignedInInfo> {
    if (this.currentState !== 'signedOut' && this.currentState !== 'failed') {
      throw new Error(`Already ${this.currentState}; sign out first.`);
    }
    const generation = ++this.generation;
    this.failure = undefined;
    this.resyncWanted = false;
    this.renewedUnconfirmed = false;
    this.gap = undefined;
    this.setState('signingIn');
    this.meta('signIn', `Signing in to ${this.baseUrl} as ${this.userName}`);
    // Signing out (or disposing) while a step is under way must stop the sequence there.
    const stillCurrent = () => {
      if (generation !== this.generation) throw new Error('Signed out while signing in.');
    };
    this.outcome = undefined;
    try {
      this.currentUser = await this.rest.signIn('*');
      stillCurrent();
      const plan = await this.planAgentLogin(stillCurrent);
      const notifications = this.createNotifications();
      await notifications.start(this.requestTimeoutMs);
      stillCurrent();
      // Subscribed first, so the DeviceStateChangeMessage of the login is not missed.
      const outcome = plan.start ? await this.startAgentLogin(plan.reason) : plan.outcome;
      stillCurrent();
      this.outcome = outcome;
      const warning = { refused: 'StartContactCenterSession refused', partial: 'StartContactCenterSession partly failed' } as Record<string, string>;
      this.meta('agentLogin', outcome.text, outcome, undefined, warning[outcome.reason]);
      const snapshot = await this.readSnapshot('signIn', stillCurrent);
      stillCurrent();
      this.setState('connected');
      this.meta('signIn', `Signed in as ${this.userName} over ${this.transportType ?? 'CometD'}`);
      return { user: this.currentUser, devices: snapshot.devices, calls: snapshot.calls, agentLogin: outcome };
    } catch (error) {
      // Only the current sign-in may stop CometD: a stale one (signed out of, then signed in
      // again) would dispose the NEW session's client, leaving it 'connected' but deaf. Its
      // own client was stopped already by the signOut()/dispose() that made it stale.
      if (generation === this.generation) {
        this.teardownNotifications();
        this.failure = error instanceof GwsError ? error : undefined;
        this.meta('error', `Sign-in failed: ${describe(error)}`);
        this.setState('failed');
      }
      throw error;
    }
  }

  /**
   * CometD disconnect; then EndContactCenterSession only when `endContactCenterSession` is set
   * and the agent's login is this session's own (its failure is only logged). End logs the
   * agent out of voice for every application (docs/gws-notes.md#sign-out): callers ask first.
   */
  async signOut(options: { endContactCenterSession?: boolean } = {}): Promise<void> {
    if (this.currentState === 'signedOut') return;
    const end = options.endContactCenterSession === true && this.ownsAgentLogin;
    if (options.endContactCenterSession && !end) this.log('info', 'EndContactCenterSession not sent: the agent login is not this session\'s own');
    this.generation++;
    this.cancelResync();
    const notifications = this.notifications;
    this.notifications = undefined;
    if (notifications) {
      await notifications.stop();
      notifications.dispose();
    }
    if (end) {
      try {
        await this.rest.endContactCenterSession();
      } catch (error) {
        this.log('warn', `EndContactCenterSession failed (ignored on sign-out): ${describe(error)}`);
      }
    }
    this.closeGap('signedOut');
    this.meta('signOut', end ? `Logged ${this.userName} out of voice and signed out of ${this.baseUrl}` : `Signed out of ${this.baseUrl}; the agent's login was left as it is`);
    this.setState('signedOut');
  }

  dispose(): void {
    this.generation++;
    this.cancelResync();
    this.teardownNotifications();
    this.rest.dispose();
    for (const emitter of [this.stateEmitter, this.notificationEmitter, this.operationEmitter, this.metaEmitter, this.snapshotEmitter]) {
      emitter.dispose();
    }
  }

  // ---- reads and operations --------------------------------------------------------------------

  /** A full read on demand; the store reconciles from the SnapshotRecord. */
  async refresh(): Promise<SnapshotRecord> {
    return this.withRenewal(() => this.readSnapshot('refresh'));
  }

  /** POST {operationName, ...params} on the call; a refusal throws GwsError with operationName and callId. */
  runCallOperation(callId: string, operationName: string, params: Record<string, unknown> = {}): Promise<GwsResponseBody> {
    return this.withRenewal(() => this.rest.callOperation(callId, operationName, params));
  }

  dial(deviceId: string, phoneNumber: string, userData?: Record<string, unknown>): Promise<GwsResponseBody> {
    return this.withRenewal(() => this.rest.dial(deviceId, phoneNumber, userData));
  }

  setAgentState(operationName: AgentStateOperation | string, params: Record<string, unknown> = {}): Promise<GwsResponseBody> {
    return this.withRenewal(() => this.rest.voiceChannelOperation(operationName, params));
  }

  /** The server's configured agent states (their names are agent-state operations). */
  agentStates(): Promise<Array<Record<string, unknown>>> {
    return this.withRenewal(() => this.rest.getAgentStates());
  }

  runDeviceOperation(deviceId: string, operationName: string, params: Record<string, unknown> = {}): Promise<GwsResponseBody> {
    return this.withRenewal(() => this.rest.deviceOperation(deviceId, operationName, params));
  }

  // ---- internals ---------------------------------------------------------------------------------

  /**
   * Decides, before CometD, whether this sign-in sends StartContactCenterSession. Reads the
   * devices only when the decision needs them (auto, or a login to resume).
   */
  private async planAgentLogin(stillCurrent: () => void): Promise<
    { start: true; reason: 'configured' | 'chosen'; outcome?: undefined } | { start: false; outcome: AgentLoginOutcome }
  > {
    const { mode, resumeOwnLogin, askWhenLoggedOut } = this.loginOptions;
    const observe = (reason: AgentLoginOutcome['reason'], text: string, loggedInBefore?: boolean) => ({
      start: false as const,
      outcome: { effectiveMode: 'observe' as const, reason, started: false, loggedInBefore, text },
    });
    if (!resumeOwnLogin && mode === 'observe') {
      return observe('configured', 'Observing: this session never sends StartContactCenterSession or EndContactCenterSession');
    }
    if (!resumeOwnLogin && mode === 'agent') return { start: true, reason: 'configured' };
    const loggedIn = isVoiceLoggedIn(await this.rest.getDevices());
    stillCurrent();
    if (resumeOwnLogin && loggedIn) {
      return {
        start: false,
        outcome: {
          effectiveMode: 'agent',
          reason: 'resumed',
          started: false,
          loggedInBefore: true,
          text: `${this.userName} is still logged in to voice by this window (before a reload): no second StartContactCenterSession; Sign Out offers to log out`,
        },
      };
    }
    if (mode === 'observe') return observe('configured', 'Observing: this session never sends StartContactCenterSession or EndContactCenterSession', loggedIn);
    if (mode === 'agent') return { start: true, reason: 'configured' };
    if (loggedIn) {
      return observe(
        'alreadyLoggedIn',
        `${this.userName} is logged in to voice already (another application): observing, no StartContactCenterSession or EndContactCenterSession`,
        true,
      );
    }
    const choice = askWhenLoggedOut ? await askWhenLoggedOut() : 'observe';
    stillCurrent();
    if (choice === 'agent') return { start: true, reason: 'chosen' };
    return observe('chosen', `${this.userName} is logged out of voice; observing, as chosen: no StartContactCenterSession or EndContactCenterSession`, false);
  }

  /**
   * StartContactCenterSession. A refusal (any statusCode) or a partial success (7) leaves the
   * session observing, with the server's answer per channel; a transport or session failure
   * fails the sign-in as before.
   */
  private async startAgentLogin(reason: 'configured' | 'chosen'): Promise<AgentLoginOutcome> {
    const loggedInBefore = reason === 'chosen' ? false : undefined;
    const channels = this.login.channels;
    try {
      const body = await this.rest.startContactCenterSession(this.login);
      if (body.statusCode === PARTIAL_SUCCESS) {
        const results = partialResults(body, channels);
        return {
          effectiveMode: 'observe',
          reason: 'partial',
          started: true,
          loggedInBefore,
          channels: results,
          text: `StartContactCenterSession partly failed (statusCode 7: ${describeChannelResults(results)}); observing: Sign Out will not log the agent out`,
        };
      }
      return {
        effectiveMode: 'agent',
        reason,
        started: true,
        loggedInBefore,
        text: `Logged ${this.userName} in to ${channels.join(', ')} (StartContactCenterSession)${reason === 'chosen' ? ', as chosen' : ''}; Sign Out offers to log out`,
      };
    } catch (error) {
      if (!(error instanceof GwsError) || error.kind !== 'status') throw error;
      const results: ChannelLoginResult[] = [{ channel: channels.join(', '), statusCode: error.statusCode, statusMessage: error.statusMessage }];
      return {
        effectiveMode: 'observe',
        reason: 'refused',
        started: true,
        loggedInBefore,
        channels: results,
        text: `StartContactCenterSession was refused (${describeChannelResults(results)}); observing`,
      };
    }
  }

  private requireSignedIn(): void {
    if (this.currentState === 'signedOut' || this.currentState === 'signingIn') {
      throw new Error('Not signed in to a GWS server.');
    }
    if (this.currentState === 'failed') {
      throw this.failure ?? new Error('The GWS session failed. Sign in again.');
    }
  }

  /** Runs a REST call; on an expired session renews it once and retries once. */
  private async withRenewal<T>(run: () => Promise<T>): Promise<T> {
    this.requireSignedIn();
    try {
      return await run();
    } catch (error) {
      if (!isExpiredSession(error)) throw error;
      await this.renewSession(`REST answered: ${describe(error)}`);
      this.requireSignedIn();
      return run();
    }
  }

  private createNotifications(): GwsNotificationClient {
    this.teardownNotifications();
    const client = new GwsNotificationClient({
      baseUrl: this.rest.baseUrl,
      transport: this.options.transport,
      cookieHeader: (url) => this.rest.cookieHeaderFor(url),
      csrfHeaders: () => this.rest.csrfHeaders(),
      origin: this.rest.origin,
      storeSetCookie: (setCookie, url) => this.rest.storeSetCookie(setCookie, url),
      rejectUnauthorized: this.options.rejectUnauthorized,
      ca: this.options.ca,
      systemCertificates: this.options.systemCertificates,
      maxBackoffMs: this.options.maxBackoffMs,
      channels: this.options.channels,
      log: this.log,
    });
    client.onMeta((record) => this.metaEmitter.fire(record));
    client.onMessage((received) => this.onMessage(received));
    client.onReady(({ reestablish }) => {
      if (reestablish) this.requestResync();
    });
    client.onUp(() => this.onLinkUp());
    client.onDown((down) => this.onLinkDown(down));
    this.notifications = client;
    return client;
  }

  private teardownNotifications(): void {
    const client = this.notifications;
    this.notifications = undefined;
    client?.dispose();
  }

  private onMessage(received: NotificationReceived): void {
    const data = received.message.data as { messageType?: unknown; devices?: unknown } | undefined;
    if (data && data.messageType === 'DeviceStateChangeMessage' && Array.isArray(data.devices)) {
      this.mergeDevices(data.devices as GwsDevice[]);
    }
    this.notificationEmitter.fire(received);
  }

  private mergeDevices(updates: GwsDevice[]): void {
    const byId = new Map(this.currentDevices.map((device) => [device.id, device]));
    for (const device of updates) {
      if (device && typeof device.id === 'string') byId.set(device.id, device);
    }
    this.currentDevices = Array.from(byId.values());
  }

  private get signedIn(): boolean {
    return this.currentState === 'connected' || this.currentState === 'reconnecting';
  }

  private onLinkDown(down: LinkDown): void {
    if (this.signedIn) this.openGap(`CometD connection lost (${down.reason})`);
    if (this.currentState === 'connected') this.setState('reconnecting');
    if (down.authRejected && this.signedIn) {
      void this.renewSession(`CometD refused the session: ${down.reason}`).catch(() => undefined);
    }
  }

  private onLinkUp(): void {
    this.closeGap('reconnected');
    this.connectedIfDone('CometD connection restored');
  }

  private openGap(reason: string): void {
    if (this.gap) return;
    const gap: GapStartDetail = { startedAt: Date.now(), reason };
    this.gap = gap;
    this.meta('gapStart', `Notifications stopped: ${reason}`, gap, gap.startedAt);
  }

  /** "No notifications for 3.2 s (reconnected)": the row that says how long the gap was. */
  private closeGap(outcome: GapEndDetail['outcome']): void {
    const gap = this.gap;
    if (!gap) return;
    this.gap = undefined;
    const endedAt = Date.now();
    const detail: GapEndDetail = { ...gap, endedAt, durationMs: endedAt - gap.startedAt, outcome };
    const how = { reconnected: 'reconnected', signedOut: 'signed out', failed: 'session failed' }[outcome];
    this.meta('gapEnd', `No notifications for ${(detail.durationMs / 1000).toFixed(1)} s (${how})`, detail, endedAt);
  }

  /** 'connected' again once nothing is pending: no renewal, no resync, notifications flowing. */
  private connectedIfDone(text: string): void {
    if (this.currentState !== 'reconnecting' || this.renewal || this.resyncWanted || this.resyncRunning) return;
    if (!this.notifications?.isConnected) return;
    this.setState('connected');
    this.meta('reconnected', text);
  }

  /**
   * A re-handshake: calls may have ended while nobody listened, so they are read again, and
   * the session is not 'connected' until that read worked (even when CometD re-handshook
   * without reporting a lost connection first).
   */
  private requestResync(): void {
    if (!this.signedIn) return;
    this.resyncWanted = true;
    // Normally the link was reported down first; if not, the old client's undelivered
    // notifications are lost all the same.
    this.openGap('CometD handshook again (the server no longer knew the client)');
    if (this.currentState === 'connected') this.setState('reconnecting');
    this.kickResync();
  }

  /** Starts the resync loop, or cuts its wait short when it is waiting to retry. */
  private kickResync(): void {
    if (!this.resyncWanted || this.renewal || !this.signedIn) return;
    if (this.resyncRunning) {
      this.resyncWait?.wake();
      return;
    }
    this.resyncRunning = true;
    void this.resyncLoop();
  }

  private cancelResync(): void {
    this.resyncWanted = false;
    this.resyncWait?.wake();
  }

  /**
   * Reads calls and devices until a read works after the latest request for one (a handshake
   * during a read asks for another read, so an older read never makes the session
   * 'connected'). A read that fails is retried with a backoff of 1, 2, 4 … 30 s, staying
   * 'reconnecting' (GWS answers 503 while its T-Server link comes back); an expired session
   * renews it instead, and the renewal asks for the read again when it is done.
   */
  private async resyncLoop(): Promise<void> {
    const generation = this.generation;
    let failures = 0;
    let afterRenewal = false;
    try {
      while (this.resyncWanted && !this.renewal && this.signedIn && generation === this.generation) {
        this.resyncWanted = false;
        try {
          await this.readSnapshot('resync');
          if (generation !== this.generation) return;
          afterRenewal ||= this.renewedUnconfirmed;
          this.renewedUnconfirmed = false;
          failures = 0;
        } catch (error) {
          if (generation !== this.generation) return;
          this.resyncWanted = true;
          if (isExpiredSession(error)) {
            if (this.renewedUnconfirmed) {
              this.failSession(`The GWS session expired again right after signing in again: ${describe(error)} Sign in again.`, error);
            } else {
              void this.renewSession(`resync answered: ${describe(error)}`).catch(() => undefined);
            }
            return;
          }
          // Still 'reconnecting': the loop runs only after requestResync or renewSession set it,
          // and connectedIfDone waits for the loop.
          const delay = Math.min(RESYNC_MAX_RETRY_MS, RESYNC_FIRST_RETRY_MS * 2 ** failures++);
          this.meta('error', `Resync failed: ${describe(error)}; retrying in ${Math.round(delay / 1000)} s`, { failures, retryInMs: delay });
          await this.waitBeforeResync(delay);
        }
      }
    } finally {
      this.resyncRunning = false;
    }
    if (generation !== this.generation) return;
    this.connectedIfDone(afterRenewal ? 'Signed in again; session renewed, calls and devices re-read' : 'CometD re-handshaken; calls and devices re-read');
  }

  private waitBeforeResync(delayMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wait = {
        timer: setTimeout(() => wait.wake(), delayMs),
        wake: () => {
          clearTimeout(wait.timer);
          if (this.resyncWait === wait) this.resyncWait = undefined;
          resolve();
        },
      };
      this.resyncWait = wait;
    });
  }

  /**
   * Signs in again with the stored password, once per expiry: concurrent triggers share
   * the same attempt. Resolves once signed in again (CometD flowing, contact-center session
   * started); the resync follows. On failure the session is 'failed'.
   */
  private renewSession(reason: string): Promise<void> {
    if (this.renewal) return this.renewal;
    const generation = this.generation;
    const attempt = (async () => {
      this.setState('reconnecting');
      this.meta('sessionExpired', `GWS session expired (${reason}); signing in again`);
      try {
        this.rest.resetSession();
        this.currentUser = await this.rest.signIn('*');
        if (generation !== this.generation) return;
        let notifications = this.notifications;
        if (!notifications) throw new Error('CometD client is gone.');
        if (!notifications.isConnected) {
          // A CometD client that is still flowing picks up the new cookie on its next request
          // (cookies are read per request). One that is down would retry only after its
          // backoff, which grows with every refusal met while the session was dead (up to
          // maxBackoffMs); a fresh client handshakes with the new session now.
          notifications = this.createNotifications();
          await notifications.start(this.requestTimeoutMs);
        }
        await notifications.whenConnected((this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS) * 2 + this.requestTimeoutMs);
        // Only a login of our own is restored; an observer never logs the agent in.
        if (this.ownsAgentLogin) await this.rest.startContactCenterSession(this.login);
        if (generation !== this.generation) return;
        this.renewedUnconfirmed = true;
        this.resyncWanted = true;
      } catch (error) {
        if (generation !== this.generation) return;
        throw this.failSession(`The GWS session expired and signing in again failed: ${describe(error)} Sign in again.`, error);
      }
    })();
    this.renewal = attempt.finally(() => {
      this.renewal = undefined;
      if (generation === this.generation) this.kickResync();
    });
    return this.renewal;
  }

  /** Gives up: CometD stops, the state is 'failed' and the error asks the user to sign in. */
  private failSession(message: string, cause: unknown): GwsError {
    const failure = new GwsError(message, { kind: 'auth', httpStatus: cause instanceof GwsError ? cause.httpStatus : undefined });
    this.failure = failure;
    this.cancelResync();
    this.closeGap('failed');
    this.teardownNotifications();
    this.meta('error', failure.message);
    this.setState('failed');
    return failure;
  }

  /**
   * `stillCurrent` throws when the session was signed out of meanwhile: a read of an older
   * generation that comes back after the next sign-in (a sign-in's, a resync's or a refresh's)
   * must not replace the new session's devices or reconcile its store to older calls.
   */
  private async readSnapshot(reason: SnapshotRecord['reason'], stillCurrent = this.generationCheck('Signed out while reading calls and devices.')): Promise<SnapshotRecord> {
    const devices = await this.rest.getDevices();
    const calls = await this.rest.getCalls();
    stillCurrent();
    this.currentDevices = devices;
    const record: SnapshotRecord = { reason, time: Date.now(), calls, devices };
    this.snapshotEmitter.fire(record);
    if (reason !== 'signIn') this.meta('resync', `Re-read ${calls.length} call(s) and ${devices.length} device(s) (${reason})`);
    return record;
  }

  /** A check that throws `message` once signOut/dispose started a newer generation. */
  private generationCheck(message: string): () => void {
    const generation = this.generation;
    return () => {
      if (generation !== this.generation) throw new Error(message);
    };
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.log('info', `Connection state: ${this.currentState} → ${state}`);
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  private meta(type: MetaType, text: string, detail?: unknown, time = Date.now(), warning?: string): void {
    this.log(type === 'error' || warning ? 'warn' : 'info', text);
    this.metaEmitter.fire({ type, time, text, detail, ...(warning ? { warning } : {}) });
  }
}
