// The page's own copy of the stream: bounded by settings.maxEvents (oldest dropped first),
// indexed by seq, with a lower-case search string computed once per row so that filtering
// 100,000 rows is a tight loop over precomputed strings.
import type { RowDto } from '../../webviews/inspector/protocol';
import { formatTime } from './format';

export interface RowEntry {
  row: RowDto;
  /**
   * Lower-case fields joined by '\n', so a regex can anchor a field with ^…$ (flag m).
   * Undefined until computed: big batches (a reset of 100,000 rows) fill it in the background
   * so that the first frame stays short; read it through `searchOf`.
   */
  search: string | undefined;
  /** Bumped by `update`, so the list knows a rendered row is stale. */
  version: number;
}

export function searchText(row: RowDto): string {
  const parts = [
    formatTime(row.time),
    `#${row.seq}`,
    row.channel,
    row.type,
    row.messageType ?? '',
    row.callId ?? '',
    row.state ?? '',
    row.recordingState ?? '',
    row.summary,
    row.httpStatus === undefined ? '' : `http ${row.httpStatus}`,
    row.statusCode === undefined ? '' : `statuscode ${row.statusCode}`,
    row.statusMessage ?? '',
    row.warning ?? '',
  ];
  return parts.join('\n').toLowerCase();
}

export function searchOf(entry: RowEntry): string {
  return (entry.search ??= searchText(entry.row));
}

/** Batches larger than this get their search strings in the background. */
const EAGER_SEARCH_LIMIT = 2000;
const BACKFILL_SLICE_MS = 8;

/** Distinct values seen in the stream, for the filter dropdowns. */
export interface SeenValues {
  callIds: string[];
  channels: string[];
  types: string[];
}

export class RowStore {
  entries: RowEntry[] = [];
  private readonly bySeq = new Map<number, RowEntry>();
  private readonly callIds = new Set<string>();
  private readonly channels = new Set<string>();
  private readonly types = new Set<string>();
  private maxEvents = 10000;
  /** Rows this page evicted to stay within maxEvents. */
  evicted = 0;
  private backfillScheduled = false;

  reset(maxEvents: number): void {
    this.maxEvents = Math.max(1, maxEvents);
    this.entries = [];
    this.bySeq.clear();
    this.callIds.clear();
    this.channels.clear();
    this.types.clear();
    this.evicted = 0;
  }

  get size(): number {
    return this.entries.length;
  }

  get(seq: number): RowEntry | undefined {
    return this.bySeq.get(seq);
  }

  /**
   * Adds rows (a seq already present is treated as an update), evicts the oldest beyond
   * maxEvents. Returns the new entries, how many old ones went, and values not seen before.
   */
  append(rows: RowDto[]): { added: RowEntry[]; updated: RowEntry[]; evictedNow: number; seen: SeenValues } {
    const added: RowEntry[] = [];
    const updated: RowEntry[] = [];
    const seen: SeenValues = { callIds: [], channels: [], types: [] };
    const eager = rows.length <= EAGER_SEARCH_LIMIT;
    for (const row of rows) {
      const existing = this.bySeq.get(row.seq);
      if (existing) {
        this.replace(existing, row);
        updated.push(existing);
        continue;
      }
      const entry: RowEntry = { row, search: eager ? searchText(row) : undefined, version: 0 };
      this.entries.push(entry);
      this.bySeq.set(row.seq, entry);
      added.push(entry);
      this.noteValues(row, seen);
    }
    const evictedNow = this.evictOverflow();
    if (!eager) this.scheduleBackfill();
    return { added, updated, evictedNow, seen };
  }

  /** Computes missing search strings in short slices between frames. */
  private scheduleBackfill(): void {
    if (this.backfillScheduled) return;
    this.backfillScheduled = true;
    let next = 0;
    const slice = (): void => {
      const deadline = performance.now() + BACKFILL_SLICE_MS;
      const entries = this.entries;
      while (next < entries.length) {
        const entry = entries[next++];
        if (entry.search === undefined) entry.search = searchText(entry.row);
        if ((next & 255) === 0 && performance.now() > deadline) break;
      }
      if (next < entries.length) setTimeout(slice, 0);
      else this.backfillScheduled = false;
    };
    setTimeout(slice, 0);
  }

  /** Replaces known rows in place; unknown seqs (already evicted) are ignored. */
  update(rows: RowDto[]): { updated: RowEntry[]; seen: SeenValues } {
    const updated: RowEntry[] = [];
    const seen: SeenValues = { callIds: [], channels: [], types: [] };
    for (const row of rows) {
      const existing = this.bySeq.get(row.seq);
      if (!existing) continue;
      this.replace(existing, row);
      this.noteValues(row, seen);
      updated.push(existing);
    }
    return { updated, seen };
  }

  private replace(entry: RowEntry, row: RowDto): void {
    entry.row = row;
    entry.search = searchText(row);
    entry.version++;
  }

  private noteValues(row: RowDto, seen: SeenValues): void {
    if (row.callId && !this.callIds.has(row.callId)) {
      this.callIds.add(row.callId);
      seen.callIds.push(row.callId);
    }
    if (!this.channels.has(row.channel)) {
      this.channels.add(row.channel);
      seen.channels.push(row.channel);
    }
    if (!this.types.has(row.type)) {
      this.types.add(row.type);
      seen.types.push(row.type);
    }
  }

  private evictOverflow(): number {
    const overflow = this.entries.length - this.maxEvents;
    if (overflow <= 0) return 0;
    const gone = this.entries.splice(0, overflow);
    for (const entry of gone) this.bySeq.delete(entry.row.seq);
    this.evicted += overflow;
    return overflow;
  }
}
