import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shellQuote, toCurl, type CurlRequest } from '../../../src/model/curl';
import { callOperation, recordingStartedMessage, startRecordingRequest } from './fixtures/samples';

const CALL_ID = recordingStartedMessage().data.call.id;

/**
 * How a POSIX shell splits one command line into words, done strictly and without running it:
 * quotes and backslashes are honoured, a comment ends the line, and anything that would make
 * the shell do more than run one command with literal arguments (an operator, a second line,
 * an expansion, a glob, a tilde) throws.
 */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const close = command.indexOf("'", i + 1);
      if (close < 0) throw new Error(`unterminated single quote at ${i}`);
      word = (word ?? '') + command.slice(i + 1, close);
      i = close;
    } else if (c === '\\') {
      if (i + 1 >= command.length) throw new Error('trailing backslash');
      if (command[i + 1] !== '\n') word = (word ?? '') + command[i + 1];
      i++;
    } else if (c === '"') {
      let text = '';
      for (i++; command[i] !== '"'; i++) {
        if (i >= command.length) throw new Error('unterminated double quote');
        if (command[i] === '$' || command[i] === '`') throw new Error(`expansion inside double quotes at ${i}`);
        if (command[i] === '\\' && '$`"\\\n'.includes(command[i + 1])) i++;
        text += command[i];
      }
      word = (word ?? '') + text;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      if (command.indexOf('\n', i) >= 0) throw new Error('a second line after a comment');
      break;
    } else if (c === '~' && word === undefined) {
      throw new Error(`tilde expansion at ${i}`);
    } else if ('\n;&|<>()$`*?[]{}!'.includes(c)) {
      throw new Error(`unquoted ${JSON.stringify(c)} at ${i}: the shell would not read one plain command`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * What bash itself does with the pasted command: `curl` is a function that records its
 * arguments, run in an empty temporary folder that is also $HOME. Returns each curl call's
 * arguments and the files that appeared in that folder (anything the command did besides curl).
 */
function bashRun(command: string): { calls: string[][]; sideEffects: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-curl-argv-'));
  try {
    const script = `curl() { printf '%s\\0' '<call>' "$@"; }\n${command}\n`;
    const out = execFileSync('bash', ['--noprofile', '--norc', '-c', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const calls: string[][] = [];
    for (const arg of out.split('\0').slice(0, -1)) {
      if (arg === '<call>') calls.push([]);
      else calls.at(-1)!.push(arg);
    }
    return { calls, sideEffects: fs.readdirSync(dir) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Both readings agree: one curl call with exactly `expected` as its arguments, and nothing else. */
function assertArgv(command: string, expected: string[], message?: string): void {
  assert.deepEqual(shellWords(command), ['curl', ...expected], message);
  const { calls, sideEffects } = bashRun(command);
  assert.deepEqual(calls, [expected], message);
  assert.deepEqual(sideEffects, [], `${message ?? command}: the command did more than run curl`);
}

/** Both readings agree: the command is a comment and runs nothing. */
function assertRunsNothing(command: string, message?: string): void {
  assert.deepEqual(shellWords(command), [], message ?? command);
  assert.deepEqual(bashRun(command), { calls: [], sideEffects: [] }, message ?? command);
}

describe('toCurl', () => {
  it('renders the StartCallRecording request (sample 01) with every credential as a placeholder', () => {
    const operation = callOperation({
      id: 1,
      phase: 'sent',
      startedAt: 0,
      requestHeaders: {
        'Content-Type': 'application/json',
        Origin: 'http://127.0.0.1:8080',
        'X-CSRF-TOKEN': 'real-token-value',
        Cookie: 'JSESSIONID=real-session-id',
        Authorization: 'Basic YWdlbnQxOnB3',
        'Content-Length': '37',
      },
    });
    const command = toCurl(operation, { userName: 'agent1' });
    assert.equal(
      command,
      `curl -X POST 'http://127.0.0.1:8080/api/v2/me/calls/${CALL_ID}' -H 'Content-Type: application/json' ` +
        `-H 'Origin: http://127.0.0.1:8080' -H 'X-CSRF-TOKEN: <csrf-token>' -b 'JSESSIONID=<session-cookie>' ` +
        `-u 'agent1:<password>' --data-raw '{"operationName":"StartCallRecording"}'`,
    );
    for (const secret of ['real-token-value', 'real-session-id', 'YWdlbnQxOnB3']) assert.ok(!command.includes(secret));
  });

  it('adds Content-Type for a JSON body and a user placeholder when the user is unknown', () => {
    const command = toCurl({ method: 'post', url: 'https://gws/api/v2/me', requestHeaders: {}, requestBody: startRecordingRequest() });
    assert.equal(
      command,
      `curl -X POST 'https://gws/api/v2/me' -H 'Content-Type: application/json' -u '<user>:<password>' --data-raw '{"operationName":"StartCallRecording"}'`,
    );
  });

  it('quotes safely: a shell gets back exactly the original arguments', () => {
    const userData = { note: `it's "quoted" $HOME \`id\` \\ ; & | > <`, multi: 'line1\nline2' };
    const body = { operationName: 'UpdateUserData', userData };
    const command = toCurl({
      method: 'POST',
      url: `https://gws/api/v2/me/calls/a'b?x=1&y=$z`,
      requestHeaders: { 'X-Note': `don't $(rm -rf /)` },
      requestBody: body,
    });
    assertArgv(command, [
      '-X',
      'POST',
      `https://gws/api/v2/me/calls/a'b?x=1&y=$z`,
      '-H',
      'Content-Type: application/json',
      '-H',
      `X-Note: don't $(rm -rf /)`,
      '-u',
      '<user>:<password>',
      '--data-raw',
      JSON.stringify(body),
    ]);
  });

  describe('hostile values (an imported NDJSON file can hold anything)', () => {
    const HOSTILE = [
      'POST; rm -rf ~',
      'POST && touch pwned',
      '$(touch pwned)',
      '`touch pwned`',
      "'; touch pwned; '",
      'x\ntouch pwned',
      '\\',
      '"$(touch pwned)"',
      '-o pwned',
      '@pwned',
    ];
    const base: CurlRequest = { method: 'POST', url: 'https://gws/api/v2/me', requestHeaders: {} };

    it('never puts a method that is not an HTTP method on the line: the command is a comment', () => {
      for (const method of HOSTILE) {
        const command = toCurl({ ...base, method });
        assertRunsNothing(command, method);
        assert.ok(!command.includes('pwned') && !command.includes('rm -rf'), command);
      }
    });

    it('passes the URL as one argument, normalised as an HTTP client sends it, and refuses non-http(s) URLs', () => {
      for (const hostile of HOSTILE) {
        const url = `https://gws/api/v2/me/calls/${hostile}?q=${hostile}`;
        const command = toCurl({ ...base, url });
        const expected = new URL(url).href;
        assertArgv(command, ['-X', 'POST', expected, '-u', '<user>:<password>'], hostile);
      }
      for (const url of ['-o/tmp/pwned', 'file:///etc/passwd', '$(touch pwned)', 'javascript:alert(1)', '']) {
        assertRunsNothing(toCurl({ ...base, url }), url);
      }
      // curl would expand {a,b} and [1-3] into several requests: --globoff (-g) keeps them literal.
      assertArgv(toCurl({ ...base, url: 'https://[::1]:8090/api/v2/me' }), ['-g', '-X', 'POST', 'https://[::1]:8090/api/v2/me', '-u', '<user>:<password>']);
    });

    it('passes header names and values as they are, leaving out the ones HTTP cannot carry', () => {
      for (const hostile of HOSTILE) {
        const value = hostile.replace('\n', ' ');
        const command = toCurl({ ...base, requestHeaders: { 'X-Note': value, [`X-A${hostile}`]: 'v' } });
        assertArgv(command, ['-X', 'POST', 'https://gws/api/v2/me', '-H', `X-Note: ${value}`, '-u', '<user>:<password>'], hostile);
        assert.match(command, / # 1 header with an invalid name or value left out$/);
      }
      const split = toCurl({ ...base, requestHeaders: { 'X-A': 'v\r\nX-Injected: 1', 'X-B': 'ok' } });
      assertArgv(split, ['-X', 'POST', 'https://gws/api/v2/me', '-H', 'X-B: ok', '-u', '<user>:<password>']);
    });

    it('passes a body as one argument that curl reads as data, never as a file name', () => {
      for (const hostile of HOSTILE) {
        const object = { operationName: hostile, userData: { [hostile]: hostile } };
        assertArgv(toCurl({ ...base, requestBody: object }), [
          '-X', 'POST', 'https://gws/api/v2/me', '-H', 'Content-Type: application/json', '-u', '<user>:<password>', '--data-raw', JSON.stringify(object),
        ], hostile);
        assertArgv(toCurl({ ...base, requestBody: hostile }), [
          '-X', 'POST', 'https://gws/api/v2/me', '-H', 'Content-Type: application/json', '-u', '<user>:<password>', '--data-raw', hostile,
        ], hostile);
      }
      const nul = toCurl({ ...base, requestBody: 'a\0b' });
      assertArgv(nul, ['-X', 'POST', 'https://gws/api/v2/me', '-u', '<user>:<password>']);
      assert.match(nul, / # the body holds a NUL byte and is left out$/);
    });

    it('passes a user name as one argument, or the placeholder when it cannot be a curl user', () => {
      for (const hostile of HOSTILE) {
        const expected = hostile.includes(':') || hostile.includes('\n') ? '<user>' : hostile;
        assertArgv(toCurl(base, { userName: hostile }), ['-X', 'POST', 'https://gws/api/v2/me', '-u', `${expected}:<password>`], hostile);
      }
      assertArgv(toCurl(base, { userName: 'a:b' }), ['-X', 'POST', 'https://gws/api/v2/me', '-u', '<user>:<password>']);
    });
  });

  it('never fills in a password from the body or the URL', () => {
    const command = toCurl({
      method: 'POST',
      url: 'https://agent1:pw123@gws/api/v2/me',
      requestHeaders: {},
      requestBody: { operationName: 'ChangePassword', password: 'pw123', newPassword: 'pw456' },
    });
    assert.ok(!command.includes('pw123') && !command.includes('pw456'), command);
    assert.match(command, /"password":"<password>"/);
  });

  it('never copies a credential: each becomes a placeholder or is dropped, whatever the record holds', () => {
    const secrets = ['prx-Zm9vOmJhcg', 'csrf-raw-1', 'csrf-raw-2', 'guard-raw', 'bare-cookie-9', 'sess-raw', 'key-raw', 'fwd-raw-77', 'qs-token-raw', 'pw-raw', 'pwd-raw', 'pass-raw', 'sec-raw', 'cs-raw', 'tok-raw', 'note-raw', 'ak-raw'];
    const request: CurlRequest = {
      method: 'POST',
      url: 'https://gws/api/v2/me/calls/C1?access_token=qs-token-raw&fields=*',
      requestHeaders: {
        'Proxy-Authorization': 'Basic prx-Zm9vOmJhcg',
        'X-CSRF-TOKEN': 'csrf-raw-1',
        'X-My-Csrf': 'csrf-raw-2',
        'X-Gws-Guard': 'guard-raw',
        'X-Session-Guard': '[redacted]',
        Cookie: 'bare-cookie-9; JSESSIONID=sess-raw',
        'X-Api-Key': 'key-raw',
        'X-Forwarded-Authorization': 'Bearer fwd-raw-77',
        Origin: 'https://gws',
      },
      requestBody: {
        operationName: 'UpdateUserData',
        passwd: 'pw-raw',
        userData: { pwd: 'pwd-raw', pass: 'pass-raw', secret: 'sec-raw', client_secret: 'cs-raw', token: 'tok-raw', api_key: 'ak-raw', Note: 'password=note-raw', Secretary: 'Jane', IW_TokenId: 'T-1', pin: 1234 },
      },
    };
    const command = toCurl(request, { userName: 'agent1', csrfHeaderName: 'X-Gws-Guard' });
    for (const secret of secrets) assert.ok(!command.includes(secret), `${secret} is in ${command}`);
    const body = {
      operationName: 'UpdateUserData',
      passwd: '<password>',
      userData: { pwd: '<password>', pass: '<password>', secret: '<secret>', client_secret: '<secret>', token: '<secret>', api_key: '<secret>', Note: 'password=<secret>', Secretary: 'Jane', IW_TokenId: 'T-1', pin: 1234 },
    };
    assertArgv(command, [
      '-X',
      'POST',
      'https://gws/api/v2/me/calls/C1?access_token=<secret>&fields=*',
      '-H',
      'Content-Type: application/json',
      '-H',
      'X-CSRF-TOKEN: <csrf-token>',
      '-H',
      'X-My-Csrf: <csrf-token>',
      '-H',
      'X-Gws-Guard: <csrf-token>',
      '-H',
      'X-Session-Guard: <csrf-token>',
      '-H',
      'X-Api-Key: <secret>',
      '-H',
      'X-Forwarded-Authorization: <secret>',
      '-H',
      'Origin: https://gws',
      '-b',
      'JSESSIONID=<session-cookie>',
      '-u',
      'agent1:<password>',
      '--data-raw',
      JSON.stringify(body),
    ]);
    // A Cookie header with nothing but a bare value: no name is made up from the value.
    const bare = toCurl({ method: 'GET', url: 'https://gws/api/v2/me', requestHeaders: { Cookie: 'abc123' } });
    assert.ok(!bare.includes('abc123'), bare);
    assert.match(bare, / -b 'JSESSIONID=<session-cookie>' /);
    // A string body: credentials in its text become placeholders too.
    const form = toCurl({ method: 'POST', url: 'https://gws/x', requestHeaders: {}, requestBody: 'user=agent1&password=a%20b&place=P1' });
    assert.match(form, /--data-raw 'user=agent1&password=<secret>&place=P1'$/);
  });

  it('keeps cookie names and masks their values; a part without a name=value is no cookie', () => {
    const command = toCurl({
      method: 'GET',
      url: 'https://gws/api/v2/me',
      requestHeaders: { Cookie: ' JSESSIONID = a1 ; theme=dark, =orphan; bad name=1; x_JSESSIONID=2;JSESSIONIDx=3; flag' },
    });
    assertArgv(command, ['-X', 'GET', 'https://gws/api/v2/me', '-b', 'JSESSIONID=<session-cookie>; theme=<cookie>; x_JSESSIONID=<cookie>; JSESSIONIDx=<cookie>', '-u', '<user>:<password>']);
  });

  it('leaves out what curl computes or what only stands for a credential, and says which headers it could not carry', () => {
    const command = toCurl({
      method: '',
      url: 'https://gws/api/v2/me',
      requestHeaders: {
        Host: 'gws',
        Connection: 'keep-alive',
        'Transfer-Encoding': 'chunked',
        'Accept-Encoding': 'gzip',
        'Set-Cookie': 'JSESSIONID=s1',
        'Content-Length': '2',
        Accept: 'application/json',
        'X-Count': 3 as unknown as string,
        'X-Bad Name': 'v',
        'X-Guard': ' [redacted] ',
      },
      requestBody: 'a\0b',
    });
    assert.equal(
      command,
      "curl -X GET 'https://gws/api/v2/me' -H 'Accept: application/json' -H 'X-Guard: <csrf-token>' -u '<user>:<password>' " +
        '# the body holds a NUL byte and is left out; 2 headers with an invalid name or value left out',
    );
  });

  it('says why a record is not copied as curl', () => {
    const base: CurlRequest = { method: 'POST', url: 'https://gws/api/v2/me', requestHeaders: {} };
    assert.equal(toCurl({ ...base, method: 'TRACE' }), "# Not copied as curl: the operation's method is not an HTTP method.");
    assert.equal(toCurl({ ...base, url: 'ftp://gws/x' }), "# Not copied as curl: the operation's URL is not an http(s) URL.");
  });

  it('masks a query parameter that is a credential or holds one, wherever it stands, and keeps the fragment', () => {
    const url = (href: string) => shellWords(toCurl({ method: 'GET', url: href, requestHeaders: {} }))[3];
    assert.equal(url('https://gws/x?a=1&access_token=xyz'), 'https://gws/x?a=1&access_token=<secret>');
    assert.equal(url('https://gws/x?access_token=xyz#top'), 'https://gws/x?access_token=<secret>#top');
    assert.equal(url('https://gws/x?q=token:abc&a=1#top'), 'https://gws/x?q=<secret>&a=1#top');
    // A name that is no valid percent-encoding is read as it stands.
    assert.equal(url('https://gws/x?my%zzpassword=abc&x=%zz'), 'https://gws/x?my%zzpassword=<secret>&x=%zz');
  });

  it('sends no body for a null one, and shows the absent, null and empty values of credential keys as they are', () => {
    const plain = ['-X', 'POST', 'https://gws/api/v2/me', '-u', '<user>:<password>'];
    assertArgv(toCurl({ method: 'POST', url: 'https://gws/api/v2/me', requestHeaders: {}, requestBody: null }), plain);
    const body = { unserializable: 'a key like any other', operationName: 'UpdateUserData', password: undefined, passwd: null, pwd: '', csrfToken: 'c-raw' };
    assertArgv(toCurl({ method: 'POST', url: 'https://gws/api/v2/me', requestHeaders: {}, requestBody: body }), [
      ...plain.slice(0, 3),
      '-H',
      'Content-Type: application/json',
      ...plain.slice(3),
      '--data-raw',
      '{"unserializable":"a key like any other","operationName":"UpdateUserData","passwd":null,"pwd":"","csrfToken":"<csrf-token>"}',
    ]);
  });

  it('leaves out a body that cannot be serialised (8,000 levels deep, or already a note saying so) instead of throwing', () => {
    let body: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 8_000; i++) body = { nested: body };
    const expected = ['-X', 'POST', 'https://gws/api/v2/me', '-u', '<user>:<password>'];
    for (const requestBody of [body, { unserializable: "it is nested more than 1000 levels deep'; touch pwned; '" }]) {
      const command = toCurl({ method: 'POST', url: 'https://gws/api/v2/me', requestHeaders: {}, requestBody });
      assertArgv(command, expected);
      assert.match(command, / # the body cannot be serialised and is left out$/);
    }
  });

  it('shellQuote wraps in single quotes, escapes embedded ones and refuses a NUL byte', () => {
    assert.equal(shellQuote(`a'b`), `'a'\\''b'`);
    assert.equal(shellQuote(''), `''`);
    assert.deepEqual(shellWords(`x ${shellQuote(`'it''s'\n$(x)`)}`), ['x', `'it''s'\n$(x)`]);
    assert.throws(() => shellQuote('a\0b'), /NUL/);
  });

  it('the strict shell reader used here refuses what a shell would do more with', () => {
    for (const line of ['curl a; b', 'curl $(x)', 'curl `x`', 'curl a\nb', 'curl ~', 'curl a*', 'curl "$x"', "curl 'a", 'curl a # c\nb']) {
      assert.throws(() => shellWords(line), Error, line);
    }
    assert.deepEqual(shellWords(`curl 'a b' c\\ d "e f" # g`), ['curl', 'a b', 'c d', 'e f']);
  });
});
