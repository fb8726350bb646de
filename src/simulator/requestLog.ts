// Every /api/v2 request the simulator received, for tests that assert what a client
// sent (cookie, CSRF and Origin headers, bodies). This is a test server: headers are
// kept as received, unredacted. Bounded so a long benchmark cannot eat the memory.

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  /** Path with query string. */
  path: string;
  /** Lower-case names, as node receives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body was JSON, else the text ('' when empty). */
  body: unknown;
  /** null until the answer is written (a long-poll may still be held). */
  httpStatus: number | null;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 1;

  constructor(private readonly limit = 5000) {}

  add(method: string, path: string, headers: LoggedRequest['headers'], body: unknown): LoggedRequest {
    const entry: LoggedRequest = { seq: this.nextSeq++, time: new Date().toISOString(), method, path, headers: { ...headers }, body, httpStatus: null };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return entry;
  }

  since(seq: number): LoggedRequest[] {
    return this.entries.filter((entry) => entry.seq > seq);
  }

  clear(): void {
    this.entries = [];
  }
}

/** Parses a body as JSON when it looks like JSON, else returns the text. */
export function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
