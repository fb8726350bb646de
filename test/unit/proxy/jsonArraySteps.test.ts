// A large JSON array parsed item by item in steps (src/proxy/jsonArraySteps.ts): the same values as
// JSON.parse of the whole, undefined for anything that is not a well-formed array (the caller
// then parses the whole text for its error), and steps small enough for the proxy to forward in
// between.
import * as assert from 'node:assert/strict';
import { parseJsonArraySteps, splitJsonArray } from '../../../src/proxy/jsonArraySteps';

function run<T>(steps: Generator<void, T, undefined>): { value: T; steps: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, steps: count };
    count++;
  }
}

describe('parseJsonArraySteps', () => {
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
      assert.deepEqual(run(parseJsonArraySteps(text)).value, JSON.parse(text));
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
      assert.equal(run(parseJsonArraySteps(text)).value, undefined);
    });
  }

  it('parses a 1,000-message long-poll answer item by item, and splits a large one in several steps', () => {
    const messages = Array.from({ length: 1_000 }, (_, i) => ({ channel: '/v2/me/calls', data: { seq: i, text: `"q" \\ ] } , ${'x'.repeat(500)}` } }));
    const text = JSON.stringify(messages);
    const parsed = run(parseJsonArraySteps(text));
    assert.deepEqual(parsed.value, messages);
    assert.ok(parsed.steps >= 1_000, `${parsed.steps} steps: one per item at least`);
    const split = run(splitJsonArray(text));
    assert.equal(split.value?.length, 1_000);
    assert.ok(split.steps >= 2, `${text.length} characters split in ${split.steps + 1} steps`);
  });
});
