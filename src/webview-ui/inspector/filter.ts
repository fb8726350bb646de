// Stream filters: compiled once per change into one predicate, applied in a tight loop.
// The text is searched in the row's fields and in its payload (the event's JSON as
// "path = value" lines, src/webviews/inspector/payloadText.ts); "path = value", "path ~ text"
// and "path != value" are field queries on the payload.
import { searchOf, type RowEntry } from './rowStore';

export interface FilterCriteria {
  /** '' = any. */
  callId: string;
  /** A source id (rows of one session, proxied application or file). */
  source: string;
  /** Rows of any of these channels; none = any. */
  channels: string[];
  /** Rows of any of these types; none = any. */
  types: string[];
  text: string;
  regex: boolean;
  changesOnly: boolean;
}

export const emptyCriteria: FilterCriteria = {
  callId: '',
  source: '',
  channels: [],
  types: [],
  text: '',
  regex: false,
  changesOnly: false,
};

export interface CompiledFilter {
  test: (entry: RowEntry) => boolean;
  /** True when nothing is filtered (the view is the whole store). */
  passesAll: boolean;
  /** Set when the regex does not compile; the text part is then ignored, never thrown. */
  error?: string;
  /** What the detail pane marks; undefined without a text filter. */
  highlight?: Highlight;
}

/** What the detail pane marks for the current filter text (highlight.ts draws it). */
export interface Highlight {
  /** [start, end) ranges of a JSON key or userData key to mark. */
  key(key: string): Array<[number, number]>;
  /** [start, end) ranges of a value's shown text (a JSON string keeps its quotes) under `key`. */
  value(text: string, key: string | undefined): Array<[number, number]>;
}

/** `path = value` (equals), `path ~ text` (contains), `path != value`: a field query. */
export interface FieldQuery {
  /** Lower-case, '.'-joined keys; matches the end of a payload path ("userdata.caseid"). */
  path: string;
  op: '=' | '~' | '!=';
  /** Lower-case, surrounding quotes removed. */
  value: string;
}

const FIELD_QUERY = /^\s*([^\s=~!.]+(?:\.[^\s=~!.]+)*)\s*(!=|=|~)\s*(.*?)\s*$/;

/** The field query the text is, or undefined for plain text ("http 200", "C-42"). */
export function parseFieldQuery(text: string): FieldQuery | undefined {
  const match = FIELD_QUERY.exec(text);
  if (!match) return undefined;
  let value = match[3];
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) value = value.slice(1, -1);
  return { path: match[1].toLowerCase(), op: match[2] as FieldQuery['op'], value: value.toLowerCase() };
}

/**
 * The characters of payload text from most to least frequent ("path = value" lines: letters
 * of keys, '.', ' ', '=', line breaks). A search scans for the needle's rarest character.
 */
const COMMON = '\n =.eatlcsironpdu/:mgh0b1f2y-_k3w495678v';

/**
 * `text.includes(needle)`, scanning for the needle from its least common character: V8 looks
 * for the first character and compares from there, and a needle starting with 'c' (C-42)
 * stops at every "call." of a payload. On 100,000 payloads this is several times faster.
 */
