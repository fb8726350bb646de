// A filter that selects several values at once, its options grouped (GWS messages, operations,
// session events): the type and channel filters. Native elements (a <details> with
// checkboxes): the UI toolkit has no multi-select. Values are server data: text only.
import * as l10n from '@vscode/l10n';

export type FilterGroup = 'message' | 'operation' | 'session';

/** A function, not a constant: the page's translations arrive after this module loads (main.ts). */
const groupLabels = (): ReadonlyArray<[FilterGroup, string]> => [
  ['message', l10n.t('GWS messages')],
  ['operation', l10n.t('Operations')],
  ['session', l10n.t('Session events')],
];

export interface UiMultiSelect {
  readonly element: HTMLElement;
  /** The selected values; none = every value passes. */
  values: string[];
  /** Adds options not there yet, each under its group. */
  addOptions(options: ReadonlyArray<{ value: string; group: FilterGroup }>): void;
  /** Removes options (a selected one stays until it is deselected: the filter still uses it). */
  removeOptions(values: readonly string[]): void;
  /** No options but the selected ones. */
  reset(): void;
}

export function multiSelect(options: {
  label: string;
  /** What the summary says with nothing selected ("All types"). */
  all: string;
  /** What it says with several selected ("3 types"). */
  several: (count: number) => string;
  onChange: (values: string[]) => void;
}): UiMultiSelect {
  const element = document.createElement('details');
  element.className = 'multi-select';
  const summary = document.createElement('summary');
  summary.title = options.label;
  summary.setAttribute('aria-label', options.label);
  const panel = document.createElement('div');
  panel.className = 'ms-panel';
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', options.label);
  const all = document.createElement('button');
  all.type = 'button';
  all.className = 'ms-all link-button';
  all.textContent = options.all;
  panel.appendChild(all);
  const groups = new Map<FilterGroup, HTMLElement>();
  for (const [group, label] of groupLabels()) {
    const fieldset = document.createElement('fieldset');
    fieldset.className = `ms-group ms-group-${group}`;
    const legend = document.createElement('legend');
    legend.textContent = label;
    fieldset.appendChild(legend);
    fieldset.hidden = true;
    groups.set(group, fieldset);
    panel.appendChild(fieldset);
  }
  element.append(summary, panel);

  /** value → its checkbox's label element. */
  const items = new Map<string, { label: HTMLElement; box: HTMLInputElement; group: FilterGroup }>();
  const selected = new Set<string>();
  /** Options kept only because they are selected. */
  const orphans = new Set<string>();

  const showSummary = (): void => {
    const text = selected.size === 0 ? options.all : selected.size === 1 ? [...selected][0] : options.several(selected.size);
    summary.textContent = text;
    element.classList.toggle('active', selected.size > 0);
  };
  const showGroups = (): void => {
    for (const [group, fieldset] of groups) fieldset.hidden = ![...items.values()].some((item) => item.group === group);
  };
  const remove = (value: string): void => {
    if (selected.has(value)) {
      if (items.has(value)) orphans.add(value);
      return;
    }
    orphans.delete(value);
    items.get(value)?.label.remove();
    items.delete(value);
  };
  const create = (value: string, group: FilterGroup): void => {
    const label = document.createElement('label');
    label.className = 'ms-option';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = value;
    box.checked = selected.has(value);
    box.addEventListener('change', () => {
      if (box.checked) selected.add(value);
      else {
        selected.delete(value);
        if (orphans.has(value)) remove(value);
      }
      showSummary();
      showGroups();
      options.onChange([...selected]);
    });
    const text = document.createElement('span');
    text.textContent = value;
    label.append(box, text);
    label.title = value;
    items.set(value, { label, box, group });
    groups.get(group)?.appendChild(label);
  };
  all.addEventListener('click', () => {
    if (selected.size === 0) return;
    selected.clear();
    for (const value of [...orphans]) remove(value);
    for (const item of items.values()) item.box.checked = false;
    showSummary();
    showGroups();
    options.onChange([]);
  });
  // A popup: one open at a time, closed by a click elsewhere or Escape (before the page's
  // Escape closes the detail pane).
  element.addEventListener('toggle', () => {
    if (!element.open) return;
    for (const other of document.querySelectorAll<HTMLDetailsElement>('details.multi-select[open]')) if (other !== element) other.open = false;
  });
  document.addEventListener('pointerdown', (event) => {
    if (element.open && !element.contains(event.target as Node)) element.open = false;
  });
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !element.open) return;
    element.open = false;
    summary.focus();
    event.preventDefault();
  });
  showSummary();

  return {
    element,
    get values() {
      return [...selected];
    },
    set values(values: string[]) {
      selected.clear();
      for (const value of values) {
        selected.add(value);
        if (!items.has(value)) {
          create(value, 'message');
          orphans.add(value);
        }
      }
      for (const [value, item] of items) {
        item.box.checked = selected.has(value);
        if (!selected.has(value) && orphans.has(value)) remove(value);
      }
      showSummary();
      showGroups();
    },
    addOptions: (list) => {
      for (const { value, group } of list) {
        const existing = items.get(value);
        if (existing) {
          // Back in the stream: a real option again, under its real group.
          if (orphans.delete(value) && existing.group !== group) {
            existing.group = group;
            groups.get(group)?.appendChild(existing.label);
          }
          continue;
        }
        create(value, group);
      }
      showGroups();
    },
    removeOptions: (values) => {
      for (const value of values) remove(value);
      showGroups();
    },
    reset: () => {
      for (const value of [...items.keys()]) remove(value);
      showGroups();
    },
  };
}
