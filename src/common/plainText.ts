// Text from a GWS server, a settings file or an NDJSON file on its way into VS Code's own UI:
// notifications, the status bar, quick picks, input boxes, tree items. VS Code renders
// `[label](target)` as a link in notifications (a click on a `command:` target runs that
// command) and `$(name)` as an icon in most of these places, and it shows bidi overrides
// and control characters as they are. Such text must reach the user as text, nothing else.
// No `vscode` import: the unit tests run this against the whole XSS corpus.

/** What a notification, status bar message or tree label may show of one server string. */
export const PLAIN_TEXT_MAX_LENGTH = 1000;

/** Line breaks and tabs: one space, so that a message stays one readable line. */
const WHITESPACE_CONTROLS = /\r\n|[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Every other control or format character: C0/C1 controls, bidi embeddings, overrides and isolates, zero-width characters, BOM, tags. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * `text` as plain, readable text for VS Code's UI, never a link, a command URI or an icon:
 * - control and format characters (U+202E, U+200B, U+0000, …) become visible escapes
 *   such as `\u202E`; line breaks and tabs become a space;
 * - `[label](target)` becomes `[label] (target)`, which no renderer takes for a link;
 * - `command:x` becomes `command: x`, which is no URI;
 * - `$(name)` becomes `$ (name)`, which is no icon;
 * - more than `maxLength` characters are cut, with `…`.
 * Everything else (HTML-looking text included: none of these places renders HTML) is kept.
 * Idempotent: plainText(plainText(x)) === plainText(x) for text within `maxLength`.
 */
export function plainText(text: unknown, maxLength = PLAIN_TEXT_MAX_LENGTH): string {
  let out = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  out = out.replace(WHITESPACE_CONTROLS, ' ').replace(INVISIBLE, escapeCharacter);
  out = out.replace(/\]\(/g, '] (').replace(/\$\(/g, '$ (').replace(/(command):(?=\S)/gi, '$1: ');
  return cut(out, maxLength);
}

function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = Math.max(0, maxLength - 1);
  // Never leave half of a surrogate pair.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
