// A large JSON array split into its items' texts, in steps (trafficDecoder.ts, tapQueue.ts). In a
// burst a long-poll answer holds every notification queued since the last one: thousands of
// them, several MB. One JSON.parse of that blocks the event loop that forwards the
// application's traffic for tens of milliseconds; split at the top-level commas first, each item
// is parsed in a step of its own and the proxy forwards in between. Parsing every item gives
// what JSON.parse of the whole gives.
//
// The split looks at each character outside strings and jumps over strings with indexOf (an
// escaped quote is one preceded by an odd number of backslashes), so it costs a fraction of a
// parse. Anything it does not recognise as a plain array (an object, a top-level
// scalar, unbalanced brackets, text after the end) gets `undefined`: the caller then parses the
// whole text, whose error message says what is wrong.

/** Characters scanned between two yields (about a millisecond). */
const SCAN_STEP_CHARS = 256 * 1024;

/** The texts of the top-level items of the JSON array `text`, or undefined (see above). */
export function* splitJsonArray(text: string): Generator<void, string[] | undefined, undefined> {
  const i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x5b /* [ */) return undefined;
  const items: string[] = [];
  let depth = 1;
  let itemStart = i + 1;
  let nextYield = i + SCAN_STEP_CHARS;
  for (let at = i + 1; at < text.length; at++) {
    if (at >= nextYield) {
      nextYield = at + SCAN_STEP_CHARS;
      yield;
    }
    switch (text.charCodeAt(at)) {
      case 0x22 /* " */:
        at = stringEnd(text, at);
        if (at < 0) return undefined;
        break;
      case 0x5b /* [ */:
      case 0x7b /* { */:
        depth++;
        break;
      case 0x5d /* ] */:
      case 0x7d /* } */:
        depth--;
        if (depth === 0) {
          if (text.charCodeAt(at) !== 0x5d) return undefined;
          const last = text.slice(itemStart, at);
          // "[]" has no item; "[1,]" is not JSON (the whole parse says so).
          if (last.trim() !== '') items.push(last);
          else if (items.length > 0) return undefined;
          return skipSpace(text, at + 1) === text.length ? items : undefined;
        }
        break;
      case 0x2c /* , */:
        if (depth === 1) {
          items.push(text.slice(itemStart, at));
          itemStart = at + 1;
        }
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `open`, or -1. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}
