// The detail of the selected row: diffs first, then the message as a JSON tree, then the raw
// Bayeux envelope; for operations the request (method, URL, headers, body) and the response
// (status, statusCode / statusMessage, headers, body), credentials masked by the extension
// (rows.ts buildDetail). Links go to the linked rows; Copy JSON / Copy as curl ask the extension to copy.
import * as l10n from '@vscode/l10n';
import type { CallDiff, DetailDto, OperationDetailDto } from '../../webviews/inspector/protocol';
import { button, iconButton } from './components';
import { diffView, entityDiffView } from './diffView';
import { clear, el } from './dom';
import { callIndex } from './callIndex';
import { formatDuration, formatTime } from './format';
import { markRanges, type Highlight } from './highlight';
import { expandedPaths, jsonTree, restoreExpanded } from './jsonTree';
import type { RowEntry } from './rowStore';

/** What the user opened in a detail: sections by title, JSON trees by label. */
interface DetailViewState {
  sections: Map<string, boolean>;
  trees: Map<string, Set<string>>;
  scrollTop: number;
}

/** Linked rows shown as buttons in the header; the rest is counted ("+N more"). */
export const MAX_LINKS_SHOWN = 20;

export interface DetailCallbacks {
  close(): void;
  select(seq: number): void;
  copyJson(seq: number): void;
  copyCurl(seq: number): void;
  /** A call notification's "Compare with now": the call then against its latest state. */
  compareWithNow(seq: number, callId: string): void;
}

function section(title: string, body: Node, open = true): HTMLElement {
  const details = el('details', { className: 'section' }, [el('summary', { text: title }), el('div', { className: 'section-body' }, [body])]);
  details.open = open;
  return details;
}

function sectionTitle(details: HTMLDetailsElement): string {
  return details.querySelector('summary')?.textContent ?? '';
}

function keyValues(pairs: [string, string | undefined][]): HTMLElement {
  const list = el('dl', { className: 'kv' });
  for (const [key, value] of pairs) {
    if (value === undefined) continue;
    list.append(el('dt', { text: key }), el('dd', { text: value }));
  }
  return list;
}

/** Marks the filter's matches in diff tables and capability chips. */
function markDiffs(root: HTMLElement, highlight: Highlight): void {
  for (const row of root.querySelectorAll<HTMLElement>('tr')) {
    const keyCell = row.querySelector<HTMLElement>('.diff-key');
    const key = keyCell?.textContent ?? undefined;
    if (keyCell && key !== undefined) markRanges(keyCell, highlight.key(key));
    for (const value of row.querySelectorAll<HTMLElement>('.diff-old, .diff-new')) markRanges(value, highlight.value(value.textContent ?? '', key));
  }
  for (const chip of root.querySelectorAll<HTMLElement>('.chip')) {
    // "+Hold": the name after the sign, as the payload has it (capabilities = hold).
    const text = chip.textContent ?? '';
    const ranges = highlight.value(text.slice(1), 'capabilities').map(([start, end]): [number, number] => [start + 1, end + 1]);
    markRanges(chip, ranges);
  }
}

/** A body longer than this (as JSON text) starts collapsed: its section says how long it is. */
export const LONG_BODY_CHARS = 4_000;

function headerList(headers: Record<string, string> | undefined): HTMLElement {
  const list = keyValues(Object.entries(headers ?? {}));
  return list.childElementCount ? list : el('div', { className: 'muted', text: l10n.t('none') });
}

/**
 * A request or response body: JSON as the same tree as the message, text as text. A long one
 * starts collapsed behind a line that says how long it is, so the headers stay in view.
 */
function bodyView(body: unknown, label: string, highlight: Highlight | undefined): HTMLElement {
  if (body === undefined) return el('div', { className: 'muted', text: l10n.t('none') });
  const view =
    typeof body === 'string'
      ? el('pre', { className: 'body-text', text: body })
      : jsonTree(body, { label, highlight });
  const length = typeof body === 'string' ? body.length : (JSON.stringify(body)?.length ?? 0);
  if (length <= LONG_BODY_CHARS) return view;
  const details = el('details', { className: 'long-body' }, [el('summary', { text: l10n.t('{0} characters', length.toLocaleString()) }), view]);
  return details;
}

