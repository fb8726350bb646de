// The page's component layer. It is the ONLY module that knows about the `vscode-*` custom
// elements of @vscode/webview-ui-toolkit (deprecated upstream), so replacing the toolkit
// means rewriting this one file. Callers get small typed handles, never toolkit classes.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { svgIcon } from './dom';
import { icons, type IconName } from './icons';

let registered = false;

/** Registers only the toolkit elements this page uses (idempotent). */
export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDivider(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeTextField(),
  );
}

/** Toolkit elements expose their state as plain properties; this is the one place that reads them. */
interface ValueElement extends HTMLElement {
  value: string;
}
interface CheckedElement extends HTMLElement {
  checked: boolean;
}

export interface UiButton {
  readonly element: HTMLElement;
}

export function button(options: {
  label: string;
  appearance?: 'primary' | 'secondary';
  icon?: IconName;
  title?: string;
  onClick: () => void;
}): UiButton {
  const element = document.createElement('vscode-button');
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.title) element.title = options.title;
  if (options.icon) {
    const icon = svgIcon(icons[options.icon]);
    icon.setAttribute('slot', 'start');
    element.appendChild(icon);
  }
  // A bare text node: the toolkit sizes slotted <span>s as 16px icons.
  element.appendChild(document.createTextNode(options.label));
  element.addEventListener('click', () => {
    if (!element.hasAttribute('disabled')) options.onClick();
  });
  return { element };
}

export interface UiIconButton {
  readonly element: HTMLElement;
  setPressed(pressed: boolean): void;
  setIcon(icon: IconName, label: string): void;
}

/** A square icon-only button; with `toggle` it is a pressed/unpressed switch (aria-pressed). */
export function iconButton(options: {
  icon?: IconName;
  /** Short text drawn instead of an icon (e.g. ".*" for regex). */
  glyph?: string;
  label: string;
  toggle?: boolean;
  onClick: () => void;
}): UiIconButton {
  const element = document.createElement('vscode-button');
  element.setAttribute('appearance', 'icon');
  element.classList.add('ui-icon-button');
  const setIcon = (icon: IconName, label: string): void => {
    element.replaceChildren(svgIcon(icons[icon]));
    element.setAttribute('aria-label', label);
    element.title = label;
  };
  if (options.icon) setIcon(options.icon, options.label);
  else {
    const glyph = document.createElement('span');
    glyph.className = 'glyph';
    glyph.textContent = options.glyph ?? '';
    element.appendChild(glyph);
    element.setAttribute('aria-label', options.label);
    element.title = options.label;
  }
  if (options.toggle) element.setAttribute('aria-pressed', 'false');
  element.addEventListener('click', options.onClick);
  return {
    element,
    setPressed: (pressed) => {
      element.setAttribute('aria-pressed', String(pressed));
      element.classList.toggle('pressed', pressed);
    },
    setIcon,
  };
}

export interface UiTextField {
  readonly element: HTMLElement;
  value: string;
  setInvalid(message: string | undefined): void;
  addEnd(node: Node): void;
}

export function textField(options: { placeholder: string; label: string; onInput: (value: string) => void }): UiTextField {
  const element = document.createElement('vscode-text-field') as ValueElement;
  element.setAttribute('placeholder', options.placeholder);
  element.setAttribute('aria-label', options.label);
  element.addEventListener('input', () => options.onInput(element.value ?? ''));
  return {
    element,
    get value() {
      return element.value ?? '';
    },
    set value(v: string) {
      element.value = v;
    },
    setInvalid: (message) => {
      element.classList.toggle('invalid', message !== undefined);
      if (message === undefined) element.removeAttribute('aria-invalid');
      else element.setAttribute('aria-invalid', 'true');
    },
    addEnd: (node) => {
      const slot = document.createElement('span');
      slot.setAttribute('slot', 'end');
      slot.className = 'ui-field-end';
      slot.appendChild(node);
      element.appendChild(slot);
    },
  };
}

export interface UiCheckbox {
  readonly element: HTMLElement;
  checked: boolean;
}

export function checkbox(options: { label: string; checked?: boolean; onChange: (checked: boolean) => void }): UiCheckbox {
  const element = document.createElement('vscode-checkbox') as CheckedElement;
  element.textContent = options.label;
  if (options.checked) element.setAttribute('checked', '');
  // The toolkit fires `change` for programmatic changes too; only user changes notify.
  let silent = false;
  element.addEventListener('change', () => {
    if (!silent) options.onChange(element.checked);
  });
  return {
    element,
    get checked() {
      return element.checked;
    },
    set checked(value: boolean) {
      if (element.checked === value) return;
      silent = true;
      element.checked = value;
      silent = false;
    },
  };
}

export interface DropdownOption {
  value: string;
  label: string;
}

export interface UiDropdown {
  readonly element: HTMLElement;
  /** Setting a value that has no option adds one (labelled with the value) until it is deselected. */
  value: string;
  /** Appends options whose value is not there yet (keeps the current selection). */
  addOptions(options: DropdownOption[]): void;
  /**
   * Removes the options of these values. The selected one stays (the filter still uses it)
   * until another value is selected.
   */
  removeOptions(values: readonly string[]): void;
  /** Back to the initial option alone, plus the selected one if it is not the initial. */
  reset(): void;
  /** Gives an existing option another label (text only). */
  relabel(value: string, label: string): void;
  /** Puts the options of these values in this order, after the initial one; others follow as they were. */
  reorder(values: readonly string[]): void;
  /** How many options besides the initial one. */
  readonly optionCount: number;
}

