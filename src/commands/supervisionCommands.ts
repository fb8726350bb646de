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
    vscode.commands.registerCommand('gws.device.listenIn', (arg?: unknown) => monitor(deps, arg, 'ListenIn', vscode.l10n.t('Listen In'))),
    vscode.commands.registerCommand('gws.device.coach', (arg?: unknown) => monitor(deps, arg, 'Coach', vscode.l10n.t('Coach'))),
    vscode.commands.registerCommand('gws.device.bargeIn', (arg?: unknown) => monitor(deps, arg, 'BargeIn', vscode.l10n.t('Barge In'))),
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
      return vscode.l10n.t('Not a valid device URI');
    }
  }
  return phoneNumberProblem(value) === undefined ? undefined : vscode.l10n.t('Enter the device URI of the agent (http…/devices/…) or their phone number');
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
  const title = plainText(vscode.l10n.t('{0} from {1}', label, deviceNumber(device)));
  const ask = deps.prompter.current;
  const target = await ask.input({ title, prompt: vscode.l10n.t('Agent to monitor: their device URI or phone number'), placeHolder: '15000', validateInput: monitoringTargetProblem });
  if (target === undefined) return false;
  // The documented values; the first of each is GWS's default (docs/gws-notes.md#device-operations).
  const scope = await ask.quickPick(
    [
      { label: vscode.l10n.t('Call'), description: vscode.l10n.t('the current call only'), value: 'Call' },
      { label: vscode.l10n.t('Agent'), description: vscode.l10n.t('every call of the agent while monitoring lasts'), value: 'Agent' },
    ],
    { title, placeHolder: vscode.l10n.t('Monitoring scope') },
  );
  if (!scope) return false;
  const mode = await ask.quickPick(
    [
      { label: vscode.l10n.t('All Calls'), description: vscode.l10n.t('start now and stay'), value: 'AllCalls' },
      { label: vscode.l10n.t('Next Call'), description: vscode.l10n.t('the next call only'), value: 'NextCall' },
    ],
    { title, placeHolder: vscode.l10n.t('Monitoring mode') },
  );
  if (!mode) return false;
  return sendDeviceOperation(deps, session, device.id, deviceNumber(device), operation, monitoringParams(target, scope.value, mode.value));
}

async function cancelMonitoring(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const device = await resolveDevice(deps, owner, arg, 'CancelSupervisorMonitoring', vscode.l10n.t('GWS: Cancel Supervisor Monitoring'));
  if (!device) return false;
  return sendDeviceOperation(deps, session, device.id, deviceNumber(device), 'CancelSupervisorMonitoring', {});
}
