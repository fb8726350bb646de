import * as assert from 'node:assert/strict';
import {
  basicCredential,
  credentialKind,
  jsonProblem,
  MAX_JSON_DEPTH,
  REDACTED,
  redactCookieHeader,
  redactHeaders,
  redactJson,
  redactText,
  redactUrl,
  scrubSecrets,
  stringifyRedacted,
} from '../../../src/base/redact';

const R = REDACTED;

/**
 * Free text (log lines, server messages, strings inside exported JSON): [input, expected].
 * An expected equal to its input means "must stay exactly as it is".
 */
const TEXT_CASES: ReadonlyArray<readonly [string, string]> = [
  // masked
  ['X-CSRF-TOKEN: v', `X-CSRF-TOKEN: ${R}`],
  ['x-csrf-token=abc123; Path=/', `x-csrf-token=${R}; Path=/`],
  ['X-My-Csrf: tok-2', `X-My-Csrf: ${R}`],
  ['GET http://apikey@gws:8090/api/v2/me', `GET http://${R}@gws:8090/api/v2/me`],
  ['GET http://agent1:pw@gws:8090/api', `GET http://${R}@gws:8090/api`],
  ['https://agent1:p@ss@gws/api', `https://${R}@gws/api`],
  ['password=a b,c', `password=${R}`],
  ['login failed: password: hunter 2, retry', `login failed: password: ${R}`],
  ['password=a%20b&x=1', `password=${R}&x=1`],
  ['user=agent1&pwd=s3cr%26t&place=P1', `user=agent1&pwd=${R}&place=P1`],
  ['{"password":"a\\"b","user":"a"}', `{"password":"${R}","user":"a"}`],
  ['{"password":"a b, c","x":1}', `{"password":"${R}","x":1}`],
  ['{"password": 12345}', `{"password": "${R}"}`],
  ['{"passwd":true,"pass":"x"}', `{"passwd":"${R}","pass":"${R}"}`],
  ['{"secret":{"a":[1,"}"]},"n":2}', `{"secret":"${R}","n":2}`],
  ['{\\"password\\":\\"abc\\",\\"user\\":\\"a\\"}', `{\\"password\\":\\"${R}\\",\\"user\\":\\"a\\"}`],
  ["newPassword='p w' oldPassword='x'", `newPassword='${R}' oldPassword='${R}'`],
  ['Cookie: abc123', `Cookie: ${R}`],
  ['Cookie: abc123 was rejected', `Cookie: ${R} was rejected`],
  ['Cookie: JSESSIONID=abc; other=xyz', `Cookie: JSESSIONID=${R}; other=${R}`],
  ['Set-Cookie: JSESSIONID=node0abc; Path=/; HttpOnly', `Set-Cookie: JSESSIONID=${R}; Path=/; HttpOnly`],
  ['JSESSIONID=node0abc123.node0', `JSESSIONID=${R}`],
  ['SESSION=f81d4fae', `SESSION=${R}`],
  ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', `Authorization: Bearer ${R}`],
  ['Authorization: Basic YWdlbnQxOnB3', `Authorization: Basic ${R}`],
  ['"Authorization": "Basic YWdlbnQx"', `"Authorization": "Basic ${R}"`],
  ['Proxy-Authorization: Basic Zm9vOmJhcg==', `Proxy-Authorization: Basic ${R}`],
  ['Proxy-Authorization: Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1', `Proxy-Authorization: Negotiate ${R}`],
  ['retrying with Bearer abc123', `retrying with Bearer ${R}`],
  ['sent Basic YWdlbnQxOnB3 to gws', `sent Basic ${R} to gws`],
  ['GET /api/v2/me?access_token=abc.def&call=1', `GET /api/v2/me?access_token=${R}&call=1`],
  ['client_secret=s3cr3t scope=voice', `client_secret=${R} scope=voice`],
  ['api_key: k-123', `api_key: ${R}`],
  ['X-Api-Key=k-123', `X-Api-Key=${R}`],
  ['token=abc123', `token=${R}`],
  // where a value ends: quotes, escapes, lines, form encoding, JSON
  ['user[password]=abc&x=1', `user[password]=${R}&x=1`],
  ['password\t=\tabc', `password\t=\t${R}`],
  ['password :abc', `password :${R}`],
  ['password=\\"abc\\" next', `password=\\"${R}\\" next`],
  ['{\\"password\\":\\"abc', `{\\"password\\":\\"${R}`],
  ['password=\\"abc\nnext', `password=\\"${R}\nnext`],
  ['password=\\"abc\r\nnext', `password=\\"${R}\r\nnext`],
  ['{\\"Authorization\\":\\"Basic abc\\"}', `{\\"Authorization\\":\\"Basic ${R}\\"}`],
  ["password='a\\'b' x", `password='${R}' x`],
  ['password="abc', `password="${R}`],
  ['password="abc\nnext', `password="${R}\nnext`],
  ['password="abc\\', `password="${R}`],
  ['{"password": [1,2],"a":1}', `{"password": "${R}","a":1}`],
  ['\\"password\\": 123', `\\"password\\": \\"${R}\\"`],
  ['\\"password\\": {\\"a\\":1}', `\\"password\\": \\"${R}\\"`],
  // JSON inside a JSON string: the object under the credential key ends at its own brace, the text after it stays
  ['{\\"password\\":{\\"a\\":1},\\"user\\":\\"bob\\"}', `{\\"password\\":\\"${R}\\",\\"user\\":\\"bob\\"}`],
  ['{\\"secret\\":{\\"a\\":\\"}\\\\\\"]\\"},\\"n\\":2}', `{\\"secret\\":\\"${R}\\",\\"n\\":2}`],
  ['body: "{\\"password\\":[1,2" next', `body: "{\\"password\\":\\"${R}\\"" next`],
  ['password": 123', `password": ${R}`],
  ["'password': 123", `'password': ${R}`],
  ['{"password":12,"a":1}', `{"password":"${R}","a":1}`],
  ['{"token": true}', `{"token": "${R}"}`],
  ['"password=abc def" and more', `"password=${R}" and more`],
  ["'password=abc def' and more", `'password=${R}' and more`],
  ['"Authorization=Basic abc" x', `"Authorization=Basic ${R}" x`],
  ["'Authorization=Basic abc' x", `'Authorization=Basic ${R}' x`],
  ['Authorization:   Basic abc', `Authorization:   Basic ${R}`],
  ['Authorization: Basic abc\rnext', `Authorization: Basic ${R}\rnext`],
  ['Authorization: Bearer', `Authorization: ${R}`],
  ['Cookie: a=1; b=2 more', `Cookie: a=${R}; b=${R} more`],
  ['Cookie: a=1\nb=2', `Cookie: a=${R}\nb=2`],
  ['Set-Cookie: a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/', `Set-Cookie: a=${R}; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Path=/`],
  ['password=abc   \nnext', `password=${R}   \nnext`],
  ['pwd=x\rnext', `pwd=${R}\rnext`],
  ['password=a&b&c=1', `password=${R}&c=1`],
  ['password=a&b c', `password=${R}`],
  ['token=a1;token=a2,token=a3)token=a4]token=a5}token=a6>token=a7&token=a8 x', `token=${R};token=${R},token=${R})token=${R}]token=${R}}token=${R}>token=${R}&token=${R} x`],
  ["token=a9'x", `token=${R}'x`],
  ['token=b1"x', `token=${R}"x`],
  ['{"secret":{"a":"}\\"]"},"n":2}', `{"secret":"${R}","n":2}`],
  ['{"secret":[[1],[2]],"n":2}', `{"secret":"${R}","n":2}`],
  ['{"secret":{"a":1\n"n":2}', `{"secret":"${R}"\n"n":2}`],
  ['{"secret":{"a":1', `{"secret":"${R}"`],
  ['Basic YWJj=', `Basic ${R}`],
  ['Basic YWJj==', `Basic ${R}`],
  ['Bearer abcD', `Bearer ${R}`],
  ['Bearer abc1', `Bearer ${R}`],
  ['Basic x=', `Basic ${R}`],
  ['bearer abc123', `bearer ${R}`],
  ['NTLM TlRMTVNTUAAB', `NTLM ${R}`],
  ['Digest abc123', `Digest ${R}`],
  ['Bearer\tabc123', `Bearer\t${R}`],
  ['Bearer abc123,def', `Bearer ${R},def`],
  ['SESSION=abc; x', `SESSION=${R}; x`],
  ['SESSION=a,b', `SESSION=${R},b`],
  ['session=abc', `session=${R}`],
  ['see HTTPS://u:p@h/x', `see HTTPS://${R}@h/x`],
  ['svn+ssh://u@h/x', `svn+ssh://${R}@h/x`],
  [`${'a'.repeat(32)}://u:p@h`, `${'a'.repeat(32)}://${R}@h`],
  ['http://u:p@h http://v:q@i', `http://${R}@h http://${R}@i`],
  // kept: business data, prose about credentials, things that only look like them
  ['Password change required', 'Password change required'],
  ['Invalid user name or password', 'Invalid user name or password'],
  ['The password has expired for agent1', 'The password has expired for agent1'],
  ['Missing or invalid Csrf token', 'Missing or invalid Csrf token'],
  ['Access denied', 'Access denied'],
  ['agent@example.com called 5551234', 'agent@example.com called 5551234'],
  ['sip:15000@gws.example.com', 'sip:15000@gws.example.com'],
  ['http://gws:8090/api/v2/me?x=a@b', 'http://gws:8090/api/v2/me?x=a@b'],
  ['Secretary: Jane Smith', 'Secretary: Jane Smith'],
  ['SecretQuestion: first pet', 'SecretQuestion: first pet'],
  ['Secret Agent Man', 'Secret Agent Man'],
  ['IW_TokenId=7f3a-22', 'IW_TokenId=7f3a-22'],
  ['TokenCount: 3', 'TokenCount: 3'],
  ['The token was refreshed', 'The token was refreshed'],
  ['passwordHint=blue', 'passwordHint=blue'],
  ['compass=north bypass: true', 'compass=north bypass: true'],
  ['Pass the call to 15001', 'Pass the call to 15001'],
  ['CaseId=12345', 'CaseId=12345'],
  ['+1 (555) 010-0199', '+1 (555) 010-0199'],
  ['Basic authentication failed', 'Basic authentication failed'],
  ['Bearer token expired', 'Bearer token expired'],
  ['WWW-Authenticate: Digest realm="GWS", nonce="abc"', 'WWW-Authenticate: Digest realm="GWS", nonce="abc"'],
  ['X-CSRF-HEADER: X-My-Csrf', 'X-CSRF-HEADER: X-My-Csrf'],
  ['Status: password reset sent to agent1@example.com', 'Status: password reset sent to agent1@example.com'],
  ['GSIP_REC_FN=2024-05-01_rec_15000', 'GSIP_REC_FN=2024-05-01_rec_15000'],
  ['Origin: http://127.0.0.1:8090', 'Origin: http://127.0.0.1:8090'],
  ['password="" x', 'password="" x'],
  ['{"password": null}', '{"password": null}'],
  ['{"password": }', '{"password": }'],
  ['password=   \nx', 'password=   \nx'],
  ['password=&x=1', 'password=&x=1'],
  ['token=;', 'token=;'],
  ['1password=abc', '1password=abc'],
  ['Digest username=agent1, realm=x', 'Digest username=agent1, realm=x'],
  ['Bearer Abc', 'Bearer Abc'],
  ['Basic x="y"', 'Basic x="y"'],
  ['xBearer abc123', 'xBearer abc123'],
  ['XSESSION=abc', 'XSESSION=abc'],
  [`${'a'.repeat(33)}://u:p@h`, `${'a'.repeat(33)}://u:p@h`],
  ['http://h/a@b', 'http://h/a@b'],
];

