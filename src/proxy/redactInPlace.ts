// Redaction of a value the decoder has just parsed and owns (trafficDecoder.ts): the same result
// as redactJson (src/base/redact.ts), without its copy. redactJson serialises with a replacer and
// parses the text again, which made a 2 MB long-poll answer cost about four parses on top of
// its own (JSON.parse, then JSON.stringify with a call per key, then JSON.parse), and the
// recording proxy forwards on the same event loop (docs/recording-proxy.md#recording-off-the-forwarding-path).
// Here the tree is walked once and changed in place: strings go through redactText, and the
// rare value under a credential name is masked by redactJson itself, so the rule stays in one place.
import { MAX_JSON_DEPTH, credentialKind, redactJson, redactText } from '../base/redact';

/**
 * Masks every credential in `value` (fresh from JSON.parse: plain objects, arrays, primitives,
 * no cycles, nobody else holds it) and returns it. Nested deeper than MAX_JSON_DEPTH, it is
 * left to redactJson, which says why such a value cannot be shown.
 */
export function redactParsedJson(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | unknown[];
    const depth = depths.pop()!;
    // Redaction is idempotent: what was masked before stays masked.
    if (depth > MAX_JSON_DEPTH) return redactJson(value);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === 'string') node[i] = redactText(item);
        else if (typeof item === 'object' && item !== null) {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key of Object.keys(node)) {
      const item = node[key];
      if (credentialKind(key)) {
        // A computed key makes an own property, "__proto__" included, as JSON.parse does.
        node[key] = (redactJson({ [key]: item }) as Record<string, unknown>)[key];
      } else if (typeof item === 'string') node[key] = redactText(item);
      else if (typeof item === 'object' && item !== null) {
        stack.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return value;
}
