// The page's own copy of the stream: bounded by settings.maxEvents (oldest dropped first),
// indexed by seq, with a lower-case search string computed once per row so that filtering
// 100,000 rows is a tight loop over precomputed strings.
import type { RowDto, RowKind } from '../../webviews/inspector/protocol';
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

/** Distinct values of the stream, for the filter dropdowns. */
export interface SeenValues {
  callIds: string[];
  sources: string[];
  channels: string[];
  types: string[];
}

function noValues(): SeenValues {
  return { callIds: [], sources: [], channels: [], types: [] };
}

/** value → how many rows of the store have it. */
function countIn(counts: Map<string, number>, value: string, added: string[]): void {
  const count = counts.get(value);
  if (count === undefined) added.push(value);
  counts.set(value, (count ?? 0) + 1);
}

function countOut(counts: Map<string, number>, value: string, gone: string[]): void {
  const count = counts.get(value);
  if (count === undefined) return;
  if (count > 1) counts.set(value, count - 1);
  else {
    counts.delete(value);
    gone.push(value);
  }
}

export class RowStore {
  entries: RowEntry[] = [];
  private readonly bySeq = new Map<number, RowEntry>();
  private readonly callIds = new Map<string, number>();
  private readonly sources = new Map<string, number>();
  private readonly channels = new Map<string, number>();
  private readonly types = new Map<string, number>();
  /** Rows with a state, with a recording state: a column no row fills takes no width. */
  private withState = 0;
  private withRecording = 0;
  /** type → the kind of the row that brought it (the type filter groups by it). */
  private readonly typeKinds = new Map<string, RowKind>();
  private maxEvents = 10000;
  /** Rows this page evicted to stay within maxEvents. */
  evicted = 0;
  private backfillScheduled = false;

  reset(maxEvents: number): void {
    this.maxEvents = Math.max(1, maxEvents);
    this.entries = [];
    this.bySeq.clear();
    this.callIds.clear();
    this.sources.clear();
    this.channels.clear();
    this.types.clear();
    this.typeKinds.clear();
    this.withState = 0;
    this.withRecording = 0;
    this.evicted = 0;
  }

  get size(): number {
    return this.entries.length;
  }

  /** How many different sources the rows come from (the page shows a Source column from two on). */
  get sourceCount(): number {
    return this.sources.size;
  }

  /** Which optional columns some row fills. */
  get filledColumns(): { call: boolean; state: boolean; rec: boolean } {
    return { call: this.callIds.size > 0, state: this.withState > 0, rec: this.withRecording > 0 };
  }

  /** The kind of row a type was seen on ('notification' for a type no row has). */
  kindOfType(type: string): RowKind {
    return this.typeKinds.get(type) ?? 'notification';
  }

  get(seq: number): RowEntry | undefined {
    return this.bySeq.get(seq);
  }

  /**
   * Adds rows (a seq already present is treated as an update), evicts the oldest beyond
   * maxEvents. Returns the new entries, how many old ones went, values not in the store
   * before (`seen`) and values no row has any more (`gone`).
   */
  append(rows: RowDto[]): { added: RowEntry[]; updated: RowEntry[]; evictedNow: number; seen: SeenValues; gone: SeenValues } {
    const added: RowEntry[] = [];
    const updated: RowEntry[] = [];
    const seen = noValues();
    const gone = noValues();
    const eager = rows.length <= EAGER_SEARCH_LIMIT;
    for (const row of rows) {
      const existing = this.bySeq.get(row.seq);
      if (existing) {
        this.replace(existing, row, seen, gone);
        updated.push(existing);
        continue;
      }
      const entry: RowEntry = { row, search: eager ? searchText(row) : undefined, version: 0 };
      this.entries.push(entry);
      this.bySeq.set(row.seq, entry);
      added.push(entry);
      this.countValues(row, seen);
      this.countColumns(row, 1);
    }
    const evictedNow = this.evictOverflow(gone);
    if (!eager) this.scheduleBackfill();
    return { added, updated, evictedNow, ...this.settle(seen, gone) };
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
  update(rows: RowDto[]): { updated: RowEntry[]; seen: SeenValues; gone: SeenValues } {
    const updated: RowEntry[] = [];
    const seen = noValues();
    const gone = noValues();
    for (const row of rows) {
      const existing = this.bySeq.get(row.seq);
      if (!existing) continue;
      this.replace(existing, row, seen, gone);
      updated.push(existing);
    }
    return { updated, ...this.settle(seen, gone) };
  }

  private replace(entry: RowEntry, row: RowDto, seen: SeenValues, gone: SeenValues): void {
    const old = entry.row;
    if (old.callId !== row.callId || old.channel !== row.channel || old.type !== row.type) {
      this.uncountValues(old, gone);
      this.countValues(row, seen);
    }
    this.countColumns(old, -1);
    this.countColumns(row, 1);
    entry.row = row;
    entry.search = searchText(row);
    entry.version++;
  }

  /**
   * A value can be both new and gone within one batch (added then evicted, or gone then back):
   * what counts is whether a row of the store has it now.
   */
  private settle(seen: SeenValues, gone: SeenValues): { seen: SeenValues; gone: SeenValues } {
    if (!gone.callIds.length && !gone.sources.length && !gone.channels.length && !gone.types.length) return { seen, gone };
    return {
      seen: {
        callIds: seen.callIds.filter((v) => this.callIds.has(v)),
        sources: seen.sources.filter((v) => this.sources.has(v)),
        channels: seen.channels.filter((v) => this.channels.has(v)),
        types: seen.types.filter((v) => this.types.has(v)),
      },
      gone: {
        callIds: gone.callIds.filter((v) => !this.callIds.has(v)),
        sources: gone.sources.filter((v) => !this.sources.has(v)),
        channels: gone.channels.filter((v) => !this.channels.has(v)),
        types: gone.types.filter((v) => !this.types.has(v)),
      },
    };
  }

  private countColumns(row: RowDto, delta: 1 | -1): void {
    if (row.state) this.withState += delta;
    if (row.recordingState) this.withRecording += delta;
  }

  private countValues(row: RowDto, seen: SeenValues): void {
    if (row.callId) countIn(this.callIds, row.callId, seen.callIds);
    if (row.source) countIn(this.sources, row.source, seen.sources);
    countIn(this.channels, row.channel, seen.channels);
    countIn(this.types, row.type, seen.types);
    if (!this.typeKinds.has(row.type)) this.typeKinds.set(row.type, row.kind);
  }

  private uncountValues(row: RowDto, gone: SeenValues): void {
    if (row.callId) countOut(this.callIds, row.callId, gone.callIds);
    if (row.source) countOut(this.sources, row.source, gone.sources);
    countOut(this.channels, row.channel, gone.channels);
    countOut(this.types, row.type, gone.types);
  }

  private evictOverflow(gone: SeenValues): number {
    const overflow = this.entries.length - this.maxEvents;
    if (overflow <= 0) return 0;
    const evicted = this.entries.splice(0, overflow);
    for (const entry of evicted) {
      this.bySeq.delete(entry.row.seq);
      this.uncountValues(entry.row, gone);
      this.countColumns(entry.row, -1);
    }
    this.evicted += overflow;
    return overflow;
  }
}
