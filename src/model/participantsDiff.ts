// Participants diffed as a list keyed by party, instead of one old → new JSON value: who
// joined, who left, whose role or state changed. A conference then reads "+ 15002 joined"
// rather than two arrays cut off mid-number. Participants are objects in newer GWS
// ({ phoneNumber, digits, role, state… }) and plain numbers in older 8.5.x
// (src/wire/callReader.ts reads both); anything else is keyed by its JSON.
// diff.ts calls it with its deep equality (passed in: the two modules must not import each other).
import type { ParticipantsDiff, ValueChange } from './diffTypes';

type Same = (a: unknown, b: unknown) => boolean;

/** The keys that name a party, in the order they are tried. */
const PARTY_KEYS = ['phoneNumber', 'number', 'digits', 'e164Number', 'formattedPhoneNumber', 'id', 'userName', 'nickname', 'name'] as const;

/** A participant's party: its own text, the first party key it fills, or its JSON (a number's is its digits). */
function partyOf(participant: unknown): string {
  if (typeof participant === 'string') return participant;
  // An array from JSON has no party keys: it falls through to its JSON like a number.
  if (typeof participant === 'object' && participant !== null) {
    const record = participant as Record<string, unknown>;
    for (const key of PARTY_KEYS) {
      const value = record[key];
      if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
    }
  }
  return JSON.stringify(participant) ?? String(participant);
}

function byParty(list: unknown): Map<string, unknown> {
  const parties = new Map<string, unknown>();
  if (!Array.isArray(list)) return parties;
  for (const participant of list) {
    let party = partyOf(participant);
    // Two entries for one party (a number twice): both are kept, the second under "#2".
    for (let n = 2; parties.has(party); n++) party = `${partyOf(participant)} #${n}`;
    parties.set(party, participant);
  }
  return parties;
}

/** The fields of one party that differ (its whole value when it is not an object). */
function partyChanges(old: unknown, value: unknown, sameValue: Same): Record<string, ValueChange> {
  // Two arrays are never one party's values: an array's party is its JSON, so both are equal.
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isRecord(old) || !isRecord(value)) return { value: { old, new: value } };
  const changes: Array<[string, ValueChange]> = [];
  for (const key of new Set([...Object.keys(old), ...Object.keys(value)])) {
    if (!sameValue(old[key], value[key])) changes.push([key, { old: old[key], new: value[key] }]);
  }
  // fromEntries: a "__proto__" field stays a plain property.
  return Object.fromEntries(changes);
}

/**
 * Who joined, left or changed between two participants lists; undefined when neither is a list
 * or no party differs (the same parties in another order: the raw field change says that).
 */
export function diffParticipants(before: unknown, after: unknown, sameValue: Same): ParticipantsDiff | undefined {
  // Neither a list: both maps are empty, so no party differs.
  const old = byParty(before);
  const current = byParty(after);
  const diff: ParticipantsDiff = { joined: [], left: [], changed: [] };
  for (const [party, value] of current) {
    if (!old.has(party)) diff.joined.push({ party, value });
    else if (!sameValue(old.get(party), value)) diff.changed.push({ party, changes: partyChanges(old.get(party), value, sameValue) });
  }
  for (const [party, value] of old) if (!current.has(party)) diff.left.push({ party, value });
  return diff.joined.length + diff.left.length + diff.changed.length > 0 ? diff : undefined;
}
