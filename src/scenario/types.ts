// The scenario format (`*.gws-scenario.json`): a readable test of a call-control integration
// made of steps run in order against a GWS server, the built-in simulator by default.
// schemas/gws-scenario.schema.json says the same for VS Code's completion and validation;
// parse.ts checks a file against these types with errors that name the step.

/** A name bound by an earlier step to a call id: `$call1`. */
export type Binding = string;

/** Sign in: to the built-in simulator (password = user name, as its demo users) or a named profile. */
export interface SignInStep {
  do: 'signIn';
  /** The built-in simulator (the default when neither this nor `profile` is given). */
  simulator?: boolean;
  /** A server profile by id or name; its URL, user and password come from where the scenario runs. */
  profile?: string;
  /** Simulator user (default agent1). */
  user?: string;
  /** Default `observe`: the run never logs the agent in or out unless the scenario says so. */
  sessionMode?: 'observe' | 'agent';
}

/** The simulator rings an agent (POST /sim/calls); `bind` names the new call. */
export interface InboundCallStep {
  do: 'inboundCall';
  bind: Binding;
  /** Agent user name or phone number (default: the signed-in user). */
  to?: string;
  from?: string;
  userData?: Record<string, unknown>;
  state?: 'Ringing' | 'Established';
}

/** The "router" changes a call's userData (POST /sim/calls/{id}/user-data). */
export interface RouterUserDataStep {
  do: 'routerUserData';
  call: Binding;
  userData: Record<string, unknown>;
  mode?: 'update' | 'attach';
}

/** The remote party hangs up (POST /sim/calls/{id}/remote-hangup). */
export interface RemoteHangupStep {
  do: 'remoteHangup';
  call: Binding;
}

export const FAULTS = ['drop-connections', 'expire-sessions', 'fail-next', 'restart', 'drop-notifications'] as const;
export type FaultName = (typeof FAULTS)[number];

/** A simulator fault (POST /sim/faults/{fault} with `params` as its body). */
export interface FaultStep {
  do: 'fault';
  fault: FaultName;
  params?: Record<string, unknown>;
}

/** A call operation (POST /api/v2/me/calls/{id} with operationName) on a bound call. */
export interface OperationStep {
  do: 'operation';
  call: Binding;
  operation: string;
  params?: Record<string, unknown>;
}

/** What a userData section must show: key names, or keys with their values. */
export type KeyExpectation = string[] | Record<string, unknown>;

/** A notification that must arrive, and what its diff must show (at least). */
export interface ExpectStep {
  do: 'expect';
  /** notificationType (StatusChange, CallRecordingStateChange…) or messageType. */
  notification: string;
  /** The call it is about; with `bind`, a call not bound yet (a call the previous step made). */
  call?: Binding;
  /** Binds the call of the matching notification (a new call). */
  bind?: Binding;
  /** Milliseconds after the previous action step started (default 2,000). */
  within?: number;
  /** Top-level call fields and the values they must have after the notification. */
  fields?: Record<string, unknown>;
  capabilities?: { gained?: string[]; lost?: string[] };
  userData?: { added?: KeyExpectation; removed?: string[]; changed?: KeyExpectation };
}

export type ActionStep = SignInStep | InboundCallStep | RouterUserDataStep | RemoteHangupStep | FaultStep | OperationStep;
export type ScenarioStep = ActionStep | ExpectStep;
export type StepKind = ScenarioStep['do'];

export interface Scenario {
  $schema?: string;
  name: string;
  description?: string;
  steps: ScenarioStep[];
}

export const DEFAULT_WITHIN_MS = 2_000;
