import * as assert from 'node:assert/strict';
import packageJson from '../../../package.json';
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

  it('keeps a caFile path, trimmed, and drops one that is empty or not a string', () => {
    const [withCa, blank, notText] = sanitizeProfiles([
      { url: 'https://gws:8443', user: 'u', caFile: ' /etc/ssl/gws-ca.pem ' },
      { url: 'https://gws:8443', user: 'v', caFile: '  ' },
      { url: 'https://gws:8443', user: 'w', caFile: 42 },
    ]);
    assert.equal(withCa.caFile, '/etc/ssl/gws-ca.pem');
    assert.ok(!('caFile' in blank));
    assert.ok(!('caFile' in notText));
  });

  it('the gws.profiles schema in package.json allows caFile (it forbids unknown properties)', () => {
    const settings = packageJson.contributes.configuration.properties;
    const schema = settings['gws.profiles'].items as { properties: Record<string, { type?: string } | undefined>; additionalProperties: boolean };
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.properties.caFile?.type, 'string');
  });
});
