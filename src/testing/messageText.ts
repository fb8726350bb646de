// Scenario texts on their way into a TestMessage (src/testing/scenarioTests.ts). The runner's
// expected / received texts hold one item per line (src/scenario/expectation.ts), and the
// Testing view shows them side by side in a diff editor: line breaks must survive, while each
// line, which quotes call fields and userData from the server, stays plain text (plainText.ts).
// No `vscode` import: unit-tested.
import { plainText } from '../common/plainText';

/** At most this many lines of a received text are shown (the rest counted). */
export const MAX_MESSAGE_LINES = 200;

/** `text` with each line plain text, line breaks kept. */
export function plainLines(text: string): string {
  const lines = text.split(/\r\n|\n/);
  const shown = lines.slice(0, MAX_MESSAGE_LINES).map((line) => plainText(line));
  if (lines.length > MAX_MESSAGE_LINES) shown.push(`… ${lines.length - MAX_MESSAGE_LINES} more lines`);
  return shown.join('\n');
}

/** What identifies a failure message: its text and where it points (a copy of it has the same). */
export interface MessageLike {
  message?: unknown;
  location?: { uri?: { toString(): string }; range?: { start?: { line?: number } } };
}

/**
 * The key of a failure message, the same for a copy. The Testing view hands a message's menu
 * command a copy rebuilt from what the extension host sent it (VS Code's extHostTesting.ts,
 * TestMessageMenuArgs), never the object the extension made: a lookup by object finds nothing.
 */
export function messageKey(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { message: text, location } = message as MessageLike;
  const value = typeof text === 'string' ? text : typeof text === 'object' && text !== null && typeof (text as { value?: unknown }).value === 'string' ? (text as { value: string }).value : undefined;
  if (value === undefined) return undefined;
  return JSON.stringify([value, location?.uri?.toString() ?? '', location?.range?.start?.line ?? -1]);
}
