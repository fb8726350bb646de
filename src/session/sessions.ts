import { Emitter, type Event } from '../base/emitter';
import { ContextKeys, setContext } from '../common/contextKeys';
import { Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import type { CallChange } from '../model/callStore';
import type { Sources } from '../model/sources';
import type { ServerProfile } from '../profiles/profile';
import type { ConnectionState, SignedInInfo } from '../wire/sessionEvents';
import { SessionController, type SignInMode } from './sessionController';
import { overallState, sessionLabel } from './sessionSummary';

/**
 * The window's GWS sessions: one SessionController per signed-in profile (agent1 and agent2
 * on the same server, say), each with its own source, store and CometD client. Signing in to
 * another profile adds a session; signing in to a profile that has one replaces it (what a
 * single-session window always did). Controllers are reused once signed out, so the one
 * `primary` names stays the same object across sign-out and sign-in, as before there were
 * several (the integration tests and single-session callers hold on to it).
 */
export class Sessions extends Disposable {
  private readonly controllers: SessionController[] = [];
  private readonly changeEmitter = new Emitter<void>();
  /** A session started, changed state or ended. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;
  private readonly callsEmitter = new Emitter<{ session: SessionController; changes: CallChange[] }>();
  /** The calls of one session changed. */
  readonly onDidChangeCalls = this.callsEmitter.event;
  private readonly devicesEmitter = new Emitter<{ session: SessionController; ids: readonly string[] }>();
  /** The agent's devices of one session changed (`ids` empty: all of them). */
  readonly onDidChangeDevices = this.devicesEmitter.event;
  private readonly lostEmitter = new Emitter<{ session: SessionController; profile: ServerProfile }>();
  /** A session ended by itself (not by Sign Out). */
  readonly onDidLoseSession = this.lostEmitter.event;
  private readonly errorEmitter = new Emitter<{ session: SessionController; text: string; callId?: string; operationName?: string }>();
  /** A failure a server reported after accepting an operation (CometD ErrorMessage). */
  readonly onDidReceiveErrorMessage = this.errorEmitter.event;
  private readonly stateEmitter = new Emitter<ConnectionState>();
  /**
   * Fired with `state` whenever a session's state changes: with the other members below, what
   * the inspector's header needs (InspectorConnectionSource in inspectorPanel.ts).
   */
  readonly onDidChangeState: Event<ConnectionState> = this.stateEmitter.event;

  constructor(
    private readonly sources: Pick<Sources, 'open' | 'relabel'>,
    private readonly logger: Logger,
  ) {
    super();
    for (const emitter of [this.changeEmitter, this.callsEmitter, this.devicesEmitter, this.lostEmitter, this.errorEmitter, this.stateEmitter]) {
      this.register({ dispose: () => emitter.dispose() });
    }
    this.add();
    this.updateContext();
  }

  /** The signed-in sessions (signing in, connected, reconnecting or lost), in sign-in order. */
  list(): SessionController[] {
    return this.controllers.filter((c) => c.profile).sort((a, b) => a.order - b.order);
  }

  /**
   * The latest signed-in session; when none is, the latest one that was. What single-session
   * code and the tests call "the controller".
   */
  get primary(): SessionController {
    const live = this.list();
    if (live.length > 0) return live[live.length - 1];
    return [...this.controllers].sort((a, b) => b.order - a.order)[0];
  }

  forProfile(profileId: string): SessionController | undefined {
    return this.controllers.find((c) => c.profile?.id === profileId);
  }

  /** The signed-in session whose rows and calls carry this source id (`session:<profile id>`). */
  forSource(sourceId: string): SessionController | undefined {
    return this.controllers.find((c) => c.profile && c.source?.id === sourceId);
  }

  /** All sessions together: the best state wins (sessionSummary.ts). */
  get state(): ConnectionState {
    return overallState(this.controllers.map((c) => c.state));
  }

  /** The inspector's header: the one session's profile, or the names of several. */
  get profile(): { name?: string; url?: string; user?: string } | undefined {
    const live = this.list();
    if (live.length <= 1) return live[0]?.profile;
    return { name: live.map((c) => (c.profile ? sessionLabel(c.profile) : '')).join(', ') };
  }

  /** The user a source's rows were sent as (for Copy as curl). */
  userOf(sourceId: string | undefined): string | undefined {
    const session = sourceId ? this.controllers.find((c) => c.source?.id === sourceId) : this.primary;
    return session?.profile?.user ?? this.primary.profile?.user;
  }

  /**
   * Signs in to a profile: its own session if it has one (replaced, as Sign In always did),
   * else a signed-out controller, else a new one. The other sessions go on.
   */
  signIn(profile: ServerProfile, password: string, mode?: SignInMode): Promise<SignedInInfo> {
    const controller = this.forProfile(profile.id) ?? this.controllers.find((c) => !c.profile) ?? this.add();
    return controller.signIn(profile, password, mode);
  }

  /** For deactivate(): every session disconnects CometD; no agent is logged out. */
  async shutdown(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.shutdown()));
  }

  private add(): SessionController {
    const controller = this.register(new SessionController(this.sources, this.logger));
    this.controllers.push(controller);
    this.register(
      controller.onDidChangeState(() => {
        this.updateContext();
        this.changeEmitter.fire();
      }),
    );
    this.register(controller.onDidChangeCalls((changes) => this.callsEmitter.fire({ session: controller, changes })));
    this.register(controller.onDidChangeDevices((ids) => this.devicesEmitter.fire({ session: controller, ids })));
    this.register(controller.onDidLoseSession(({ profile }) => this.lostEmitter.fire({ session: controller, profile })));
    this.register(controller.onDidReceiveErrorMessage((error) => this.errorEmitter.fire({ session: controller, ...error })));
    return controller;
  }

  private updateContext(): void {
    const state = this.state;
    void setContext(ContextKeys.connectionState, state);
    void setContext(ContextKeys.signedIn, state === 'connected' || state === 'reconnecting');
    this.stateEmitter.fire(state);
  }
}