/** JSON values (exports, Copy JSON, detail panes) through redactJson: [input, expected]. */
const JSON_CASES: ReadonlyArray<readonly [unknown, unknown]> = [
  // masked, whatever the value's type; objects and arrays keep their shape
  [{ password: 12345 }, { password: R }],
  [{ password: true }, { password: R }],
  [{ pass: 'a b' }, { pass: R }],
  [{ pwd: 'x' }, { pwd: R }],
  [{ passwd: 'x' }, { passwd: R }],
  [{ secret: 'x' }, { secret: R }],
  [{ client_secret: 'x', clientSecret: 'y' }, { client_secret: R, clientSecret: R }],
  [{ api_key: 'x', apiKey: 'y', 'X-Api-Key': 'z' }, { api_key: R, apiKey: R, 'X-Api-Key': R }],
  [{ access_token: 'x', refresh_token: 'y', token: 'z' }, { access_token: R, refresh_token: R, token: R }],
  [{ newPassword: 'x', agent: { password: 'y', user: 'agent1' } }, { newPassword: R, agent: { password: R, user: 'agent1' } }],
  [{ 'X-My-Csrf': 'tok', csrfToken: 'tok' }, { 'X-My-Csrf': R, csrfToken: R }],
  [{ Authorization: 'Bearer abc' }, { Authorization: `Bearer ${R}` }],
  [{ 'Proxy-Authorization': 'Basic Zm9vOmJhcg==' }, { 'Proxy-Authorization': `Basic ${R}` }],
  [{ Cookie: 'abc123' }, { Cookie: R }],
  [{ 'Set-Cookie': ['JSESSIONID=a; Path=/', 'b=c'] }, { 'Set-Cookie': [`JSESSIONID=${R}; Path=/`, `b=${R}`] }],
  [{ password: { old: 'a', new: 'b' } }, { password: { old: R, new: R } }],
  [{ password: ['a', 1, null] }, { password: [R, R, null] }],
  [{ note: 'password=a%20b&x=1' }, { note: `password=${R}&x=1` }],
  // kept
  [{ Secretary: 'Jane Smith' }, { Secretary: 'Jane Smith' }],
  [{ IW_TokenId: 't-1' }, { IW_TokenId: 't-1' }],
  [{ CaseId: '12345' }, { CaseId: '12345' }],
  [{ TokenCount: 3, tokens: 5 }, { TokenCount: 3, tokens: 5 }],
  [{ SecretQuestionId: 7 }, { SecretQuestionId: 7 }],
  [{ passwordHint: 'blue' }, { passwordHint: 'blue' }],
  [{ password: null, pwd: '' }, { password: null, pwd: '' }],
  [{ 'X-CSRF-HEADER': 'X-My-Csrf' }, { 'X-CSRF-HEADER': 'X-My-Csrf' }],
  [{ statusMessage: 'Password change required' }, { statusMessage: 'Password change required' }],
  [{ ANI: '+1 555 0100', email: 'agent@example.com' }, { ANI: '+1 555 0100', email: 'agent@example.com' }],
];

