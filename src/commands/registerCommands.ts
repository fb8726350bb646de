import type * as vscode from 'vscode';
import { registerCallOperationCommands } from './callOperationCommands';
import type { CommandDeps } from './commandDeps';
import { registerProfileCommands } from './profileCommands';
import { registerSessionCommands } from './signInCommands';
import { registerSimulatorCommands } from './simulatorCommands';

/** Every command of the extension except the inspector's, registered from one place. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    ...registerSessionCommands(deps),
    ...registerProfileCommands(deps),
    ...registerCallOperationCommands(deps),
    ...registerSimulatorCommands(deps),
  ];
}
