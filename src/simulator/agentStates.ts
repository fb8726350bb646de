// The voice agent states the simulator accepts on POST /api/v2/me/channels/voice, and the
// configured list GET /api/v2/settings/agent-states returns (docs/gws-notes.md#agent-state).
//
// The five documented operations (Ready, NotReady, AfterCallWork, AuxWork, Offline) always
// work. NotReady, AfterCallWork and AuxWork take an optional `reasonCode` (a string, shown as
// `userState.reason`): 8.5.0 documented reason/reasonCode on the agent state, later pages do
// not, so the parameter is the simulator's guess. The configured states beyond the documented
// ones (Break, Training) are posted by their `name` as operationName, as public clients do;
// their reason is fixed by the configuration.
import { errors } from './errors';
import type { OperationBody } from './operationParams';
import type { ConfiguredAgentState, DeviceState } from './users';

export const CONFIGURED_AGENT_STATES: readonly ConfiguredAgentState[] = [
  { name: 'Ready', displayName: 'Ready', state: 'Ready' },
  { name: 'NotReady', displayName: 'Not Ready', state: 'NotReady' },
  { name: 'AfterCallWork', displayName: 'After Call Work', state: 'NotReady', workMode: 'AfterCallWork' },
  { name: 'AuxWork', displayName: 'Aux Work', state: 'NotReady', workMode: 'AuxWork' },
  { name: 'Break', displayName: 'Break', state: 'NotReady', workMode: 'AuxWork', reason: 'Break' },
  { name: 'Training', displayName: 'Training', state: 'NotReady', reason: 'Training' },
];

/** The documented operations the list does not name as such. */
const BUILT_IN = new Set(['Ready', 'NotReady', 'AfterCallWork', 'AuxWork']);

/** GET /api/v2/settings/agent-states: `settings`, one object per state, no undefined fields. */
export function agentStatesSettings(): Array<Record<string, string>> {
  return CONFIGURED_AGENT_STATES.map((s) => JSON.parse(JSON.stringify(s)) as Record<string, string>);
}

/**
 * What an agent-state operation changes on the device, or undefined for Offline (logging out
 * is agentDesk's). Throws statusCode 3 for a name that is neither documented nor configured,
 * 10 for a reasonCode that is not a non-empty string, and 10 for a reasonCode on Ready or on
 * a configured state (their reason is the configuration's).
 */
export function agentStateChange(name: string, body: OperationBody): Partial<DeviceState> | undefined {
  if (name === 'Offline') return undefined;
  const configured = CONFIGURED_AGENT_STATES.find((s) => s.name === name);
  if (!configured) {
    const known = [...CONFIGURED_AGENT_STATES.map((s) => s.name), 'Offline'].join(', ');
    throw errors.invalidOperation(name, `agent states here: ${known}`);
  }
  const reasonCode = body.reasonCode;
  if (reasonCode !== undefined && reasonCode !== null) {
    if (typeof reasonCode !== 'string' || reasonCode === '') throw errors.invalidParameter("Parameter 'reasonCode' must be a non-empty string");
    if (configured.state === 'Ready' || !BUILT_IN.has(name)) {
      throw errors.invalidParameter(`Parameter 'reasonCode' is not valid for ${name}: ${configured.state === 'Ready' ? 'Ready has no reason' : 'its reason is configured'}`);
    }
  }
  return {
    agentState: configured.state,
    workMode: configured.workMode,
    configuredState: BUILT_IN.has(name) ? undefined : configured,
    reason: typeof reasonCode === 'string' ? reasonCode : configured.reason,
  };
}
