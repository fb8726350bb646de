// The stream grid: the filtered rows in a virtual list, the selection (by seq, so it survives
// filtering and eviction), keyboard navigation and "follow the tail". The selection is a set of
// rows: a click picks one (the focused row, whose detail the pane shows), Shift+click and
// Shift+arrows a range from the anchor, Ctrl/Cmd+click adds a row (and compares it with the
// focused one) or takes it out again, Ctrl/Cmd+A every row shown. Commands that act on it (Save
// as Scenario, Replay) ask for it when they run (app.ts, `requestSelection`).
import * as l10n from '@vscode/l10n';
import type { RowEntry } from './rowStore';
import { createHeaderRow, createStreamRow, fillStreamRow, ROW_HEIGHT } from './streamRow';
import { VirtualList } from './virtualList';

export interface StreamCallbacks {
  /** Selection moved (keyboard or click). `open`: the user asked for the detail. */
  select(seq: number, open: boolean): void;
  open(seq: number): void;
  /** Ctrl/Cmd+click on another row: compare the selected row (`a`) with it (`b`). */
  compare(a: number, b: number): void;
  close(): void;
  followChanged(follow: boolean): void;
  /** How many rows are selected now (the toolbar counts them, the context menu offers commands). */
  selectionChanged(count: number): void;
}

