import type * as vscode from 'vscode';
import { registerCallOperationCommands } from './callOperations';
import type { CommandDeps } from './commandDeps';
import { registerProfileCommands } from './profiles';
import { registerSessionCommands } from './session';
import { registerSimulatorCommands } from './simulator';

/** Every command of the extension except the inspector's, registered from one place. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    ...registerSessionCommands(deps),
    ...registerProfileCommands(deps),
    ...registerCallOperationCommands(deps),
    ...registerSimulatorCommands(deps),
  ];
}