export function finder(needle: string): (text: string) => boolean {
  let anchor = 0;
  let rank = -1;
  for (let i = 0; i < needle.length; i++) {
    const at = COMMON.indexOf(needle[i]);
    const r = at < 0 ? COMMON.length : at;
    if (r > rank) {
      rank = r;
      anchor = i;
    }
  }
  if (anchor === 0) return (text) => text.includes(needle);
  const tail = needle.slice(anchor);
  const head = needle.slice(0, anchor);
  return (text) => {
    let at = text.indexOf(tail, anchor);
    while (at >= 0) {
      if (text.startsWith(head, at - anchor)) return true;
      at = text.indexOf(tail, at + 1);
    }
    return false;
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One test over a row's payload text ("path = value" lines, src/webviews/inspector/payloadText.ts):
 * a line whose path ends with the query's keys (at a '.') and whose value matches.
 */
function fieldTest(query: FieldQuery): (payload: string) => boolean {
  const path = `(?:^|\\.)${escapeRegex(query.path)} = `;
  const value = escapeRegex(query.value);
  const body = query.op === '=' ? `${value}$` : query.op === '~' ? `[^\\n]*${value}` : `(?!${value}$)`;
  const pattern = new RegExp(`${path}${body}`, 'm');
  // The last key (and the value) must be in the text somewhere: a plain search rules out most
  // rows before the regex runs.
  const lastKey = query.path.slice(query.path.lastIndexOf('.') + 1);
  const contains = finder(query.op === '!=' || query.value === '' ? lastKey : query.value);
  return (payload) => contains(payload) && pattern.test(payload);
}

/** The pattern of a text typed as /pattern/, which is a regex without the toggle. */
export function slashRegex(text: string): string | undefined {
  return text.length > 2 && text.startsWith('/') && text.endsWith('/') ? text.slice(1, -1) : undefined;
}

export function compileFilter(criteria: FilterCriteria): CompiledFilter {
  const { callId, source, changesOnly } = criteria;
  const channels = criteria.channels.length > 0 ? new Set(criteria.channels) : undefined;
  const types = criteria.types.length > 0 ? new Set(criteria.types) : undefined;
  let error: string | undefined;
  let textTest: ((entry: RowEntry) => boolean) | undefined;
  const slashed = criteria.regex ? undefined : slashRegex(criteria.text);
  if (slashed !== undefined) criteria = { ...criteria, text: slashed, regex: true };
  const field = criteria.regex ? undefined : parseFieldQuery(criteria.text);
  if (field) {
    const test = fieldTest(field);
    textTest = (entry) => entry.row.payload !== undefined && test(entry.row.payload);
  } else if (criteria.text !== '') {
    if (criteria.regex) {
      try {
        // Fields are joined by '\n' and lower-cased: 'm' lets ^…$ anchor one field (or one
        // "path = value" line of the payload), 'i' keeps upper-case patterns working.
        const pattern = new RegExp(criteria.text, 'im');
        textTest = (entry) => pattern.test(searchOf(entry)) || (entry.row.payload !== undefined && pattern.test(entry.row.payload));
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    } else {
      const needle = criteria.text.toLowerCase();
      const contains = finder(needle);
      textTest = (entry) => searchOf(entry).includes(needle) || (entry.row.payload !== undefined && contains(entry.row.payload));
    }
  }
  const passesAll = !callId && !source && !channels && !types && !changesOnly && !textTest;
  const test = (entry: RowEntry): boolean => {
    const row = entry.row;
    if (callId && row.callId !== callId) return false;
    if (source && row.source !== source) return false;
    if (channels && !channels.has(row.channel)) return false;
    if (types && !types.has(row.type)) return false;
    if (changesOnly && row.changed === false) return false;
    if (textTest && !textTest(entry)) return false;
    return true;
  };
  return { test, passesAll, error, highlight: highlightFor(criteria, field) };
}

const NO_RANGES: Array<[number, number]> = [];

function allRanges(text: string, find: (text: string, from: number) => [number, number] | undefined): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let from = 0;
  while (from <= text.length && ranges.length < 100) {
    const range = find(text, from);
    if (!range) break;
    ranges.push(range);
    // A zero-length match (/x*/) would find itself again.
    from = range[1] > range[0] ? range[1] : range[1] + 1;
  }
  return ranges.filter(([start, end]) => end > start);
}

function unquoted(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function highlightFor(criteria: FilterCriteria, field: FieldQuery | undefined): Highlight | undefined {
  if (field) {
    const lastKey = field.path.slice(field.path.lastIndexOf('.') + 1);
    const isField = (key: string | undefined): boolean => key !== undefined && key.toLowerCase() === lastKey;
    return {
      key: (key) => (isField(key) ? [[0, key.length]] : NO_RANGES),
      value: (text, key) => {
        if (!isField(key)) return NO_RANGES;
        const value = unquoted(text).toLowerCase();
        const matches = field.op === '=' ? value === field.value : field.op === '~' ? value.includes(field.value) : value !== field.value;
        return matches ? [[0, text.length]] : NO_RANGES;
      },
    };
  }
  if (criteria.text === '') return undefined;
  let find: (text: string, from: number) => [number, number] | undefined;
  if (criteria.regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(criteria.text, 'gim');
    } catch {
      return undefined;
    }
    find = (text, from) => {
      pattern.lastIndex = from;
      const match = pattern.exec(text);
      return match ? [match.index, match.index + match[0].length] : undefined;
    };
  } else {
    const needle = criteria.text.toLowerCase();
    find = (text, from) => {
      const at = text.toLowerCase().indexOf(needle, from);
      return at < 0 ? undefined : [at, at + needle.length];
    };
  }
  return { key: (key) => allRanges(key, find), value: (text) => allRanges(text, find) };
}

/** The entries that pass, in stream order. */
export function applyFilter(entries: readonly RowEntry[], filter: CompiledFilter): RowEntry[] {
  if (filter.passesAll) return entries.slice();
  const out: RowEntry[] = [];
  const test = filter.test;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (test(entry)) out.push(entry);
  }
  return out;
}
