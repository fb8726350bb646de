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
  /**
   * The id of the call this one replaces: a call whose id changed (a new ConnID after a
   * transfer) names its old id, and the old call is removed in the same batch.
   */
  replaces?: string;
}

const RELEASED = 'Released';

/**
 * Fields in which a call names the id it had before (docs/gws-notes.md#call-id-changes):
 * T-Server reports a ConnID that changes after a transfer or conference completes with the
 * previous one (AttributePreviousConnID); the GWS field names are a guess.
 */
const PREVIOUS_ID_FIELDS = ['previousConnId', 'previousCallId'] as const;

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
    // Two property reads per notification; the rest only when a call names an earlier id.
    const replaced = call.previousConnId !== undefined || call.previousCallId !== undefined ? this.removeReplaced(call, callId) : undefined;
    let change: CallChange;
    if (call.state === RELEASED) {
      this.calls.delete(callId);
      change = { callId, previous, current: call, removed: true };
    } else {
      this.calls.set(callId, call);
      change = { callId, previous, current: call, removed: false };
    }
    if (replaced) {
      change.replaces = replaced.callId;
      this.changeEmitter.fire([replaced, change]);
    } else {
      this.changeEmitter.fire([change]);
    }
    return change;
  }

  /**
   * The call `call` says it was before (PREVIOUS_ID_FIELDS: the old id, or the old call's
   * connId), removed from the live set so it does not stay on screen as a ghost.
   */
  private removeReplaced(call: GwsCall, callId: string): CallChange | undefined {
    for (const field of PREVIOUS_ID_FIELDS) {
      const old = call[field];
      if (typeof old !== 'string' || old.length === 0 || old === callId) continue;
      let oldId: string | undefined = this.calls.has(old) ? old : undefined;
      if (oldId === undefined) {
        for (const [id, known] of this.calls) {
          if (id !== callId && known.connId === old) {
            oldId = id;
            break;
          }
        }
      }
      if (oldId === undefined) continue;
      const previous = this.calls.get(oldId);
      this.calls.delete(oldId);
      return { callId: oldId, previous, removed: true };
    }
    return undefined;
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
