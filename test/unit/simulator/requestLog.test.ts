// The request log's bounds: how many entries it keeps, how much text in all, and what it
// keeps of long bodies and paths. (hostile.test.ts checks the same over real HTTP.)
import assert from 'node:assert/strict';
import { LOGGED_BODY_MAX_CHARS, LOGGED_PATH_MAX_CHARS, REQUEST_LOG_MAX_CHARS, REQUEST_LOG_MAX_ENTRIES } from '../../../src/simulator/limits';
import { RequestLog } from '../../../src/simulator/requestLog';

describe('simulator: request log bounds', () => {
  it('keeps the latest maxEntries requests, numbering on', () => {
    const log = new RequestLog({ maxEntries: 10 });
    for (let i = 1; i <= 25; i++) log.add('GET', `/api/v2/me?i=${i}`, {}, '');
    const kept = log.since(0);
    assert.deepEqual(kept.map((e) => e.seq), [16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    assert.equal(kept.at(-1)?.path, '/api/v2/me?i=25');
    assert.deepEqual(log.since(23).map((e) => e.seq), [24, 25]);
  });

  it('drops the oldest requests to stay within maxChars, always keeping the newest', () => {
    const log = new RequestLog({ maxChars: 100_000 });
    const header = 'c'.repeat(30_000);
    for (let i = 0; i < 20; i++) log.add('GET', '/api/v2/me', { cookie: header }, '');
    assert.ok(log.size().chars <= 100_000, `${log.size().chars} characters kept`);
    assert.equal(log.size().entries, 3);
    assert.equal(log.since(0).at(-1)?.seq, 20);
    const alone = new RequestLog({ maxChars: 10 });
    alone.add('GET', '/a', { cookie: header }, '');
    alone.add('GET', '/b', { cookie: header }, '');
    assert.deepEqual(alone.since(0).map((e) => e.path), ['/b']);
  });

  it('keeps short JSON bodies parsed and long bodies as their start with a marker', () => {
    const log = new RequestLog();
    assert.deepEqual(log.add('POST', '/api/v2/me', {}, '{"operationName":"Ready"}').body, { operationName: 'Ready' });
    assert.equal(log.add('POST', '/api/v2/me', {}, 'not json').body, 'not json');
    const long = JSON.stringify({ pad: 'é'.repeat(LOGGED_BODY_MAX_CHARS) });
    const body = log.add('POST', '/api/v2/me', {}, long).body as string;
    assert.equal(body, `${long.slice(0, LOGGED_BODY_MAX_CHARS)}… [truncated: ${Buffer.byteLength(long)} bytes in all]`);
    const path = log.add('GET', `/api/v2/me?${'q'.repeat(LOGGED_PATH_MAX_CHARS * 2)}`, {}, '').path;
    assert.ok(path.length < LOGGED_PATH_MAX_CHARS + 100);
    assert.match(path, /… \[truncated: \d+ characters in all\]$/);
  });

  it('defaults to limits that hold a long session of ordinary requests within a few MB', () => {
    assert.ok(REQUEST_LOG_MAX_ENTRIES >= 1000 && REQUEST_LOG_MAX_ENTRIES <= 5000);
    const log = new RequestLog();
    const headers = { host: '127.0.0.1:8090', cookie: 'JSESSIONID=0123456789abcdef', 'content-type': 'application/json', 'x-csrf-token': 'abcdef0123456789' };
    for (let i = 0; i < REQUEST_LOG_MAX_ENTRIES + 500; i++) log.add('POST', '/api/v2/me/calls/ABC', headers, '{"operationName":"Hold"}');
    assert.equal(log.size().entries, REQUEST_LOG_MAX_ENTRIES, 'ordinary requests are bounded by count, not by size');
    assert.ok(log.size().chars < REQUEST_LOG_MAX_CHARS);
  });
});
