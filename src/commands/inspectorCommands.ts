// The notification inspector's commands. A command that writes a file takes where from the
// save dialog only, never from its arguments: a command link (in a notification, a hover) can
// pass any arguments, and one click must never overwrite a file. Import, which only reads, may
// be given a vscode.Uri object (never a string). Export Filtered Rows writes the rows the page's
// filters show (asked from the page, pageSelection.ts), also to the save dialog's file only.
import * as vscode from 'vscode';
import { exportedSource } from '../model/ndjson';
import type { StreamRecord } from '../model/streamLog';
import { clearStreamConfirmed } from '../webviews/inspector/clearStream';
import { exportDialog, exportStream } from '../webviews/inspector/inspectorFiles';
import { InspectorPanel, registerInspectorSerializer, type InspectorDeps } from '../webviews/inspector/inspectorPanel';
import { callIdOf } from '../views/callNodes';

export { registerInspectorSerializer, type InspectorDeps };

export const InspectorCommands = {
  open: 'gws.openInspector',
  export: 'gws.inspector.export',
  exportFiltered: 'gws.inspector.exportFiltered',
  import: 'gws.inspector.import',
  clear: 'gws.inspector.clear',
  focusCall: 'gws.inspector.focusCall',
} as const;

export function registerInspectorCommands(deps: InspectorDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(InspectorCommands.open, () => {
      InspectorPanel.createOrShow(deps);
    }),
    // Exports what the inspector shows (the live stream unless a file is open) to the file the
    // save dialog names; any argument is ignored. Returns the URI written, undefined if cancelled.
    vscode.commands.registerCommand(InspectorCommands.export, async () => {
      const panel = InspectorPanel.current;
      if (panel) return panel.exportShown();
      const uri = await deps.prompter.current.saveFile(exportDialog());
      if (uri) await exportStream(deps.log, deps.sources.all().map(exportedSource), uri);
      return uri;
    }),
    // The rows the inspector's filters show, to the file the save dialog names; any argument is
    // ignored. Returns the URI written, undefined if cancelled.
    vscode.commands.registerCommand(InspectorCommands.exportFiltered, async () => {
      const panel = InspectorPanel.current;
      if (panel) return panel.exportFiltered();
      await deps.prompter.current.warning(vscode.l10n.t('GWS: open the notification inspector and set its filters first.'));
      return undefined;
    }),
    // Opens the inspector on a file's events: a vscode.Uri argument, else the open dialog.
    // Returns { count, errors } or undefined if cancelled.
    vscode.commands.registerCommand(InspectorCommands.import, async (source?: unknown) => {
      return InspectorPanel.createOrShow(deps).importFile(source instanceof vscode.Uri ? source : undefined);
    }),
    // Asks first (clearStream.ts); returns whether the stream was cleared.
    vscode.commands.registerCommand(InspectorCommands.clear, () =>
      clearStreamConfirmed(InspectorPanel.current?.shownLog ?? deps.log, deps.prompter.current),
    ),
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

/**
 * The rows selected in the inspector, asked from its page; a warning, and undefined, when it
 * is not open or has nothing selected. `what` is the action, already localised ("replay").
 */
export async function selectedRows(deps: InspectorDeps, what: string): Promise<StreamRecord[] | undefined> {
  const picked = await InspectorPanel.current?.pickedRows();
  if (!picked || picked.selected.length === 0) {
    await deps.prompter.current.warning(vscode.l10n.t('GWS: nothing to {0}: select rows in the notification inspector first (Shift or Ctrl+click to select several).', what));
    return undefined;
  }
  return picked.selected;
}
