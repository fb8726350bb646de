import * as vscode from 'vscode';
import { DEFAULT_NO_NOTIFICATION_WARNING_MS } from '../../model/pipeline';
import { DEFAULT_MAX_EVENTS } from '../../model/streamLog';
import type { InspectorSettings } from './protocol';

export const INSPECTOR_SECTION = 'gws.inspector';

/** The inspector's settings, with the package.json defaults when unset or invalid. */
export function readInspectorSettings(): InspectorSettings {
  const config = vscode.workspace.getConfiguration(INSPECTOR_SECTION);
  return {
    maxEvents: positive(config.get<number>('maxEvents'), DEFAULT_MAX_EVENTS),
    noNotificationWarningMs: positive(config.get<number>('noNotificationWarningMs'), DEFAULT_NO_NOTIFICATION_WARNING_MS),
  };
}

export function affectsInspectorSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(INSPECTOR_SECTION);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
