// "What changed in this call since the previous notification for it?" — the question the
// inspector answers for every CallStateChangeMessage, and the same question for every other
// resource a message carries (a chat, a device, a channel: diffEntity). Runs once per notification, so it is
// on the hot path: flat loops for userData and capabilities, a deep comparison only
// when a value is an object or array (participants, duplicate userData keys, unknown nested
// fields). Every diff is kept in the stream log (50,000 by default), so a section with
// nothing in it is one shared, frozen empty value instead of fresh objects per notification.
import type { CallDiff, CapabilitiesDiff, EntityDiff, ValueChange } from './diffTypes';
import { diffParticipants } from './participantsDiff';
import type { GwsCall } from '../wire/types';

/**
 * Top-level fields that are not reported under `fields`:
 * - the id (`id`; a channels[] entry's `channel`) identifies the resource, it cannot change
 *   between two diffs of the same one;
 * - the attached data (`userData` on a call) and `capabilities` have their own sections;
 * - `duration` is the call's age in seconds and changes on almost every notification,
 *   so listing it would mark every row as "changed" and bury the real changes.
 */
function isNotDiffed(key: string, idKey: string, dataKey: string): boolean {
  // Comparisons, not a Set: property names are internalised, so each is a pointer compare.
  return key === idKey || key === dataKey || key === 'capabilities' || key === 'duration';
}

type Resource = Record<string, unknown>;

const NO_USER_DATA: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_CAPABILITIES: readonly string[] = Object.freeze([]);
/** The empty sections diffs share (frozen: a reader that tried to write would fail loudly). */
const EMPTY = NO_USER_DATA as Record<string, never>;
const NO_CAPABILITY_CHANGE: CapabilitiesDiff = Object.freeze({ gained: NO_CAPABILITIES as string[], lost: NO_CAPABILITIES as string[] });
const hasOwn = Object.prototype.hasOwnProperty;

export interface DiffOptions {
  /**
   * Replace each value of `current` that equals the one in `previous` by `previous`'s (same
   * JSON, one copy in memory). Consecutive notifications of a call repeat nearly everything
   * (userData, capabilities, participants), and the stream log keeps every notification:
   * shared, a retained notification costs about half the heap, and the fresh copies die
   * young instead of being copied by the garbage collector. The pipeline uses it; the
   * message stays JSON-identical, so no reader can tell.
   */
  shareUnchanged?: boolean;
}

export function diffCalls(previous: GwsCall | undefined, current: GwsCall, options: DiffOptions = {}): CallDiff {
  return diffResource(previous, current, options.shareUnchanged === true, 'id', 'userData');
}

/** Where an entity keeps its attached data: the first of these that is an object. */
const DATA_KEYS = ['userData', 'attachedData', 'data'] as const;

/** The key of `value`'s attached data (see DATA_KEYS); `userData` when it has none. */
export function dataKeyOf(current: Resource, previous?: Resource): string {
  for (const key of DATA_KEYS) if (isRecord(current[key])) return key;
  if (previous) for (const key of DATA_KEYS) if (isRecord(previous[key])) return key;
  return 'userData';
}

/**
 * A non-call resource against its previous value: the same sections as a call's diff, its
 * attached data (`userData`, `attachedData` or `data`, see dataKeyOf) in `userData`.
 */
export function diffEntity(
  kind: string,
  id: string,
  previous: Resource | undefined,
  current: Resource,
  options: DiffOptions & { idKey?: string } = {},
): EntityDiff {
  const dataKey = dataKeyOf(current, previous);
  const diff = diffResource(previous, current, options.shareUnchanged === true, options.idKey ?? 'id', dataKey) as EntityDiff;
  diff.kind = kind;
  diff.id = id;
  if (dataKey !== 'userData') diff.dataKey = dataKey;
  return diff;
}

function diffResource(previous: Resource | undefined, current: Resource, shareUnchanged: boolean, idKey: string, dataKey: string): CallDiff {
  const share = shareUnchanged && previous !== undefined;
  const beforeList = previous?.capabilities;
  const afterList = current.capabilities;
  let capabilities: CapabilitiesDiff;
  // The usual case first: the same list as last time, compared as it came (one pass over it).
  if (Array.isArray(beforeList) && Array.isArray(afterList) && sameOrderedList(beforeList, afterList)) {
    capabilities = NO_CAPABILITY_CHANGE;
    if (share) current.capabilities = beforeList;
  } else {
    capabilities = diffCapabilities(asStringList(beforeList), asStringList(afterList));
  }
  if (share) {
    // Not diffed, but still the same value most of the time: shared like the rest.
    if (current[idKey] === previous[idKey]) current[idKey] = previous[idKey];
    if (current.duration === previous.duration) current.duration = previous.duration;
  }
  // A first notification has nothing to compare its fields with; the row shows its state.
  const fields = previous !== undefined ? diffFields(previous, current, share, idKey, dataKey) : EMPTY;
  const diff: CallDiff = {
    first: previous === undefined,
    userData: diffUserData(asRecord(previous?.[dataKey]), asRecord(current[dataKey]), share),
    capabilities,
    fields,
  };
  if (hasOwn.call(fields, 'participants')) {
    const participants = diffParticipants(fields.participants.old, fields.participants.new, sameValue);
    if (participants) diff.participants = participants;
  }
  return diff;
}

