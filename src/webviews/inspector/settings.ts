import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import { INSPECTOR_SECTION, inspectorSettingsFrom } from './inspectorSettingValues';
import type { InspectorSettings } from './protocol';

/**
 * The one place the inspector's settings are read: once at activation and again when they
 * change. The stream, the pipeline and the panel all follow `current` / `onDidChange`.
 */
export class InspectorSettingsWatcher implements vscode.Disposable {
  private value: InspectorSettings;
  private readonly changeEmitter = new Emitter<InspectorSettings>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly listener: vscode.Disposable;

  /** `reportProblems` hears which values are not used and why (src/common/settingProblems.ts). */
  constructor(private readonly reportProblems: (problems: string[]) => void = () => undefined) {
    this.value = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(INSPECTOR_SECTION)) return;
      this.value = this.read();
      this.changeEmitter.fire(this.value);
    });
  }

  private read(): InspectorSettings {
    const config = vscode.workspace.getConfiguration(INSPECTOR_SECTION);
    const { settings, problems } = inspectorSettingsFrom((key) => config.get<unknown>(key));
    if (problems.length > 0) this.reportProblems(problems);
    return settings;
  }

  get current(): InspectorSettings {
    return this.value;
  }

  dispose(): void {
    this.listener.dispose();
    this.changeEmitter.dispose();
  }
}
