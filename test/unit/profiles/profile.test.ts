import * as assert from 'node:assert/strict';
import { parseServerUrl, sanitizeProfiles } from '../../../src/profiles/profile';

describe('server profiles', () => {
  it('normalises the server URL a user types', () => {
    assert.deepEqual(parseServerUrl(' https://gws.example.com:8090/ '), { url: 'https://gws.example.com:8090' });
    assert.deepEqual(parseServerUrl('http://127.0.0.1:8080/api/v2/'), { url: 'http://127.0.0.1:8080' });
    assert.deepEqual(parseServerUrl('https://host/gws/api/v2'), { url: 'https://host/gws' });
  });

  it('rejects URLs it cannot use, saying why', () => {
    assert.match((parseServerUrl('gws.example.com') as { error: string }).error, /full URL/);
    assert.match((parseServerUrl('ftp://x') as { error: string }).error, /http/);
    assert.match((parseServerUrl('https://agent:secret@x') as { error: string }).error, /User field/);
  });

  it('reads profiles from settings tolerantly and never a password field', () => {
    const profiles = sanitizeProfiles([
      { url: 'https://a:1', user: 'u1', password: 'leak' },
      { url: 'nope', user: 'u2' },
      'junk',
      { id: 'sim', name: 'Sim', url: 'http://127.0.0.1:9', user: 'agent1', simulator: true, transport: 'websocket', rejectUnauthorized: false },
    ]);
    assert.equal(profiles.length, 2);
    assert.equal(profiles[0].id, 'u1@https://a:1');
    assert.ok(!('password' in profiles[0]));
    assert.deepEqual(profiles[1], {
      id: 'sim',
      name: 'Sim',
      url: 'http://127.0.0.1:9',
      user: 'agent1',
      transport: 'websocket',
      rejectUnauthorized: false,
      simulator: true,
    });
    assert.deepEqual(sanitizeProfiles(undefined), []);
  });
});
