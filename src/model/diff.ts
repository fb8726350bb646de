// "What changed in this call since the previous notification for it?" — the question the
// inspector answers for every CallStateChangeMessage. Runs once per notification, so it is
// on the hot path: flat loops for userData and capabilities, microdiff only when a value
// is an object or array (participants, duplicate userData keys, unknown nested fields).
import microdiff from 'microdiff';
import type { CallDiff, ValueChange } from './diffTypes';
import type { GwsCall } from '../gws/types';

/**
 * Top-level call fields that are not reported under `fields`:
 * - `id` identifies the call, it cannot change between two diffs of the same call;
 * - `userData` and `capabilities` have their own sections of the diff;
 * - `duration` is the call's age in seconds and changes on almost every notification,
 *   so listing it would mark every row as "changed" and bury the real changes.
 */
const NOT_DIFFED_FIELDS = new Set(['id', 'userData', 'capabilities', 'duration']);

const NO_USER_DATA: Readonly<Record<string, unknown>> = Object.freeze({});
const NO_CAPABILITIES: readonly string[] = Object.freeze([]);

export function diffCalls(previous: GwsCall | undefined, current: GwsCall): CallDiff {
  const diff: CallDiff = {
    first: previous === undefined,
    userData: { added: {}, removed: {}, changed: {} },
    capabilities: { gained: [], lost: [] },
    fields: {},
  };
  diffUserData(diff, asRecord(previous?.userData), asRecord(current.userData));
  diffCapabilities(diff, asStringList(previous?.capabilities), asStringList(current.capabilities));
  // A first notification has nothing to compare its fields with; the row shows its state.
  if (previous !== undefined) diffFields(diff.fields, previous, current);
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

/** Deep equality for JSON-like values (what a Bayeux message can hold). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // Values parsed from JSON cannot be cyclic, so microdiff's cycle guard is wasted work.
  return microdiff(a as Record<string, unknown>, b as Record<string, unknown>, { cyclesFix: false }).length === 0;
}

function diffUserData(diff: CallDiff, before: Record<string, unknown>, after: Record<string, unknown>): void {
  const { added, removed, changed } = diff.userData;
  for (const key in after) {
    if (!Object.prototype.hasOwnProperty.call(before, key)) {
      setOwn(added, key, after[key]);
    } else if (!sameValue(before[key], after[key])) {
      setOwn(changed, key, { old: before[key], new: after[key] });
    }
  }
  for (const key in before) {
    if (!Object.prototype.hasOwnProperty.call(after, key)) setOwn(removed, key, before[key]);
  }
}

/** Capabilities are a set: a reordered list is not a change, a repeated name counts once. */
function diffCapabilities(diff: CallDiff, before: readonly string[], after: readonly string[]): void {
  if (sameOrderedList(before, after)) return;
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  for (const name of afterSet) if (!beforeSet.has(name)) diff.capabilities.gained.push(name);
  for (const name of beforeSet) if (!afterSet.has(name)) diff.capabilities.lost.push(name);
}

function diffFields(fields: Record<string, ValueChange>, before: GwsCall, after: GwsCall): void {
  for (const key in after) {
    if (NOT_DIFFED_FIELDS.has(key)) continue;
    const oldValue = Object.prototype.hasOwnProperty.call(before, key) ? before[key] : undefined;
    if (!sameValue(oldValue, after[key])) setOwn(fields, key, { old: oldValue, new: after[key] });
  }
  for (const key in before) {
    if (NOT_DIFFED_FIELDS.has(key) || Object.prototype.hasOwnProperty.call(after, key)) continue;
    if (before[key] !== undefined) setOwn(fields, key, { old: before[key], new: undefined });
  }
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

function sameOrderedList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Missing or malformed userData counts as empty: GWS omits the field when there is none. */
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : (NO_USER_DATA as Record<string, unknown>);
}

function asStringList(value: unknown): readonly string[] {
  if (!Array.isArray(value)) return NO_CAPABILITIES;
  return value.every((item) => typeof item === 'string') ? value : value.map(String);
}

function isEmptyRecord(record: object): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return false;
  return true;
}
