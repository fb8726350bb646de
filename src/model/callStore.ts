// The live calls, keyed by id. Fed by the notification pipeline (applyCall per
// CallStateChangeMessage, applySnapshot per SnapshotRecord); read by the calls tree.
// This is on the notification hot path: objects are stored as received (no clones, no JSON
// round-trips), and one event is fired per apply.
import { Emitter, type Event } from '../base/emitter';
import type { GwsCall } from '../wire/types';

export interface CallChange {
  callId: string;
  /** What the store held before; undefined for a call seen for the first time. */
  previous?: GwsCall;
  /**
   * The call as now received. Undefined only when a snapshot dropped the call; for a
   * `Released` notification it is the Released payload (the call's final state).
   */
  current?: GwsCall;
  /** The call left the live set. */
  removed: boolean;
}

const RELEASED = 'Released';

function usableId(call: unknown): string | undefined {
  if (!call || typeof call !== 'object') return undefined;
  const id = (call as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export class CallStore {
  // Map iteration order is insertion order: updates keep a call's place, so list() is
  // "by first seen" without a separate index.
  private readonly calls = new Map<string, GwsCall>();
  private readonly changeEmitter = new Emitter<CallChange[]>();

  /** Fired once per applyCall/applySnapshot/clear that changed something. */
  readonly onDidChange: Event<CallChange[]> = this.changeEmitter.event;

  get size(): number {
    return this.calls.size;
  }

  get(id: string): GwsCall | undefined {
    return this.calls.get(id);
  }

  /** Live calls, oldest first. */
  list(): GwsCall[] {
    return Array.from(this.calls.values());
  }

  /**
   * One notification's call: creates or updates it; `Released` removes it.
   * Returns undefined (and fires nothing) for a value without a string id, which a
   * malformed notification can carry: the stream must survive it.
   */
  applyCall(call: GwsCall): CallChange | undefined {
    const callId = usableId(call);
    if (callId === undefined) return undefined;
    const previous = this.calls.get(callId);
    let change: CallChange;
    if (call.state === RELEASED) {
      this.calls.delete(callId);
      change = { callId, previous, current: call, removed: true };
    } else {
      this.calls.set(callId, call);
      change = { callId, previous, current: call, removed: false };
    }
    this.changeEmitter.fire([change]);
    return change;
  }

  /**
   * A full read (sign-in, resync, refresh) replaces the live set: calls missing from it
   * ended while we were not listening and are removed; Released entries are not live.
   * Every call present is reported as a change (with its previous value when known).
   */
  applySnapshot(calls: readonly GwsCall[]): CallChange[] {
    const incoming = new Map<string, GwsCall>();
    for (const call of calls) {
      const callId = usableId(call);
      if (callId !== undefined && call.state !== RELEASED) incoming.set(callId, call);
    }
    const changes: CallChange[] = [];
    for (const [callId, previous] of this.calls) {
      if (!incoming.has(callId)) {
        this.calls.delete(callId);
        changes.push({ callId, previous, removed: true });
      }
    }
    for (const [callId, call] of incoming) {
      const previous = this.calls.get(callId);
      this.calls.set(callId, call);
      changes.push({ callId, previous, current: call, removed: false });
    }
    if (changes.length > 0) this.changeEmitter.fire(changes);
    return changes;
  }

  /** Forgets every call (sign-out); reports each as removed. */
  clear(): CallChange[] {
    const changes: CallChange[] = [];
    for (const [callId, previous] of this.calls) changes.push({ callId, previous, removed: true });
    this.calls.clear();
    if (changes.length > 0) this.changeEmitter.fire(changes);
    return changes;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
