import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellQuote, toCurl } from '../../../src/model/curl';
import { callOperation, recordingStartedMessage, startRecordingRequest } from './fixtures/samples';

const CALL_ID = recordingStartedMessage().data.call.id;

/** What a POSIX shell makes of a command line: each argument on its own line. */
function shellWords(command: string): string[] {
  const script = `set -- ${command.replace(/^curl /, '')}; for a in "$@"; do printf '%s\\0' "$a"; done`;
  return execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
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
        `-u 'agent1:<password>' --data '{"operationName":"StartCallRecording"}'`,
    );
    for (const secret of ['real-token-value', 'real-session-id', 'YWdlbnQxOnB3']) assert.ok(!command.includes(secret));
  });

  it('adds Content-Type for a JSON body and a user placeholder when the user is unknown', () => {
    const command = toCurl({ method: 'post', url: 'https://gws/api/v2/me', requestHeaders: {}, requestBody: startRecordingRequest() });
    assert.equal(
      command,
      `curl -X POST 'https://gws/api/v2/me' -H 'Content-Type: application/json' -u '<user>:<password>' --data '{"operationName":"StartCallRecording"}'`,
    );
  });

  it('quotes safely: a shell gets back exactly the original arguments', () => {
    const userData = { note: `it's "quoted" $HOME \`id\` \\ ; & | > <`, multi: 'line1\nline2' };
    const command = toCurl({
      method: 'POST',
      url: `https://gws/api/v2/me/calls/a'b?x=1&y=$z`,
      requestHeaders: { 'X-Note': `don't $(rm -rf /)` },
      requestBody: { operationName: 'UpdateUserData', userData },
    });
    const words = shellWords(command);
    assert.equal(words[2], `https://gws/api/v2/me/calls/a'b?x=1&y=$z`);
    assert.ok(words.includes(`X-Note: don't $(rm -rf /)`));
    assert.deepEqual(JSON.parse(words.at(-1)!), { operationName: 'UpdateUserData', userData });
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

  it('shellQuote wraps in single quotes and escapes embedded ones', () => {
    assert.equal(shellQuote(`a'b`), `'a'\\''b'`);
    assert.equal(shellQuote(''), `''`);
  });
});
