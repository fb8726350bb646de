// A collapsible JSON tree (ARIA tree pattern): arrow keys move between visible items, Right
// expands or enters, Left collapses or goes to the parent, Enter/Space toggles, Home/End jump.
// Children are built on first expand, so a large message costs nothing until it is opened.
// Keys and values are server data: they only ever become text nodes. With a highlight (the
// filter's text), matching keys and values are marked and the items that hold them open.
import * as l10n from '@vscode/l10n';
import { containsMatch, markRanges, type Highlight } from './highlight';

const MAX_CHILDREN = 500;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: Container): [string, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
}

function preview(value: Container): string {
  const n = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (Array.isArray(value)) return `[…] ${n} item${n === 1 ? '' : 's'}`;
  return `{…} ${n} key${n === 1 ? '' : 's'}`;
}

function scalar(value: unknown): HTMLElement {
  const element = document.createElement('span');
  if (typeof value === 'string') {
    element.className = 'jt-string';
    element.textContent = JSON.stringify(value);
  } else if (typeof value === 'number') {
    element.className = 'jt-number';
    element.textContent = String(value);
  } else if (typeof value === 'boolean') {
    element.className = 'jt-boolean';
    element.textContent = String(value);
  } else {
    element.className = 'jt-null';
    element.textContent = value === null ? 'null' : String(value);
  }
  return element;
}

interface NodeState {
  value: Container;
  built: boolean;
  group?: HTMLElement;
  depth: number;
  /** The keys from the root: they name this item across a re-render of the same value. */
  keys: string[];
  highlight?: Highlight;
  /** The nearest object key (an array's items are searched under their array's key). */
  fieldKey?: string;
}

const nodeStates = new WeakMap<HTMLElement, NodeState>();

function buildItem(
  key: string | undefined,
  value: unknown,
  depth: number,
  expandDepth: number,
  parentKeys: string[] = [],
  highlight?: Highlight,
  parent?: { fieldKey: string | undefined; isArray: boolean },
): HTMLElement {
  const isIndex = parent?.isArray === true;
  const fieldKey = key === undefined || isIndex ? parent?.fieldKey : key;
  const item = document.createElement('li');
  item.setAttribute('role', 'treeitem');
  item.tabIndex = -1;
  const line = document.createElement('div');
  line.className = 'jt-line';
  line.style.paddingLeft = `${depth * 14 + 4}px`;
  const twisty = document.createElement('span');
  twisty.className = 'jt-twisty';
  twisty.setAttribute('aria-hidden', 'true');
  line.appendChild(twisty);
  if (key !== undefined) {
    const keyElement = document.createElement('span');
    keyElement.className = 'jt-key';
    keyElement.textContent = key;
    if (highlight && !isIndex) markRanges(keyElement, highlight.key(key));
    line.append(keyElement, document.createTextNode(': '));
  }
  item.appendChild(line);
  if (isContainer(value)) {
    const summary = document.createElement('span');
    summary.className = 'jt-preview';
    summary.textContent = preview(value);
    line.appendChild(summary);
    const keys = key === undefined ? parentKeys : [...parentKeys, key];
    nodeStates.set(item, { value, built: false, depth, keys, highlight, fieldKey });
    setExpanded(item, depth < expandDepth || (highlight !== undefined && containsMatch(value, fieldKey, highlight)), expandDepth);
  } else {
    const element = scalar(value);
    if (highlight) markRanges(element, highlight.value(element.textContent ?? '', fieldKey));
    line.appendChild(element);
  }
  return item;
}

