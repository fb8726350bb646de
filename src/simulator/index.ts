// The built-in GWS simulator: a real HTTP server with the GWS API v2 voice resources and
// a real Bayeux (CometD) server, for development, demos and every test of the extension.
// It shares no code with the extension's client on purpose: an independent server is
// what catches the client's wrong assumptions about GWS. See controlApi.ts for /sim/.
import { checkOrigins } from './config';
import { DEFAULT_DEMO_TIMINGS, DemoScenario, type DemoTimings } from './demoScenario';
import { Simulator } from './simulator';
import type { SimulatorControl } from './controlApi';
import type { SessionClock } from './sessions';

export type {
  CallIdChange,
  CallIdChangeMode,
  ConfigState,
  FailNextRequest,
  InboundCallRequest,
  MediaKind,
  MediaRequest,
  PlaceState,
  PublishRequestBody,
  RawPublishRequest,
  ReplayNotification,
  ReplayRequest,
  ReplayResult,
  ServerChecksPatch,
  SimState,
  SimulatorControl,
  UserConfigRequest,
  UserState,
} from './controlApi';
export type { LoggedRequest } from './requestLog';
export type { DemoTimings } from './demoScenario';
export type { SessionClock } from './sessions';
export { BUSY_NUMBER, ERROR_DESTINATION_BUSY, ERROR_INVALID_DESTINATION } from './callModel';

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * Serve HTTPS (REST, CometD long-polling and wss websocket) with this certificate and
   * key, PEM texts; default plain HTTP. `url` then starts with https://.
   */
  tls?: { cert: string; key: string };
  /** Default 'none'. */
  scenario?: 'none' | 'demo';
  /** With scenario 'demo': when calls come and unanswered callers give up (tests shorten them). */
  demoTimings?: Partial<DemoTimings>;
  /** CSRF protection on (default true). */
  csrf?: boolean;
  /** Reject requests whose Origin is missing or not the server's own URL (default false). */
  checkOrigin?: boolean;
  /**
   * An Origin allow-list (default none): a REST or CometD request carrying an Origin not in
   * the list gets 403 / statusCode 3; one without Origin passes unless `checkOrigin`. The
   * server's own URL is not implicitly allowed. A bare "*" is refused, as GWS refuses it.
   */
  allowedOrigins?: string[];
  /** With `csrf`: CometD POSTs need the session's X-CSRF-TOKEN header too, else 403 (default false). */
  requireCsrfOnCometd?: boolean;
  /** Refuse Bayeux subscriptions with a wildcard (`/v2/me/*`, `/**`) with 403 (default false). */
  refuseWildcardSubscriptions?: boolean;
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
  /** e.g. http://127.0.0.1:43123, or https://... with `tls` (no trailing slash). */
  url: string;
  port: number;
  /** The same actions as the /sim/ HTTP control API, in-process. */
  control: SimulatorControl;
  stop(): Promise<void>;
}

export const DEFAULT_USERS = [
  { userName: 'agent1', password: 'agent1', phoneNumber: '15000' },
  { userName: 'agent2', password: 'agent2', phoneNumber: '15001' },
  { userName: 'agent3', password: 'agent3', phoneNumber: '15002' },
  { userName: 'supervisor1', password: 'supervisor1', phoneNumber: '15005' },
] as const;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = new Simulator({
    host: options.host ?? '127.0.0.1',
    tls: options.tls,
    csrf: options.csrf ?? true,
    // Checked like POST /sim/config, so a bad option fails the start with the same message.
    checks: {
      checkOrigin: options.checkOrigin ?? false,
      allowedOrigins: options.allowedOrigins === undefined ? undefined : checkOrigins(options.allowedOrigins),
      requireCsrfOnCometd: options.requireCsrfOnCometd ?? false,
      refuseWildcardSubscriptions: options.refuseWildcardSubscriptions ?? false,
    },
    sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 30 * 60_000,
    sessionClock: options.sessionClock,
    answerDelayMs: options.answerDelayMs ?? 1000,
    log: options.log ?? (() => undefined),
  });
  await simulator.start(options.port ?? 0);
  const demo = options.scenario === 'demo' ? new DemoScenario(simulator, 'agent1', { ...DEFAULT_DEMO_TIMINGS, ...options.demoTimings }) : undefined;
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