/**
 * `maxOptions` bounds the list (the initial option not counted): beyond it, the options added
 * first go (never the selected one).
 */
export function dropdown(options: {
  label: string;
  initial: DropdownOption;
  maxOptions?: number;
  onChange: (value: string) => void;
}): UiDropdown {
  const element = document.createElement('vscode-dropdown') as ValueElement;
  element.setAttribute('aria-label', options.label);
  element.title = options.label;
  const initial = options.initial.value;
  const maxOptions = options.maxOptions ?? Number.POSITIVE_INFINITY;
  /** value → its option, in the order they were added (the initial one first). */
  const items = new Map<string, HTMLElement>();
  /** Options kept only because they are selected: they go once the selection moves on. */
  const orphans = new Set<string>();
  let selected = initial;

  const create = (option: DropdownOption): HTMLElement => {
    const item = document.createElement('vscode-option') as ValueElement;
    item.setAttribute('value', option.value);
    item.textContent = option.label;
    items.set(option.value, item);
    return item;
  };
  const remove = (value: string): void => {
    if (value === initial) return;
    if (value === selected) {
      if (items.has(value)) orphans.add(value);
      return;
    }
    orphans.delete(value);
    items.get(value)?.remove();
    items.delete(value);
  };
  const enforceLimit = (): void => {
    let overflow = items.size - 1 - maxOptions;
    if (overflow <= 0) return;
    for (const value of [...items.keys()]) {
      if (overflow <= 0) break;
      if (value === initial || value === selected) continue;
      remove(value);
      overflow--;
    }
  };
  const addOptions = (list: DropdownOption[]): void => {
    const fragment = document.createDocumentFragment();
    for (const option of list) {
      const existing = items.get(option.value);
      if (existing) {
        // A value the stream has again: a real option now, with its proper label.
        if (orphans.delete(option.value)) existing.textContent = option.label;
        continue;
      }
      fragment.appendChild(create(option));
    }
    element.appendChild(fragment);
    enforceLimit();
  };
  const select = (value: string): void => {
    const previous = selected;
    selected = value;
    if (previous !== value && orphans.has(previous)) remove(previous);
  };
  addOptions([options.initial]);
  let silent = false;
  element.addEventListener('change', () => {
    if (silent) return;
    select(element.value);
    options.onChange(element.value);
  });
  return {
    element,
    get value() {
      return element.value;
    },
    set value(v: string) {
      if (!items.has(v)) {
        element.appendChild(create({ value: v, label: v }));
        orphans.add(v);
      }
      select(v);
      silent = true;
      element.value = v;
      silent = false;
    },
    addOptions,
    removeOptions: (values) => {
      for (const value of values) remove(value);
    },
    reset: () => {
      for (const value of [...items.keys()]) remove(value);
    },
    relabel: (value, label) => {
      const item = items.get(value);
      if (item && value !== initial && item.textContent !== label) item.textContent = label;
    },
    reorder: (values) => {
      const wanted = values.map((value) => items.get(value)).filter((item): item is HTMLElement => item !== undefined && item !== items.get(initial));
      const listed = new Set(wanted);
      const rest = [...element.children].filter((child): child is HTMLElement => child instanceof HTMLElement && !listed.has(child) && child !== items.get(initial));
      const order = [...wanted, ...rest];
      // Moving an option is a change the toolkit's dropdown re-reads: only when the order differs.
      const current = [...element.children].filter((child) => child !== items.get(initial));
      if (current.length === order.length && current.every((child, i) => child === order[i])) return;
      const fragment = document.createDocumentFragment();
      for (const item of order) fragment.appendChild(item);
      element.appendChild(fragment);
      // The toolkit re-reads its options on the slot's change (a microtask after the move) and
      // keeps the selected *index*: the selected value is set again once it has.
      const keep = selected;
      void Promise.resolve().then(() => {
        if (selected !== keep || element.value === keep) return;
        silent = true;
        element.value = keep;
        silent = false;
      });
    },
    get optionCount() {
      return items.size - 1;
    },
  };
}

export interface UiBadge {
  readonly element: HTMLElement;
  setText(text: string): void;
  setVisible(visible: boolean): void;
}

/**
 * Not the toolkit's <vscode-badge>: its FAST template carries a static `style` attribute, which
 * the webview CSP (no 'unsafe-inline' styles) reports as a violation on every page load. This
 * span draws the same badge from the same theme variables.
 */
export function badge(text = ''): UiBadge {
  const element = document.createElement('span');
  element.className = 'ui-badge';
  element.textContent = text;
  return {
    element,
    setText: (t) => {
      if (element.textContent !== t) element.textContent = t;
    },
    setVisible: (visible) => {
      element.hidden = !visible;
    },
  };
}

export function divider(): HTMLElement {
  const element = document.createElement('vscode-divider');
  element.setAttribute('role', 'separator');
  return element;
}
