// A large JSON array split into its items' texts in steps (src/proxy/jsonArraySteps.ts): parsed one
// by one they give what JSON.parse of the whole gives; undefined for anything that is not an
// array it can split (the caller then parses the whole text for its error); steps small enough
// for the proxy to forward in between.
import * as assert from 'node:assert/strict';
import { splitJsonArray } from '../../../src/proxy/jsonArraySteps';

function run<T>(steps: Generator<void, T, undefined>): { value: T; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, steps: count };
    count++;
  }
}

/** The items parsed one by one, or undefined where the split or an item's parse fails. */
function parseItems(text: string): { value: unknown[] | undefined; steps: number } {
  const split = run(splitJsonArray(text));
  try {
    return { value: split.value?.map((item) => JSON.parse(item) as unknown), steps: split.steps };
  } catch {
    return { value: undefined, steps: split.steps };
  }
}

describe('splitJsonArray', () => {
  const arrays = [
    '[]',
    '  [ ]  ',
    '[1]',
    '[1,2,3]',
    '[ {"a":1} , {"b":[1,2,{"c":"]"}]} ]',
    '[{"channel":"/meta/connect","successful":true},{"channel":"/v2/me/calls","data":{"userData":{"k":"a,b]}"}}}]',
    String.raw`["a \"quoted\" ], string", "back\\", "\\\"", {"x":"\\\\"}]`,
    '[null,true,false,-1.5e3,"é ☎ 😀",[[]],{}]',
    '[\n\t{"a":"b"}\r\n]',
    '["\\u005d","\\u0022"]',
  ];
  for (const text of arrays) {
    it(`parses ${JSON.stringify(text)} as JSON.parse does`, () => {
      assert.deepEqual(parseItems(text).value, JSON.parse(text));
    });
  }

  const notSplit = [
    '{"a":[1,2]}',
    '"[1,2]"',
    '42',
    '',
    '[1,2',
    '[1,2]]',
    '[1,2] x',
    '[1,]',
    '[,1]',
    '[1,,2]',
    '["unterminated]',
    '[{"a":1]',
    '[{]}',
    '[{"a":}]',
    '[undefined]',
  ];
  for (const text of notSplit) {
    it(`leaves ${JSON.stringify(text)} to JSON.parse of the whole`, () => {
      assert.equal(parseItems(text).value, undefined);
    });
  }

  it('splits a 1,000-message long-poll answer into its items, in several steps', () => {
    const messages = Array.from({ length: 1_000 }, (_, i) => ({ channel: '/v2/me/calls', data: { seq: i, text: `"q" \\ ] } , ${'x'.repeat(500)}` } }));
    const text = JSON.stringify(messages);
    const parsed = parseItems(text);
    assert.deepEqual(parsed.value, messages);
    assert.ok(parsed.steps >= 2, `${text.length} characters split in ${parsed.steps + 1} steps`);
  });
});
