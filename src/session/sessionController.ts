import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { Emitter } from '../base/emitter';
import { Logger } from '../common/logger';
import type { ErrorMessageInfo } from '../wire/errorMessage';
import { GwsSession, type SessionMode } from '../gws/gwsSession';
import { readCaFile } from '../gws/tlsTrust';
import { sessionLabel } from './sessionSummary';
import { envProxyOf, proxyAdvice, readProxySupport, type NetworkSettings } from './networkSettings';
import type { AgentLoginOutcome, ConnectionState, SignedInInfo } from '../wire/sessionEvents';
import { CallStore, type CallChange } from '../model/callStore';
import { DeviceList } from '../model/devices';
import { EntityStore } from '../model/entityStore';
import type { PipelineAttachment } from '../model/pipeline';
import type { Source, SourceModel, Sources } from '../model/sources';
import type { ServerProfile } from '../profiles/profile';

/** What a sign-in does about the agent's voice login (docs/gws-notes.md#session-modes). */
export interface SignInMode {
  mode: SessionMode;
  /** This window's own login from before a reload: take it back without a second StartContactCenterSession. */
  resumeOwnLogin?: boolean;
  /** auto, agent logged out: log in ('agent') or only observe. */
  askWhenLoggedOut?: () => Promise<'agent' | 'observe'>;
}

/** Orders sign-ins: the most recent one is the window's primary session (sessions.ts). */
let signInCounter = 0;

/**
 * One signed-in GWS session of this window, connected to the pipeline of its source (store,
 * diffs, inspector stream); src/session/sessions.ts holds one per signed-in profile. Each
 * sign-in opens the source `session:<profile id>`, so the inspector tells the sessions apart
 * and a profile keeps its diffs across sign-ins. The GWS protocol lives in src/gws; this class
 * only adapts it to VS Code: state for the status bar and the tree, the log.
 */
export class SessionController extends Disposable {
  private session: GwsSession | undefined;
  /** The session's events into the pipeline; flushed where a caller needs the store up to date. */
  private attachment: PipelineAttachment | undefined;
  private sessionDisposables: vscode.Disposable[] = [];
  private currentProfile: ServerProfile | undefined;
  private currentState: ConnectionState = 'signedOut';
  private currentAgentLogin: AgentLoginOutcome | undefined;
  private readonly stateEmitter = new Emitter<ConnectionState>();
  /** Fired with the new state; also when the profile changes. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fired when the session ends by itself (not by Sign Out): the UI offers Sign In Again. */
  private readonly lostEmitter = new Emitter<{ profile: ServerProfile }>();
  readonly onDidLoseSession = this.lostEmitter.event;
  /** A failure the server reported after accepting an operation (CometD ErrorMessage). */
  private readonly asyncErrorEmitter = new Emitter<{ text: string; callId?: string; operationName?: string }>();
  readonly onDidReceiveErrorMessage = this.asyncErrorEmitter.event;
  /** The calls of this session's store changed (the store changes with the profile). */
  private readonly callsEmitter = new Emitter<CallChange[]>();
  readonly onDidChangeCalls = this.callsEmitter.event;
  /** The agent's devices of this session changed: the ids of those that did (none: all of them). */
  private readonly devicesEmitter = new Emitter<readonly string[]>();
  readonly onDidChangeDevices = this.devicesEmitter.event;

  /** The source of the current (or last) sign-in; undefined before the first. */
  private model: SourceModel | undefined;
  /** What `store` is before the first sign-in: always empty. */
  private readonly idleStore = new CallStore();
  /** What `devices` is before the first sign-in: always empty. */
  private readonly idleDevices = new DeviceList(new EntityStore());
  private storeSubscription: { dispose(): void } | undefined;
  private devicesSubscription: { dispose(): void } | undefined;
  private signInOrder = 0;

  constructor(
    private readonly sources: Pick<Sources, 'open' | 'relabel'>,
    private readonly logger: Logger,
  ) {
    super();
    this.register({ dispose: () => this.stateEmitter.dispose() });
    this.register({ dispose: () => this.lostEmitter.dispose() });
    this.register({ dispose: () => this.asyncErrorEmitter.dispose() });
    this.register({ dispose: () => this.callsEmitter.dispose() });
    this.register({ dispose: () => this.devicesEmitter.dispose() });
    this.register({ dispose: () => this.storeSubscription?.dispose() });
    this.register({ dispose: () => this.devicesSubscription?.dispose() });
    this.register(this.idleStore);
    this.register(this.idleDevices);
  }

  /** The calls of this session (its source's store). */
  get store(): CallStore {
    return this.model?.store ?? this.idleStore;
  }

  /** The agent's devices in this session (its source's device list, fed by its pipeline: model/devices.ts). */
  get devices(): DeviceList {
    return this.model?.pipeline.devices ?? this.idleDevices;
  }

