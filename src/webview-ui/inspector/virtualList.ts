// A fixed-row-height virtual list: one spacer gives the scrollbar its full height, and only
// the rows in (and just around) the viewport exist as elements, recycled from a pool. Whatever
// the number of items, the DOM holds at most MAX_ROWS rows.
const OVERSCAN = 8;
const MAX_ROWS = 300;

export interface VirtualListOptions<T> {
  rowHeight: number;
  createRow: () => HTMLElement;
  /** Writes `item` into a pooled row element; called only when the row shows something new. */
  fillRow: (element: HTMLElement, item: T, index: number) => void;
  /** A key that changes whenever a rendered row must be refilled. */
  rowKey: (item: T, index: number) => string;
  /** The viewport changed size (a resize scrolls nothing by itself: the stream re-follows). */
  resized?: () => void;
}

export class VirtualList<T> {
  /** The scrolling viewport. */
  readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private readonly keys = new WeakMap<HTMLElement, string>();
  private items: readonly T[] = [];
  private viewportHeight = 0;
  private lastProgrammaticTop = -1;
  private renderedFirst = -1;

  constructor(private readonly options: VirtualListOptions<T>) {
    this.viewport = document.createElement('div');
    this.viewport.className = 'vlist-viewport';
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.body = document.createElement('div');
    this.body.className = 'vlist-body';
    this.body.setAttribute('role', 'rowgroup');
    this.spacer.appendChild(this.body);
    this.viewport.appendChild(this.spacer);
    new ResizeObserver(() => {
      this.viewportHeight = this.viewport.clientHeight;
      this.options.resized?.();
      this.render();
    }).observe(this.viewport);
  }

  /** Replaces the items; the caller decides about scrolling (see follow/keep logic in the stream). */
  setItems(items: readonly T[]): void {
    this.items = items;
    this.spacer.style.height = `${items.length * this.options.rowHeight}px`;
  }

  isAtBottom(): boolean {
    const { scrollTop, scrollHeight, clientHeight } = this.viewport;
    return scrollTop + clientHeight >= scrollHeight - this.options.rowHeight / 2;
  }

  /** True when the last scroll event came from the user, not from scrollTo* below. */
  isUserScroll(): boolean {
    return Math.abs(this.viewport.scrollTop - this.lastProgrammaticTop) > 1;
  }

  scrollToBottom(): void {
    this.setScrollTop(this.items.length * this.options.rowHeight - this.viewport.clientHeight);
  }

  scrollBy(rows: number): void {
    this.setScrollTop(this.viewport.scrollTop + rows * this.options.rowHeight);
  }

  /** Scrolls the least amount that shows row `index` whole. */
  scrollToIndex(index: number): void {
    const top = index * this.options.rowHeight;
    const bottom = top + this.options.rowHeight;
    const { scrollTop, clientHeight } = this.viewport;
    if (top < scrollTop) this.setScrollTop(top);
    else if (bottom > scrollTop + clientHeight) this.setScrollTop(bottom - clientHeight);
  }

  get pageRows(): number {
    return Math.max(1, Math.floor(this.viewport.clientHeight / this.options.rowHeight) - 1);
  }

  private setScrollTop(top: number): void {
    const max = Math.max(0, this.items.length * this.options.rowHeight - this.viewport.clientHeight);
    const clamped = Math.max(0, Math.min(max, top));
    this.lastProgrammaticTop = clamped;
    this.viewport.scrollTop = clamped;
  }

  /** Renders the visible window. `force` refills rows even when their key did not change. */
  render(force = false): void {
    const { rowHeight } = this.options;
    const height = this.viewportHeight || this.viewport.clientHeight;
    const scrollTop = this.viewport.scrollTop;
    const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
    const wanted = Math.min(MAX_ROWS, Math.max(0, last - first));
    while (this.pool.length < wanted) this.pool.push(this.options.createRow());
    if (first !== this.renderedFirst) {
      this.body.style.transform = `translateY(${first * rowHeight}px)`;
      this.renderedFirst = first;
    }
    for (let i = 0; i < wanted; i++) {
      const element = this.pool[i];
      const index = first + i;
      const item = this.items[index];
      const key = this.options.rowKey(item, index);
      if (force || this.keys.get(element) !== key) {
        this.options.fillRow(element, item, index);
        this.keys.set(element, key);
      }
      if (element.parentNode !== this.body || this.body.children[i] !== element) {
        // Pool order equals DOM order; only a newly used pooled row is appended.
        this.body.appendChild(element);
      }
    }
    // Rows beyond the window leave the DOM (kept in the pool for reuse).
    while (this.body.children.length > wanted) this.body.lastElementChild?.remove();
  }
}
