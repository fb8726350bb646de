// Every /api/v2 request the simulator received, for tests that assert what a client
// sent (cookie, CSRF and Origin headers, bodies). This is a test server: headers are
// kept as received, unredacted. Bounded (see limits.ts) so that neither a long benchmark
// nor a client sending huge bodies can eat the memory: the latest REQUEST_LOG_MAX_ENTRIES
// requests within REQUEST_LOG_MAX_CHARS, long bodies and paths cut to their start.
import { LOGGED_BODY_MAX_CHARS, LOGGED_PATH_MAX_CHARS, REQUEST_LOG_MAX_CHARS, REQUEST_LOG_MAX_ENTRIES } from './limits';

export interface LoggedRequest {
  seq: number;
  time: string;
  method: string;
  /** Path with query string; cut to its start, marked, when very long. */
  path: string;
  /** Lower-case names, as node receives them. */
  headers: Record<string, string | string[] | undefined>;
  /**
   * Parsed JSON when the body was JSON, else the text ('' when empty). A body longer than
   * LOGGED_BODY_MAX_CHARS is its first characters as text, then `… [truncated: N bytes in all]`.
   */
  body: unknown;
  /** null until the answer is written (a long-poll may still be held). */
  httpStatus: number | null;
}

export interface RequestLogLimits {
  maxEntries: number;
  maxChars: number;
}

interface Stored {
  entry: LoggedRequest;
  chars: number;
}

export class RequestLog {
  private stored: Stored[] = [];
  private chars = 0;
  private nextSeq = 1;
  private readonly limits: RequestLogLimits;

  constructor(limits: Partial<RequestLogLimits> = {}) {
    this.limits = { maxEntries: REQUEST_LOG_MAX_ENTRIES, maxChars: REQUEST_LOG_MAX_CHARS, ...limits };
  }

  /** `bodyText` is the body as received; the log keeps what loggedBody() makes of it. */
  add(method: string, path: string, headers: LoggedRequest['headers'], bodyText: string): LoggedRequest {
    const body = loggedBody(bodyText);
    const entry: LoggedRequest = {
      seq: this.nextSeq++,
      time: new Date().toISOString(),
      method,
      path: truncate(path, LOGGED_PATH_MAX_CHARS),
      headers: { ...headers },
      body,
      httpStatus: null,
    };
    const chars = entry.path.length + headerChars(entry.headers) + Math.min(bodyText.length, LOGGED_BODY_MAX_CHARS + 50);
    this.stored.push({ entry, chars });
    this.chars += chars;
    // The newest entry always stays, even alone over the budget.
    while (this.stored.length > this.limits.maxEntries || (this.chars > this.limits.maxChars && this.stored.length > 1)) {
      this.chars -= this.stored.shift()!.chars;
    }
    return entry;
  }

  since(seq: number): LoggedRequest[] {
    return this.stored.filter((s) => s.entry.seq > seq).map((s) => s.entry);
  }

  /** Entries kept and their approximate size in characters. */
  size(): { entries: number; chars: number } {
    return { entries: this.stored.length, chars: this.chars };
  }

  clear(): void {
    this.stored = [];
    this.chars = 0;
  }
}

/** What the log keeps of a body: parsed JSON when short and JSON, else (the start of) the text. */
export function loggedBody(text: string): unknown {
  if (text.length > LOGGED_BODY_MAX_CHARS) return `${text.slice(0, LOGGED_BODY_MAX_CHARS)}… [truncated: ${Buffer.byteLength(text)} bytes in all]`;
  return parseBody(text);
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

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… [truncated: ${text.length} characters in all]` : text;
}

function headerChars(headers: LoggedRequest['headers']): number {
  let chars = 0;
  for (const [name, value] of Object.entries(headers)) {
    chars += name.length;
    if (Array.isArray(value)) for (const item of value) chars += item.length;
    else if (value !== undefined) chars += value.length;
  }
  return chars;
}
