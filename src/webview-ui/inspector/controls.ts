// The header of the page: the toolbar (pause, follow, changes only, clear, export, import,
// connection and counters) and the filter bar (source, call, channel, type, free text / regex).
// The source filter shows only once the rows come from two sources or more.
import * as l10n from '@vscode/l10n';
import type { ShownStream } from '../../webviews/inspector/protocol';
import { badge, button, checkbox, divider, dropdown, iconButton, textField, type UiDropdown } from './components';
import { el } from './dom';
import type { FilterCriteria } from './filter';
import { callIndex } from './callIndex';
import { multiSelect, type FilterGroup, type UiMultiSelect } from './multiSelect';
import type { SeenValues } from './rowStore';

const TEXT_DEBOUNCE_MS = 100;
const ANY = '';
/** The call dropdown lists at most this many calls (the ones seen last), live ones first, newest first (callIndex.ts). */
const MAX_CALL_OPTIONS = 500;

export interface ControlCallbacks {
  togglePause(): void;
  setFollow(follow: boolean): void;
  clear(): void;
  exportLog(): void;
  importLog(): void;
  backToLive(): void;
  changeFilter(patch: Partial<FilterCriteria>): void;
  /** Which group of the type filter a type goes in. */
  typeGroup(type: string): FilterGroup;
}

/** The channel filter's groups: REST for operations, /meta/… and the session's own for session events. */
function channelGroup(channel: string): FilterGroup {
  if (channel === 'REST') return 'operation';
  if (channel.startsWith('/meta/') || channel === 'session') return 'session';
  return 'message';
}

