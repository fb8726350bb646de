// The built-in GWS simulator: a real HTTP server with the GWS API v2 voice resources and
// a real Bayeux (CometD) server, for development, demos and every test of the extension.
// It shares no code with the extension's client on purpose: an independent server is
// what catches the client's wrong assumptions about GWS. See controlApi.ts for /sim/.
import { DemoScenario } from './demoScenario';
import { Simulator } from './simulator';
import type { SimulatorControl } from './controlApi';
import type { SessionClock } from './sessions';

export type {
  FailNextRequest,
  InboundCallRequest,
  PublishRequestBody,
  SimState,
  SimulatorControl,
} from './controlApi';
export type { LoggedRequest } from './requestLog';
export type { SessionClock } from './sessions';
export { BUSY_NUMBER, ERROR_DESTINATION_BUSY, ERROR_INVALID_DESTINATION } from './callModel';

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'none'. */
  scenario?: 'none' | 'demo';
  /** CSRF protection on (default true). */
  csrf?: boolean;
  /** Reject requests whose Origin is not the server's own URL (default false). */
  checkOrigin?: boolean;
  /** JSESSIONID idle timeout, default 30 min. */
  sessionIdleTimeoutMs?: number;
  /** What the idle timeout is measured with (tests move a fake one); default the system clock. */
  sessionClock?: SessionClock;
  /** A simulated external party answers after this (default 1000). */
  answerDelayMs?: number;
  /** One line per request/event; never prints passwords. */
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  port: number;
  /** The same actions as the /sim/ HTTP control API, in-process. */
  control: SimulatorControl;
  stop(): Promise<void>;
}

export const DEFAULT_USERS = [
  { userName: 'agent1', password: 'agent1', phoneNumber: '15000' },
  { userName: 'agent2', password: 'agent2', phoneNumber: '15001' },
] as const;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = new Simulator({
    host: options.host ?? '127.0.0.1',
    csrf: options.csrf ?? true,
    checkOrigin: options.checkOrigin ?? false,
    sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 30 * 60_000,
    sessionClock: options.sessionClock,
    answerDelayMs: options.answerDelayMs ?? 1000,
    log: options.log ?? (() => undefined),
  });
  await simulator.start(options.port ?? 0);
  const demo = options.scenario === 'demo' ? new DemoScenario(simulator) : undefined;
  demo?.start();
  let stopped: Promise<void> | undefined;
  return {
    url: simulator.url,
    port: simulator.listeningPort,
    control: simulator,
    stop: () => {
      stopped ??= (async () => {
        demo?.stop();
        await simulator.stop();
      })();
      return stopped;
    },
  };
}
