// Replay of a recording into the inspector (src/model/replay.ts): Replay Recording… reads an
// NDJSON export as a stream (the newest gws.inspector.maxEvents rows, with progress and
// Cancel), then plays it as its own source at 1×, 10× or as fast as possible; Pause, Resume,
// Step, Stop and Replay Speed… act on it, and a status bar item shows where it is (a click
// pauses or resumes). One replay at a time: starting another closes the previous one's
// source; the rows it replayed stay in the stream. Like Import, the file comes from the open
// dialog or a vscode.Uri argument (never a string: a command link must not pick files).
// Replay Selected Rows plays the rows selected in the inspector the same way; Replay Selected
// Rows in Simulator has the simulator a session is signed in to publish their notifications
// again to that session's user (POST /sim/replay, src/model/simulatorReplay.ts), so an
// integration signed in as the same agent receives them.
import * as vscode from 'vscode';
import { ContextKeys, setContext } from '../common/contextKeys';
import { plainText } from '../common/plainText';
import { Replay } from '../model/replay';
import { REPLAY_SPEEDS, type ReplaySpeed, type ReplayStatus } from '../model/replayScheduler';
import { simulatorReplayNotifications } from '../model/simulatorReplay';
import type { StreamRecord } from '../model/streamLog';
import { SimulatorActions } from '../scenario/simulatorActions';
import { fileNameOf, importStream } from '../webviews/inspector/inspectorFiles';
import { InspectorPanel, type InspectorDeps } from '../webviews/inspector/inspectorPanel';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { selectedRows } from './inspectorCommands';
import { pickSession } from './sessionPick';

export const ReplayCommands = {
  start: 'gws.replay.start',
  pause: 'gws.replay.pause',
  resume: 'gws.replay.resume',
  step: 'gws.replay.step',
  stop: 'gws.replay.stop',
  speed: 'gws.replay.speed',
  selection: 'gws.replay.selection',
  selectionInSimulator: 'gws.replay.selectionInSimulator',
} as const;

/** What Replay Recording… answers (integration tests wait on the source's rows). */
export interface ReplayStarted {
  sourceId: string;
  total: number;
  errorCount: number;
}

const SPEED_ITEMS: ReadonlyArray<vscode.QuickPickItem & { speed: ReplaySpeed }> = [
  { label: '1×', description: vscode.l10n.t('at the recorded pace'), speed: 1 },
  { label: '10×', description: vscode.l10n.t('ten times faster'), speed: 10 },
  { label: vscode.l10n.t('As fast as possible'), description: vscode.l10n.t('no waiting between events'), speed: 'max' },
];

/** What Replay Selected Rows in Simulator answers: how many notifications the simulator replays, to whom. */
export interface SimulatorReplayStarted {
  count: number;
  user: string;
}

export function registerReplayCommands(commandDeps: CommandDeps): vscode.Disposable[] {
  const deps = commandDeps.inspector;
  const replays = new ReplayController(deps);
  return [
    replays,
    vscode.commands.registerCommand(ReplayCommands.start, (source?: unknown, options?: unknown) =>
      replays.start(source instanceof vscode.Uri ? source : undefined, speedOf(options)),
    ),
    // The selection comes from the page only (a command link cannot name rows).
    vscode.commands.registerCommand(ReplayCommands.selection, async (_context?: unknown, options?: unknown) => {
      const rows = await selectedRows(deps, vscode.l10n.t('replay'));
      return rows ? replays.startRows(rows, vscode.l10n.t('Replay of selected rows'), speedOf(options)) : undefined;
    }),
    vscode.commands.registerCommand(ReplayCommands.selectionInSimulator, async (_context?: unknown, options?: unknown) => {
      const rows = await selectedRows(deps, vscode.l10n.t('replay in the simulator'));
      return rows ? replayInSimulator(commandDeps, rows, speedOf(options) ?? (await replays.askSpeed())) : undefined;
    }),
    vscode.commands.registerCommand(ReplayCommands.pause, () => replays.act((scheduler) => scheduler.pause())),
    vscode.commands.registerCommand(ReplayCommands.resume, () => replays.act((scheduler) => scheduler.play())),
    vscode.commands.registerCommand(ReplayCommands.step, () => replays.act((scheduler) => void scheduler.step())),
    vscode.commands.registerCommand(ReplayCommands.stop, () => replays.act((scheduler) => scheduler.stop())),
    vscode.commands.registerCommand(ReplayCommands.speed, async (options?: unknown) => {
      const speed = speedOf(options) ?? (await replays.askSpeed());
      return speed === undefined ? replays.status : replays.act((scheduler) => scheduler.setSpeed(speed));
    }),
  ];
}

/** `{ speed: 1 | 10 | 'max' }` from a command's arguments; anything else is no answer. */
function speedOf(options: unknown): ReplaySpeed | undefined {
  const speed = typeof options === 'object' && options !== null ? (options as { speed?: unknown }).speed : undefined;
  return REPLAY_SPEEDS.find((known) => known === speed);
}

class ReplayController implements vscode.Disposable {
  private replay: Replay | undefined;
  private readonly item = vscode.window.createStatusBarItem('gws.replay', vscode.StatusBarAlignment.Left, 90);

  constructor(private readonly deps: InspectorDeps) {
    this.item.name = vscode.l10n.t('GWS Replay');
  }

  get status(): ReplayStatus | undefined {
    return this.replay?.scheduler.status;
  }

