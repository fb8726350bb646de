// Test support for the GWS client against the built-in simulator: real HTTP on loopback,
// the /sim/ control API, and waits on events or conditions with generous deadlines (never
// fixed sleeps).
import type { Event } from '../../../src/base/emitter';
import type { GwsSession } from '../../../src/gws/gwsSession';
import type {
  ConnectionState,
  MetaRecord,
  NotificationReceived,
  OperationRecord,
  SnapshotRecord,
} from '../../../src/wire/sessionEvents';
import type { LoggedRequest, SimState } from '../../../src/simulator';

export const DEADLINE_MS = 20_000;

/** Resolves with the first value of `event` that matches, or rejects after `timeoutMs`. */
export function nextEvent<T>(event: Event<T>, what: string, match: (value: T) => boolean = () => true, timeoutMs = DEADLINE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Polls `condition` until it is true; for state that has no event of its own. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Everything a session reported, in order, plus the log lines. */
export class Recorder {
  readonly states: ConnectionState[] = [];
  readonly notifications: NotificationReceived[] = [];
  readonly operations: OperationRecord[] = [];
  readonly meta: MetaRecord[] = [];
  readonly snapshots: SnapshotRecord[] = [];
  readonly logLines: string[] = [];

  readonly log = (level: string, line: string): void => {
    this.logLines.push(`${level} ${line}`);
  };

  attach(session: GwsSession): this {
    session.onDidChangeConnectionState((state) => this.states.push(state));
    session.onNotification((n) => this.notifications.push(n));
    session.onOperation((o) => this.operations.push(o));
    session.onMeta((m) => this.meta.push(m));
    session.onSnapshot((s) => this.snapshots.push(s));
    return this;
  }

  metaTypes(): string[] {
    return this.meta.map((m) => m.type);
  }

  /** Everything user-visible, as one string, for "no secret leaks" checks. */
  everything(): string {
    return JSON.stringify([this.logLines, this.meta, this.operations, this.states]);
  }
}

/** Calls on /v2/me/calls whose call id is `callId`. */
export function callNotification(callId: string, extra: (data: Record<string, unknown>) => boolean = () => true) {
  return (n: NotificationReceived): boolean => {
    const data = n.message.data as { call?: { id?: string } } | undefined;
    return n.message.channel === '/v2/me/calls' && data?.call?.id === callId && extra(data as Record<string, unknown>);
  };
}

/** The /sim/ control API over HTTP, as an external test driver uses it. */
export class SimControl {
  constructor(readonly url: string) {}

  async post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${path} → HTTP ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  async requests(since = 0): Promise<LoggedRequest[]> {
    const response = await fetch(`${this.url}/sim/requests?since=${since}`);
    return ((await response.json()) as { requests: LoggedRequest[] }).requests;
  }

  async lastSeq(): Promise<number> {
    const all = await this.requests();
    return all.length ? all[all.length - 1].seq : 0;
  }

  /** GET /sim/state: users (with `loggedIn`), places, calls, sessions, CometD clients. */
  async state(): Promise<SimState> {
    const response = await fetch(`${this.url}/sim/state`);
    return (await response.json()) as SimState;
  }

  async loggedIn(userName = 'agent1'): Promise<boolean> {
    return (await this.state()).users.find((u) => u.userName === userName)?.loggedIn === true;
  }

  async createCall(body: { to: string; from?: string; userData?: Record<string, unknown>; state?: 'Ringing' | 'Established' }): Promise<string> {
    return (await this.post<{ id: string }>('/sim/calls', body)).id;
  }
}

export function header(request: LoggedRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
