// A recording played back into the inspector as its own source (sources.ts, kind 'replay'):
// the rows go through a real pipeline (replayFeed.ts), so diffs and links are worked out
// again, and arrive at the recording's pace (replayScheduler.ts). The pipeline's clock is the
// replay's position in the recording, so its 5-second link windows and "no notification"
// deadlines mean what they meant when it was recorded, at any speed, and stop while paused.
import type { Disposable } from '../base/emitter';
import { ReplayFeed } from './replayFeed';
import { ReplayScheduler, type ReplaySpeed, type ReplayTimers } from './replayScheduler';
import type { SourceModel, Sources } from './sources';
import type { StreamRecord } from './streamLog';

export interface ReplayOptions {
  /** What to play: rows of an imported file or of the inspector, in any order (played by seq). */
  records: readonly StreamRecord[];
  /** What the inspector calls the source, e.g. "Replay of calls.ndjson". */
  label: string;
  speed?: ReplaySpeed;
  timers?: ReplayTimers;
  /** Called after each row is replayed, with how late it ran (the benchmark's lag). */
  onDispatched?: (record: StreamRecord, lateMs: number) => void;
}

let replayCount = 0;

export class Replay implements Disposable {
  readonly model: SourceModel;
  readonly scheduler: ReplayScheduler<StreamRecord>;

  constructor(
    private readonly sources: Sources,
    options: ReplayOptions,
  ) {
    const records = [...options.records].sort((a, b) => a.seq - b.seq);
    const id = `replay-${++replayCount}`;
    // The pipeline's clock reads the scheduler, made just below (it is only read once playing).
    this.model = sources.open({ id, kind: 'replay', label: options.label }, undefined, { now: () => this.scheduler.recordingTime() });
    const feed = new ReplayFeed(this.model.pipeline);
    this.scheduler = new ReplayScheduler<StreamRecord>({
      events: records,
      timeOf: (record) => record.time,
      dispatch: (record, lateMs) => {
        feed.ingest(record);
        options.onDispatched?.(record, lateMs);
      },
      speed: options.speed,
      timers: options.timers,
    });
  }

  get sourceId(): string {
    return this.model.source.id;
  }

  /** Stops playing and closes the source; its rows stay in the stream. Again: nothing more happens (both are idempotent). */
  dispose(): void {
    this.scheduler.dispose();
    this.sources.close(this.sourceId);
  }
}
