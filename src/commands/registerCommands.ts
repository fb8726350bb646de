import type * as vscode from 'vscode';
import { registerAgentCommands } from './agentCommands';
import { registerCallOperationCommands } from './callOperationCommands';
import type { CommandDeps } from './commandDeps';
import { registerInspectorCommands, registerInspectorSerializer } from './inspectorCommands';
import { registerProfileCommands } from './profileCommands';
import { registerProxyCommands } from './proxyCommands';
import { registerScenarioCommands } from './scenarioCommands';
import { registerReplayCommands } from './replayCommands';
import { registerSessionCommands } from './signInCommands';
import { registerSimulatorCommands } from './simulatorCommands';
import { registerSupervisionCommands } from './supervisionCommands';
import type { ScenarioTesting } from '../testing/scenarioTests';

/** Every command of the extension, registered from one place (and the inspector's panel serializer). */
export function registerCommands(deps: CommandDeps, scenarios: ScenarioTesting): vscode.Disposable[] {
  return [
    ...registerSessionCommands(deps),
    ...registerProfileCommands(deps),
    ...registerCallOperationCommands(deps),
    ...registerAgentCommands(deps),
    ...registerSupervisionCommands(deps),
    ...registerSimulatorCommands(deps),
    ...registerProxyCommands(deps),
    ...registerInspectorCommands(deps.inspector),
    ...registerScenarioCommands(deps, scenarios),
    ...registerReplayCommands(deps),
    registerInspectorSerializer(deps.inspector),
  ];
}
