// Device nodes of the Calls view: each session's devices above its calls. A node carries what its
// commands act on (its owner: the session and that session's device list), so a command run
// from a device item never guesses which session is meant. No `vscode` import: unit-tested.
import * as l10n from '@vscode/l10n';
import {
  agentStateText,
  deviceCapabilities,
  forwardingOf,
  isDoNotDisturbOn,
  monitoringText,
  type DeviceList,
} from '../model/devices';
import type { SessionController } from '../session/sessionController';
import type { GwsDevice } from '../wire/types';

/** The session a device belongs to, and where its latest values are. */
export interface DeviceOwner {
  readonly devices: DeviceList;
  readonly controller: SessionController;
}

export interface DeviceNode {
  readonly kind: 'device';
  readonly deviceId: string;
  readonly owner: DeviceOwner;
  /** The session's source id (`session:<profile id>`), as call nodes carry it (callNodes.ts sourceOf). */
  readonly source?: string;
}

export interface DeviceEntryNode {
  readonly kind: 'deviceEntry';
  readonly deviceId: string;
  readonly owner: DeviceOwner;
  readonly source?: string;
  readonly key: string;
  readonly value: string;
}

export function isDeviceNode(arg: unknown): arg is DeviceNode {
  return typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'device' && typeof (arg as { deviceId?: unknown }).deviceId === 'string';
}

/**
 * `contextValue` of a device item: the capabilities the server offers on it now, each prefixed
 * with `+`, as call items do (callNodes.ts), so package.json menus match
 * `viewItem =~ /^device.*\+DoNotDisturbOn\b/`.
 */
export function deviceContextValue(device: GwsDevice | undefined): string {
  return `device${deviceCapabilities(device).map((c) => `+${c}`).join('')}`;
}

/** The rows under a device item: what it is now, then what the server allows on it. */
export function deviceEntries(device: GwsDevice): Array<{ key: string; value: string }> {
  const rows: Array<{ key: string; value: string }> = [
    { key: l10n.t('Agent state'), value: agentStateText(device) },
    { key: l10n.t('Device state'), value: typeof device.deviceState === 'string' ? device.deviceState : '' },
    { key: l10n.t('Do not disturb'), value: isDoNotDisturbOn(device) ? l10n.t('On') : typeof device.doNotDisturb === 'string' ? device.doNotDisturb : '' },
    { key: l10n.t('Forwarded to'), value: forwardingOf(device) ?? '' },
    { key: l10n.t('Monitoring'), value: monitoringText(device) ?? '' },
    { key: l10n.t('Capabilities'), value: deviceCapabilities(device).join(', ') },
    { key: l10n.t('Id'), value: device.id },
  ];
  return rows.filter((row) => row.value !== '');
}
