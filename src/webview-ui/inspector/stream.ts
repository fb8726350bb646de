// The stream grid: the filtered rows in a virtual list, the selection (by seq, so it survives
// filtering and eviction), keyboard navigation and "follow the tail".
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
  private following = true;

  constructor(private readonly callbacks: StreamCallbacks) {
    this.list = new VirtualList<RowEntry>({
      rowHeight: ROW_HEIGHT,
      createRow: createStreamRow,
      fillRow: (element, entry, index) => fillStreamRow(element, entry, index, entry.row.seq === this.selected),
      rowKey: (entry, index) => `${entry.row.seq}:${entry.version}:${index}:${entry.row.seq === this.selected ? 1 : 0}`,
      // A smaller panel (the detail opened, a resize) would hide the newest rows until the next one.
      resized: () => {
        if (this.following) this.list.scrollToBottom();
      },
    });
    this.empty = document.createElement('div');
    this.empty.className = 'empty';
    this.empty.textContent = 'No rows yet. Notifications and operations appear here as they happen.';
    this.element = document.createElement('div');
    this.element.className = 'stream';
    this.element.setAttribute('role', 'grid');
    this.element.setAttribute('aria-label', 'Notification stream');
    this.element.setAttribute('aria-readonly', 'true');
    this.element.tabIndex = 0;
    const header = document.createElement('div');
    header.setAttribute('role', 'rowgroup');
    header.className = 'stream-header';
    header.appendChild(createHeaderRow());
    this.element.append(header, this.list.viewport, this.empty);

    this.list.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
  }

  get follow(): boolean {
    return this.following;
  }

  get selectedSeq(): number | undefined {
    return this.selected;
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

  /** Selects a row by seq (it may be filtered out: then nothing is highlighted). */
  select(seq: number | undefined, reveal = true): void {
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

  private move(target: number): void {
    if (this.view.length === 0) return;
    const index = Math.max(0, Math.min(this.view.length - 1, target));
    const seq = this.view[index].row.seq;
    this.select(seq);
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
    switch (event.key) {
      case 'ArrowDown':
        this.move(index < 0 ? this.firstVisibleIndex() : index + 1);
        break;
      case 'ArrowUp':
        this.move(index < 0 ? this.firstVisibleIndex() : index - 1);
        break;
      case 'PageDown':
        this.move((index < 0 ? this.firstVisibleIndex() : index) + page);
        break;
      case 'PageUp':
        this.move((index < 0 ? this.firstVisibleIndex() : index) - page);
        break;
      case 'Home':
        this.move(0);
        break;
      case 'End':
        this.move(this.view.length - 1);
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
    if ((event.ctrlKey || event.metaKey) && selected !== undefined && selected !== seq) {
      this.callbacks.compare(selected, seq);
      return;
    }
    this.select(seq, false);
    this.callbacks.select(seq, true);
  }
}
