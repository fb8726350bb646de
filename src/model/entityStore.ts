// The last value of every entity a source's notifications carried (entities.ts): a chat, an
// email, a device, a channel… keyed by kind and id, so the next message for the same entity is
// diffed against it. One store per source (each Pipeline makes its own), like CallStore for
// calls. Bounded: an entity leaves on its terminal state, and past `capacity` the entity
// updated longest ago goes first. Objects are kept as received (no clones).

export const DEFAULT_MAX_ENTITIES = 10_000;

/**
 * States after which an entity receives nothing more, so it is forgotten. `Released` is the
 * documented end of a call (docs/gws-notes.md#call-states); the media states are a guess
 * (docs/gws-notes.md#other-media): an entity whose last state is none of these stays until
 * the cap pushes it out.
 */
const TERMINAL_STATES: ReadonlySet<unknown> = new Set(['Released', 'Completed', 'Revoked', 'Closed']);

export function isTerminalState(state: unknown): boolean {
  return TERMINAL_STATES.has(state);
}

export class EntityStore {
  /** "kind\u0000id" → last value. Map order is "updated longest ago first" (a value is re-inserted on update). */
  private readonly entities = new Map<string, Record<string, unknown>>();
  private readonly capacity: number;

  constructor(capacity: number = DEFAULT_MAX_ENTITIES) {
    this.capacity = Number.isFinite(capacity) && capacity >= 1 ? Math.floor(capacity) : DEFAULT_MAX_ENTITIES;
  }

  get size(): number {
    return this.entities.size;
  }

  get(kind: string, id: string): Record<string, unknown> | undefined {
    return this.entities.get(keyOf(kind, id));
  }

  /**
   * Records `value` as the entity's latest and returns the value it had before (undefined
   * when new). A terminal state removes it: the next message with that id starts afresh.
   */
  apply(kind: string, id: string, value: Record<string, unknown>): Record<string, unknown> | undefined {
    const key = keyOf(kind, id);
    const previous = this.entities.get(key);
    // Deleted first so that setting it again moves it to the end (newest) of the Map's order.
    this.entities.delete(key);
    if (!isTerminalState(value.state)) {
      this.entities.set(key, value);
      if (this.entities.size > this.capacity) this.evictOldest();
    }
    return previous;
  }

  /** A full read of one kind (the devices of a snapshot): replaces what was known of it. */
  reset(kind: string, values: ReadonlyArray<{ id: string; value: Record<string, unknown> }>): void {
    const prefix = `${kind}\u0000`;
    for (const key of [...this.entities.keys()]) if (key.startsWith(prefix)) this.entities.delete(key);
    for (const { id, value } of values) this.apply(kind, id, value);
  }

  private evictOldest(): void {
    const oldest = this.entities.keys().next();
    if (!oldest.done) this.entities.delete(oldest.value);
  }
}

function keyOf(kind: string, id: string): string {
  // NUL separates: neither a JSON key a server uses as a kind nor an id contains it in practice,
  // and a collision would only make two entities share a diff.
  return `${kind}\u0000${id}`;
}
