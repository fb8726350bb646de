import * as assert from 'node:assert/strict';
import { basicCredential, REDACTED, redactHeaders, redactUrl, scrubSecrets } from '../../../src/base/redact';

describe('redaction', () => {
  it('hides credential header values whatever their case, keeping the auth scheme and cookie names', () => {
    const headers = redactHeaders(
      {
        authorization: `Basic ${basicCredential('agent1', 's3cret!')}`,
        Cookie: 'JSESSIONID=abc123; other=xyz',
        'Set-Cookie': ['JSESSIONID=new; Path=/; HttpOnly'],
        'X-CSRF-TOKEN': 'tok-1',
        'X-My-Csrf': 'tok-2',
        Origin: 'http://127.0.0.1:8090',
      },
      ['x-my-csrf'],
    );
    assert.equal(headers.authorization, `Basic ${REDACTED}`);
    assert.equal(headers.Cookie, `JSESSIONID=${REDACTED}; other=${REDACTED}`);
    assert.ok(!headers['Set-Cookie'].includes('new'));
    assert.equal(headers['X-CSRF-TOKEN'], REDACTED);
    assert.equal(headers['X-My-Csrf'], REDACTED);
    assert.equal(headers.Origin, 'http://127.0.0.1:8090');
    assert.ok(!JSON.stringify(headers).includes('abc123'));
  });

  it('removes user:password@ from URLs only', () => {
    assert.equal(redactUrl('https://agent1:pw@gws:8090/api/v2/me'), `https://${REDACTED}@gws:8090/api/v2/me`);
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