describe('redaction', () => {
  describe('the table: what is masked and what stays', () => {
    it(`has at least 40 inputs, in both directions (${TEXT_CASES.length} texts, ${JSON_CASES.length} JSON values)`, () => {
      const all = [...TEXT_CASES, ...JSON_CASES];
      const masked = all.filter(([input, expected]) => JSON.stringify(input) !== JSON.stringify(expected)).length;
      assert.ok(all.length >= 40, `${all.length} inputs`);
      assert.ok(masked >= 20 && all.length - masked >= 20, `${masked} masked, ${all.length - masked} kept`);
    });

    for (const [input, expected] of TEXT_CASES) {
      it(`${input === expected ? 'keeps' : 'masks'} text ${JSON.stringify(input)}`, () => {
        assert.equal(redactText(input), expected);
        assert.equal(redactText(expected), expected, 'masking again changes nothing');
        // The same text as a string inside an exported record.
        assert.deepEqual(redactJson({ statusMessage: input, userData: { Note: input } }), { statusMessage: expected, userData: { Note: expected } });
      });
    }

    for (const [input, expected] of JSON_CASES) {
      it(`${JSON.stringify(input) === JSON.stringify(expected) ? 'keeps' : 'masks'} JSON ${JSON.stringify(input)}`, () => {
        assert.deepEqual(redactJson(input), expected);
        assert.deepEqual(redactJson({ data: { call: { userData: input } } }), { data: { call: { userData: expected } } }, 'at any depth');
      });
    }
  });

  it('scans long text in linear time: 30,000 characters that look almost like credentials or URLs', () => {
    // The first took seconds (quadratic) with a URL pattern that scanned from every letter to the end.
    for (const text of ['x-'.repeat(15_000) + 'token', 'csrf'.repeat(7_500), 'a'.repeat(30_000) + '://', 'password'.repeat(3_750)]) {
      const started = Date.now();
      assert.equal(redactText(text), text);
      assert.ok(Date.now() - started < 1_000, `${Date.now() - started} ms for ${text.slice(0, 12)}…`);
    }
  });

  it('names a credential by the whole name, not by letters inside it', () => {
    for (const name of ['password', 'PASSWORD', 'passwd', 'pwd', 'pass', 'secret', 'client_secret', 'api_key', 'apikey', 'access_token', 'refresh_token', 'token', 'newPassword', 'agent.password', 'IW_Secret', 'X-CSRF-TOKEN', 'X-My-Csrf', 'Authorization', 'proxy-authorization', 'Cookie', 'Set-Cookie', 'JSESSIONID']) {
      assert.ok(credentialKind(name), name);
    }
    for (const name of ['Secretary', 'SecretQuestion', 'IW_TokenId', 'TokenCount', 'tokens', 'passwordHint', 'passport', 'compass', 'CaseId', 'X-CSRF-HEADER', 'statusMessage', '0', '', 'userData']) {
      assert.equal(credentialKind(name), undefined, name);
    }
    assert.equal(credentialKind('Authorization'), 'authorization');
    assert.equal(credentialKind('Set-Cookie'), 'cookie');
    assert.equal(credentialKind('newPassword'), 'password');
  });

  it('gives every credential name its kind, which decides how much of the value is masked', () => {
    const kinds: Record<string, string> = {
      Authorization: 'authorization', 'Proxy-Authorization': 'authorization', Cookie: 'cookie', 'Set-Cookie': 'cookie',
      password: 'password', passwd: 'password', pwd: 'password', pass: 'password', passphrase: 'password', newPasswd: 'password', 'agent.password': 'password',
      secret: 'secret', client_secret: 'secret', api_key: 'secret', 'X-Api-Key': 'secret', token: 'secret', access_token: 'secret',
      refresh_token: 'secret', id_token: 'secret', auth_token: 'secret', 'X-Auth-Token': 'secret', session_token: 'secret',
      bearer_token: 'secret', private_key: 'secret', credential: 'secret', credentials: 'secret', JSESSIONID: 'secret', IW_Secret: 'secret', 'X-CSRF-TOKEN': 'secret',
      // the first character: a letter, "-", "_" or "."; anything else starts no name
      Apassword: 'password', Zpassword: 'password', apassword: 'password', zpassword: 'password', '-password': 'password', _password: 'password', '.password': 'password',
    };
    for (const round of [1, 2]) {
      for (const [name, kind] of Object.entries(kinds)) assert.equal(credentialKind(name), kind, `${name} (round ${round})`);
      for (const name of ['@password', '[password', '`password', '{password', '0password', ',password', '/password']) assert.equal(credentialKind(name), undefined, name);
    }
    // Long names are not cached, and follow the same rule.
    const long = `${'x'.repeat(70)}Password`;
    assert.equal(credentialKind(long), 'password');
    assert.equal(credentialKind(long), 'password');
    assert.equal(credentialKind(`${'x'.repeat(70)}Hint`), undefined);
  });

  it('masks values by kind in free text: a password to the end of the line, a token up to a separator', () => {
    assert.equal(redactText('passphrase=a b c'), `passphrase=${R}`);
    assert.equal(redactText('id_token=a b c'), `id_token=${R} b c`);
    assert.equal(redactText('newPasswd=a b c'), `newPasswd=${R}`);
  });

  it('shows header values as text: arrays joined, numbers as digits, absent values left out', () => {
    assert.deepEqual(redactHeaders(undefined), {});
    assert.deepEqual(redactHeaders({ Accept: ['a', 'b'], 'Content-Length': 12, Gone: undefined, Nothing: null, Authorization: '' }), {
      Accept: 'a, b',
      'Content-Length': '12',
      Authorization: '',
    });
    assert.deepEqual(redactHeaders({ 'x-gws-guard': 't', Other: 'o' }, ['X-Gws-Guard']), { 'x-gws-guard': R, Other: 'o' });
    assert.deepEqual(redactHeaders({ Authorization: 'Bearer' }), { Authorization: R });
    assert.deepEqual(redactHeaders({ Authorization: '  X-Custom-Scheme abc' }), { Authorization: `X-Custom-Scheme ${R}` });
    assert.deepEqual(redactHeaders({ Authorization: '1abc def' }), { Authorization: R });
  });

  it('masks cookie values and keeps cookie names and attributes', () => {
    assert.equal(
      redactCookieHeader('a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Domain=x; SameSite=Lax; Secure; HttpOnly; Partitioned; Priority=High'),
      `a=${R}; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Domain=x; SameSite=Lax; Secure; HttpOnly; Partitioned; Priority=High`,
    );
    assert.equal(redactCookieHeader('a=1; Path=/, b=2; Path = /'), `a=${R}; Path=/, b=${R}; Path = /`);
    assert.equal(redactCookieHeader('a=1;  ; b=2'), `a=${R};  ; b=${R}`);
    assert.equal(redactCookieHeader('=abc'), R);
    assert.equal(redactCookieHeader('abc'), R);
    assert.equal(redactCookieHeader(`a=${R}; ${R}`), `a=${R}; ${R}`);
  });

  it('finds URL user info only in a URL that starts the text', () => {
    assert.equal(redactUrl('HTTPS://u:p@h/x'), `HTTPS://${R}@h/x`);
    assert.equal(redactUrl('svn+ssh://u@h/x'), `svn+ssh://${R}@h/x`);
    assert.equal(redactUrl('see http://u@h/x'), 'see http://u@h/x');
    assert.equal(redactUrl('1ab://u@h/x'), '1ab://u@h/x');
    for (const url of ['http://h?x@y', 'http://h#a@b', 'http://h x@y']) assert.equal(redactUrl(url), url);
  });

  it('scrubs exactly the secret and its URL-encoded form, and builds the UTF-8 Basic credential', () => {
    assert.equal(scrubSecrets('a p@ss b p%40ss c', ['p@ss']), `a ${R} b ${R} c`);
    assert.equal(scrubSecrets('abc', ['']), 'abc');
    assert.equal(basicCredential('agent1', 'pw'), 'YWdlbnQxOnB3');
    assert.equal(basicCredential('a', 'ä'), Buffer.from('a:ä', 'utf8').toString('base64'));
  });

  it('masks strings inside arrays, nested credential values down to a depth, and values with toJSON as a whole', () => {
    assert.deepEqual(redactJson({ notes: ['password=a', 'ok'] }), { notes: [`password=${R}`, 'ok'] });
    assert.deepEqual(redactJson({ password: new Date(0) }), { password: R });
    assert.deepEqual(redactJson({ password: JSON.parse('{"__proto__":"x"}') }), JSON.parse(`{"password":{"__proto__":"${R}"}}`));
    const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { a: nest(levels - 1, leaf) });
    assert.deepEqual(redactJson({ password: nest(40, 'x') }), { password: nest(32, R) });
    assert.deepEqual(redactJson({ password: nest(31, 'x') }), { password: nest(31, R) });
    assert.equal(redactJson(undefined), undefined);
    assert.equal(redactJson(() => 1), undefined);
  });

  it('says why a value cannot be serialised instead of throwing', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    assert.deepEqual(redactJson(cycle), { unserializable: 'it contains itself (a cycle)' });
    assert.deepEqual(redactJson({ n: 1n }), { unserializable: 'it holds a BigInt, which JSON cannot represent' });
    const nest = (levels: number): unknown => {
      let value: unknown = 1;
      for (let level = 0; level < levels; level++) value = [value];
      return value;
    };
    // Deeper than JSON.stringify can recurse: described, not thrown.
    assert.deepEqual(redactJson(nest(20_000)), { unserializable: `it is nested more than ${MAX_JSON_DEPTH} levels deep` });
    assert.equal(jsonProblem(nest(MAX_JSON_DEPTH + 1)), `it is nested more than ${MAX_JSON_DEPTH} levels deep`);
    assert.equal(jsonProblem(nest(MAX_JSON_DEPTH)), undefined);
    assert.equal(jsonProblem([[[]]], 2), 'it is nested more than 2 levels deep');
    assert.equal(jsonProblem([[]], 2), undefined);
    const shared = { x: 1 };
    assert.equal(jsonProblem({ a: shared, b: [shared, shared] }), undefined, 'the same object twice is no cycle');
    assert.equal(jsonProblem({ toJSON: () => 1, self: cycle }), undefined, 'toJSON decides what is serialised');
    assert.equal(jsonProblem(null), undefined);
    assert.deepEqual(stringifyRedacted({ toJSON: () => { throw new Error('boom'); } }), { problem: 'it cannot be serialised (boom)' });
    // Not an Error: what is thrown is shown as text.
    const raise = (thrown: unknown): never => {
      throw thrown;
    };
    assert.deepEqual(stringifyRedacted({ toJSON: () => raise('bad') }), { problem: 'it cannot be serialised (bad)' });
    assert.deepEqual(stringifyRedacted({ a: 1 }, 2), { text: '{\n  "a": 1\n}' });
  });

  it('hides credential header values whatever their case, keeping the auth scheme and cookie names', () => {
    const headers = redactHeaders(
      {
        authorization: `Basic ${basicCredential('agent1', 's3cret!')}`,
        'Proxy-Authorization': 'Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1',
        Cookie: 'JSESSIONID=abc123; other=xyz',
        'Set-Cookie': ['JSESSIONID=new; Path=/; HttpOnly'],
        'X-CSRF-TOKEN': 'tok-1',
        'X-Gws-Guard': 'tok-2',
        Origin: 'http://127.0.0.1:8090',
        'X-Secretary': 'Jane',
      },
      ['x-gws-guard'],
    );
    assert.deepEqual(headers, {
      authorization: `Basic ${R}`,
      'Proxy-Authorization': `Negotiate ${R}`,
      Cookie: `JSESSIONID=${R}; other=${R}`,
      'Set-Cookie': `JSESSIONID=${R}; Path=/; HttpOnly`,
      'X-CSRF-TOKEN': R,
      'X-Gws-Guard': R,
      Origin: 'http://127.0.0.1:8090',
      'X-Secretary': 'Jane',
    });
  });

  it('removes the user info of URLs only, a user without a password too', () => {
    assert.equal(redactUrl('https://agent1:pw@gws:8090/api/v2/me'), `https://${R}@gws:8090/api/v2/me`);
    assert.equal(redactUrl('http://apikey@gws/api/v2/me'), `http://${R}@gws/api/v2/me`);
    assert.equal(redactUrl('http://gws:8090/api/v2/me?x=a@b'), 'http://gws:8090/api/v2/me?x=a@b');
    assert.equal(redactUrl('not a url'), 'not a url');
  });

  it('scrubs a known secret, its URL-encoded form and the Basic credential out of any text', () => {
    const basic = basicCredential('agent1', 'p@ss word');
    const text = `failed with p@ss word, p%40ss%20word and Basic ${basic}`;
    const scrubbed = scrubSecrets(text, ['p@ss word', basic, undefined, '']);
    assert.ok(!scrubbed.includes('p@ss word'));
    assert.ok(!scrubbed.includes('p%40ss%20word'));
    assert.ok(!scrubbed.includes(basic));
    assert.match(scrubbed, /^failed with \[redacted\]/);
  });
});
