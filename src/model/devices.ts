// The agent's devices as the calls view and the status bar show them: number, device state,
// agent state, do-not-disturb, forwarding, supervision and capabilities
// (docs/gws-notes.md#device-resource). The values themselves are the ones the source's entity
// store already keeps for the inspector's diffs (entityStore.ts, kind 'device'): this list
// only remembers which ids are the agent's devices, in the order they came, and says when
// they changed. The pipeline feeds it from the sign-in snapshot and DeviceStateChangeMessage.
import { Emitter, type Event } from '../base/emitter';
import type { GwsDevice } from '../wire/types';
import type { EntityStore } from './entityStore';

const DEVICE = 'device';

export class DeviceList {
  private ids: string[] = [];
  private readonly changeEmitter = new Emitter<readonly string[]>();
  /** Fired with the ids of the devices that changed (every id after a snapshot). */
  readonly onDidChange: Event<readonly string[]> = this.changeEmitter.event;

  constructor(private readonly entities: EntityStore) {}

  get size(): number {
    return this.list().length;
  }

  /** The devices known now, in the order they first came. */
  list(): GwsDevice[] {
    const devices: GwsDevice[] = [];
    for (const id of this.ids) {
      const device = this.get(id);
      if (device) devices.push(device);
    }
    return devices;
  }

  get(id: string): GwsDevice | undefined {
    return this.entities.get(DEVICE, id) as GwsDevice | undefined;
  }

  /** A full read replaced what was known (the entity store has the values already). */
  reset(ids: readonly string[]): void {
    this.ids = [...new Set(ids)];
    this.changeEmitter.fire(this.ids);
  }

  /** A DeviceStateChangeMessage updated these devices (the entity store has the values already). */
  updated(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) if (!this.ids.includes(id)) this.ids.push(id);
    this.changeEmitter.fire(ids);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

// ---- what a device shows ----------------------------------------------------------------

/** The operation names the server offers on the device now (docs/gws-notes.md#capabilities). */
export function deviceCapabilities(device: GwsDevice | undefined): string[] {
  const caps = device?.capabilities;
  return Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string' && c.length > 0) : [];
}

/** The agent state as the server names it: "Ready", "NotReady (Break)", "AfterCallWork", "NotReady (AuxWork)", "LoggedOut". */
export function agentStateText(device: GwsDevice | undefined): string {
  const userState = device?.userState;
  const state = typeof userState?.state === 'string' && userState.state !== '' ? userState.state : 'Unknown';
  const workMode = textOf(userState?.workMode);
  const reason = textOf(userState?.reason) ?? textOf((userState as { reasonCode?: unknown } | undefined)?.reasonCode);
  // AfterCallWork is its own operation and reads as a state of its own; AuxWork and reasons qualify NotReady.
  if (state === 'NotReady' && workMode === 'AfterCallWork') return reason ? `AfterCallWork (${reason})` : 'AfterCallWork';
  const details = [workMode, reason].filter((d): d is string => d !== undefined);
  return details.length > 0 ? `${state} (${details.join(', ')})` : state;
}

/** The bare agent state ("Ready", "NotReady", "LoggedOut"), for icons. */
export function agentStateOf(device: GwsDevice | undefined): string | undefined {
  const state = device?.userState?.state;
  return typeof state === 'string' && state !== '' ? state : undefined;
}

export function isDoNotDisturbOn(device: GwsDevice | undefined): boolean {
  return device?.doNotDisturb === 'On';
}

/** Where calls are forwarded, when they are. */
export function forwardingOf(device: GwsDevice | undefined): string | undefined {
  return textOf(device?.forwardTo);
}

/** "ListenIn · Call · AllCalls → <target>" while a supervisor monitors; undefined otherwise. */
export function monitoringText(device: GwsDevice | undefined): string | undefined {
  const monitoring = device?.supervisorMonitoringState;
  if (typeof monitoring !== 'object' || monitoring === null) return textOf(monitoring);
  const m = monitoring as Record<string, unknown>;
  const state = textOf(m.state);
  if (!state || /^(none|off|idle|notmonitoring)$/i.test(state)) return undefined;
  const parts = [state, textOf(m.scope), textOf(m.mode)].filter(Boolean).join(' · ');
  const target = textOf(m.targetDeviceUri);
  return target ? `${parts} → ${target}` : parts;
}

/** The device's number, or its id when it has none. */
export function deviceNumber(device: GwsDevice): string {
  return textOf(device.phoneNumber) ?? textOf(device.e164Number) ?? device.id;
}

/** One line: "Ready · Active · DND on · forwarded to 15002". */
export function deviceDescription(device: GwsDevice): string {
  const parts = [agentStateText(device)];
  const deviceState = textOf(device.deviceState);
  if (deviceState) parts.push(deviceState);
  if (isDoNotDisturbOn(device)) parts.push('DND on');
  const forwardTo = forwardingOf(device);
  if (forwardTo) parts.push(`forwarded to ${forwardTo}`);
  const monitoring = monitoringText(device);
  if (monitoring) parts.push(`monitoring ${monitoring}`);
  return parts.join(' · ');
}

/** A string field as text; numbers too; anything else (objects, empty strings) undefined. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  // Only a number can be finite.
  if (Number.isFinite(value)) return String(value);
  return undefined;
}
