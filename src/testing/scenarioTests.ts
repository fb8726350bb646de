// The Testing view's side of scenarios: every `*.gws-scenario.json` of the workspace is a
// test, each of its steps a child with its timing. A run uses the vscode-free runner
// (src/scenario/runner.ts) against a fresh built-in simulator (dist/simulator.js, loaded by
// src/scenario/simulatorBundle.ts) or a server profile (src/scenario/profileResolver.ts); its
// session is a source of the inspector, so a failure's "Show in Inspector" finds the events it
// is about. Cancel, and disposing this, stop the runs (RunOptions.signal). What a run reports
// is also an event (onDidReport): extensions cannot read the Testing view's results, and
// test/integration/scenarioTesting.test.ts runs the view's own "Run All Tests" against it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plainText } from '../common/plainText';
import type { Sources } from '../model/sources';
import type { ProfileStore } from '../profiles/profileStore';
import { parseScenario } from '../scenario/parse';
import { describeStep } from '../scenario/parse';
import { resolveProfile } from '../scenario/profileResolver';
import { runSignal } from '../scenario/runSignal';
import type { ResolvedProfile, StepResult } from '../scenario/runner';
import { loadScenarioRunner } from '../scenario/runnerBundle';
import { startBundledSimulator } from '../scenario/simulatorBundle';
import type { Scenario } from '../scenario/types';
import { messageKey, plainLines } from './messageText';

export const SCENARIO_GLOB = '**/*.gws-scenario.json';
/** TestMessage.contextValue of a failure that has a call to show (package.json testing/message/context). */
export const SCENARIO_EVENT_CONTEXT = 'gwsScenarioEvent';

/** One state a run gave one test item, as the Testing view got it. */
export interface ScenarioOutcome {
  /** The item's id: the file's URI, `#n` appended for step n. */
  id: string;
  state: 'enqueued' | 'started' | 'passed' | 'failed' | 'errored' | 'skipped';
  durationMs?: number;
  message?: vscode.TestMessage;
}

/** A TestRun as this uses it; `reporting` makes one that also tells onDidReport. */
type ReportingRun = Pick<vscode.TestRun, 'enqueued' | 'started' | 'passed' | 'failed' | 'errored' | 'skipped' | 'end'>;

/** Failure messages remembered for "Show in Inspector" (the newest). */
const MAX_REMEMBERED_EVENTS = 500;

export interface ScenarioTestingDeps {
  extensionPath: string;
  profiles: ProfileStore;
  sources: Sources;
}

