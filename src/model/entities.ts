// The resources a notification carries, found the same way on every channel
// (docs/gws-notes.md#channels): `data.devices[]` (DeviceStateChangeMessage), `data.channels[]`
// (ChannelStateChangeMessageV2), `data.chat`, `data.email`, `data.workitem`, `data.interaction`,
// `data.openmedia`… and any other top-level object with an `id`, or array of them. Each is an
// entity of a kind (the key it came under, singular: `devices` → `device`) and an id (its `id`;
// a channels[] entry has no id and is known by its `channel` name). The call of a
// CallStateChangeMessage is not one of them: calls have their own store (callStore.ts).
// Only messages other than CallStateChangeMessage come here, so this is off the hot path;
// it still allocates nothing for a message without entities.

export interface EntityRef {
  /** Singular kind: 'device', 'channel', 'chat', 'email', … */
  kind: string;
  id: string;
  /** The field its id was read from ('id', or 'channel' for a channels[] entry). */
  idKey: string;
  /** The object as received (shared with the message, never copied). */
  value: Record<string, unknown>;
}

/** A message listing more entities than this is diffed for the first ones only (bounded work). */
export const MAX_ENTITIES_PER_MESSAGE = 100;

const NONE: readonly EntityRef[] = Object.freeze([]);

/**
 * The entities in a notification's `data`, in the order of its keys (an array's entries in
 * their order). Values without a usable id are not entities: the row shows them raw.
 */
export function entitiesOf(data: Record<string, unknown>): readonly EntityRef[] {
  let found: EntityRef[] | undefined;
  for (const key in data) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
    const value = data[key];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      const kind = singular(key);
      const idKey = key === 'channels' ? 'channel' : 'id';
      for (const entry of value) {
        if (!isRecord(entry)) continue;
        let id = idText(entry[idKey]);
        let usedKey = idKey;
        if (id === undefined && idKey === 'channel') {
          id = idText(entry.id);
          usedKey = 'id';
        }
        if (id === undefined) continue;
        if ((found ??= []).length >= MAX_ENTITIES_PER_MESSAGE) return found;
        found.push({ kind, id, idKey: usedKey, value: entry });
      }
      continue;
    }
    const id = idText((value as Record<string, unknown>).id);
    if (id === undefined) continue;
    if ((found ??= []).length >= MAX_ENTITIES_PER_MESSAGE) return found;
    found.push({ kind: key, id, idKey: 'id', value: value as Record<string, unknown> });
  }
  return found ?? NONE;
}

/**
 * What ties an entity to the operations on it (linkSubjects.ts): "<kind> <id>", the kind
 * normalised so that the URL's collection and the message's key agree (`/me/chats/{id}` and
 * `data.chat`, `/me/im-sessions/{id}` and `data.imSession`). A call's subject is its bare id.
 */
export function entitySubject(kind: string, id: string): string {
  return kind === 'call' ? id : `${normalizedKind(kind)} ${id}`;
}

/** 'chats' → 'chat', 'imSession' → 'imsession', 'im-sessions' → 'imsession'. */
export function normalizedKind(kind: string): string {
  return singular(kind.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

function singular(key: string): string {
  if (key.length > 3 && key.endsWith('ies')) return `${key.slice(0, -3)}y`;
  if (key.length > 1 && key.endsWith('s') && !key.endsWith('ss')) return key.slice(0, -1);
  return key;
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (Number.isFinite(value)) return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
