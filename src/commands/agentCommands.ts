// The agent's own state and devices: Set Agent State, Do Not Disturb On/Off, Forward Calls
// On/Off and Make Call (docs/gws-notes.md#agent-state, docs/gws-notes.md#device-operations,
// docs/gws-notes.md#dial). Each sends exactly the operation the user chose, on the session of
// the item it runs on: nothing here changes the agent's state by itself.
import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { GwsSession } from '../gws/gwsSession';
import { deviceCapabilities, deviceDescription, deviceNumber } from '../model/devices';
import { sourceOf } from '../views/callNodes';
import { isDeviceNode, type DeviceOwner } from '../views/deviceNodes';
import type { GwsDevice } from '../wire/types';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { phoneNumberProblem } from './inputParsing';
import { SUGGESTED_NUMBER } from './operationHints';
import { pickSession } from './sessionPick';

/** Where Make Call remembers the numbers it dialled (global state: numbers only, never a credential). */
export const RECENT_NUMBERS_KEY = 'gws.recentNumbers';
const MAX_RECENT_NUMBERS = 8;

export function registerAgentCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gws.agent.setState', (arg?: unknown) => setAgentState(deps, arg)),
    vscode.commands.registerCommand('gws.device.dndOn', (arg?: unknown) => simpleDeviceOperation(deps, arg, 'DoNotDisturbOn')),
    vscode.commands.registerCommand('gws.device.dndOff', (arg?: unknown) => simpleDeviceOperation(deps, arg, 'DoNotDisturbOff')),
    vscode.commands.registerCommand('gws.device.forwardOn', (arg?: unknown) => forwardOn(deps, arg)),
    vscode.commands.registerCommand('gws.device.forwardOff', (arg?: unknown) => simpleDeviceOperation(deps, arg, 'ForwardCallsOff')),
    vscode.commands.registerCommand('gws.call.dial', (arg?: unknown) => makeCall(deps, arg)),
  ];
}

interface AgentStateChoice extends vscode.QuickPickItem {
  operation: string;
  askReason?: boolean;
  logsOut?: boolean;
}

/** The agent-state operations GWS defines on /api/v2/me/channels/voice (docs/gws-notes.md#agent-state). */
const BUILT_IN_STATES: readonly AgentStateChoice[] = [
  { label: vscode.l10n.t('Ready'), operation: 'Ready' },
  { label: vscode.l10n.t('Not Ready'), operation: 'NotReady' },
  { label: vscode.l10n.t('Not Ready with Reason...'), operation: 'NotReady', askReason: true },
  { label: vscode.l10n.t('After Call Work'), operation: 'AfterCallWork' },
  { label: vscode.l10n.t('Aux Work'), operation: 'AuxWork' },
  { label: vscode.l10n.t('Offline'), operation: 'Offline', description: vscode.l10n.t('logs the agent out of voice'), logsOut: true },
];

async function setAgentState(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const choices: AgentStateChoice[] = [...BUILT_IN_STATES, ...(await configuredStates(deps, session))];
  const choice = await deps.prompter.current.quickPick(choices, { title: vscode.l10n.t('GWS: Set Agent State'), placeHolder: vscode.l10n.t('The state to set on the voice channel') });
  if (!choice) return false;
  const params: Record<string, unknown> = {};
  if (choice.askReason) {
    const reason = await deps.prompter.current.input({
      title: vscode.l10n.t('GWS: Not Ready with Reason'),
      prompt: vscode.l10n.t('Reason code'),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a reason code')),
    });
    if (reason === undefined) return false;
    // NotReady's page documents no parameter; 8.5.0 devices report `reasonCode`, so that is the
    // name sent (a guess, docs/gws-notes.md#agent-state).
    params.reasonCode = reason.trim();
  }
  if (choice.logsOut) {
    const sure = await deps.prompter.current.confirm(
      vscode.l10n.t('Log the agent out of voice (Offline)?'),
      vscode.l10n.t('The switch logs the agent out for every application signed in as this agent.'),
      vscode.l10n.t('Go Offline'),
    );
    if (!sure) return false;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: plainText(`GWS: ${choice.operation}…`) }, () =>
      session.setAgentState(choice.operation, params),
    );
    vscode.window.setStatusBarMessage(`$(check) ${plainText(vscode.l10n.t('GWS: {0} accepted', choice.operation))}`, 4000);
    return true;
  } catch (error) {
    showError(vscode.l10n.t('{0} failed', choice.operation), error, deps);
    return false;
  }
}

