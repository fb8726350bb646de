// Attached data as T-Server keeps it: an ordered list of key/value pairs in which a key
// may appear more than once (AttachUserData adds a pair even when the key exists).
// GWS sends userData as a flat JSON object, so the simulator's choice for duplicates is:
// the object shows each key once, with its FIRST value (what a T-Server KV-list lookup
// returns); the later duplicates are kept and reappear if the first pair is replaced.
// UpdateUserData replaces every pair of a key with one; DeleteUserDataPair removes every
// pair of the key; DeleteUserData removes all (the call then has no userData field).

export type UserDataPairs = Array<[string, unknown]>;

export function fromObject(userData: Record<string, unknown> | undefined): UserDataPairs {
  return userData ? Object.entries(userData) : [];
}

/** Flat view (first value wins), or undefined when there is no pair at all. */
export function toObject(pairs: UserDataPairs): Record<string, unknown> | undefined {
  if (pairs.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, value] of pairs) {
    if (seen.has(key)) continue;
    seen.add(key);
    // defineProperty: keys such as "__proto__" or "toString" are data like any other key.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function attach(pairs: UserDataPairs, userData: Record<string, unknown>): UserDataPairs {
  return [...pairs, ...Object.entries(userData)];
}

export function update(pairs: UserDataPairs, userData: Record<string, unknown>): UserDataPairs {
  const replaced = new Set(Object.keys(userData));
  const kept: UserDataPairs = [];
  const placed = new Set<string>();
  for (const pair of pairs) {
    const key = pair[0];
    if (!replaced.has(key)) kept.push(pair);
    else if (!placed.has(key)) {
      // The first occurrence keeps its place with the new value; later duplicates go.
      placed.add(key);
      kept.push([key, userData[key]]);
    }
  }
  for (const key of replaced) if (!placed.has(key)) kept.push([key, userData[key]]);
  return kept;
}

export function deletePair(pairs: UserDataPairs, key: string): UserDataPairs {
  return pairs.filter(([k]) => k !== key);
}
