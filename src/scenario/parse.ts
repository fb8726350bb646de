// Reads a `*.gws-scenario.json` file into a Scenario, or fails with every problem found, each
// naming its step ("step 3: 'call' must be a binding like $call1"). The JSON schema
// (schemas/gws-scenario.schema.json) gives the editor the same rules; this is what a run trusts.
import { DEFAULT_WITHIN_MS, FAULTS, type Scenario, type ScenarioStep, type StepKind } from './types';

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

type Json = Record<string, unknown>;

const BINDING = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys each step may have (besides `do`): a typo is an error, not an ignored field. */
const STEP_KEYS: Record<StepKind, readonly string[]> = {
  signIn: ['simulator', 'profile', 'user', 'sessionMode'],
  inboundCall: ['bind', 'to', 'from', 'userData', 'state'],
  routerUserData: ['call', 'userData', 'mode'],
  remoteHangup: ['call'],
  fault: ['fault', 'params'],
  operation: ['call', 'operation', 'params'],
  expect: ['notification', 'call', 'bind', 'within', 'fields', 'capabilities', 'userData'],
};

export function isBinding(value: unknown): value is string {
  return typeof value === 'string' && BINDING.test(value);
}

/** Parses and validates; throws ScenarioError listing what is wrong. */
export function parseScenario(text: string): Scenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError([`not valid JSON: ${(error as Error).message}`]);
  }
  return validateScenario(value);
}