function operationSections(op: OperationDetailDto, highlight: Highlight | undefined): HTMLElement[] {
  const request = el('div', {}, [
    el('div', { className: 'request-line' }, [el('span', { className: 'method', text: op.method }), ' ', el('span', { className: 'url', text: op.url })]),
    el('div', { className: 'subhead', text: l10n.t('Headers') }),
    headerList(op.requestHeaders),
    el('div', { className: 'subhead', text: l10n.t('Body') }),
    bodyView(op.requestBody, l10n.t('Request body'), highlight),
  ]);
  const result = keyValues([
    [l10n.t('HTTP status'), op.httpStatus === undefined ? undefined : String(op.httpStatus)],
    ['statusCode', op.statusCode === undefined ? undefined : String(op.statusCode)],
    ['statusMessage', op.statusMessage],
    [l10n.t('Error'), op.error],
    [l10n.t('Round trip'), op.rttMs === undefined ? undefined : formatDuration(op.rttMs)],
  ]);
  const answered = op.responseHeaders !== undefined || op.responseBody !== undefined;
  const response = answered
    ? el('div', {}, [
        result,
        el('div', { className: 'subhead', text: l10n.t('Headers') }),
        headerList(op.responseHeaders),
        el('div', { className: 'subhead', text: l10n.t('Body') }),
        bodyView(op.responseBody, l10n.t('Response body'), highlight),
      ])
    : result.childElementCount
      ? result
      : el('div', { className: 'muted', text: l10n.t('No response yet.') });
  return [section(l10n.t('Request'), request), section(l10n.t('Response'), response)];
}

export class DetailPane {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly links: HTMLElement;
  private readonly content: HTMLElement;
  private readonly timelineSlot: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly curl = button({ label: l10n.t('Copy as curl'), icon: 'copy', onClick: () => this.callbacks.copyCurl(this.seq) });
  private readonly compareNow = button({
    label: l10n.t('Compare with now'),
    title: l10n.t("This call's state here against its latest state"),
    onClick: () => {
      if (this.callId !== undefined) this.callbacks.compareWithNow(this.seq, this.callId);
    },
  });
  /** The call of the shown notification row (Compare with now). */
  private callId: string | undefined;
  private seq = -1;
  /** The row whose detail the content shows (a new detail for it keeps what the user opened). */
  private renderedSeq: number | undefined;
  private renderedDetail: DetailDto | undefined;
  /** Two rows compared (showCompare), or a call's point with now (b 'now'): a detail arriving meanwhile does not replace it. */
  private comparing: { a: number; b: number | 'now' } | undefined;
  /** The filter's matches, marked in the diffs and the JSON (their items open). */
  private highlight: Highlight | undefined;

  constructor(private readonly callbacks: DetailCallbacks) {
    this.title = el('h2', { className: 'detail-title', attrs: { id: 'detail-title' } });
    const closeButton = iconButton({ icon: 'close', label: l10n.t('Close detail (Escape)'), onClick: () => callbacks.close() });
    const copyJson = button({ label: l10n.t('Copy JSON'), icon: 'copy', onClick: () => callbacks.copyJson(this.seq) });
    this.links = el('div', { className: 'detail-links' });
    this.content = el('div', { className: 'detail-content', attrs: { 'aria-live': 'polite' } });
    this.timelineSlot = el('div', { className: 'timeline-slot' });
    this.scroller = el('div', { className: 'detail-scroll' }, [this.content, this.timelineSlot]);
    this.element = el('aside', { className: 'detail', attrs: { 'aria-labelledby': 'detail-title', tabindex: '-1' } }, [
      el('div', { className: 'detail-header' }, [this.title, el('div', { className: 'detail-actions' }, [this.compareNow.element, copyJson.element, this.curl.element, closeButton.element])]),
      this.links,
      this.scroller,
    ]);
    this.element.hidden = true;
  }

  get shownSeq(): number | undefined {
    return this.element.hidden ? undefined : this.seq;
  }

  /** Opens the pane on a row; the content arrives later through `setDetail`. */
  show(seq: number, entry: RowEntry | undefined): void {
    const changed = this.seq !== seq || this.element.hidden || this.comparing !== undefined;
    this.comparing = undefined;
    this.seq = seq;
    this.element.hidden = false;
    this.renderHeader(seq, entry);
    if (changed) {
      clear(this.content);
      this.renderedSeq = undefined;
      this.content.appendChild(el('div', { className: 'muted loading', text: l10n.t('Loading…') }));
    }
  }