  /** The inspector's source of this session: `session:<profile id>`, labelled "agent1 @ host". */
  get source(): Source | undefined {
    return this.model?.source;
  }

  /** Larger for a later sign-in: sessions.ts calls the latest one the primary session. */
  get order(): number {
    return this.signInOrder;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get profile(): ServerProfile | undefined {
    return this.currentProfile;
  }

  /** What the current session decided about the agent's login; undefined while signing in or signed out. */
  get agentLogin(): AgentLoginOutcome | undefined {
    return this.currentAgentLogin;
  }

  /** The agent's voice login is this window's own: only then does Sign Out offer EndContactCenterSession. */
  get ownsAgentLogin(): boolean {
    return this.currentAgentLogin?.effectiveMode === 'agent';
  }

  get active(): GwsSession | undefined {
    return this.session;
  }

  /** The session, or an error the user can act on. */
  require(): GwsSession {
    if (!this.session || this.currentState === 'signedOut') {
      throw new Error(vscode.l10n.t('Not signed in to a GWS server. Run "GWS: Sign In" first.'));
    }
    return this.session;
  }

  async signIn(profile: ServerProfile, password: string, mode: SignInMode = { mode: 'observe' }): Promise<SignedInInfo> {
    // Read at every sign-in, before anything changes: an unreadable caFile leaves the window as
    // it was and says what is wrong with the file.
    let ca: string | undefined;
    try {
      ca = profile.caFile ? readCaFile(profile.caFile) : undefined;
    } catch (error) {
      this.logger.error('session', `Sign-in to ${profile.url}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    const network = networkSettings();
    const advice = proxyAdvice(profile.url, network);
    if (advice) this.logger.warn('session', advice);
    // The previous session goes locally now; its server-side clean-up must not delay this one.
    // Never EndContactCenterSession here: nobody asked to log the agent out.
    void this.signOut({ quiet: true });
    // The simulator's demo password is the user name: scrubbing it would hide the user in every line.
    if (password !== profile.user) Logger.addSecret(password, profile.user);
    this.currentProfile = profile;
    this.signInOrder = ++signInCounter;
    const { pipeline } = this.useSource(profile);
    const session = new GwsSession({
      baseUrl: profile.url,
      userName: profile.user,
      password,
      transport: profile.transport ?? 'long-polling',
      rejectUnauthorized: profile.rejectUnauthorized !== false,
      ca,
      systemCertificates: network.systemCertificates,
      channels: notificationChannels(),
      origin: profile.origin,
      agentLogin: {
        mode: mode.mode,
        resumeOwnLogin: mode.resumeOwnLogin,
        askWhenLoggedOut: mode.askWhenLoggedOut,
        login: { channels: profile.channels, place: profile.place, queue: profile.queue, loginCode: profile.loginCode, devicePath: profile.devicePath },
      },
      log: this.logger.forComponent('gws'),
    });
    this.session = session;
    const attachment = pipeline.attach(session);
    this.attachment = attachment;
    this.sessionDisposables = [
      attachment,
      session.onDidChangeConnectionState((state) => this.setState(state)),
      pipeline.onDidReadErrorMessage((error) => this.reportErrorMessage(error)),
    ];
    this.logger.info(
      'session',
      `Signing in to ${profile.url} as ${profile.user} (${profile.transport ?? 'long-polling'}, ${mode.resumeOwnLogin ? `${mode.mode}, resuming this window's agent login` : mode.mode})`,
    );
    try {
      const info = await session.signIn();
      // The pipeline analyses a moment later (inbox.ts); a finished sign-in has its calls in
      // the store and its rows in the inspector already.
      if (this.session === session) attachment.flush();
      this.logger.info('session', `Signed in as ${profile.user}: ${info.calls.length} call(s), ${info.devices.length} device(s)`);
      this.logger.info('session', `Agent login: ${info.agentLogin.text}`);
      if (this.session === session) this.currentAgentLogin = info.agentLogin;
      this.setState(session.state);
      return info;
    } catch (error) {
      const superseded = this.session !== session;
      if (!superseded) {
        this.logger.error('session', `Sign-in to ${profile.url} failed: ${error instanceof Error ? error.message : String(error)}`);
        this.teardown();
        this.currentProfile = undefined;
        this.setState('signedOut');
      }
      // Whatever the sequence got to, let go of it locally (the CometD client). A login it made
      // stays: only an explicit, confirmed Sign Out logs the agent out.
      this.cleanUp(session);
      throw superseded ? new SignInCancelled() : error;
    }
  }

  /**
   * Signs out: locally at once (the tree empties, the status bar says so), then tells the
   * server: CometD disconnect, and EndContactCenterSession only with `endContactCenterSession`
   * (an explicit, confirmed Sign Out) when the agent's login is this window's own.
   */
  async signOut(options: { quiet?: boolean; endContactCenterSession?: boolean } = {}): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.teardown();
    this.store.clear();
    this.currentProfile = undefined;
    this.setState('signedOut');
    if (!options.quiet) this.logger.info('session', options.endContactCenterSession ? 'Signing out and logging the agent out of voice' : 'Signed out');
    // Sign-in leaves its rows in the inspector; so does a Sign Out: the CometD disconnect and
    // the signOut row. Only the session's meta rows: its calls left the store above.
    const trace = options.quiet ? undefined : session.onMeta((meta) => this.model?.pipeline.ingestMeta(meta));
    try {
      await this.cleanUp(session, options.endContactCenterSession === true);
    } finally {
      trace?.dispose();
    }
  }

  /**
   * For deactivate() (window reload, close, restart): only disconnects CometD, never logs the
   * agent out; never holds the window's shutdown for long.
   */
  shutdown(): Promise<void> {
    return Promise.race([this.signOut({ quiet: true }), new Promise<void>((resolve) => setTimeout(resolve, 4_000))]);
  }

  /** The profile's source (opened on its first sign-in); the store shown becomes its store. */
  private useSource(profile: ServerProfile): SourceModel {
    const label = sessionLabel(profile);
    const model = this.sources.open({ id: `session:${profile.id}`, kind: 'session', label });
    this.sources.relabel(model.source.id, label);
    if (model === this.model) return model;
    this.model = model;
    this.storeSubscription?.dispose();
    this.storeSubscription = model.store.onDidChange((changes) => this.callsEmitter.fire(changes));
    this.devicesSubscription?.dispose();
    this.devicesSubscription = model.pipeline.devices.onDidChange((ids) => this.devicesEmitter.fire(ids));
    // Another profile's source: every device shown before is another list's.
    this.devicesEmitter.fire([]);
    return model;
  }

  private cleanUp(session: GwsSession, endContactCenterSession = false): Promise<void> {
    return session
      .signOut({ endContactCenterSession })
      .catch((error: unknown) => {
        // The server may be gone; signing out locally has already succeeded.
        this.logger.warn('session', `Sign-out on the server: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => session.dispose());
  }

  /** Re-reads the calls; when it resolves, the store and the inspector have the snapshot. */
  async refresh(): Promise<void> {
    const session = this.require();
    await session.refresh();
    if (this.session === session) this.attachment?.flush();
  }

  private reportErrorMessage({ text, code, callId, operationName }: ErrorMessageInfo): void {
    const line = `${text ?? 'no message'}${code !== undefined ? ` (code ${String(code)})` : ''}`;
    this.logger.warn('session', `ErrorMessage from the server${operationName ? ` about ${operationName}` : ''}${callId ? ` for call ${callId}` : ''}: ${line}`);
    this.asyncErrorEmitter.fire({ text: line, callId, operationName });
  }

  private teardown(): void {
    for (const d of this.sessionDisposables.splice(0)) d.dispose();
    this.session = undefined;
    this.currentAgentLogin = undefined;
  }

  private setState(state: ConnectionState): void {
    const previous = this.currentState;
    this.currentState = state;
    // Several sessions share the log: each line names its own.
    if (state !== previous) this.logger.info('session', `Connection${this.model ? ` of ${this.model.source.label}` : ''}: ${previous} → ${state}`);
    this.stateEmitter.fire(state);
    if (state === 'failed' && previous !== 'failed' && previous !== 'signingIn' && this.currentProfile) {
      this.lostEmitter.fire({ profile: this.currentProfile });
    }
  }

  override dispose(): void {
    const session = this.session;
    this.teardown();
    if (session) void this.cleanUp(session);
    super.dispose();
  }
}

/** A sign-in that was replaced by another sign-in or a sign-out before it finished. */
export class SignInCancelled extends Error {
  constructor() {
    super('The sign-in was cancelled.');
    this.name = 'SignInCancelled';
  }
}

/** VS Code's network settings that matter to the client (networkSettings.ts says how). */
function networkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxySupport: readProxySupport(http.get('proxySupport')),
    proxy: http.get<string>('proxy') ?? '',
    envProxy: envProxyOf(process.env),
    systemCertificates: http.get<boolean>('systemCertificates') !== false,
  };
}

/** `gws.notifications.channels`: the CometD channels to subscribe; unset or empty = every channel of the user. */
function notificationChannels(): string[] | undefined {
  const configured = vscode.workspace.getConfiguration('gws.notifications').get<unknown>('channels');
  if (!Array.isArray(configured)) return undefined;
  const channels = configured.filter((c): c is string => typeof c === 'string' && /^\/v2\/me\//.test(c.trim())).map((c) => c.trim());
  return channels.length > 0 ? channels : undefined;
}
