// The rows the user picked in the inspector page and the rows its filters show, asked from the
// page when a command needs them (protocol.ts, "the rows the user picked"): a request with an
// id, answered by a `selection` message with the same id. A page that is gone (hidden, reloaded)
// answers nothing: pending requests then end with `undefined`, as does one the page leaves
// unanswered for ANSWER_TIMEOUT_MS. The answer comes from the page, so it is checked like any
// input before the host trusts it.
import type { StreamRecord } from '../../model/streamLog';
import type { SelectionDto, SeqRanges } from './protocol';

/** A page that is up answers within a frame; this only bounds a page that froze or crashed. */
export const ANSWER_TIMEOUT_MS = 5_000;

/** What the page picked, as the host uses it. */
export interface PageSelection {
  selected: SeqRanges;
  filtered: SeqRanges;
  filterActive: boolean;
}

interface Pending {
  resolve(selection: PageSelection | undefined): void;
  timer: ReturnType<typeof setTimeout>;
}

export class SelectionRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Posts a request through `post` and resolves with the page's answer (undefined: none came). */
  ask(post: (requestId: number) => void, timeoutMs = ANSWER_TIMEOUT_MS): Promise<PageSelection | undefined> {
    const requestId = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(requestId, undefined), timeoutMs);
      this.pending.set(requestId, { resolve, timer });
      post(requestId);
    });
  }

  /** The page's answer. A malformed one is an error (the request still ends, with undefined). */
  answer(requestId: unknown, selection: unknown): void {
    if (typeof requestId !== 'number' || !this.pending.has(requestId)) return;
    let checked: PageSelection | undefined;
    try {
      checked = checkSelection(selection);
    } finally {
      this.settle(requestId, checked);
    }
  }

  /** The page went away: nobody will answer the open requests. */
  cancelAll(): void {
    for (const requestId of [...this.pending.keys()]) this.settle(requestId, undefined);
  }

  private settle(requestId: number, selection: PageSelection | undefined): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    pending.resolve(selection);
  }
}

/** The page's answer as the host uses it; throws, saying what is wrong, on anything else. */
export function checkSelection(value: unknown): PageSelection {
  const dto = (typeof value === 'object' && value !== null ? value : {}) as Partial<SelectionDto>;
  return { selected: checkSeqRanges(dto.selected, 'selected'), filtered: checkSeqRanges(dto.filtered, 'filtered'), filterActive: dto.filterActive === true };
}

/** Ascending, non-overlapping [first, last] pairs of whole numbers. */
export function checkSeqRanges(value: unknown, name = 'ranges'): SeqRanges {
  if (!Array.isArray(value)) throw new Error(`the page's ${name} rows are not a list of [first, last] seq ranges`);
  let previous = Number.NEGATIVE_INFINITY;
  return value.map((range: unknown, index) => {
    const [first, last] = Array.isArray(range) && range.length === 2 ? range : [];
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first > last || first <= previous) {
      throw new Error(`the page's ${name} rows: range ${index} is not an ascending [first, last] pair of seqs`);
    }
    previous = last;
    return [first, last];
  });
}

/**
 * The records whose seq one of the ranges names, in the order given (ascending seq, as a
 * StreamLog's rows are). One pass over both lists: the cost follows the stream, never the
 * width of a range.
 */
export function recordsInRanges(records: readonly StreamRecord[], ranges: SeqRanges): StreamRecord[] {
  const out: StreamRecord[] = [];
  let at = 0;
  for (const record of records) {
    while (at < ranges.length && ranges[at][1] < record.seq) at++;
    if (at === ranges.length) break;
    if (record.seq >= ranges[at][0]) out.push(record);
  }
  return out;
}
