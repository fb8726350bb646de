// The inspector page: receives the typed messages, keeps the bounded row store and the
// filtered view, and applies everything that arrived since the last frame in ONE animation
// frame (the extension batches ≤ 20/s, each possibly thousands of rows).
import type { DetailDto, RowDto, StreamSource, ToPage } from '../../webviews/inspector/protocol';
import { Controls } from './controls';
import { DetailPane } from './detailPane';
import { el } from './dom';
import { applyFilter, compileFilter, type CompiledFilter, type FilterCriteria } from './filter';
import type { Host, PageState } from './host';
import { RowStore, type RowEntry, type SeenValues } from './rowStore';
import { indexOfSeq, StreamView } from './stream';
import { buildTimeline, renderTimeline } from './timeline';

type QueuedMessage = Extract<ToPage, { type: 'reset' | 'append' | 'update' }>;

/**
 * User Timing names the page records (read them with performance.getEntriesByName): the
 * benchmark and DevTools see how long a re-filter and a frame's batch application took.
 */
export const MEASURE_FILTER = 'inspector:filter';
export const MEASURE_FRAME = 'inspector:frame';
const MAX_FRAME_MEASURES = 5000;
let frameMeasures = 0;

function measure(name: string, start: number, rows: number): void {
  if (name === MEASURE_FRAME && ++frameMeasures > MAX_FRAME_MEASURES) {
    // Bounded: a long live session must not grow the timeline buffer forever.
    performance.clearMeasures(MEASURE_FRAME);
    frameMeasures = 1;
  }
  performance.measure(name, { start, end: performance.now(), detail: { rows } });
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
  private source: StreamSource = { kind: 'live' };
  private state: PageState;
  private detailRequested: number | undefined;

  constructor(root: HTMLElement, private readonly host: Host) {
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
    });
    this.stream = new StreamView({
      select: (seq, open) => this.onSelect(seq, open),
      open: (seq) => this.openDetail(seq),
      close: () => this.closeDetail(),
      followChanged: (follow) => {
        this.controls.setFollow(follow);
        this.saveState({ follow });
      },
    });
    this.detail = new DetailPane({
      close: () => this.closeDetail(),
      select: (seq) => this.selectAndOpen(seq),
      copyJson: (seq) => host.post({ type: 'copyJson', seq }),
      copyCurl: (seq) => host.post({ type: 'copyCurl', seq }),
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
      case 'focusCall':
        this.changeFilter({ callId: message.callId });
        this.controls.showCriteria(this.criteria);
        this.stream.setFollow(true);
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
      this.stream.setView(this.view);
      this.afterReset();
    } else if (viewChanged || shiftedOut > 0) {
      this.stream.setView(this.view, shiftedOut);
    } else {
      this.stream.render();
    }
    this.updateCounts();
    this.controls.setPaused(this.paused, this.pausedRows.size);
    this.refreshTimeline(touchedCalls);
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
    this.source = message.source;
    this.controls.setSource(message.source);
    this.noteSeen(this.store.append(message.rows).seen);
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
      const result = this.store.append(appended);
      this.noteSeen(result.seen);
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
      const result = this.store.update(updatedRows);
      this.noteSeen(result.seen);
      changedEntries.push(...result.updated);
    }
    for (const entry of changedEntries) {
      if (entry.row.callId) touchedCalls.add(entry.row.callId);
      if (!viewIsStale) viewChanged = this.reconcile(entry) || viewChanged;
      if (entry.row.seq === this.detail.shownSeq) this.detail.renderHeader(entry.row.seq, entry);
    }
    return { shiftedOut, viewChanged: viewChanged || shiftedOut > 0 };
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
      this.queue.push({ type: 'update', rows: updates }, { type: 'append', rows, dropped: this.extensionDropped });
      this.requestFrame();
    }
    this.controls.setPaused(paused, this.pausedRows.size);
  }

  private noteSeen(seen: SeenValues): void {
    this.controls.addSeen(seen);
  }

  private changeFilter(patch: Partial<FilterCriteria>): void {
    const started = performance.now();
    this.criteria = { ...this.criteria, ...patch };
    this.filter = compileFilter(this.criteria);
    this.controls.setFilterError(this.filter.error);
    this.controls.showCriteria(this.criteria);
    this.view = applyFilter(this.store.entries, this.filter);
    this.stream.setView(this.view);
    const selected = this.stream.selectedSeq;
    if (selected !== undefined) this.stream.select(selected);
    this.updateCounts();
    measure(MEASURE_FILTER, started, this.store.size);
    this.saveState({ filters: this.criteria });
  }

  private updateCounts(): void {
    const dropped = Math.max(this.extensionDropped, this.droppedBaseline + this.store.evicted) + this.pausedDropped;
    this.controls.setCounts(this.view.length, this.store.size, dropped);
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
    this.detail.show(seq, this.store.get(seq));
    this.refreshTimeline(undefined);
    if (this.detailRequested !== seq) {
      this.detailRequested = seq;
      this.host.post({ type: 'requestDetail', seq });
    }
    this.saveState({ selectedSeq: seq, detailOpen: true });
  }

  private closeDetail(): void {
    if (this.detail.shownSeq === undefined) return;
    this.detail.hide();
    this.detailRequested = undefined;
    this.saveState({ detailOpen: false });
  }

  private onDetail(seq: number, detail: DetailDto | undefined): void {
    if (seq === this.detailRequested) this.detailRequested = undefined;
    this.detail.setDetail(seq, detail);
  }

  /** After a reset (first load, reload after hide/show, import): restore the selection. */
  private afterReset(): void {
    const seq = this.stream.selectedSeq;
    if (seq === undefined) return;
    this.stream.select(seq, !this.stream.follow);
    if (this.state.detailOpen && this.store.get(seq)) {
      this.detailRequested = undefined;
      this.openDetail(seq);
    }
  }

  /** Redraws the selected call's timeline when its rows changed (`touched` undefined = always). */
  private refreshTimeline(touched: Set<string> | undefined): void {
    const seq = this.detail.shownSeq;
    if (seq === undefined) return;
    const callId = this.store.get(seq)?.row.callId;
    if (!callId) {
      this.detail.setTimeline(undefined);
      return;
    }
    if (touched && !touched.has(callId)) return;
    const timeline = buildTimeline(this.store.entries, callId);
    const lastTime = this.store.entries[this.store.size - 1]?.row.time ?? 0;
    const until = this.source.kind === 'live' ? Date.now() : lastTime;
    this.detail.setTimeline(timeline ? renderTimeline(timeline, until, (s) => this.selectAndOpen(s)) : undefined);
  }

  private saveState(patch: Partial<PageState>): void {
    this.state = { ...this.state, ...patch };
    this.host.saveState(this.state);
  }
}
