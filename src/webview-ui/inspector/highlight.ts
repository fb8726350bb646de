// Marks where the filter's text matches inside the detail pane (JSON trees, diffs), so that a
// row found by a payload search shows why it was found. The ranges come from the compiled
// filter (filter.ts); the text stays text: marks are <mark> elements around text nodes.

import type { Highlight } from './filter';

export type { Highlight };

/** Replaces the element's text by the same text with `ranges` wrapped in <mark class="match">. */
export function markRanges(element: HTMLElement, ranges: ReadonlyArray<[number, number]>): void {
  if (ranges.length === 0) return;
  const text = element.textContent ?? '';
  const parts: Node[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length) continue;
    if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
    const mark = document.createElement('mark');
    mark.className = 'match';
    mark.textContent = text.slice(start, end);
    parts.push(mark);
    at = end;
  }
  if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
  element.replaceChildren(...parts);
}

/** Whether a value (or anything inside it, to `depth` levels) matches: its tree item opens. */
export function containsMatch(value: unknown, key: string | undefined, highlight: Highlight, depth = 12): boolean {
  if (key !== undefined && highlight.key(key).length > 0 && (typeof value !== 'object' || value === null)) return true;
  if (typeof value !== 'object' || value === null) {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return highlight.value(text, key).length > 0;
  }
  if (depth <= 0) return false;
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value) ? value.map((v) => [key, v]) : Object.entries(value);
  for (const [childKey, child] of entries) {
    if (!Array.isArray(value) && highlight.key(childKey as string).length > 0) return true;
    if (containsMatch(child, childKey, highlight, depth - 1)) return true;
  }
  return false;
}
