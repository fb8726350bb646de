// Scenario commands: "Save as Scenario" turns the inspector's rows (one source's stream, the
// rows selected in the inspector, or the rows a caller names by seq) into a
// `*.gws-scenario.json` (src/scenario/fromRecords.ts; a selection brings what its operations
// need, src/scenario/fromSelection.ts); with rows selected it asks which. "Save Selected Rows
// as Scenario" takes the selection without asking;
// "Show in Inspector" opens the inspector at the call of a failed scenario step (the Testing
// view's failure menu, src/testing/scenarioTests.ts). The file is written only where the save
// dialog says, never where an argument says.
import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { StreamRecord } from '../model/streamLog';
import { scenarioFromRecords } from '../scenario/fromRecords';
import { rowsForSelection } from '../scenario/fromSelection';
import type { ScenarioTesting } from '../testing/scenarioTests';
import { InspectorPanel } from '../webviews/inspector/inspectorPanel';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { InspectorCommands, selectedRows } from './inspectorCommands';

export const ScenarioCommands = {
  save: 'gws.scenario.saveFromStream',
  saveSelection: 'gws.scenario.saveFromSelection',
  showInInspector: 'gws.scenario.showInInspector',
} as const;

export function registerScenarioCommands(deps: CommandDeps, testing: ScenarioTesting): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(ScenarioCommands.save, (arg?: unknown) => saveAsScenario(deps, arg)),
    // The selection comes from the page only (a command link cannot name rows).
    vscode.commands.registerCommand(ScenarioCommands.saveSelection, async () => {
      const log = InspectorPanel.current?.shownLog ?? deps.inspector.log;
      const selected = await selectedRows(deps.inspector, vscode.l10n.t('save as a scenario'));
      return selected ? saveRows(deps, rowsForSelection(log.rows(), selected.map((row) => row.seq))) : undefined;
    }),
    vscode.commands.registerCommand(ScenarioCommands.showInInspector, async (arg?: unknown) => {
      const event = testing.eventOf((arg as { message?: unknown } | undefined)?.message);
      if (event) await vscode.commands.executeCommand(InspectorCommands.focusCall, event.callId);
    }),
  ];
}

/**
 * `{seqs: number[]}` picks rows (as a selection does); without it, the rows selected in the
 * inspector or the whole stream of one source, asked when there is a choice.
 */
async function saveAsScenario(deps: CommandDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  const log = InspectorPanel.current?.shownLog ?? deps.inspector.log;
  let rows = log.rows();
  const seqs = (arg as { seqs?: unknown } | undefined)?.seqs;
  if (Array.isArray(seqs)) return saveRows(deps, rowsForSelection(rows, seqs.filter((seq): seq is number => typeof seq === 'number')));
  const selected = (await InspectorPanel.current?.pickedRows())?.selected ?? [];
  if (selected.length > 0) {
    const whole = { label: vscode.l10n.t('Whole stream'), description: vscode.l10n.t('{0} rows', rows.length.toLocaleString('en-US')) };
    const picked = await deps.prompter.current.quickPick(
      [{ label: vscode.l10n.t('Selected rows'), description: vscode.l10n.t('{0} selected, with the notifications linked to their operations', selected.length.toLocaleString('en-US')) }, whole],
      { title: vscode.l10n.t('Save as Scenario: which rows?') },
    );
    if (!picked) return undefined;
    if (picked.label !== whole.label) return saveRows(deps, rowsForSelection(rows, selected.map((row) => row.seq)));
  }
  const source = await pickSource(deps, rows);
  if (source === undefined) return undefined;
  rows = rows.filter((row) => (row.source ?? '') === source);
  return saveRows(deps, rows);
}

/** Asks the name and the file, then writes the scenario of `rows`. */
async function saveRows(deps: CommandDeps, rows: readonly StreamRecord[]): Promise<vscode.Uri | undefined> {
  if (!rows.some((row) => row.kind === 'operation' || row.callId !== undefined)) {
    await deps.prompter.current.warning(vscode.l10n.t('GWS: nothing to save as a scenario: the rows have no call operations or call notifications.'));
    return undefined;
  }
  const name = await deps.prompter.current.input({ title: vscode.l10n.t('Save as Scenario'), prompt: vscode.l10n.t('Scenario name'), value: vscode.l10n.t('Recorded scenario'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name')) });
  if (!name) return undefined;
  const target = await deps.prompter.current.saveFile({
    title: vscode.l10n.t('Save as Scenario'),
    defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `${fileNameOf(name)}.gws-scenario.json`) : undefined,
    filters: { [vscode.l10n.t('GWS scenario')]: ['gws-scenario.json'] },
  });
  if (!target) return undefined;
  try {
    const { scenario, skipped } = scenarioFromRecords(rows, { name: name.trim(), user: deps.controller.profile?.simulator ? deps.controller.profile.user : undefined });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(`${JSON.stringify(scenario, null, 2)}\n`));
    if (skipped.length > 0) deps.logger.info('scenario', `Save as Scenario left out: ${skipped.join('; ')}`);
    await vscode.window.showTextDocument(target);
    return target;
  } catch (error) {
    showError(vscode.l10n.t('Save as Scenario failed'), error, deps);
    return undefined;
  }
}

async function pickSource(deps: CommandDeps, rows: readonly StreamRecord[]): Promise<string | undefined> {
  const ids = [...new Set(rows.filter((row) => row.kind !== 'meta').map((row) => row.source ?? ''))];
  if (ids.length <= 1) return ids[0] ?? '';
  const labels = new Map(deps.inspector.sources.list().map((source) => [source.id, source.label]));
  const picked = await deps.prompter.current.quickPick(
    ids.map((id) => ({ label: plainText(labels.get(id) ?? (id || vscode.l10n.t('Unnamed source'))), id })),
    { title: vscode.l10n.t('Save as Scenario: which source?') },
  );
  return picked?.id;
}

function fileNameOf(name: string): string {
  return name.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'scenario';
}
