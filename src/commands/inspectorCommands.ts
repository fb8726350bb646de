// The notification inspector's commands. Export and import take an optional URI so that
// tests (and other commands) can run them without a dialog.
import * as vscode from 'vscode';
import { exportedSource } from '../model/ndjson';
import { exportStream } from '../webviews/inspector/inspectorFiles';
import { InspectorPanel, registerInspectorSerializer, type InspectorDeps } from '../webviews/inspector/inspectorPanel';
import { callIdOf } from '../views/callNodes';

export { registerInspectorSerializer, type InspectorDeps };

export const InspectorCommands = {
  open: 'gws.openInspector',
  export: 'gws.inspector.export',
  import: 'gws.inspector.import',
  clear: 'gws.inspector.clear',
  focusCall: 'gws.inspector.focusCall',
} as const;

export function registerInspectorCommands(deps: InspectorDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(InspectorCommands.open, () => {
      InspectorPanel.createOrShow(deps);
    }),
    // Exports what the inspector shows (the live stream unless a file is open). Returns the URI written.
    vscode.commands.registerCommand(InspectorCommands.export, async (target?: unknown) => {
      const uri = asUri(target);
      const panel = InspectorPanel.current;
      if (panel) return panel.exportShown(uri);
      return exportStream(deps.log, deps.sources.list().map(exportedSource), uri);
    }),
    // Opens the inspector on a file's events. Returns { count, errors } or undefined if cancelled.
    vscode.commands.registerCommand(InspectorCommands.import, async (source?: unknown) => {
      return InspectorPanel.createOrShow(deps).importFile(asUri(source));
    }),
    vscode.commands.registerCommand(InspectorCommands.clear, () => {
      (InspectorPanel.current?.shownLog ?? deps.log).clear();
    }),
    vscode.commands.registerCommand(InspectorCommands.focusCall, (arg?: unknown) => {
      const callId = callIdOf(arg);
      const panel = InspectorPanel.createOrShow(deps);
      if (panel.view.kind !== 'live') panel.showLive();
      if (callId) panel.focusCall(callId);
    }),
    // The settings apply to the stream even while no inspector is open.
    deps.settings.onDidChange((settings) => {
      deps.log.setCapacity(settings.maxEvents);
      deps.sources.setNoNotificationWarningMs(settings.noNotificationWarningMs);
    }),
  ];
}

function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value.length > 0) {
    return /^[a-z][a-z0-9+.-]+:/i.test(value) && !/^[a-z]:[\\/]/i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  }
  return undefined;
}