/** True when the diff reports nothing (a notification that only advanced `duration`, say). */
export function isEmptyDiff(diff: CallDiff): boolean {
  if (diff.first) return false;
  const { userData, capabilities } = diff;
  return (
    capabilities.gained.length === 0 &&
    capabilities.lost.length === 0 &&
    isEmptyRecord(userData.added) &&
    isEmptyRecord(userData.removed) &&
    isEmptyRecord(userData.changed) &&
    isEmptyRecord(diff.fields)
  );
}

/**
 * Deep equality for JSON values (what a Bayeux message holds): participants, duplicate userData
 * values, unknown nested fields. Hand-written on purpose: deep-equal libraries (fast-deep-equal,
 * dequal) call a value's own `valueOf` / `toString` / `constructor`, and in server JSON those are
 * ordinary keys: `{"valueOf": "1"}` made them throw and lose the notification. Own keys only,
 * scalars by Object.is; no list of differences is built (this runs once per notification).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return sameStructure(a, b);
}

function sameStructure(a: object, b: object): boolean {
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let i = 0; i < left.length; i++) if (!sameNested(left[i], right[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key in left) {
    if (!hasOwn.call(left, key)) continue;
    if (!hasOwn.call(right, key) || !sameNested(left[key], right[key])) return false;
    keys++;
  }
  // Same number of own keys, and every left key is on the right: the key sets are equal.
  for (const key in right) if (hasOwn.call(right, key) && keys-- === 0) return false;
  return keys === 0;
}

function sameNested(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return sameStructure(a, b);
  return Object.is(a, b);
}

function diffUserData(before: Record<string, unknown>, after: Record<string, unknown>, share: boolean): CallDiff['userData'] {
  let added: Record<string, unknown> = EMPTY;
  let removed: Record<string, unknown> = EMPTY;
  let changed: Record<string, ValueChange> = EMPTY;
  let kept = 0;
  for (const key in after) {
    if (!hasOwn.call(before, key)) {
      if (added === EMPTY) added = {};
      setOwn(added, key, after[key]);
      continue;
    }
    kept++;
    const old = before[key];
    const value = after[key];
    if (!sameValue(old, value)) {
      if (changed === EMPTY) changed = {};
      setOwn(changed, key, { old, new: value });
    } else if (share && key !== '__proto__') {
      after[key] = old;
    }
  }
  if (kept === enumerableCount(before)) return { added, removed, changed };
  for (const key in before) {
    if (!hasOwn.call(before, key) || hasOwn.call(after, key)) continue;
    if (removed === EMPTY) removed = {};
    setOwn(removed, key, before[key]);
  }
  return { added, removed, changed };
}

/** Capabilities are a set: a reordered list is not a change, a repeated name counts once. */
function diffCapabilities(before: readonly string[], after: readonly string[]): CapabilitiesDiff {
  if (sameOrderedList(before, after)) return NO_CAPABILITY_CHANGE;
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  const gained: string[] = [];
  const lost: string[] = [];
  for (const name of afterSet) if (!beforeSet.has(name)) gained.push(name);
  for (const name of beforeSet) if (!afterSet.has(name)) lost.push(name);
  return gained.length === 0 && lost.length === 0 ? NO_CAPABILITY_CHANGE : { gained, lost };
}

function diffFields(before: Resource, after: Resource, share: boolean, idKey: string, dataKey: string): Record<string, ValueChange> {
  let fields: Record<string, ValueChange> = EMPTY;
  let kept = 0;
  for (const key in after) {
    if (isNotDiffed(key, idKey, dataKey)) {
      if (hasOwn.call(before, key)) kept++;
      continue;
    }
    const known = hasOwn.call(before, key);
    if (known) kept++;
    const oldValue = known ? before[key] : undefined;
    const value = after[key];
    if (sameValue(oldValue, value)) {
      if (share && known && key !== '__proto__') after[key] = oldValue;
      continue;
    }
    if (fields === EMPTY) fields = {};
    setOwn(fields, key, { old: oldValue, new: value });
  }
  if (kept === enumerableCount(before)) return fields;
  for (const key in before) {
    if (isNotDiffed(key, idKey, dataKey) || !hasOwn.call(before, key) || hasOwn.call(after, key) || before[key] === undefined) continue;
    if (fields === EMPTY) fields = {};
    setOwn(fields, key, { old: before[key], new: undefined });
  }
  return fields;
}

/**
 * Keys come from the server: a userData key "__proto__" must become a plain own property,
 * not replace the record's prototype (which a bare `record[key] = value` would do).
 */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/**
 * Keys a for-in over `record` visits (own and inherited enumerable). When every one of them
 * was found in the new value, nothing was removed, and the loop that looks for removed keys
 * (a lookup per key) can be skipped; an inherited key only makes the count differ, and the
 * full loop then decides.
 */
function enumerableCount(record: object): number {
  let count = 0;
  for (const _ in record) count++;
  return count;
}

function sameOrderedList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Missing or malformed userData counts as empty: GWS omits the field when there is none. */
function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : (NO_USER_DATA as Record<string, unknown>);
}

function asStringList(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return NO_CAPABILITIES;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return value.map(String);
  return value;
}

function isEmptyRecord(record: object): boolean {
  if (record === EMPTY) return true;
  for (const key in record) if (hasOwn.call(record, key)) return false;
  return true;
}
