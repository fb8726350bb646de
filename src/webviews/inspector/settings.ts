import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { DEFAULT_NO_NOTIFICATION_WARNING_MS } from '../../model/operationLinks';
import { DEFAULT_MAX_EVENTS } from '../../model/streamLog';
import type { InspectorSettings } from './protocol';

const INSPECTOR_SECTION = 'gws.inspector';

/**
 * The one place the inspector's settings are read: once at activation and again when they
 * change. The stream, the pipeline and the panel all follow `current` / `onDidChange`.
 */
export class InspectorSettingsWatcher implements vscode.Disposable {
  private value = readInspectorSettings();
  private readonly changeEmitter = new Emitter<InspectorSettings>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly listener = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(INSPECTOR_SECTION)) return;
    this.value = readInspectorSettings();
    this.changeEmitter.fire(this.value);
  });

  get current(): InspectorSettings {
    return this.value;
  }

  dispose(): void {
    this.listener.dispose();
    this.changeEmitter.dispose();
  }
}

/** The inspector's settings, with the package.json defaults when unset or invalid. */
function readInspectorSettings(): InspectorSettings {
  const config = vscode.workspace.getConfiguration(INSPECTOR_SECTION);
  return {
    maxEvents: positive(config.get<number>('maxEvents'), DEFAULT_MAX_EVENTS),
    noNotificationWarningMs: positive(config.get<number>('noNotificationWarningMs'), DEFAULT_NO_NOTIFICATION_WARNING_MS),
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}