  renderHeader(seq: number, entry: RowEntry | undefined): void {
    // A comparison keeps its own title while the rows it compares change.
    if (this.comparing !== undefined) return;
    const row = entry?.row;
    this.title.textContent = row ? `#${seq} ${row.type} · ${formatTime(row.time)}${row.callId ? ` · ${callIndex.nameOf(row)}` : ''}` : `#${seq}`;
    this.curl.element.hidden = row?.kind !== 'operation';
    this.callId = row?.kind === 'notification' ? row.callId : undefined;
    this.compareNow.element.hidden = this.callId === undefined;
    clear(this.links);
    if (row?.linkedSeqs?.length) {
      const label = row.kind === 'operation' ? l10n.t('Caused') : l10n.t('Caused by');
      this.links.appendChild(el('span', { className: 'muted', text: `${label}: ` }));
      const shown = row.linkedSeqs.length > MAX_LINKS_SHOWN ? row.linkedSeqs.slice(0, MAX_LINKS_SHOWN) : row.linkedSeqs;
      for (const linked of shown) {
        const link = el('button', { className: 'link-button', text: `#${linked}`, attrs: { type: 'button' } });
        link.addEventListener('click', () => this.callbacks.select(linked));
        this.links.appendChild(link);
      }
      const more = row.linkedSeqs.length - shown.length;
      if (more > 0) this.links.appendChild(el('span', { className: 'muted links-more', text: ` ${l10n.t('+{0} more', more.toLocaleString())}` }));
      if (row.delayMs !== undefined) this.links.appendChild(el('span', { className: 'muted', text: ` +${Math.round(row.delayMs)} ms` }));
    }
    if (row?.warning) this.links.appendChild(el('span', { className: 'row-warning', text: `⚠ ${row.warning}` }));
    this.links.hidden = this.links.childElementCount === 0;
  }

  /** The filter text changed: the shown detail marks the new matches (and opens what holds them). */
  setHighlight(highlight: Highlight | undefined): void {
    this.highlight = highlight;
    if (this.renderedSeq === undefined || this.renderedSeq !== this.seq || this.element.hidden) return;
    const scrollTop = this.scroller.scrollTop;
    this.setDetail(this.seq, this.renderedDetail, false);
    this.scroller.scrollTop = scrollTop;
  }

  /** Opens the pane on the comparison of two rows; the diff arrives through `setCompare`. */
  showCompare(a: number, b: number): void {
    this.comparing = { a, b };
    this.seq = b;
    this.element.hidden = false;
    this.renderedSeq = undefined;
    this.title.textContent = l10n.t('Compare #{0} → #{1}', a, b);
    this.showComparing();
  }

  /** Opens the pane on a call's state at `seq` against its latest state; the diff arrives through `setCompareNow`. */
  showCompareNow(seq: number, callId: string): void {
    this.comparing = { a: seq, b: 'now' };
    this.seq = seq;
    this.title.textContent = l10n.t('Call {0}: #{1} → now', callIndex.nameById(callId), seq);
    this.showComparing();
  }

  setCompareNow(seq: number, latest: number | undefined, diff: CallDiff | undefined): void {
    if (this.comparing?.a !== seq || this.comparing.b !== 'now' || this.element.hidden) return;
    clear(this.content);
    // No `latest`: the row left the log. A `latest` without a diff: the row is there, but the
    // difference could not be serialised (compareCallWithLatest in src/webviews/inspector/rows.ts).
    if (latest === undefined) {
      this.content.appendChild(el('div', { className: 'muted', text: l10n.t('This row is no longer in the stream log.') }));
      return;
    }
    if (latest === seq) {
      this.content.appendChild(el('div', { className: 'muted', text: l10n.t('#{0} is the latest notification of this call: nothing changed since.', seq) }));
      return;
    }
    if (!diff) {
      this.content.appendChild(el('div', { className: 'muted', text: l10n.t('The difference between #{0} and #{1} cannot be shown: one of the two calls cannot be serialised.', seq, latest) }));
      return;
    }
    const view = diffView(diff, { heading: l10n.t('The call at #{0} → now (#{1})', seq, latest), dataLabel: 'userData' });
    if (this.highlight) markDiffs(view, this.highlight);
    this.content.append(section(l10n.t('Compare with now'), view));
  }

