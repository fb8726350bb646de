// Test support for the GWS client against the built-in simulator: real HTTP on loopback,
// the /sim/ control API, and waits on events or conditions with generous deadlines (never
// fixed sleeps).
import * as http from 'node:http';
import * as assert from 'node:assert/strict';
import type { Event } from '../../../src/base/emitter';
import { GwsError } from '../../../src/gws/errors';
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
/**
 * Ends what a spec opened against the simulator (its afterEach): each session, the fault proxy
 * in front of its simulator, and the simulator.
 */
export async function closeAll(open: Array<{ session: { dispose(): void }; proxy: { close(): Promise<void> }; sim: { stop(): Promise<void> } }>): Promise<void> {
  for (const { session, sim, proxy } of open.splice(0)) {
    session.dispose();
    await proxy.close();
    await sim.stop();
  }
}

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
  /**
   * `freshConnections`: one TCP connection per request instead of fetch's pool, for tests
   * that restart the simulator often (a pooled connection the restart cut could be picked
   * before its close is noticed).
   */
  constructor(
    readonly url: string,
    private readonly options: { freshConnections?: boolean } = {},
  ) {}

  async post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    const { status, json } = await this.send('POST', path, JSON.stringify(body));
    if (status < 200 || status >= 300) throw new Error(`${path} → HTTP ${status} ${JSON.stringify(json)}`);
    return json as T;
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    return (await this.send('GET', path)).json as T;
  }

  async requests(since = 0): Promise<LoggedRequest[]> {
    return (await this.get<{ requests: LoggedRequest[] }>(`/sim/requests?since=${since}`)).requests;
  }

  private async send(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; json: unknown }> {
    if (!this.options.freshConnections) {
      const response = await fetch(`${this.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body });
      return { status: response.status, json: await response.json() };
    }
    return new Promise((resolve, reject) => {
      const request = http.request(`${this.url}${path}`, { method, agent: false, headers: { 'Content-Type': 'application/json' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
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

/** The GwsError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<GwsError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GwsError, `expected a GwsError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}