/** Index of `seq` in a view sorted by seq, or -1. */
export function indexOfSeq(view: readonly RowEntry[], seq: number): number {
  let lo = 0;
  let hi = view.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = view[mid].row.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export class StreamView {
  readonly element: HTMLElement;
  private readonly list: VirtualList<RowEntry>;
  private readonly empty: HTMLElement;
  private view: RowEntry[] = [];
  private selected: number | undefined;
  /** Every selected row by seq, the focused one included. */
  private readonly picked = new Set<number>();
  /** Where Shift+click and Shift+arrows extend the selection from. */
  private anchor: number | undefined;
  private following = true;

  constructor(private readonly callbacks: StreamCallbacks) {
    this.list = new VirtualList<RowEntry>({
      rowHeight: ROW_HEIGHT,
      createRow: createStreamRow,
      fillRow: (element, entry, index) => fillStreamRow(element, entry, index, this.picked.has(entry.row.seq), entry.row.seq === this.selected),
      rowKey: (entry, index) => `${entry.row.seq}:${entry.version}:${index}:${this.picked.has(entry.row.seq) ? 1 : 0}${entry.row.seq === this.selected ? 1 : 0}`,
      // A smaller panel (the detail opened, a resize) would hide the newest rows until the next one.
      resized: () => {
        if (this.following) this.list.scrollToBottom();
      },
    });
    this.empty = document.createElement('div');
    this.empty.className = 'empty';
    this.empty.textContent = l10n.t('No rows yet. Notifications and operations appear here as they happen.');
    this.element = document.createElement('div');
    this.element.className = 'stream';
    this.element.setAttribute('role', 'grid');
    this.element.setAttribute('aria-label', l10n.t('Notification stream'));
    this.element.setAttribute('aria-readonly', 'true');
    this.element.setAttribute('aria-multiselectable', 'true');
    this.element.tabIndex = 0;
    const header = document.createElement('div');
    header.setAttribute('role', 'rowgroup');
    header.className = 'stream-header';
    header.appendChild(createHeaderRow());
    this.element.append(header, this.list.viewport, this.empty);

    this.list.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
    // Shift+click picks rows, not text.
    this.element.addEventListener('mousedown', (event) => {
      if (event.shiftKey && (event.target as HTMLElement).closest('.vlist-body .row')) event.preventDefault();
    });
    // The context menu acts on the selection: a right-click outside it selects the row first.
    this.element.addEventListener('contextmenu', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.vlist-body .row');
      if (!row?.dataset.seq) return;
      const seq = Number(row.dataset.seq);
      if (!this.picked.has(seq)) {
        this.select(seq, false);
        this.callbacks.select(seq, false);
      }
    });
  }

  get follow(): boolean {
    return this.following;
  }

  get selectedSeq(): number | undefined {
    return this.selected;
  }

  get selectionCount(): number {
    return this.picked.size;
  }

  /** Every selected row's seq, ascending (those filtered out too: the filter did not unselect them). */
  selectedSeqs(): number[] {
    return [...this.picked].sort((a, b) => a - b);
  }

  /** Drops selected rows that are no longer in the store (evicted, cleared, another file). */
  forgetMissing(has: (seq: number) => boolean): void {
    let changed = false;
    for (const seq of this.picked) {
      if (has(seq)) continue;
      this.picked.delete(seq);
      changed = true;
    }
    if (this.selected !== undefined && !has(this.selected)) this.picked.add(this.selected);
    if (changed) this.callbacks.selectionChanged(this.picked.size);
  }

  /**
   * Shows a new view. `shiftedOut`: rows that left the top (eviction); when not following,
   * the scroll position moves with them so the rows the user looks at stay put. `refill`: every
   * shown row is filled again (after a reset, a new row can have the seq, version and place of
   * the one it replaces, so its key alone would keep the old text on screen).
   */
  setView(view: RowEntry[], shiftedOut = 0, refill = false): void {
    this.view = view;
    this.list.setItems(view);
    this.element.setAttribute('aria-rowcount', String(view.length + 1));
    this.empty.hidden = view.length > 0;
    if (this.following) this.list.scrollToBottom();
    else if (shiftedOut > 0) this.list.scrollBy(-shiftedOut);
    this.render(refill);
  }

  render(force = false): void {
    this.list.render(force);
    this.updateActiveDescendant();
  }

  setFollow(follow: boolean): void {
    if (this.following === follow) return;
    this.following = follow;
    if (follow) {
      this.list.scrollToBottom();
      this.render();
    }
    this.callbacks.followChanged(follow);
  }

  /** Selects one row by seq, alone (it may be filtered out: then nothing is highlighted). */
  select(seq: number | undefined, reveal = true): void {
    this.anchor = seq;
    this.setPicked(seq === undefined ? [] : [seq]);
    this.focusRow(seq, reveal);
  }

  /** Moves the focus (the row the detail follows) without touching the rest of the selection. */
  focusRow(seq: number | undefined, reveal: boolean): void {
    this.selected = seq;
    if (seq !== undefined && reveal) {
      const index = indexOfSeq(this.view, seq);
      if (index >= 0) {
        if (index < this.view.length - 1) this.setFollow(false);
        this.list.scrollToIndex(index);
      }
    }
    this.render();
  }

  focus(): void {
    this.element.focus();
  }

  private setPicked(seqs: Iterable<number>): void {
    const before = this.picked.size;
    this.picked.clear();
    for (const seq of seqs) this.picked.add(seq);
    if (before !== this.picked.size || before > 1) this.callbacks.selectionChanged(this.picked.size);
  }

  /** Shift: the rows shown from the anchor to `seq`, which gets the focus. */
  private extendTo(seq: number): void {
    const anchor = this.anchor ?? this.selected ?? seq;
    let from = indexOfSeq(this.view, anchor);
    const to = indexOfSeq(this.view, seq);
    if (to < 0) return;
    if (from < 0) from = to;
    const [low, high] = from <= to ? [from, to] : [to, from];
    const seqs: number[] = [];
    for (let i = low; i <= high; i++) seqs.push(this.view[i].row.seq);
    this.anchor = anchor;
    this.setPicked(seqs);
    this.focusRow(seq, true);
  }

  /** Ctrl/Cmd+A: every row shown. */
  private pickAll(): void {
    if (this.view.length === 0) return;
    this.anchor = this.view[0].row.seq;
    this.setPicked(this.view.map((entry) => entry.row.seq));
    this.render();
  }

  private updateActiveDescendant(): void {
    const id = this.selected === undefined ? undefined : `row-${this.selected}`;
    if (id && this.element.querySelector(`#${id}`)) this.element.setAttribute('aria-activedescendant', id);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private onScroll(): void {
    if (this.list.isUserScroll()) {
      const atBottom = this.list.isAtBottom();
      if (atBottom !== this.following) {
        this.following = atBottom;
        this.callbacks.followChanged(atBottom);
      }
    }
    this.render();
  }

  private move(target: number, extend = false): void {
    if (this.view.length === 0) return;
    const index = Math.max(0, Math.min(this.view.length - 1, target));
    const seq = this.view[index].row.seq;
    if (extend) this.extendTo(seq);
    else this.select(seq);
    if (index === this.view.length - 1) this.setFollow(true);
    this.callbacks.select(seq, false);
  }

  private currentIndex(): number {
    return this.selected === undefined ? -1 : indexOfSeq(this.view, this.selected);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.element) return;
    const index = this.currentIndex();
    const page = this.list.pageRows;
    const extend = event.shiftKey;
    switch (event.key) {
      case 'ArrowDown':
        this.move(index < 0 ? this.firstVisibleIndex() : index + 1, extend);
        break;
      case 'ArrowUp':
        this.move(index < 0 ? this.firstVisibleIndex() : index - 1, extend);
        break;
      case 'PageDown':
        this.move((index < 0 ? this.firstVisibleIndex() : index) + page, extend);
        break;
      case 'PageUp':
        this.move((index < 0 ? this.firstVisibleIndex() : index) - page, extend);
        break;
      case 'Home':
        this.move(0, extend);
        break;
      case 'End':
        this.move(this.view.length - 1, extend);
        break;
      case 'a':
      case 'A':
        if (!(event.ctrlKey || event.metaKey)) return;
        this.pickAll();
        break;
      case 'Enter':
        if (this.selected !== undefined) this.callbacks.open(this.selected);
        break;
      case 'Escape':
        this.callbacks.close();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private firstVisibleIndex(): number {
    return Math.min(this.view.length - 1, Math.ceil(this.list.viewport.scrollTop / ROW_HEIGHT));
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const link = target.closest<HTMLElement>('.row-link');
    if (link?.dataset.seq) {
      const seq = Number(link.dataset.seq);
      this.select(seq);
      this.callbacks.select(seq, true);
      return;
    }
    const row = target.closest<HTMLElement>('.row');
    if (!row?.dataset.seq || row.classList.contains('header')) return;
    const seq = Number(row.dataset.seq);
    const selected = this.selected;
    if (event.shiftKey && selected !== undefined) {
      this.extendTo(seq);
      this.callbacks.select(seq, false);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && selected !== undefined && selected !== seq) {
      // Another row joins the selection and is compared with the focused one; a second
      // Ctrl+click takes it out again.
      if (this.picked.has(seq)) {
        this.picked.delete(seq);
        this.callbacks.selectionChanged(this.picked.size);
        this.render();
        return;
      }
      this.picked.add(seq);
      this.callbacks.selectionChanged(this.picked.size);
      this.render();
      this.callbacks.compare(selected, seq);
      return;
    }
    this.select(seq, false);
    this.callbacks.select(seq, true);
  }
}