  async start(source: vscode.Uri | undefined, given: ReplaySpeed | undefined): Promise<ReplayStarted | undefined> {
    const uri = source ?? (await this.deps.prompter.current.openFile({ title: vscode.l10n.t('Replay GWS Notifications'), canSelectMany: false, filters: { [vscode.l10n.t('NDJSON stream')]: ['ndjson', 'jsonl'], [vscode.l10n.t('All files')]: ['*'] } }));
    if (!uri) return undefined;
    const name = fileNameOf(uri);
    const speed = given ?? (await this.askSpeed());
    if (speed === undefined) return undefined;
    const read = await importStream(uri, this.deps.settings.current.maxEvents);
    if (read.cancelled) {
      vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: replay of {0} cancelled', name)), 4000);
      return undefined;
    }
    if (read.errorCount > 0) {
      void vscode.window.showWarningMessage(
        plainText(vscode.l10n.t('GWS: {0}: {1} line(s) could not be read and are not replayed ({2}).', name, read.errorCount, read.errors.slice(0, 3).join('; '))),
      );
    }
    const started = this.play(read.log.rows(), vscode.l10n.t('Replay of {0}', name), speed);
    read.log.dispose();
    return { ...started, errorCount: read.errorCount };
  }

  /** Plays rows of the inspector (the selected ones) as a file's are played. */
  async startRows(records: readonly StreamRecord[], label: string, given: ReplaySpeed | undefined): Promise<ReplayStarted | undefined> {
    const speed = given ?? (await this.askSpeed());
    if (speed === undefined) return undefined;
    return { ...this.play(records, label, speed), errorCount: 0 };
  }

  private play(records: readonly StreamRecord[], label: string, speed: ReplaySpeed): Omit<ReplayStarted, 'errorCount'> {
    this.replay?.dispose();
    const replay = new Replay(this.deps.sources, { records, label, speed });
    this.replay = replay;
    replay.scheduler.onDidChange((status) => this.show(status));
    // The replayed rows join the live stream: show it.
    const panel = InspectorPanel.createOrShow(this.deps);
    if (panel.view.kind !== 'live') panel.showLive();
    replay.scheduler.play();
    this.show(replay.scheduler.status);
    return { sourceId: replay.sourceId, total: replay.scheduler.status.total };
  }

  async askSpeed(): Promise<ReplaySpeed | undefined> {
    const picked = await this.deps.prompter.current.quickPick(SPEED_ITEMS, { title: vscode.l10n.t('Replay Speed'), placeHolder: vscode.l10n.t('How fast to replay the recording') });
    return picked?.speed;
  }

  /** Acts on the replay in progress; answers its status (undefined when there is none). */
  act(action: (scheduler: Replay['scheduler']) => void): ReplayStatus | undefined {
    if (!this.replay) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: no replay in progress'), 3000);
      return undefined;
    }
    action(this.replay.scheduler);
    return this.replay.scheduler.status;
  }

  private show(status: ReplayStatus): void {
    void setContext(ContextKeys.replayState, status.state);
    if (status.state === 'stopped') {
      this.item.hide();
      return;
    }
    const speed = status.speed === 'max' ? 'max' : `${status.speed}×`;
    const where = `${status.position.toLocaleString('en-US')}/${status.total.toLocaleString('en-US')}`;
    const icon = { playing: '$(debug-pause)', paused: '$(debug-continue)', done: '$(check)' }[status.state];
    this.item.text = vscode.l10n.t('{0} Replay {1} · {2}', icon, where, speed);
    this.item.tooltip = status.state === 'playing' ? vscode.l10n.t('GWS replay: click to pause') : status.state === 'paused' ? vscode.l10n.t('GWS replay: click to resume') : vscode.l10n.t('GWS replay finished');
    // Finished: a click puts the item away.
    this.item.command = status.state === 'playing' ? ReplayCommands.pause : status.state === 'paused' ? ReplayCommands.resume : ReplayCommands.stop;
    this.item.show();
  }

  dispose(): void {
    this.replay?.dispose();
    this.item.dispose();
  }
}

/** POST /sim/replay to the simulator a session is signed in to, for that session's user. */
async function replayInSimulator(deps: CommandDeps, rows: readonly StreamRecord[], speed: ReplaySpeed | undefined): Promise<SimulatorReplayStarted | undefined> {
  if (speed === undefined) return undefined;
  const notifications = simulatorReplayNotifications(rows);
  if (notifications.length === 0) {
    await deps.prompter.current.warning(vscode.l10n.t('GWS: nothing to replay in the simulator: the selected rows hold no notifications of a /v2/me/ channel.'));
    return undefined;
  }
  const simulators = deps.sessions.list().filter((session) => session.profile?.simulator === true && session.state !== 'signedOut');
  if (simulators.length === 0) {
    await deps.prompter.current.warning(vscode.l10n.t('GWS: sign in to the built-in simulator first (GWS: Start Local Simulator): the replay goes to a signed-in user.'));
    return undefined;
  }
  const session = await pickSession(deps, undefined, vscode.l10n.t('Replay to which simulator user?'), simulators);
  const profile = session?.profile;
  if (!profile) return undefined;
  try {
    const count = await new SimulatorActions(profile.url).replay({ user: profile.user, notifications, speed: speed === 'max' ? 0 : speed });
    vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: the simulator replays {0} notifications to {1}', count, profile.user)), 5000);
    return { count, user: profile.user };
  } catch (error) {
    showError(vscode.l10n.t('Replay in the simulator failed'), error, deps);
    return undefined;
  }
}
