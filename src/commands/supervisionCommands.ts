// A supervisor's device operations: Listen In, Coach, Barge In and Cancel Supervisor
// Monitoring on POST /api/v2/me/devices/{id} (docs/gws-notes.md#device-operations), offered
// where the supervisor's device lists them in its capabilities. The switch from one mode to
// another on a monitored call (SwitchTo*, Mute/UnmuteMonitoredUser) is a call operation
// (operationCommands.ts). Nothing here runs unless the user asked for exactly that operation.
import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import { deviceNumber } from '../model/devices';
import { ownerOf, resolveDevice, sendDeviceOperation, sessionOf } from './agentCommands';
import type { CommandDeps } from './commandDeps';
import { phoneNumberProblem } from './inputParsing';

export function registerSupervisionCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gws.device.listenIn', (arg?: unknown) => monitor(deps, arg, 'ListenIn', 'Listen In')),
    vscode.commands.registerCommand('gws.device.coach', (arg?: unknown) => monitor(deps, arg, 'Coach', 'Coach')),
    vscode.commands.registerCommand('gws.device.bargeIn', (arg?: unknown) => monitor(deps, arg, 'BargeIn', 'Barge In')),
    vscode.commands.registerCommand('gws.device.cancelMonitoring', (arg?: unknown) => cancelMonitoring(deps, arg)),
  ];
}

/** Why `text` names no agent to monitor: a device URI (http/https) or a phone number; undefined when it does. */
export function monitoringTargetProblem(text: string): string | undefined {
  const value = text.trim();
  if (/^https?:\/\/\S+$/i.test(value)) {
    try {
      new URL(value);
      return undefined;
    } catch {
      return 'Not a valid device URI';
    }
  }
  return phoneNumberProblem(value) === undefined ? undefined : 'Enter the device URI of the agent (http…/devices/…) or their phone number';
}

/**
 * The body of ListenIn / Coach / BargeIn: the target as `targetDeviceUri` (a URI) or
 * `phoneNumber` (a number, which newer GWS versions accept), and the scope and mode chosen.
 */
export function monitoringParams(target: string, scope: string, mode: string): Record<string, unknown> {
  const value = target.trim();
  const params: Record<string, unknown> = /^https?:\/\//i.test(value) ? { targetDeviceUri: value } : { phoneNumber: value };
  params.supervisorMonitoringScope = scope;
  params.supervisorMonitoringMode = mode;
  return params;
}

async function monitor(deps: CommandDeps, arg: unknown, operation: string, label: string): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const device = await resolveDevice(deps, owner, arg, operation, `GWS: ${label}`);
  if (!device) return false;
  const title = plainText(`${label} from ${deviceNumber(device)}`);
  const ask = deps.prompter.current;
  const target = await ask.input({ title, prompt: 'Agent to monitor: their device URI or phone number', placeHolder: '15000', validateInput: monitoringTargetProblem });
  if (target === undefined) return false;
  // The documented values; the first of each is GWS's default (docs/gws-notes.md#device-operations).
  const scope = await ask.quickPick(
    [
      { label: 'Call', description: 'the current call only', value: 'Call' },
      { label: 'Agent', description: 'every call of the agent while monitoring lasts', value: 'Agent' },
    ],
    { title, placeHolder: 'Monitoring scope' },
  );
  if (!scope) return false;
  const mode = await ask.quickPick(
    [
      { label: 'All Calls', description: 'start now and stay', value: 'AllCalls' },
      { label: 'Next Call', description: 'the next call only', value: 'NextCall' },
    ],
    { title, placeHolder: 'Monitoring mode' },
  );
  if (!mode) return false;
  return sendDeviceOperation(deps, session, device.id, deviceNumber(device), operation, monitoringParams(target, scope.value, mode.value));
}

async function cancelMonitoring(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const device = await resolveDevice(deps, owner, arg, 'CancelSupervisorMonitoring', 'GWS: Cancel Supervisor Monitoring');
  if (!device) return false;
  return sendDeviceOperation(deps, session, device.id, deviceNumber(device), 'CancelSupervisorMonitoring', {});
}
