// One shared copy of strings that many retained messages repeat (channel names, message
// types): JSON.parse makes a fresh string for every value, and the stream log keeps tens
// of thousands of messages. Bounded: these strings come from a server, and a server that
// sent a new value every time must not grow the pool without end.
export const MAX_POOLED_STRINGS = 256;
/** Longer strings are unlikely to repeat as often; hashing them would cost more than it saves. */
const MAX_POOLED_LENGTH = 64;

export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly capacity = MAX_POOLED_STRINGS) {}

  /** The pooled copy of `value` (pooling it when there is room). */
  intern(value: string): string {
    if (value.length > MAX_POOLED_LENGTH) return value;
    const pooled = this.strings.get(value);
    if (pooled !== undefined) return pooled;
    if (this.strings.size < this.capacity) this.strings.set(value, value);
    return value;
  }

  get size(): number {
    return this.strings.size;
  }
}
