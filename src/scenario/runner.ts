// Runs a scenario (types.ts) against a GWS server with the extension's own client
// (src/gws/gwsSession.ts): the built-in simulator by default, or a profile's server. Every
// call notification is diffed against the previous one for its call exactly as the inspector
// does (src/model/diff.ts), and each `expect` step waits, up to its `within`, for a
// notification after the last action whose diff shows what it lists. Never imports vscode:
// the CLI (cli.ts) and the Testing view (src/testing/) share it.
import { redactText, redactUrl } from '../base/redact';
import { GwsSession } from '../gws/gwsSession';
import type { NotificationTransport } from '../gws/notificationClient';
import { diffCalls } from '../model/diff';
import type { GwsCall } from '../wire/types';
import { describeExpected, describeReceived, formatMs, mismatches, type ObservedNotification } from './expectation';
import { describeStep } from './parse';
import { SimulatorActions } from './simulatorActions';
import { DEFAULT_WITHIN_MS, type ExpectStep, type Scenario, type ScenarioStep, type SignInStep } from './types';

/** Where a `signIn` step with a `profile` goes; the password never comes from the scenario file. */
export interface ResolvedProfile {
  baseUrl: string;
  userName: string;
  password: string;
  rejectUnauthorized?: boolean;
  ca?: string;
  /** With `ca`: trust the operating system's certificates too (VS Code's http.systemCertificates). */
  systemCertificates?: boolean;
  origin?: string;
  transport?: NotificationTransport;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Starts a fresh built-in simulator (stopped after the run); needed for `signIn` without a profile. */
  startSimulator?: () => Promise<RunningServer>;
  /** Looks up a profile by id or name (the CLI: --profile; VS Code: gws.profiles and secret storage). */
  resolveProfile?: (name: string) => Promise<ResolvedProfile>;
  /** Used instead of the scenario's own profile / simulator choice (CLI --profile). */
  profileOverride?: string;
  /** Each step as it ends. */
  onStep?: (result: StepResult) => void;
  /** The run's session, once made (VS Code shows its events in the inspector as a source); disposed with the run. */
  onSession?: (session: GwsSession) => { dispose(): void } | undefined;
  /**
   * Stops the run: checked before each step and while an expectation waits; the step it
   * stops fails with "cancelled" and the rest are skipped (the Testing view's Cancel).
   */
  signal?: AbortSignal;
}

/** The message of the step a cancelled run stopped at ("step 3: cancelled"). */
export const CANCELLED = 'cancelled';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  /** 1-based. */
  index: number;
  step: ScenarioStep;
  title: string;
  status: StepStatus;
  durationMs: number;
  /** One line: why it failed (credentials redacted). */
  message?: string;
  /** For a failed expectation: what was expected and what arrived, one item per line. */
  expected?: string;
  received?: string;
  /** Epoch ms of the notification an expectation matched (or the last one it looked at). */
  eventTime?: number;
  /** The call an expectation or operation is about (the id its binding had in this run). */
  callId?: string;
}

export interface ScenarioResult {
  name: string;
  passed: boolean;
  durationMs: number;
  /** The server it ran against (no credentials). */
  server?: string;
  steps: StepResult[];
}

interface Received extends ObservedNotification {
  /** Epoch ms. */
  time: number;
  consumed: boolean;
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const run = new ScenarioRun(scenario, options);
  try {
    return await run.execute();
  } finally {
    await run.close();
  }
}