function setExpanded(item: HTMLElement, expanded: boolean, expandDepth = 0): void {
  const state = nodeStates.get(item);
  if (!state) return;
  if (expanded && !state.built) {
    const group = document.createElement('ul');
    group.setAttribute('role', 'group');
    const list = entriesOf(state.value);
    for (const [k, v] of list.slice(0, MAX_CHILDREN)) {
      const parent = { fieldKey: state.fieldKey, isArray: Array.isArray(state.value) };
      group.appendChild(buildItem(k, v, state.depth + 1, expandDepth, state.keys, state.highlight, parent));
    }
    if (list.length > MAX_CHILDREN) {
      const more = document.createElement('li');
      more.setAttribute('role', 'treeitem');
      more.tabIndex = -1;
      more.className = 'jt-more';
      more.textContent = l10n.t('… {0} more (use Copy JSON for the whole message)', list.length - MAX_CHILDREN);
      group.appendChild(more);
    }
    item.appendChild(group);
    state.group = group;
    state.built = true;
  }
  if (state.group) state.group.hidden = !expanded;
  item.setAttribute('aria-expanded', String(expanded));
}

function visibleItems(tree: HTMLElement): HTMLElement[] {
  return Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]')).filter(
    (item) => !item.parentElement?.closest('[role="group"][hidden]'),
  );
}

function focusItem(tree: HTMLElement, item: HTMLElement | undefined | null): void {
  if (!item) return;
  for (const other of tree.querySelectorAll<HTMLElement>('[role="treeitem"][tabindex="0"]')) other.tabIndex = -1;
  item.tabIndex = 0;
  item.focus();
}

function pathOf(state: NodeState): string {
  return JSON.stringify(state.keys);
}

/** Which items of a tree are open, to give to restoreExpanded() after the tree is rebuilt. */
export function expandedPaths(tree: HTMLElement): Set<string> {
  const paths = new Set<string>();
  for (const item of tree.querySelectorAll<HTMLElement>('[role="treeitem"][aria-expanded="true"]')) {
    const state = nodeStates.get(item);
    if (state) paths.add(pathOf(state));
  }
  return paths;
}

/** Opens exactly the items named in `paths` (those that still exist) and closes the others. */
export function restoreExpanded(tree: HTMLElement, paths: ReadonlySet<string>): void {
  const visit = (item: Element): void => {
    const state = nodeStates.get(item as HTMLElement);
    if (!state) return;
    const open = paths.has(pathOf(state));
    setExpanded(item as HTMLElement, open);
    if (open && state.group) for (const child of Array.from(state.group.children)) visit(child);
  };
  const root = tree.firstElementChild;
  if (root) visit(root);
}

export function jsonTree(value: unknown, options: { label: string; expandDepth?: number; highlight?: Highlight }): HTMLElement {
  const tree = document.createElement('ul');
  tree.className = 'json-tree';
  tree.setAttribute('role', 'tree');
  tree.setAttribute('aria-label', options.label);
  const root = buildItem(undefined, value, 0, options.expandDepth ?? 2, [], options.highlight);
  root.tabIndex = 0;
  tree.appendChild(root);

  tree.addEventListener('click', (event) => {
    const line = (event.target as HTMLElement).closest('.jt-line');
    const item = line?.parentElement;
    if (!item || !tree.contains(item)) return;
    if (item.hasAttribute('aria-expanded')) setExpanded(item, item.getAttribute('aria-expanded') !== 'true');
    focusItem(tree, item);
  });

  tree.addEventListener('keydown', (event) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!item) return;
    const expandable = item.hasAttribute('aria-expanded');
    const expanded = item.getAttribute('aria-expanded') === 'true';
    const items = visibleItems(tree);
    const at = items.indexOf(item);
    switch (event.key) {
      case 'ArrowDown':
        focusItem(tree, items[at + 1]);
        break;
      case 'ArrowUp':
        focusItem(tree, items[at - 1]);
        break;
      case 'Home':
        focusItem(tree, items[0]);
        break;
      case 'End':
        focusItem(tree, items[items.length - 1]);
        break;
      case 'ArrowRight':
        if (expandable && !expanded) setExpanded(item, true);
        else if (expandable) focusItem(tree, item.querySelector<HTMLElement>('[role="group"] > [role="treeitem"]'));
        break;
      case 'ArrowLeft':
        if (expandable && expanded) setExpanded(item, false);
        else focusItem(tree, item.parentElement?.closest<HTMLElement>('[role="treeitem"]'));
        break;
      case 'Enter':
      case ' ':
        if (expandable) setExpanded(item, !expanded);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  });
  return tree;
}
