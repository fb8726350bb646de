// Any two events compared as whole messages (the inspector's "compare": the user picks two
// rows), not only a notification against the previous one for its call. The resource they
// carry (`call`, or the message itself) is diffed like a call (userData, capabilities, then the
// other fields, participants party by party); the message's own top-level fields follow.
import type { CallDiff, ValueChange } from './diffTypes';
import { diffEntity, sameValue } from './diff';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nothing is mutated: copies, because diffs may point values at each other (DiffOptions.shareUnchanged). */
export function compareMessages(a: unknown, b: unknown): CallDiff {
  const left = isObject(a) ? a : { value: a };
  const right = isObject(b) ? b : { value: b };
  const byCall = isObject(left.call) && isObject(right.call);
  const before = byCall ? (left.call as Json) : left;
  const after = byCall ? (right.call as Json) : right;
  const diff = diffEntity('message', '', structuredClone(before), structuredClone(after), { idKey: '\u0000none' });
  const changes: Array<[string, ValueChange]> = Object.entries(diff.fields);
  if (byCall) {
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (key === 'call' || sameValue(left[key], right[key])) continue;
      changes.push([key, { old: left[key], new: right[key] }]);
    }
  }
  // fromEntries: a "__proto__" key of a message stays a plain property.
  const result: CallDiff = { first: false, userData: diff.userData, capabilities: diff.capabilities, fields: Object.fromEntries(changes) };
  if (diff.participants) result.participants = diff.participants;
  return result;
}
