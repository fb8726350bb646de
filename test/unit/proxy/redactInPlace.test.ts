// redactParsedJson (src/proxy/redactInPlace.ts) must mask exactly what redactJson masks
// (src/base/redact.ts), on the documented samples and on values built to carry credentials
// everywhere a GWS body or a Bayeux message can.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactJson } from '../../../src/base/redact';
import { redactParsedJson } from '../../../src/proxy/redactInPlace';
import { SAMPLES_DIR } from '../gws/samples';

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}{"password":"deep"}${'}'.repeat(depth)}`;
}

const CRAFTED = [
  '"Bearer abcdef0123456789"',
  '"password=hunter2&user=agent1"',
  '42',
  'null',
  '[]',
  '["Basic YWdlbnQxOmFnZW50MQ==", "plain", 3, null, ["token=abc"]]',
  JSON.stringify({
    password: { a: ['x', 1, { b: 'y' }], c: null, d: '' },
    Authorization: 'Basic YWdlbnQxOmFnZW50MQ==',
    cookie: 'JSESSIONID=abc123; Path=/; HttpOnly',
    'Set-Cookie': ['JSESSIONID=abc; Path=/', 'other=1'],
    'X-CSRF-TOKEN': 'tok',
    'X-CSRF-HEADER': 'X-CSRF-TOKEN',
    ext: { 'com.genesys.token': 'secret', apiKey: 12345, newPassword: true },
    text: 'login with password: "hunter2" at http://user:pw@gws.example.com/',
    Secretary: 'business data',
    passwordHint: 'business data too',
    list: [{ clientSecret: { nested: ['a', 'b'] } }, 'Bearer abc.DEF-123_xyz0'],
    userData: { IW_Secret: 'x', IW_TokenId: 'kept', GSIP_RECORD: 'ON' },
  }),
  '{"__proto__": {"token": "t", "plain": "kept"}, "constructor": "password=x"}',
  nested(10),
  nested(1_200),
  nested(6_000),
];

describe('redactParsedJson', () => {
  const samples = fs.readdirSync(SAMPLES_DIR).filter((name) => name.endsWith('.json'));
  for (const [name, text] of [...samples.map((file) => [file, fs.readFileSync(path.join(SAMPLES_DIR, file), 'utf8')] as const), ...CRAFTED.map((text, i) => [`crafted #${i}`, text] as const)]) {
    it(`masks what redactJson masks: ${name}`, () => {
      const expected = redactJson(JSON.parse(text));
      const actual = redactParsedJson(JSON.parse(text));
      assert.deepEqual(actual, expected);
      // Changed in place where it could be (an object or array root is returned as it is).
      const parsed: unknown = JSON.parse(text);
      const result = redactParsedJson(parsed);
      if (typeof parsed === 'object' && parsed !== null && text.length < 5_000) assert.equal(result, parsed);
    });
  }

  it('leaves no credential in a crafted body', () => {
    const out = JSON.stringify(redactParsedJson(JSON.parse(CRAFTED[6])));
    for (const secret of ['hunter2', 'abc123', 'YWdlbnQxOmFnZW50MQ==', '"tok"', '12345', 'pw@', 'abc.DEF-123_xyz0']) assert.ok(!out.includes(secret), `${secret} in ${out}`);
    assert.ok(out.includes('business data too'));
  });
});
