// The searchable text of an event's JSON, sent with its row so that the page can search inside
// payloads (userData keys and values, participants, nested fields) without asking the extension:
// one line per scalar, "path = value", lower-case, paths joined by '.' with array indices left
// out ("call.participants.phonenumber = 15001"). The page's field query
// (`userData.CaseId = C-42`, src/webview-ui/inspector/filter.ts) matches the end of a path.
// Built when a row is posted (rows.ts), never kept in the extension.
import { credentialKind, REDACTED, redactJson } from '../../base/redact';
import type { StreamRecord } from '../../model/streamLog';

/** Beyond this many characters the text stops: a huge message must not make every search slow. */
export const MAX_PAYLOAD_TEXT = 32_000;
/** Deeper values are not searched (real GWS messages are about ten levels deep). */
const MAX_DEPTH = 64;

/**
 * The JSON an event carries, as the detail pane shows it: a notification's `data`, an
 * operation's request body, a session event's detail.
 */
function payloadOf(record: StreamRecord): unknown {
  if (record.envelope !== undefined) {
    const envelope = record.envelope;
    return typeof envelope === 'object' && envelope !== null && 'data' in envelope ? (envelope as { data: unknown }).data : envelope;
  }
  // Masked like the detail pane's request body (rows.ts operationDetail): also secrets inside strings.
  if (record.operation !== undefined) return redactJson(record.operation.requestBody);
  return redactJson(record.detail);
}

/** The "path = value" lines of the event's JSON, or undefined when it carries none. */
export function payloadText(record: StreamRecord): string | undefined {
  const payload = payloadOf(record);
  if (payload === undefined || payload === null) return undefined;
  const text = flatten(payload);
  return text === '' ? undefined : text;
}

/** Exported for tests: the lines of any JSON-like value. */
export function flatten(value: unknown): string {
  const lines: string[] = [];
  let length = 0;
  // Iterative, so that a message nested deeper than the stack allows cannot throw here.
  const stack: Array<{ path: string; value: unknown; depth: number }> = [{ path: '', value, depth: 0 }];
  while (stack.length > 0 && length < MAX_PAYLOAD_TEXT) {
    const { path, value: node, depth } = stack.pop()!;
    if (typeof node === 'object' && node !== null) {
      if (depth >= MAX_DEPTH) continue;
      if (Array.isArray(node)) {
        for (let i = node.length - 1; i >= 0; i--) stack.push({ path, value: node[i], depth: depth + 1 });
        continue;
      }
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const child = (node as Record<string, unknown>)[key];
        const childPath = path === '' ? key : `${path}.${key}`;
        // The same rule as the detail pane and exports (src/base/redact.ts): a credential's value never leaves.
        if (credentialKind(key) !== undefined && child !== null && child !== undefined) stack.push({ path: childPath, value: REDACTED, depth: depth + 1 });
        else stack.push({ path: childPath, value: child, depth: depth + 1 });
      }
      continue;
    }
    if (node === undefined || typeof node === 'function' || typeof node === 'symbol') continue;
    const line = `${path} = ${String(node)}`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n').toLowerCase().slice(0, MAX_PAYLOAD_TEXT);
}
