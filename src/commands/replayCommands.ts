// Replay of a recording into the inspector (src/model/replay.ts): Replay Recording… reads an
// NDJSON export as a stream (the newest gws.inspector.maxEvents rows, with progress and
// Cancel), then plays it as its own source at 1×, 10× or as fast as possible; Pause, Resume,
// Step, Stop and Replay Speed… act on it, and a status bar item shows where it is (a click
// pauses or resumes). One replay at a time: starting another closes the previous one's
// source; the rows it replayed stay in the stream. Like Import, the file comes from the open
// dialog or a vscode.Uri argument (never a string: a command link must not pick files).
import * as vscode from 'vscode';
import { ContextKeys, setContext } from '../common/contextKeys';
import { plainText } from '../common/plainText';
import { Replay } from '../model/replay';
import { REPLAY_SPEEDS, type ReplaySpeed, type ReplayStatus } from '../model/replayScheduler';
import { fileNameOf, importStream } from '../webviews/inspector/inspectorFiles';
import { InspectorPanel, type InspectorDeps } from '../webviews/inspector/inspectorPanel';

export const ReplayCommands = {
  start: 'gws.replay.start',
  pause: 'gws.replay.pause',
  resume: 'gws.replay.resume',
  step: 'gws.replay.step',
  stop: 'gws.replay.stop',
  speed: 'gws.replay.speed',
} as const;

/** What Replay Recording… answers (integration tests wait on the source's rows). */
export interface ReplayStarted {
  sourceId: string;
  total: number;
  errorCount: number;
}

const SPEED_ITEMS: ReadonlyArray<vscode.QuickPickItem & { speed: ReplaySpeed }> = [
  { label: '1×', description: 'at the recorded pace', speed: 1 },
  { label: '10×', description: 'ten times faster', speed: 10 },
  { label: vscode.l10n.t('As fast as possible'), description: vscode.l10n.t('no waiting between events'), speed: 'max' },
];

export function registerReplayCommands(deps: InspectorDeps): vscode.Disposable[] {
  const replays = new ReplayController(deps);
  return [
    replays,
    vscode.commands.registerCommand(ReplayCommands.start, (source?: unknown, options?: unknown) =>
      replays.start(source instanceof vscode.Uri ? source : undefined, speedOf(options)),
    ),
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
    const speed = given ?? (await this.askSpeed());
    if (speed === undefined) return undefined;
    const name = fileNameOf(uri);
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
    this.replay?.dispose();
    const replay = new Replay(this.deps.sources, { records: read.log.rows(), label: `Replay of ${name}`, speed });
    read.log.dispose();
    this.replay = replay;
    replay.scheduler.onDidChange((status) => this.show(status));
    // The replayed rows join the live stream: show it.
    const panel = InspectorPanel.createOrShow(this.deps);
    if (panel.view.kind !== 'live') panel.showLive();
    replay.scheduler.play();
    this.show(replay.scheduler.status);
    return { sourceId: replay.sourceId, total: replay.scheduler.status.total, errorCount: read.errorCount };
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
