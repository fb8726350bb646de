// Where the stream's events come from. Every record in the stream log and every call in a
// store belongs to a source: the window's signed-in session today; later several sessions of
// different agents, an application seen through a recording proxy, or an imported or
// replayed file. Each source has its own call store, diffs ("the previous notification for
// this call" is per source) and operation links, so two sources that see the same call never
// mix their histories; they share the one stream log, whose rows carry the source's id.
import { Emitter, type Disposable, type Event } from '../base/emitter';
import { CallStore } from './callStore';
import { Pipeline, type PipelineOptions } from './pipeline';
import type { StreamLog } from './streamLog';

export type SourceKind = 'session' | 'proxy' | 'file' | 'replay';

export interface Source {
  /** Stable while the source lives; what rows carry (`StreamRecord.source`). */
  readonly id: string;
  readonly kind: SourceKind;
  /** What the inspector shows, e.g. "agent1 @ gws.example.com". */
  label: string;
  /** Closed (a stopped proxy, an ended replay): its rows are still in the stream. */
  ended?: boolean;
}

/** Closed sources remembered for their rows' labels; the oldest is forgotten first. */
const MAX_ENDED_SOURCES = 100;

/** One source's part of the model. */
export interface SourceModel {
  readonly source: Source;
  readonly store: CallStore;
  readonly pipeline: Pipeline;
}

export class Sources implements Disposable {
  private readonly models = new Map<string, SourceModel & { ownsStore: boolean }>();
  private readonly ended = new Map<string, Source>();
  private readonly changeEmitter = new Emitter<readonly Source[]>();
  /** A source was opened, closed or relabelled. */
  readonly onDidChange: Event<readonly Source[]> = this.changeEmitter.event;
  private warningMs: number;

  constructor(
    private readonly log: StreamLog,
    private readonly options: PipelineOptions,
  ) {
    this.warningMs = options.noNotificationWarningMs;
  }

  /**
   * The source's model, made on first use. `store` lets the caller share a store it already
   * shows; `clock` gives the source's pipeline its own time (a replay runs in recording time).
   */
  open(source: Source, store?: CallStore, clock?: Pick<PipelineOptions, 'now'>): SourceModel {
    const known = this.models.get(source.id);
    if (known) return known;
    this.ended.delete(source.id);
    const ownStore = store ?? new CallStore();
    const pipeline = new Pipeline(ownStore, this.log, { ...this.options, ...clock, noNotificationWarningMs: this.warningMs, source: source.id });
    const model = { source: { ...source }, store: ownStore, pipeline, ownsStore: store === undefined };
    this.models.set(source.id, model);
    this.changeEmitter.fire(this.list());
    return model;
  }

  get(id: string): SourceModel | undefined {
    return this.models.get(id);
  }

  /** The open sources. */
  list(): Source[] {
    return Array.from(this.models.values(), (model) => model.source);
  }

  /**
   * The open sources and the closed ones, so rows of a stopped proxy keep their label in the
   * inspector and an export's header still names where they came from.
   */
  all(): Source[] {
    return [...this.list(), ...this.ended.values()];
  }

  relabel(id: string, label: string): void {
    const model = this.models.get(id);
    if (!model || model.source.label === label) return;
    model.source.label = label;
    this.changeEmitter.fire(this.list());
  }

  /** Stops the source's analysis; its rows stay in the log. */
  close(id: string): void {
    const model = this.models.get(id);
    if (!model) return;
    this.models.delete(id);
    this.ended.set(id, { ...model.source, ended: true });
    if (this.ended.size > MAX_ENDED_SOURCES) this.ended.delete(this.ended.keys().next().value as string);
    model.pipeline.dispose();
    if (model.ownsStore) model.store.dispose();
    this.changeEmitter.fire(this.list());
  }

  setNoNotificationWarningMs(ms: number): void {
    this.warningMs = ms;
    for (const model of this.models.values()) model.pipeline.setNoNotificationWarningMs(ms);
  }

  dispose(): void {
    for (const id of [...this.models.keys()]) this.close(id);
    this.changeEmitter.dispose();
  }
}
