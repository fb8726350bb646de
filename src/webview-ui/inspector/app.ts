// The inspector page: receives the typed messages, keeps the bounded row store and the
// filtered view, and applies everything that arrived since the last frame in ONE animation
// frame (the extension batches ≤ 20/s, each possibly thousands of rows).
import { toSeqRanges, type DetailDto, type RowDto, type RowKind, type SelectionDto, type ShownStream, type SourceDto, type ToPage } from '../../webviews/inspector/protocol';
import { Controls } from './controls';
import { DetailPane } from './detailPane';
import { el } from './dom';
import { applyFilter, compileFilter, type CompiledFilter, type FilterCriteria } from './filter';
import type { Host, PageState } from './host';
import type { FilterGroup } from './multiSelect';
import { callIndex } from './callIndex';
import { RowStore, type RowEntry, type SeenValues } from './rowStore';
import { indexOfSeq, StreamView } from './stream';
import { sourceLabels } from './streamRow';
import { buildTimeline, renderTimeline } from './timeline';

type QueuedMessage = Extract<ToPage, { type: 'reset' | 'append' | 'update' }>;

function groupOfKind(kind: RowKind): FilterGroup {
  return kind === 'operation' ? 'operation' : kind === 'meta' ? 'session' : 'message';
}

/**
 * User Timing names the page records (read them with performance.getEntriesByName): the
 * benchmark and DevTools see how long a re-filter and a frame's batch application took.
 */
export const MEASURE_FILTER = 'inspector:filter';
export const MEASURE_FRAME = 'inspector:frame';
const MAX_FRAME_MEASURES = 5000;
/** The call timeline of the detail pane is redrawn at most 4 times a second. */
const TIMELINE_INTERVAL_MS = 250;
let frameMeasures = 0;

function measure(name: string, start: number, rows: number): void {
  if (name === MEASURE_FRAME && ++frameMeasures > MAX_FRAME_MEASURES) {
    // Bounded: a long live session must not grow the timeline buffer forever.
    performance.clearMeasures(MEASURE_FRAME);
    frameMeasures = 1;
  }
  performance.measure(name, { start, end: performance.now(), detail: { rows } });
}