export class Controls {
  readonly element: HTMLElement;
  private readonly pause: ReturnType<typeof iconButton>;
  private readonly follow: ReturnType<typeof iconButton>;
  private readonly changesOnly: ReturnType<typeof checkbox>;
  private readonly newBadge = badge();
  private readonly droppedBadge = badge();
  private readonly counts = el('span', { className: 'counts', attrs: { 'aria-live': 'off' } });
  private readonly selectedCount = el('span', { className: 'selected-count', attrs: { 'aria-live': 'polite' } });
  private readonly connection = el('span', { className: 'connection', attrs: { role: 'status' } });
  private readonly sourceBanner: HTMLElement;
  private readonly sourceName = el('span', { className: 'source-name' });
  private readonly calls: UiDropdown;
  private readonly sources: UiDropdown;
  private sourceLabels: ReadonlyMap<string, string> = new Map();
  private readonly channels: UiMultiSelect;
  private readonly types: UiMultiSelect;
  private readonly typeGroup: (type: string) => FilterGroup;
  private readonly text: ReturnType<typeof textField>;
  private readonly regex: ReturnType<typeof iconButton>;
  private readonly filterError = el('div', { className: 'filter-error', attrs: { role: 'alert', id: 'filter-error' } });
  private regexOn = false;
  private textTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(callbacks: ControlCallbacks) {
    this.pause = iconButton({ icon: 'pause', label: l10n.t('Pause'), toggle: true, onClick: () => callbacks.togglePause() });
    this.pause.element.classList.add('pause-button');
    this.follow = iconButton({
      icon: 'follow',
      label: l10n.t('Follow the newest row'),
      toggle: true,
      onClick: () => callbacks.setFollow(this.follow.element.getAttribute('aria-pressed') !== 'true'),
    });
    this.follow.element.classList.add('follow-button');
    this.changesOnly = checkbox({ label: l10n.t('Changes only'), onChange: (checked) => callbacks.changeFilter({ changesOnly: checked }) });
    this.changesOnly.element.classList.add('changes-only');
    this.changesOnly.element.title = l10n.t(
      'Changes only: hides every row whose diff is empty (notifications that changed no userData, capability or field, operations, session events, ErrorMessages)',
    );
    const clearButton = iconButton({ icon: 'clear', label: l10n.t('Clear the stream'), onClick: () => callbacks.clear() });
    const exportButton = iconButton({ icon: 'export', label: l10n.t('Export the stream (NDJSON)'), onClick: () => callbacks.exportLog() });
    const importButton = iconButton({ icon: 'import', label: l10n.t('Import a stream file'), onClick: () => callbacks.importLog() });
    this.newBadge.element.classList.add('new-count');
    this.droppedBadge.element.classList.add('dropped-count');
    this.newBadge.setVisible(false);
    this.droppedBadge.setVisible(false);

    const live = button({ label: l10n.t('Back to live'), icon: 'live', appearance: 'primary', onClick: () => callbacks.backToLive() });
    this.sourceBanner = el('div', { className: 'source-banner', attrs: { role: 'status' } }, [
      el('span', { text: l10n.t('Viewing file ') }),
      this.sourceName,
      live.element,
    ]);
    this.sourceBanner.hidden = true;

    this.calls = dropdown({ label: l10n.t('Call'), initial: { value: ANY, label: l10n.t('All calls') }, maxOptions: MAX_CALL_OPTIONS, onChange: (v) => callbacks.changeFilter({ callId: v }) });
    this.typeGroup = (type) => callbacks.typeGroup(type);
    this.channels = multiSelect({ label: l10n.t('Channels'), all: l10n.t('All channels'), several: (count) => l10n.t('{0} channels', count), onChange: (v) => callbacks.changeFilter({ channels: v }) });
    this.types = multiSelect({ label: l10n.t('Types'), all: l10n.t('All types'), several: (count) => l10n.t('{0} types', count), onChange: (v) => callbacks.changeFilter({ types: v }) });
    this.sources = dropdown({ label: l10n.t('Source'), initial: { value: ANY, label: l10n.t('All sources') }, onChange: (v) => callbacks.changeFilter({ source: v }) });
    this.sources.element.classList.add('filter-source');
    this.sources.element.hidden = true;
    this.calls.element.classList.add('filter-call');
    this.channels.element.classList.add('filter-channel');
    this.types.element.classList.add('filter-type');

    this.text = textField({
      placeholder: l10n.t('Filter: text, /regex/, userData.CaseId = C-42'),
      label: l10n.t('Filter text'),
      onInput: (value) => {
        // Typing re-filters at most every 100 ms: one pass over 100,000 rows per pause in typing.
        if (this.textTimer !== undefined) clearTimeout(this.textTimer);
        this.textTimer = setTimeout(() => {
          this.textTimer = undefined;
          callbacks.changeFilter({ text: value });
        }, TEXT_DEBOUNCE_MS);
      },
    });
    this.text.element.classList.add('filter-text');
    this.text.element.title = l10n.t(
      'Searches the rows and their payloads (userData, participants, every field). /regex/ is a regular expression; path = value, path ~ text and path != value query one field, e.g. call.state = Held, participants.phoneNumber ~ 617.',
    );
    this.text.element.setAttribute('aria-describedby', 'filter-error');
    this.regex = iconButton({
      glyph: '.*',
      label: l10n.t('Use regular expression'),
      toggle: true,
      onClick: () => callbacks.changeFilter({ regex: !this.regexOn }),
    });
    this.regex.element.classList.add('regex-toggle');
    this.text.addEnd(this.regex.element);
    this.filterError.hidden = true;
    this.selectedCount.hidden = true;

    const toolbar = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Stream') } }, [
      this.pause.element,
      this.follow.element,
      clearButton.element,
      exportButton.element,
      importButton.element,
      el('span', { className: 'toolbar-sep', attrs: { 'aria-hidden': 'true' } }),
      this.changesOnly.element,
      el('span', { className: 'spacer' }),
      this.newBadge.element,
      this.droppedBadge.element,
      this.selectedCount,
      this.counts,
      this.connection,
    ]);
    const filters = el('div', { className: 'filters', attrs: { role: 'search', 'aria-label': l10n.t('Filters') } }, [
      this.sources.element,
      this.calls.element,
      this.channels.element,
      this.types.element,
      el('div', { className: 'text-filter' }, [this.text.element, this.filterError]),
    ]);
    this.element = el('header', { className: 'controls' }, [this.sourceBanner, toolbar, filters, divider()]);
  }

  setPaused(paused: boolean, newRows: number): void {
    this.pause.setPressed(paused);
    this.pause.setIcon(paused ? 'play' : 'pause', paused ? l10n.t('Resume') : l10n.t('Pause'));
    this.newBadge.setVisible(paused);
    this.newBadge.setText(l10n.t('{0} new', newRows.toLocaleString()));
  }

  setFollow(follow: boolean): void {
    this.follow.setPressed(follow);
  }

  setCounts(shown: number, total: number, dropped: number): void {
    const text = shown === total ? l10n.t('{0} rows', total.toLocaleString()) : l10n.t('{0} of {1} rows', shown.toLocaleString(), total.toLocaleString());
    if (this.counts.textContent !== text) this.counts.textContent = text;
    this.droppedBadge.setVisible(dropped > 0);
    this.droppedBadge.setText(l10n.t('{0} dropped', dropped.toLocaleString()));
  }

  /** "3 selected" beside the counts once more than one row is selected (one row is just the cursor). */
  setSelectedCount(count: number): void {
    const text = count > 1 ? l10n.t('{0} selected', count.toLocaleString()) : '';
    if (this.selectedCount.textContent !== text) this.selectedCount.textContent = text;
    this.selectedCount.hidden = text === '';
  }

  setConnection(state: string, text: string): void {
    this.connection.textContent = text;
    this.connection.dataset.state = state;
  }

  setView(view: ShownStream): void {
    this.sourceBanner.hidden = view.kind !== 'file';
    this.sourceName.textContent = view.kind === 'file' ? view.name : '';
  }

  setFilterError(message: string | undefined): void {
    this.text.setInvalid(message);
    this.filterError.hidden = message === undefined;
    this.filterError.textContent = message ?? '';
  }

  /** Source id → label, for the source filter's options. */
  setSourceLabels(labels: ReadonlyMap<string, string>): void {
    this.sourceLabels = labels;
    for (const [id, label] of labels) this.sources.relabel(id, label);
  }

  addSeen(seen: SeenValues): void {
    if (seen.sources.length) this.sources.addOptions(seen.sources.map((id) => ({ value: id, label: this.sourceLabels.get(id) ?? id })));
    this.showSourceFilter();
    if (seen.callIds.length) this.calls.addOptions(seen.callIds.map((id) => ({ value: id, label: callIndex.label(id) })));
    if (seen.channels.length) this.channels.addOptions(seen.channels.map((c) => ({ value: c, group: channelGroup(c) })));
    if (seen.types.length) this.types.addOptions(seen.types.map((t) => ({ value: t, group: this.typeGroup(t) })));
  }

  /** The call filter after its calls changed: the names and states of `relabel`, and the order. */
  showCalls(relabel: readonly string[], reorder: boolean): void {
    for (const id of relabel) this.calls.relabel(id, callIndex.label(id));
    if (reorder) this.calls.reorder(callIndex.ordered());
  }

  /** One source needs no filter; a filter still set (restored state) stays visible to be undone. */
  private showSourceFilter(): void {
    this.sources.element.hidden = this.sources.optionCount < 2 && this.sources.value === ANY;
  }

  /** Values no row in the store has any more (evicted): their options go. */
  removeGone(gone: SeenValues): void {
    if (gone.sources.length) this.sources.removeOptions(gone.sources);
    this.showSourceFilter();
    if (gone.callIds.length) this.calls.removeOptions(gone.callIds);
    if (gone.channels.length) this.channels.removeOptions(gone.channels);
    if (gone.types.length) this.types.removeOptions(gone.types);
  }

  /** A new stream (clear, import, back to live): only the options of its rows will come back. */
  resetOptions(): void {
    this.sources.reset();
    this.showSourceFilter();
    this.calls.reset();
    this.channels.reset();
    this.types.reset();
  }

  /** Shows restored or externally changed criteria (no change events are fired back). */
  showCriteria(criteria: FilterCriteria): void {
    this.sources.value = criteria.source;
    this.showSourceFilter();
    this.calls.value = criteria.callId;
    this.channels.values = criteria.channels;
    this.types.values = criteria.types;
    if (this.text.value !== criteria.text) this.text.value = criteria.text;
    this.regexOn = criteria.regex;
    this.regex.setPressed(criteria.regex);
    this.changesOnly.checked = criteria.changesOnly;
  }
}