class ScenarioRun {
  private session: GwsSession | undefined;
  private sessionWatcher: { dispose(): void } | undefined;
  private simulator: RunningServer | undefined;
  private actions: SimulatorActions | undefined;
  private userName = 'agent1';
  private server: string | undefined;
  private readonly bindings = new Map<string, string>();
  private readonly received: Received[] = [];
  private readonly lastCall = new Map<string, GwsCall>();
  private readonly waiters = new Set<() => void>();
  /** When the last action step started, and how many notifications had arrived by then. */
  private actionStartedAt = Date.now();
  private actionCursor = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: RunOptions,
  ) {}

  async execute(): Promise<ScenarioResult> {
    const started = Date.now();
    const steps: StepResult[] = [];
    let failed = false;
    for (const [offset, step] of this.scenario.steps.entries()) {
      const index = offset + 1;
      const override = step.do === 'signIn' ? this.options.profileOverride : undefined;
      const title = override !== undefined ? `sign in to profile ${override}` : describeStep(step);
      if (failed) {
        steps.push(this.report({ index, step, title, status: 'skipped', durationMs: 0 }));
        continue;
      }
      const stepStart = Date.now();
      let result: StepResult;
      try {
        this.throwIfCancelled();
        const outcome = step.do === 'expect' ? await this.expect(step) : await this.act(step, index);
        result = { index, step, title, status: outcome.failure ? 'failed' : 'passed', durationMs: Date.now() - stepStart, ...redactedFailure(outcome.failure), eventTime: outcome.eventTime ?? outcome.failure?.eventTime };
      } catch (error) {
        result = { index, step, title, status: 'failed', durationMs: Date.now() - stepStart, message: `step ${index}: ${redactText(error instanceof Error ? error.message : String(error))}` };
      }
      const binding = 'call' in step ? step.call : 'bind' in step ? step.bind : undefined;
      if (binding !== undefined && this.bindings.has(binding)) result.callId = this.bindings.get(binding);
      if (result.status === 'failed') failed = true;
      steps.push(this.report(result));
    }
    return { name: this.scenario.name, passed: !failed, durationMs: Date.now() - started, server: this.server, steps };
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session) {
      // A scenario that logged the agent in (sessionMode agent) logs it out again; an observing run sends neither.
      await session.signOut({ endContactCenterSession: session.ownsAgentLogin }).catch(() => undefined);
      this.sessionWatcher?.dispose();
      session.dispose();
    }
    await this.simulator?.stop();
    this.simulator = undefined;
  }

  private throwIfCancelled(): void {
    if (this.options.signal?.aborted) throw new Error(CANCELLED);
  }

  private report(result: StepResult): StepResult {
    this.options.onStep?.(result);
    return result;
  }

  private async act(step: Exclude<ScenarioStep, ExpectStep>, index: number): Promise<{ failure?: undefined; eventTime?: number }> {
    this.actionStartedAt = Date.now();
    this.actionCursor = this.received.length;
    switch (step.do) {
      case 'signIn':
        await this.signIn(step);
        break;
      case 'inboundCall':
        this.bindings.set(step.bind, await this.simulatorFor(index).inboundCall(step, this.userName));
        break;
      case 'routerUserData':
        await this.simulatorFor(index).routerUserData(step, this.callOf(step.call));
        break;
      case 'remoteHangup':
        await this.simulatorFor(index).remoteHangup(step, this.callOf(step.call));
        break;
      case 'fault':
        await this.simulatorFor(index).fault(step);
        break;
      case 'operation':
        await this.requireSession().runCallOperation(this.callOf(step.call), step.operation, step.params ?? {});
        break;
    }
    return {};
  }

  private async signIn(step: SignInStep): Promise<void> {
    const profileName = this.options.profileOverride ?? step.profile;
    let options: ResolvedProfile;
    if (profileName !== undefined) {
      if (!this.options.resolveProfile) throw new Error(`no server profiles here to find '${profileName}' in`);
      options = await this.options.resolveProfile(profileName);
      this.server = `${redactUrl(options.baseUrl)} as ${options.userName}`;
    } else {
      if (!this.options.startSimulator) throw new Error('the built-in simulator is not available here');
      this.simulator = await this.options.startSimulator();
      this.actions = new SimulatorActions(this.simulator.url);
      const user = step.user ?? 'agent1';
      // The simulator's demo users' password is their user name (README "Built-in simulator").
      options = { baseUrl: this.simulator.url, userName: user, password: user };
      this.server = `built-in simulator ${this.simulator.url} as ${user}`;
    }
    this.userName = options.userName;
    const session = new GwsSession({ ...options, agentLogin: { mode: step.sessionMode ?? 'observe' } });
    this.session = session;
    session.onNotification(({ message, receivedAt }) => this.onNotification(message.data, receivedAt));
    this.sessionWatcher = this.options.onSession?.(session);
    const info = await session.signIn();
    for (const call of info.calls) this.lastCall.set(call.id, call);
  }

  private onNotification(data: unknown, time: number): void {
    if (typeof data !== 'object' || data === null) return;
    const fields = data as Record<string, unknown>;
    const type = typeof fields.notificationType === 'string' ? fields.notificationType : typeof fields.messageType === 'string' ? fields.messageType : '(no type)';
    const messageType = typeof fields.messageType === 'string' ? fields.messageType : undefined;
    const call = fields.call as GwsCall | undefined;
    const seen: Received = { time, atMs: 0, type, messageType, consumed: false };
    if (typeof call === 'object' && call !== null && typeof call.id === 'string') {
      seen.callId = call.id;
      seen.call = call;
      seen.diff = diffCalls(this.lastCall.get(call.id), call);
      this.lastCall.set(call.id, call);
    }
    this.received.push(seen);
    for (const wake of [...this.waiters]) wake();
  }

  private async expect(step: ExpectStep): Promise<{ failure?: Omit<StepResult, 'index' | 'step' | 'title' | 'status' | 'durationMs'>; eventTime?: number }> {
    this.requireSession();
    const within = step.within ?? DEFAULT_WITHIN_MS;
    const deadline = this.actionStartedAt + within;
    const callId = step.call !== undefined ? this.callOf(step.call) : undefined;
    const bound = new Set(this.bindings.values());
    const find = (): Received | undefined => {
      for (let i = this.actionCursor; i < this.received.length; i++) {
        const seen = this.received[i];
        if (seen.consumed || seen.time > deadline) continue;
        seen.atMs = seen.time - this.actionStartedAt;
        if (step.bind !== undefined && (seen.callId === undefined || bound.has(seen.callId))) continue;
        if (mismatches(step, seen, callId).length === 0) return seen;
      }
      return undefined;
    };
    const match = await this.waitUntil(find, deadline);
    if (match) {
      match.consumed = true;
      if (step.bind !== undefined && match.callId !== undefined) this.bindings.set(step.bind, match.callId);
      return { eventTime: match.time };
    }
    const candidates = this.received.slice(this.actionCursor).filter((seen) => !seen.consumed && seen.time <= deadline);
    const about = candidates.filter((seen) => callId === undefined || seen.callId === callId);
    const closest = about.find((seen) => seen.type === step.notification || seen.messageType === step.notification);
    const expected = describeExpected(step, within);
    const received =
      about.length === 0
        ? `nothing${callId ? ` for ${step.call}` : ''} within ${formatMs(within)}`
        : about.map((seen) => `${describeReceived(seen)}${seen === closest ? ` — ${mismatches(step, seen, callId).join('; ')}` : ''}`).join('\n');
    return {
      failure: {
        message: `step ${this.scenario.steps.indexOf(step) + 1}: expected ${expected}; received ${about.length === 0 ? received : `${about.length} other notification${about.length === 1 ? '' : 's'}${closest ? ` (${closest.type}: ${mismatches(step, closest, callId).join('; ')})` : `: ${about.map((seen) => seen.type).join(', ')}`}`}`,
        expected,
        received,
        eventTime: (closest ?? about[about.length - 1])?.time,
      },
    };
  }

  /**
   * Resolves with `find()`'s first result, checked now and on each notification, or undefined
   * at `deadline`; rejects with "cancelled" when the run's signal aborts.
   */
  private waitUntil<T>(find: () => T | undefined, deadline: number): Promise<T | undefined> {
    this.throwIfCancelled();
    const now = find();
    if (now !== undefined || Date.now() >= deadline) return Promise.resolve(now);
    const signal = this.options.signal;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', cancel);
      };
      const finish = (value: T | undefined): void => {
        settle();
        resolve(value);
      };
      const cancel = (): void => {
        settle();
        reject(new Error(CANCELLED));
      };
      signal?.addEventListener('abort', cancel, { once: true });
      const wake = (): void => {
        const found = find();
        if (found !== undefined) finish(found);
      };
      // The step's own deadline (`within`): past it the expectation has failed.
      const timer = setTimeout(() => finish(find()), Math.max(0, deadline - Date.now()) + 1);
      this.waiters.add(wake);
    });
  }

  private requireSession(): GwsSession {
    if (!this.session) throw new Error('not signed in');
    return this.session;
  }

  private simulatorFor(index: number): SimulatorActions {
    if (!this.actions) throw new Error(`a simulator step needs the built-in simulator, and the scenario signed in to ${this.server ?? 'no server'} (step ${index})`);
    return this.actions;
  }

  private callOf(binding: string): string {
    const id = this.bindings.get(binding);
    if (id === undefined) throw new Error(`'${binding}' is not bound to a call`);
    return id;
  }
}

/**
 * A failed expectation's texts with credentials redacted: they quote call fields and userData
 * values, and reach the CLI output, the JUnit XML and the Testing view.
 */
function redactedFailure<T extends { message?: string; expected?: string; received?: string }>(failure: T | undefined): Partial<T> {
  if (!failure) return {};
  return {
    ...failure,
    ...(failure.message !== undefined ? { message: redactText(failure.message) } : {}),
    ...(failure.expected !== undefined ? { expected: redactText(failure.expected) } : {}),
    ...(failure.received !== undefined ? { received: redactText(failure.received) } : {}),
  };
}