export function validateScenario(value: unknown): Scenario {
  const problems: string[] = [];
  if (!isObject(value)) throw new ScenarioError(['a scenario is a JSON object with "name" and "steps"']);
  for (const key of Object.keys(value)) if (!['$schema', 'name', 'description', 'steps'].includes(key)) problems.push(`unknown field '${key}' (known: name, description, steps)`);
  if (typeof value.name !== 'string' || value.name.trim() === '') problems.push("'name' must be a non-empty string");
  if (!Array.isArray(value.steps) || value.steps.length === 0) {
    problems.push("'steps' must be a non-empty array");
    throw new ScenarioError(problems);
  }
  const bound = new Set<string>();
  value.steps.forEach((step: unknown, index: number) => {
    for (const problem of checkStep(step, bound)) problems.push(`step ${index + 1}: ${problem}`);
  });
  const first = value.steps[0] as Json | undefined;
  if (isObject(first) && first.do !== 'signIn') problems.push("step 1: a scenario starts with a 'signIn' step");
  value.steps.slice(1).forEach((step: unknown, index: number) => {
    if (isObject(step) && step.do === 'signIn') problems.push(`step ${index + 2}: only the first step may sign in`);
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return value as unknown as Scenario;
}

function checkStep(step: unknown, bound: Set<string>): string[] {
  if (!isObject(step)) return ['a step is an object with "do"'];
  const kind = step.do;
  if (typeof kind !== 'string' || !(kind in STEP_KEYS)) return [`'do' must be one of ${Object.keys(STEP_KEYS).join(', ')}, got ${shown(kind)}`];
  const problems: string[] = [];
  const known = STEP_KEYS[kind as StepKind];
  for (const key of Object.keys(step)) if (key !== 'do' && !known.includes(key)) problems.push(`unknown field '${key}' for ${kind} (known: ${known.join(', ')})`);
  const needCall = (): void => {
    if (!isBinding(step.call)) problems.push(`'call' must be a binding like $call1, got ${shown(step.call)}`);
    else if (!bound.has(step.call)) problems.push(`'${step.call}' is not bound by an earlier step`);
  };
  const newBinding = (required: boolean): void => {
    if (step.bind === undefined && !required) return;
    if (!isBinding(step.bind)) problems.push(`'bind' must be a new name like $call1, got ${shown(step.bind)}`);
    else if (bound.has(step.bind)) problems.push(`'${step.bind}' is bound already`);
    else bound.add(step.bind);
  };
  const optionalObject = (key: string): void => {
    if (step[key] !== undefined && !isObject(step[key])) problems.push(`'${key}' must be an object`);
  };
  switch (kind as StepKind) {
    case 'signIn':
      if (step.simulator !== undefined && typeof step.simulator !== 'boolean') problems.push("'simulator' must be true or false");
      if (step.profile !== undefined && (typeof step.profile !== 'string' || step.profile === '')) problems.push("'profile' must be a profile id or name");
      if (step.simulator === true && step.profile !== undefined) problems.push("give either 'simulator' or 'profile', not both");
      if (step.user !== undefined && typeof step.user !== 'string') problems.push("'user' must be a user name");
      if (step.sessionMode !== undefined && step.sessionMode !== 'observe' && step.sessionMode !== 'agent') problems.push("'sessionMode' must be 'observe' or 'agent'");
      break;
    case 'inboundCall':
      for (const key of ['to', 'from']) if (step[key] !== undefined && typeof step[key] !== 'string') problems.push(`'${key}' must be a string`);
      optionalObject('userData');
      if (step.state !== undefined && step.state !== 'Ringing' && step.state !== 'Established') problems.push("'state' must be 'Ringing' or 'Established'");
      newBinding(true);
      break;
    case 'routerUserData':
      needCall();
      if (!isObject(step.userData)) problems.push("'userData' must be an object");
      if (step.mode !== undefined && step.mode !== 'update' && step.mode !== 'attach') problems.push("'mode' must be 'update' or 'attach'");
      break;
    case 'remoteHangup':
      needCall();
      break;
    case 'fault':
      if (!(FAULTS as readonly unknown[]).includes(step.fault)) problems.push(`'fault' must be one of ${FAULTS.join(', ')}, got ${shown(step.fault)}`);
      optionalObject('params');
      break;
    case 'operation':
      needCall();
      if (typeof step.operation !== 'string' || !/^[A-Za-z]+$/.test(step.operation)) problems.push(`'operation' must be an operation name like StartCallRecording, got ${shown(step.operation)}`);
      optionalObject('params');
      break;
    case 'expect':
      if (typeof step.notification !== 'string' || step.notification === '') problems.push("'notification' must be a notificationType or messageType, e.g. CallRecordingStateChange");
      if (step.call !== undefined) needCall();
      newBinding(false);
      if (step.within !== undefined && !(typeof step.within === 'number' && Number.isFinite(step.within) && step.within > 0 && step.within <= 600_000)) {
        problems.push(`'within' must be milliseconds from 1 to 600000 (default ${DEFAULT_WITHIN_MS}), got ${shown(step.within)}`);
      }
      optionalObject('fields');
      problems.push(...checkSection(step.capabilities, 'capabilities', { gained: 'list', lost: 'list' }));
      problems.push(...checkSection(step.userData, 'userData', { added: 'keys', removed: 'list', changed: 'keys' }));
      break;
  }
  return problems;
}

function checkSection(value: unknown, name: string, shape: Record<string, 'list' | 'keys'>): string[] {
  if (value === undefined) return [];
  if (!isObject(value)) return [`'${name}' must be an object with ${Object.keys(shape).join(', ')}`];
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const kind = shape[key];
    if (!kind) problems.push(`unknown field '${name}.${key}' (known: ${Object.keys(shape).join(', ')})`);
    else if (kind === 'list' || Array.isArray(item)) {
      if (!Array.isArray(item) || !item.every((x) => typeof x === 'string')) problems.push(`'${name}.${key}' must be a list of names`);
    } else if (!isObject(item)) problems.push(`'${name}.${key}' must be a list of keys or an object of keys and values`);
  }
  return problems;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Steps in order with their 1-based number, for reports. */
export function describeStep(step: ScenarioStep): string {
  switch (step.do) {
    case 'signIn':
      return step.profile ? `sign in to profile ${step.profile}` : `sign in to the simulator as ${step.user ?? 'agent1'}`;
    case 'inboundCall':
      return `inbound call ${step.bind}${step.from ? ` from ${step.from}` : ''}`;
    case 'routerUserData':
      return `router changes userData of ${step.call}`;
    case 'remoteHangup':
      return `remote party of ${step.call} hangs up`;
    case 'fault':
      return `fault ${step.fault}`;
    case 'operation':
      return `${step.operation} on ${step.call}`;
    case 'expect':
      return `expect ${step.notification}${step.call ? ` for ${step.call}` : ''}${step.bind ? ` as ${step.bind}` : ''}`;
  }
}
