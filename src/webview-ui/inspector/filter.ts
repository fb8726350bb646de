// Stream filters: compiled once per change into one predicate, applied in a tight loop.
import { searchOf, type RowEntry } from './rowStore';

export interface FilterCriteria {
  /** '' = any. */
  callId: string;
  /** A source id (rows of one session, proxied application or file). */
  source: string;
  channel: string;
  type: string;
  text: string;
  regex: boolean;
  changesOnly: boolean;
}

export const emptyCriteria: FilterCriteria = {
  callId: '',
  source: '',
  channel: '',
  type: '',
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
}

export function compileFilter(criteria: FilterCriteria): CompiledFilter {
  const { callId, source, channel, type, changesOnly } = criteria;
  let error: string | undefined;
  let textTest: ((search: string) => boolean) | undefined;
  if (criteria.text !== '') {
    if (criteria.regex) {
      try {
        // Fields are joined by '\n' and lower-cased: 'm' lets ^…$ anchor one field, 'i' keeps
        // upper-case patterns working against the lower-case text.
        const pattern = new RegExp(criteria.text, 'im');
        textTest = (search) => pattern.test(search);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    } else {
      const needle = criteria.text.toLowerCase();
      textTest = (search) => search.includes(needle);
    }
  }
  const passesAll = !callId && !source && !channel && !type && !changesOnly && !textTest;
  const test = (entry: RowEntry): boolean => {
    const row = entry.row;
    if (callId && row.callId !== callId) return false;
    if (source && row.source !== source) return false;
    if (channel && row.channel !== channel) return false;
    if (type && row.type !== type) return false;
    if (changesOnly && row.changed === false) return false;
    if (textTest && !textTest(entry.search ?? searchOf(entry))) return false;
    return true;
  };
  return { test, passesAll, error };
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