/**
 * The server's configured agent states (GET /api/v2/settings/agent-states) not already among
 * the built-in ones; their names are sent as the operation. A server that lists none, or
 * refuses the read, leaves the built-in list: the read is logged, never in the way.
 */
async function configuredStates(deps: CommandDeps, session: GwsSession): Promise<AgentStateChoice[]> {
  let settings: Array<Record<string, unknown>>;
  try {
    settings = await session.agentStates();
  } catch (error) {
    deps.logger.warn('ui', `Reading the configured agent states failed: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
  const builtIn = new Set(BUILT_IN_STATES.map((s) => s.operation));
  const choices: AgentStateChoice[] = [];
  for (const entry of settings) {
    const name = typeof entry.name === 'string' && entry.name ? entry.name : typeof entry.operationName === 'string' ? entry.operationName : undefined;
    if (!name || builtIn.has(name) || choices.some((c) => c.operation === name)) continue;
    const display = typeof entry.displayName === 'string' && entry.displayName ? entry.displayName : name;
    choices.push({ label: plainText(display), description: plainText(vscode.l10n.t('configured on the server · {0}', name)), operation: name });
  }
  return choices;
}

/** An operation without parameters on the device: DoNotDisturbOn/Off, ForwardCallsOff. */
async function simpleDeviceOperation(deps: CommandDeps, arg: unknown, operation: string): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const device = await resolveDevice(deps, owner, arg, operation, `GWS: ${operation}`);
  if (!device) return false;
  return sendDeviceOperation(deps, session, device.id, deviceNumber(device), operation, {});
}

async function forwardOn(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const device = await resolveDevice(deps, owner, arg, 'ForwardCallsOn', vscode.l10n.t('GWS: Forward Calls On'));
  if (!device) return false;
  const destination = await deps.prompter.current.input({
    title: plainText(vscode.l10n.t('Forward calls of {0}', deviceNumber(device))),
    prompt: vscode.l10n.t('Number to forward calls to'),
    placeHolder: '15002',
    validateInput: phoneNumberProblem,
  });
  if (destination === undefined) return false;
  // The documented body: `destination` as a number string (docs/gws-notes.md#device-operations).
  return sendDeviceOperation(deps, session, device.id, deviceNumber(device), 'ForwardCallsOn', { destination: destination.trim() });
}

export async function sendDeviceOperation(
  deps: CommandDeps,
  session: GwsSession,
  deviceId: string,
  number: string,
  operation: string,
  params: Record<string, unknown>,
): Promise<boolean> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: plainText(`GWS: ${operation}…`) }, () =>
      session.runDeviceOperation(deviceId, operation, params),
    );
    vscode.window.setStatusBarMessage(`$(check) ${plainText(vscode.l10n.t('GWS: {0} accepted on {1}', operation, number))}`, 4000);
    return true;
  } catch (error) {
    showError(vscode.l10n.t('{0} failed', operation), error, deps);
    return false;
  }
}

/** Make Call: Dial from the device item it runs on, or a picked device; offers the numbers dialled before. */
async function makeCall(deps: CommandDeps, arg: unknown): Promise<boolean> {
  const owner = await ownerOf(deps, arg);
  const session = owner && sessionOf(owner);
  if (!owner || !session) return false;
  const device = await resolveDevice(deps, owner, arg, undefined, vscode.l10n.t('GWS: Make Call'));
  if (!device) return false;
  const title = plainText(vscode.l10n.t('Dial from {0}', deviceNumber(device)));
  const phone = await askNumber(deps, title);
  if (phone === undefined) return false;
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('GWS: Dial…') }, () => session.dial(device.id, phone));
    vscode.window.setStatusBarMessage(`$(check) ${plainText(vscode.l10n.t('GWS: Dial {0} accepted', phone))}`, 4000);
    await rememberNumber(deps.context.globalState, phone);
    return true;
  } catch (error) {
    showError(vscode.l10n.t('Dial failed'), error, deps);
    return false;
  }
}

/** A number to dial: one of the recent ones, or typed (validated) when there are none or the user wants another. */
async function askNumber(deps: CommandDeps, title: string): Promise<string | undefined> {
  const recent = recentNumbers(deps.context.globalState);
  if (recent.length > 0) {
    const other = { label: `$(edit) ${vscode.l10n.t('Another number...')}`, number: undefined as string | undefined };
    const picked = await deps.prompter.current.quickPick([...recent.map((number) => ({ label: number, number })), other], {
      title,
      placeHolder: vscode.l10n.t('Number to call (recent numbers first)'),
    });
    if (!picked) return undefined;
    if (picked.number !== undefined) return picked.number;
  }
  const phone = await deps.prompter.current.input({ title, prompt: vscode.l10n.t('Number to call'), placeHolder: SUGGESTED_NUMBER, validateInput: phoneNumberProblem });
  return phone === undefined ? undefined : phone.trim();
}

/** The numbers dialled before, newest first; anything that is not a dialable number is dropped. */
export function recentNumbers(state: vscode.Memento): string[] {
  const stored = state.get<unknown>(RECENT_NUMBERS_KEY);
  if (!Array.isArray(stored)) return [];
  return stored.filter((n): n is string => typeof n === 'string' && phoneNumberProblem(n) === undefined).slice(0, MAX_RECENT_NUMBERS);
}

function rememberNumber(state: vscode.Memento, phone: string): Thenable<void> {
  const next = [phone, ...recentNumbers(state).filter((n) => n !== phone)].slice(0, MAX_RECENT_NUMBERS);
  return state.update(RECENT_NUMBERS_KEY, next);
}

// ---- what a command acts on (supervisionCommands.ts uses these too) -----------------------

/**
 * The owner of the item a command runs on: a device item's own, or the session of any other
 * item (a session node, a call); from the palette the only signed-in session, or the one the
 * user picks (sessionPick.ts). The device is then picked among that session's devices.
 */
export async function ownerOf(deps: CommandDeps, arg: unknown): Promise<DeviceOwner | undefined> {
  if (isDeviceNode(arg)) return arg.owner;
  const signedIn = deps.sessions.list().filter((s) => s.state === 'connected' || s.state === 'reconnecting');
  if (!sourceOf(arg) && signedIn.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('GWS: sign in first ("GWS: Sign In").'));
    return undefined;
  }
  const controller = await pickSession(deps, arg, vscode.l10n.t('As which agent?'), signedIn);
  return controller ? { controller, devices: controller.devices } : undefined;
}

/** The owner's session while it is signed in, or undefined after telling the user to sign in first. */
export function sessionOf(owner: DeviceOwner): GwsSession | undefined {
  const state = owner.controller.state;
  const session = state === 'connected' || state === 'reconnecting' ? owner.controller.active : undefined;
  if (!session) void vscode.window.showWarningMessage(vscode.l10n.t('GWS: sign in first ("GWS: Sign In").'));
  return session;
}

/**
 * The device a command applies to: the device item it was invoked on, or a quick pick of the
 * owner's devices that allow `capability` (no question when only one does).
 */
export async function resolveDevice(
  deps: CommandDeps,
  owner: DeviceOwner,
  arg: unknown,
  capability: string | undefined,
  title: string,
): Promise<GwsDevice | undefined> {
  if (isDeviceNode(arg)) {
    const device = owner.devices.get(arg.deviceId);
    if (!device) void vscode.window.showWarningMessage(plainText(vscode.l10n.t('GWS: device {0} is no longer known.', arg.deviceId)));
    else if (capability && !deviceCapabilities(device).includes(capability)) {
      void vscode.window.showWarningMessage(plainText(vscode.l10n.t('GWS: the server does not offer {0} on {1} now.', capability, deviceNumber(device))));
      return undefined;
    }
    return device;
  }
  const candidates = owner.devices.list().filter((device) => !capability || deviceCapabilities(device).includes(capability));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(capability ? vscode.l10n.t('GWS: no device allows {0} right now.', capability) : vscode.l10n.t('GWS: the agent has no device.'));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  // Everything but the icon is the server's text: plain text, never a link or an icon.
  const picked = await deps.prompter.current.quickPick(
    candidates.map((device) => ({
      label: `$(device-mobile) ${plainText(deviceNumber(device))}`,
      description: plainText(deviceDescription(device)),
      detail: plainText(device.id),
      device,
    })),
    { title, placeHolder: vscode.l10n.t('Which device?'), matchOnDetail: true },
  );
  return picked?.device;
}
