// The calls of the page's rows, for the Call column and the call filter: each call's name as
// the extension gives it (RowDto.callName, built by src/model/callName.ts, the same name as in
// the calls view and the messages), its latest state and when it was first seen. The filter
// lists live calls first, then released ones, each group newest first.
import type { RowDto } from '../../webviews/inspector/protocol';
import { shortId } from './format';

export interface CallEntry {
  id: string;
  /** "5551234 · 00000A"; "call 00000A" until a notification names the other party. */
  name: string;
  /** The latest state a notification of the call reported. */
  state?: string;
  /** Seq of the call's first row: the newest call has the highest. */
  firstSeq: number;
  /** Seq of the row the name and state come from: an older row never overrides a newer one. */
  fromSeq: number;
}

export class CallIndex {
  private readonly calls = new Map<string, CallEntry>();
  /** The ids whose name or state changed since `takeChanges`, and whether the order may have. */
  private readonly changed = new Set<string>();
  private orderStale = false;
  /** A call's name changed: rows already drawn show the old one. */
  private renamed = false;

  reset(): void {
    this.calls.clear();
    this.changed.clear();
    this.orderStale = true;
  }

  /** Takes in rows (appended or updated) that name a call. */
  note(rows: readonly RowDto[]): void {
    for (const row of rows) {
      const id = row.callId;
      if (id === undefined) continue;
      const fromCall = row.kind === 'notification' && row.messageType === 'CallStateChangeMessage';
      let entry = this.calls.get(id);
      if (!entry) {
        entry = { id, name: row.callName ?? fallbackName(id), firstSeq: row.seq, fromSeq: fromCall ? row.seq : -1 };
        if (fromCall && row.state !== undefined) entry.state = row.state;
        this.calls.set(id, entry);
        this.changed.add(id);
        this.orderStale = true;
        continue;
      }
      if (row.seq < entry.firstSeq) {
        entry.firstSeq = row.seq;
        this.orderStale = true;
      }
      // Only a notification carries the call itself (its other party, its state).
      if (!fromCall || row.seq < entry.fromSeq) continue;
      entry.fromSeq = row.seq;
      if (row.callName !== undefined && row.callName !== entry.name) {
        entry.name = row.callName;
        this.changed.add(id);
        this.renamed = true;
      }
      if (row.state !== undefined && row.state !== entry.state) {
        if (isReleased(row.state) !== isReleased(entry.state)) this.orderStale = true;
        entry.state = row.state;
        this.changed.add(id);
      }
    }
  }

  /** Calls no row of the page has any more. */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      if (this.calls.delete(id)) this.orderStale = true;
      this.changed.delete(id);
    }
  }

  /** The name of a row's call: what its notifications say, else the row's own. */
  nameOf(row: RowDto): string {
    if (row.callId === undefined) return '';
    return this.calls.get(row.callId)?.name ?? row.callName ?? fallbackName(row.callId);
  }

  /** The name of a call by its id (a compare's title), as its rows show it. */
  nameById(id: string): string {
    return this.calls.get(id)?.name ?? fallbackName(id);
  }

  /** What the call filter shows for a call: "5551234 · 00000A · Established". */
  label(id: string): string {
    const entry = this.calls.get(id);
    if (!entry) return fallbackName(id);
    return entry.state ? `${entry.name} · ${entry.state}` : entry.name;
  }

  /** Live calls first, then released ones; in each, the newest (first seen last) first. */
  ordered(): string[] {
    return [...this.calls.values()]
      .sort((a, b) => Number(isReleased(a.state)) - Number(isReleased(b.state)) || b.firstSeq - a.firstSeq)
      .map((entry) => entry.id);
  }

  /** What changed since the last call: the ids to relabel, whether to reorder, whether a name changed. */
  takeChanges(): { relabel: string[]; reorder: boolean; renamed: boolean } {
    const changes = { relabel: [...this.changed], reorder: this.orderStale, renamed: this.renamed };
    this.changed.clear();
    this.orderStale = false;
    this.renamed = false;
    return changes;
  }
}

/** A row without a name (a file from before names): the short id, as src/model/callName.ts writes it. */
function fallbackName(id: string): string {
  return `call ${shortId(id)}`;
}

function isReleased(state: string | undefined): boolean {
  return state === 'Released';
}

/** The page's one index (the stream rows and the controls read it). */
export const callIndex = new CallIndex();