  private showComparing(): void {
    this.element.hidden = false;
    this.renderedSeq = undefined;
    this.curl.element.hidden = true;
    this.compareNow.element.hidden = true;
    clear(this.links);
    this.links.hidden = true;
    clear(this.content);
    this.content.appendChild(el('div', { className: 'muted loading', text: l10n.t('Loading…') }));
  }

  setCompare(a: number, b: number, diff: CallDiff | undefined): void {
    if (this.comparing?.a !== a || this.comparing.b !== b || this.element.hidden) return;
    clear(this.content);
    if (!diff) {
      this.content.appendChild(el('div', { className: 'muted', text: l10n.t('One of the rows is no longer in the stream log.') }));
      return;
    }
    const view = diffView(diff, { heading: `#${a} → #${b}`, dataLabel: 'userData' });
    if (this.highlight) markDiffs(view, this.highlight);
    this.content.append(section(l10n.t('Compare'), view));
  }

  setDetail(seq: number, detail: DetailDto | undefined, keepViewState = true): void {
    if (seq !== this.seq || this.element.hidden || this.comparing !== undefined) return;
    // The same row again (an operation completed, got linked): keep the open sections, the
    // expanded JSON and the scroll position instead of starting over.
    const kept = keepViewState && this.renderedSeq === seq ? this.viewState() : undefined;
    clear(this.content);
    this.renderedSeq = seq;
    this.renderedDetail = detail;
    const highlight = this.highlight;
    if (!detail) {
      this.content.appendChild(el('div', { className: 'muted', text: l10n.t('This row is no longer in the stream log.') }));
      return;
    }
    const sections: HTMLElement[] = [];
    const changes: HTMLElement[] = [];
    if (detail.diff) changes.push(diffView(detail.diff));
    for (const entity of detail.entities ?? []) changes.push(entityDiffView(entity));
    if (highlight) for (const change of changes) markDiffs(change, highlight);
    if (changes.length === 1) sections.push(section(l10n.t('Changes'), changes[0]));
    else if (changes.length > 1) sections.push(section(l10n.t('Changes'), el('div', { className: 'diffs' }, changes)));
    if (detail.operation) sections.push(...operationSections(detail.operation, highlight));
    if (detail.message !== undefined) sections.push(section(l10n.t('Message'), jsonTree(detail.message, { label: l10n.t('Message'), highlight })));
    if (detail.envelope !== undefined) sections.push(section(l10n.t('Bayeux envelope'), jsonTree(detail.envelope, { label: l10n.t('Bayeux envelope'), expandDepth: 1 }), false));
    if (!sections.length) sections.push(el('div', { className: 'muted', text: l10n.t('No detail for this row.') }));
    this.content.append(...sections);
    if (kept) this.restoreViewState(kept);
  }

  private viewState(): DetailViewState {
    const sections = new Map<string, boolean>();
    for (const details of this.content.querySelectorAll<HTMLDetailsElement>(':scope > details.section')) {
      sections.set(sectionTitle(details), details.open);
    }
    const trees = new Map<string, Set<string>>();
    for (const tree of this.content.querySelectorAll<HTMLElement>('.json-tree')) trees.set(tree.getAttribute('aria-label') ?? '', expandedPaths(tree));
    return { sections, trees, scrollTop: this.scroller.scrollTop };
  }

  private restoreViewState(state: DetailViewState): void {
    for (const details of this.content.querySelectorAll<HTMLDetailsElement>(':scope > details.section')) {
      const open = state.sections.get(sectionTitle(details));
      if (open !== undefined) details.open = open;
    }
    for (const tree of this.content.querySelectorAll<HTMLElement>('.json-tree')) {
      const paths = state.trees.get(tree.getAttribute('aria-label') ?? '');
      if (paths) restoreExpanded(tree, paths);
    }
    this.scroller.scrollTop = state.scrollTop;
  }

  setTimeline(content: HTMLElement | undefined): void {
    clear(this.timelineSlot);
    if (content) this.timelineSlot.appendChild(section(l10n.t('Call timeline'), content));
  }

  hide(): void {
    this.element.hidden = true;
  }
}