export class ScenarioTesting implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('gwsScenarios', vscode.l10n.t('GWS Scenarios'));
  /** A failure's call (in the run's source), for "Show in Inspector", by messageKey. */
  private readonly events = new Map<string, { callId: string }>();
  private readonly reportEmitter = new vscode.EventEmitter<ScenarioOutcome>();
  /** Each state a run gives a test item, as it gives it. */
  readonly onDidReport = this.reportEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.controller, this.reportEmitter];
  private runCount = 0;
  /** Aborted on dispose: every run in progress stops. */
  private readonly disposed = new AbortController();

  constructor(private readonly deps: ScenarioTestingDeps) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile(vscode.l10n.t('Run'), vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.load(uri)),
      watcher.onDidChange((uri) => void this.load(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
    );
  }

  /** The call of a failure message (or of the Testing view's copy of it), if it has one. */
  eventOf(message: unknown): { callId: string } | undefined {
    const key = messageKey(message);
    return key === undefined ? undefined : this.events.get(key);
  }

  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**');
    await Promise.all(files.map((uri) => this.load(uri)));
  }

  /** (Re)reads one file: its test item, and a child per step; a bad file shows its problems on the item. */
  async load(uri: vscode.Uri): Promise<{ item: vscode.TestItem; scenario?: Scenario }> {
    const item = this.controller.items.get(uri.toString()) ?? this.controller.createTestItem(uri.toString(), path.basename(uri.fsPath), uri);
    this.controller.items.add(item);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      item.error = plainText(vscode.l10n.t('Cannot read {0}: {1}', uri.fsPath, (error as Error).message));
      return { item };
    }
    try {
      const scenario = parseScenario(text);
      item.error = undefined;
      item.label = plainText(scenario.name);
      const lines = stepLines(text);
      item.children.replace(
        scenario.steps.map((step, index) => {
          const child = this.controller.createTestItem(`${uri.toString()}#${index + 1}`, plainText(`${index + 1}. ${describeStep(step)}`), uri);
          const line = lines[index];
          if (line !== undefined) child.range = new vscode.Range(line, 0, line, 0);
          return child;
        }),
      );
      return { item, scenario };
    } catch (error) {
      item.children.replace([]);
      item.error = plainText((error as Error).message);
      return { item };
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.reporting(this.controller.createTestRun(request));
    const { signal, dispose: stopListening } = runSignal(token, this.disposed.signal);
    const files = new Map<string, vscode.Uri>();
    const wanted = request.include ?? [...this.controllerItems()];
    // A step cannot run alone: asking for one runs its whole scenario.
    for (const item of wanted) if (item.uri) files.set(item.uri.toString(), item.uri);
    try {
      for (const uri of files.values()) {
        if (signal.aborted) break;
        if (request.exclude?.some((item) => item.id === uri.toString())) continue;
        await this.runFile(run, uri, signal);
      }
    } finally {
      stopListening();
      run.end();
    }
  }

  private *controllerItems(): Iterable<vscode.TestItem> {
    for (const [, item] of this.controller.items) yield item;
  }

  /** `run`, telling onDidReport too. */
  private reporting(run: vscode.TestRun): ReportingRun {
    const tell = (outcome: ScenarioOutcome): void => this.reportEmitter.fire(outcome);
    return {
      enqueued: (item) => (run.enqueued(item), tell({ id: item.id, state: 'enqueued' })),
      started: (item) => (run.started(item), tell({ id: item.id, state: 'started' })),
      passed: (item, durationMs) => (run.passed(item, durationMs), tell({ id: item.id, state: 'passed', durationMs })),
      skipped: (item) => (run.skipped(item), tell({ id: item.id, state: 'skipped' })),
      failed: (item, message, durationMs) => {
        run.failed(item, message, durationMs);
        tell({ id: item.id, state: 'failed', durationMs, message: Array.isArray(message) ? message[0] : message });
      },
      errored: (item, message, durationMs) => {
        run.errored(item, message, durationMs);
        tell({ id: item.id, state: 'errored', durationMs, message: Array.isArray(message) ? message[0] : message });
      },
      end: () => run.end(),
    };
  }

  private async runFile(run: ReportingRun, uri: vscode.Uri, signal: AbortSignal): Promise<void> {
    const { item, scenario } = await this.load(uri);
    if (!scenario) {
      run.errored(item, new vscode.TestMessage(item.error instanceof vscode.MarkdownString ? item.error.value : (item.error ?? vscode.l10n.t('Not a scenario'))));
      return;
    }
    run.started(item);
    for (const [, child] of item.children) run.enqueued(child);
    const sourceId = `scenario-${++this.runCount}`;
    const { runScenario } = loadScenarioRunner(path.join(this.deps.extensionPath, 'dist'));
    const result = await runScenario(scenario, {
      startSimulator: () => startBundledSimulator(path.join(this.deps.extensionPath, 'dist')),
      resolveProfile: (name) => this.resolveProfile(name),
      signal,
      onSession: (session) => {
        const model = this.deps.sources.open({ id: sourceId, kind: 'session', label: `Scenario: ${scenario.name}` });
        const attachment = model.pipeline.attach(session);
        return {
          dispose: () => {
            attachment.dispose();
            this.deps.sources.close(sourceId);
          },
        };
      },
      onStep: (step) => this.report(run, item, step),
    });
    if (result.passed) run.passed(item, result.durationMs);
    else run.failed(item, new vscode.TestMessage(plainText(result.steps.find((s) => s.status === 'failed')?.message ?? vscode.l10n.t('failed'))), result.durationMs);
  }

  private report(run: ReportingRun, parent: vscode.TestItem, step: StepResult): void {
    const item = parent.children.get(`${parent.id}#${step.index}`);
    if (!item) return;
    if (step.status === 'passed') run.passed(item, step.durationMs);
    else if (step.status === 'skipped') run.skipped(item);
    else {
      const text = plainText(step.message ?? vscode.l10n.t('failed'));
      // Expected and received hold one item per line: the diff editor shows them line by line.
      const message = step.expected !== undefined ? vscode.TestMessage.diff(text, plainLines(step.expected), plainLines(step.received ?? '')) : new vscode.TestMessage(text);
      if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
      if (step.callId !== undefined) {
        message.contextValue = SCENARIO_EVENT_CONTEXT;
        this.remember(message, step.callId);
      }
      run.failed(item, message, step.durationMs);
    }
  }

  private remember(message: vscode.TestMessage, callId: string): void {
    const key = messageKey(message);
    if (key === undefined) return;
    // Re-inserted: a repeated failure is the newest, and the oldest go first.
    this.events.delete(key);
    this.events.set(key, { callId });
    if (this.events.size > MAX_REMEMBERED_EVENTS) this.events.delete(this.events.keys().next().value as string);
  }

  private resolveProfile(name: string): Promise<ResolvedProfile> {
    return resolveProfile(name, {
      entries: this.deps.profiles.list(),
      where: 'gws.profiles',
      password: async (found) => (await this.deps.profiles.getPassword(found.id)) ?? (found.simulator ? found.user : undefined),
      noPassword: (found) => vscode.l10n.t("no stored password for profile '{0}': sign in to it once first", found.name),
      // As a sign-in from the extension does (src/session/sessionController.ts).
      systemCertificates: vscode.workspace.getConfiguration('http').get<boolean>('systemCertificates') !== false,
    });
  }

  dispose(): void {
    this.disposed.abort();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The 0-based line of each step's `"do"` key, in order (a step's own params never hold a "do" key in practice). */
export function stepLines(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    for (const _ of line.matchAll(/"do"\s*:/g)) lines.push(index);
  });
  return lines;
}