function sameSeqs(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class InspectorApp {
  private readonly store = new RowStore();
  private readonly controls: Controls;
  private readonly stream: StreamView;
  private readonly detail: DetailPane;
  private criteria: FilterCriteria;
  private filter: CompiledFilter;
  private view: RowEntry[] = [];
  private queue: QueuedMessage[] = [];
  private frameRequested = false;
  private paused = false;
  /** Rows that arrived while paused (seq → row, in arrival order), and updates to shown rows. */
  private pausedRows = new Map<number, RowDto>();
  private pausedUpdates = new Map<number, RowDto>();
  private pausedDropped = 0;
  private maxEvents = 10000;
  private extensionDropped = 0;
  private droppedBaseline = 0;
  private shownStream: ShownStream = { kind: 'live' };
  private state: PageState;
  private detailRequested: number | undefined;
  /** The shown row as the detail pane last saw it, and whether its detail must be asked again. */
  private detailOf: RowDto | undefined;
  private detailStale = false;
  /** A call got another name (callIndex.ts): the rows on screen are filled again. */
  private callRenamed = false;
  private timelineTimer: ReturnType<typeof setTimeout> | undefined;
  private timelineDrawnAt = Number.NEGATIVE_INFINITY;
  /** The extension was asked for the rows' payload texts (they cost it a walk of every message). */
  private payloadsAsked = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    this.state = host.loadState();
    this.criteria = this.state.filters;
    this.filter = compileFilter(this.criteria);
    this.controls = new Controls({
      togglePause: () => this.setPaused(!this.paused),
      setFollow: (follow) => this.stream.setFollow(follow),
      clear: () => host.post({ type: 'clear' }),
      exportLog: () => host.post({ type: 'export' }),
      importLog: () => host.post({ type: 'import' }),
      backToLive: () => host.post({ type: 'backToLive' }),
      changeFilter: (patch) => this.changeFilter(patch),
      typeGroup: (type) => groupOfKind(this.store.kindOfType(type)),
    });
    this.stream = new StreamView({
      select: (seq, open) => this.onSelect(seq, open),
      open: (seq) => this.openDetail(seq),
      compare: (a, b) => this.compare(a, b),
      close: () => this.closeDetail(),
      followChanged: (follow) => {
        this.controls.setFollow(follow);
        this.saveState({ follow });
      },
      selectionChanged: (count) => {
        this.controls.setSelectedCount(count);
        this.updateMenuContext();
      },
    });
    this.detail = new DetailPane({
      close: () => this.closeDetail(),
      select: (seq) => this.selectAndOpen(seq),
      copyJson: (seq) => host.post({ type: 'copyJson', seq }),
      copyCurl: (seq) => host.post({ type: 'copyCurl', seq }),
      compareWithNow: (seq, callId) => this.compareWithNow(seq, callId),
    });
    root.replaceChildren(
      el('div', { className: 'inspector' }, [this.controls.element, el('main', { className: 'panes' }, [this.stream.element, this.detail.element])]),
    );
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.detail.shownSeq !== undefined && !event.defaultPrevented) {
        this.closeDetail();
        this.stream.focus();
      }
    });
    this.controls.showCriteria(this.criteria);
    this.controls.setFilterError(this.filter.error);
    this.detail.setHighlight(this.filter.highlight);
    this.askForPayloads();
    this.controls.setFollow(this.state.follow);
    this.controls.setPaused(false, 0);
    this.stream.setFollow(this.state.follow);
    this.stream.select(this.state.selectedSeq, false);
    this.updateCounts();
  }

  receive(message: ToPage): void {
    switch (message.type) {
      case 'reset':
      case 'append':
      case 'update':
        this.queue.push(message);
        this.requestFrame();
        return;
      case 'detail':
        this.onDetail(message.seq, message.detail);
        return;
      case 'connection':
        this.controls.setConnection(message.state, message.text);
        return;
      case 'sources':
        this.setSources(message.sources);
        this.stream.render(true);
        return;
      case 'compare':
        this.detail.setCompare(message.a, message.b, message.diff);
        return;
      case 'compareNow':
        this.detail.setCompareNow(message.seq, message.latest, message.diff);
        return;
      case 'focusCall':
        this.changeFilter({ callId: message.callId });
        this.stream.setFollow(true);
        return;
      case 'requestSelection':
        this.host.post({ type: 'selection', requestId: message.requestId, selection: this.selection() });
        return;
    }
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.applyQueue();
    });
  }

  /** Everything queued since the last frame, then one render of the visible window. */
  private applyQueue(): void {
    const started = performance.now();
    const queue = this.queue;
    this.queue = [];
    let refilter = false;
    let shiftedOut = 0;
    let viewChanged = false;
    const touchedCalls = new Set<string>();
    for (const message of queue) {
      if (message.type === 'reset') {
        this.applyReset(message);
        refilter = true;
        shiftedOut = 0;
        continue;
      }
      if (this.paused) {
        this.bufferWhilePaused(message);
        continue;
      }
      if (message.type === 'append') {
        this.extensionDropped = message.dropped;
        const result = this.applyRows(message.rows, [], refilter, touchedCalls);
        shiftedOut += result.shiftedOut;
        viewChanged ||= result.viewChanged;
      } else {
        const result = this.applyRows([], message.rows, refilter, touchedCalls);
        viewChanged ||= result.viewChanged;
      }
    }
    if (refilter) {
      this.view = applyFilter(this.store.entries, this.filter);
      this.stream.setView(this.view, 0, true);
      this.afterReset();
    } else if (viewChanged || shiftedOut > 0) {
      // Evicted rows leave the selection too (only a many-row selection is worth the walk).
      if (shiftedOut > 0 && this.stream.selectionCount > 1) this.stream.forgetMissing((seq) => this.store.get(seq) !== undefined);
      this.stream.setView(this.view, shiftedOut, this.callRenamed);
    } else {
      this.stream.render(this.callRenamed);
    }
    this.callRenamed = false;
    this.updateCounts();
    this.controls.setPaused(this.paused, this.pausedRows.size);
    if (this.detailStale) {
      this.detailStale = false;
      this.requestDetail(this.detail.shownSeq);
    }
    this.timelineChanged(touchedCalls);
    measure(MEASURE_FRAME, started, this.store.size);
  }

  private applyReset(message: Extract<ToPage, { type: 'reset' }>): void {
    this.maxEvents = message.settings.maxEvents;
    this.store.reset(this.maxEvents);
    this.droppedBaseline = message.dropped;
    this.extensionDropped = message.dropped;
    this.pausedRows.clear();
    this.pausedUpdates.clear();
    this.pausedDropped = 0;
    this.shownStream = message.view;
    this.controls.setView(message.view);
    this.setSources(message.sources ?? []);
    this.controls.resetOptions();
    callIndex.reset();
    callIndex.note(message.rows);
    this.noteSeen(this.store.append(message.rows));
  }

  /** Applies appended and updated rows to the store and, incrementally, to the view. */
  private applyRows(
    appended: RowDto[],
    updatedRows: RowDto[],
    viewIsStale: boolean,
    touchedCalls: Set<string>,
  ): { shiftedOut: number; viewChanged: boolean } {
    let shiftedOut = 0;
    let viewChanged = false;
    const changedEntries: RowEntry[] = [];
    if (appended.length) {
      callIndex.note(appended);
      const result = this.store.append(appended);
      this.noteSeen(result);
      changedEntries.push(...result.updated);
      if (!viewIsStale) {
        if (result.evictedNow > 0) shiftedOut = this.dropEvictedFromView();
        const test = this.filter.test;
        for (const entry of result.added) {
          if (test(entry)) {
            this.view.push(entry);
            viewChanged = true;
          }
        }
      }
      for (const entry of result.added) if (entry.row.callId) touchedCalls.add(entry.row.callId);
    }
    if (updatedRows.length) {
      callIndex.note(updatedRows);
      const result = this.store.update(updatedRows);
      this.noteSeen(result);
      changedEntries.push(...result.updated);
    }
    for (const entry of changedEntries) {
      if (entry.row.callId) touchedCalls.add(entry.row.callId);
      if (!viewIsStale) viewChanged = this.reconcile(entry) || viewChanged;
      if (entry.row.seq === this.detail.shownSeq) this.shownRowChanged(entry);
    }
    return { shiftedOut, viewChanged: viewChanged || shiftedOut > 0 };
  }

  /**
   * The row in the detail pane changed: its header now, and its detail again (once, at the end
   * of the frame) when the detail depends on what changed — an operation's request and result,
   * or the rows a row is linked to.
   */
  private shownRowChanged(entry: RowEntry): void {
    this.detail.renderHeader(entry.row.seq, entry);
    const before = this.detailOf;
    this.detailOf = entry.row;
    if (before?.seq === entry.row.seq && (entry.row.kind === 'operation' || !sameSeqs(before.linkedSeqs, entry.row.linkedSeqs))) {
      this.detailStale = true;
    }
  }

  /** An updated row may now pass or fail the filter: insert or remove it in seq order. */
  private reconcile(entry: RowEntry): boolean {
    const passes = this.filter.test(entry);
    const index = indexOfSeq(this.view, entry.row.seq);
    if (passes && index < 0) {
      let at = this.view.length;
      while (at > 0 && this.view[at - 1].row.seq > entry.row.seq) at--;
      this.view.splice(at, 0, entry);
      return true;
    }
    if (!passes && index >= 0) {
      this.view.splice(index, 1);
      return true;
    }
    return false;
  }

  /** Removes rows the store evicted from the head of the view; returns how many left. */
  private dropEvictedFromView(): number {
    const oldest = this.store.entries[0]?.row.seq ?? Number.POSITIVE_INFINITY;
    let count = 0;
    while (count < this.view.length && this.view[count].row.seq < oldest) count++;
    if (count > 0) this.view.splice(0, count);
    return count;
  }

  private bufferWhilePaused(message: QueuedMessage): void {
    if (message.type === 'append') {
      this.extensionDropped = message.dropped;
      for (const row of message.rows) {
        if (this.store.get(row.seq)) this.pausedUpdates.set(row.seq, row);
        else this.pausedRows.set(row.seq, row);
      }
    } else if (message.type === 'update') {
      for (const row of message.rows) {
        if (this.pausedRows.has(row.seq)) this.pausedRows.set(row.seq, row);
        else this.pausedUpdates.set(row.seq, row);
      }
    }
    // The buffer obeys the same bound as the stream: the oldest buffered rows go first.
    let overflow = this.pausedRows.size - this.maxEvents;
    if (overflow > 0) {
      for (const seq of this.pausedRows.keys()) {
        if (overflow-- <= 0) break;
        this.pausedRows.delete(seq);
        this.pausedDropped++;
      }
    }
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused && (this.pausedRows.size || this.pausedUpdates.size)) {
      const updates = [...this.pausedUpdates.values()];
      const rows = [...this.pausedRows.values()];
      this.pausedRows.clear();
      this.pausedUpdates.clear();
      // The buffered rows are older than anything still queued for the next frame: they go first.
      const buffered: QueuedMessage[] = [];
      if (updates.length) buffered.push({ type: 'update', rows: updates });
      if (rows.length) buffered.push({ type: 'append', rows, dropped: this.extensionDropped });
      this.queue.unshift(...buffered);
      this.requestFrame();
    }
    this.controls.setPaused(paused, this.pausedRows.size);
  }

  private noteSeen(values: { seen: SeenValues; gone: SeenValues }): void {
    this.controls.removeGone(values.gone);
    callIndex.forget(values.gone.callIds);
    this.controls.addSeen(values.seen);
    const calls = callIndex.takeChanges();
    this.controls.showCalls(calls.relabel, calls.reorder);
    // A call's first notification names it: the rows drawn before (its operations) take the name.
    if (calls.renamed) this.callRenamed = true;
    // One source needs no Source column; from two on, every row says where it comes from.
    this.root.classList.toggle('multi-source', this.store.sourceCount >= 2);
    const filled = this.store.filledColumns;
    this.root.classList.toggle('no-call', !filled.call);
    this.root.classList.toggle('no-state', !filled.state);
    this.root.classList.toggle('no-rec', !filled.rec);
  }

  private setSources(sources: readonly SourceDto[]): void {
    sourceLabels.clear();
    for (const source of sources) sourceLabels.set(source.id, source.label);
    this.controls.setSourceLabels(sourceLabels);
  }

  /** The first text filter: from then on the extension sends each row's payload text (a reset sends them all). */
  private askForPayloads(): void {
    if (this.payloadsAsked || (this.criteria.text ?? '').trim() === '') return;
    this.payloadsAsked = true;
    this.host.post({ type: 'payloadSearch' });
  }

  private changeFilter(patch: Partial<FilterCriteria>): void {
    const started = performance.now();
    this.criteria = { ...this.criteria, ...patch };
    this.filter = compileFilter(this.criteria);
    this.controls.setFilterError(this.filter.error);
    this.controls.showCriteria(this.criteria);
    this.view = applyFilter(this.store.entries, this.filter);
    this.stream.setView(this.view);
    // The focused row stays in view; the rest of the selection stays selected, shown or not.
    const selected = this.stream.selectedSeq;
    if (selected !== undefined) this.stream.focusRow(selected, true);
    this.updateCounts();
    measure(MEASURE_FILTER, started, this.store.size);
    this.detail.setHighlight(this.filter.highlight);
    this.askForPayloads();
    this.saveState({ filters: this.criteria });
  }

  private updateCounts(): void {
    const dropped = Math.max(this.extensionDropped, this.droppedBaseline + this.store.evicted) + this.pausedDropped;
    this.controls.setCounts(this.view.length, this.store.size, dropped);
    this.updateMenuContext();
  }

  /**
   * What VS Code's context menu on the stream knows (package.json, menus "webview/context"):
   * how many rows are selected and whether a filter hides rows, so it offers only what applies.
   */
  private updateMenuContext(): void {
    const context = JSON.stringify({ webviewSection: 'stream', gwsSelectedRows: this.stream.selectionCount, gwsFilterActive: this.view.length < this.store.size });
    if (this.stream.element.dataset.vscodeContext !== context) this.stream.element.dataset.vscodeContext = context;
  }

  /** The answer to `requestSelection`: the selected rows and the rows the filters show, as seq runs. */
  private selection(): SelectionDto {
    return {
      selected: toSeqRanges(this.stream.selectedSeqs()),
      filtered: toSeqRanges(this.view.map((entry) => entry.row.seq)),
      filterActive: this.view.length < this.store.size,
    };
  }

  private onSelect(seq: number, open: boolean): void {
    this.saveState({ selectedSeq: seq });
    // With the pane already open, browsing with the arrows follows in the detail.
    if (open || this.detail.shownSeq !== undefined) this.openDetail(seq);
  }

  private selectAndOpen(seq: number): void {
    this.stream.select(seq);
    this.openDetail(seq);
  }

  private openDetail(seq: number): void {
    const entry = this.store.get(seq);
    this.detail.show(seq, entry);
    this.detailOf = entry?.row;
    this.refreshTimeline();
    if (this.detailRequested !== seq) this.requestDetail(seq);
    this.saveState({ selectedSeq: seq, detailOpen: true });
  }

  /** Two rows compared in the detail pane; the selection stays on the first. */
  private compare(a: number, b: number): void {
    this.detailRequested = undefined;
    this.detailOf = undefined;
    this.cancelTimeline();
    this.detail.showCompare(a, b);
    this.detail.setTimeline(undefined);
    this.host.post({ type: 'requestCompare', a, b });
  }

  /** A call's state at a point of its timeline against its latest state; the timeline stays to pick another point. */
  private compareWithNow(seq: number, callId: string): void {
    this.detailRequested = undefined;
    this.detailOf = undefined;
    this.detail.showCompareNow(seq, callId);
    this.refreshTimeline();
    this.host.post({ type: 'requestCompareNow', seq, callId });
  }

  private requestDetail(seq: number | undefined): void {
    if (seq === undefined) return;
    this.detailRequested = seq;
    this.host.post({ type: 'requestDetail', seq });
  }

  private closeDetail(): void {
    if (this.detail.shownSeq === undefined) return;
    this.detail.hide();
    this.detailRequested = undefined;
    this.detailOf = undefined;
    this.detailStale = false;
    this.cancelTimeline();
    this.saveState({ detailOpen: false });
  }

  private onDetail(seq: number, detail: DetailDto | undefined): void {
    if (seq === this.detailRequested) this.detailRequested = undefined;
    this.detail.setDetail(seq, detail);
  }

  /** After a reset (first load, reload after hide/show, import): restore the selection. */
  private afterReset(): void {
    // The shown row is gone (Clear, a smaller capacity, another file): its detail and its
    // call's timeline would describe something no longer in the stream.
    const shown = this.detail.shownSeq;
    if (shown !== undefined && !this.store.get(shown)) this.closeDetail();
    // Selected rows the new content no longer has leave the selection; the others stay.
    this.stream.forgetMissing((s) => this.store.get(s) !== undefined);
    const seq = this.stream.selectedSeq;
    if (seq === undefined) return;
    this.stream.focusRow(seq, !this.stream.follow);
    if (this.state.detailOpen && this.store.get(seq)) {
      this.detailRequested = undefined;
      this.openDetail(seq);
    }
  }

  /**
   * The shown call got rows: its timeline is redrawn at most every TIMELINE_INTERVAL_MS (at
   * once if the last redraw is older, else when the interval is over), never in every frame
   * of a busy stream — a redraw scans the whole store.
   */
  private timelineChanged(touched: Set<string>): void {
    const seq = this.detail.shownSeq;
    if (seq === undefined || this.timelineTimer !== undefined) return;
    const callId = this.store.get(seq)?.row.callId;
    if (!callId || !touched.has(callId)) return;
    const wait = this.timelineDrawnAt + TIMELINE_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.refreshTimeline();
      return;
    }
    this.timelineTimer = setTimeout(() => {
      this.timelineTimer = undefined;
      this.refreshTimeline();
    }, wait);
  }

  private cancelTimeline(): void {
    if (this.timelineTimer === undefined) return;
    clearTimeout(this.timelineTimer);
    this.timelineTimer = undefined;
  }

  /** Redraws the shown row's call timeline now. */
  private refreshTimeline(): void {
    this.cancelTimeline();
    const seq = this.detail.shownSeq;
    if (seq === undefined) return;
    this.timelineDrawnAt = performance.now();
    const callId = this.store.get(seq)?.row.callId;
    if (!callId) {
      this.detail.setTimeline(undefined);
      return;
    }
    const timeline = buildTimeline(this.store.entries, callId);
    const lastTime = this.store.entries[this.store.size - 1]?.row.time ?? 0;
    const until = this.shownStream.kind === 'live' ? Date.now() : lastTime;
    const actions = { select: (s: number) => this.selectAndOpen(s), compareWithNow: (s: number) => this.compareWithNow(s, callId) };
    this.detail.setTimeline(timeline ? renderTimeline(timeline, until, actions) : undefined);
  }

  private saveState(patch: Partial<PageState>): void {
    this.state = { ...this.state, ...patch };
    this.host.saveState(this.state);
  }
}
