import * as assert from 'node:assert/strict';
import packageJson from '../../../package.json';
import { defaultSessionMode, entriesToWriteBack, parseOrigin, parseServerUrl, sanitizeProfiles } from '../../../src/profiles/profile';

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

  it('reads the session mode, the agent-login parameters and the origin, dropping what is not valid', () => {
    const [full, junk] = sanitizeProfiles([
      {
        id: 'lab',
        url: 'https://gws.lab:8443',
        user: 'agent7',
        sessionMode: 'agent',
        place: ' Place_7001 ',
        queue: '8001',
        loginCode: '4711',
        devicePath: '/devices/abc',
        channels: ['voice', ' chat ', 'voice', '', 3],
        origin: 'https://desk.example.com/',
      },
      { id: 'junk', url: 'https://gws.lab:8443', user: 'agent8', sessionMode: 'Agent', place: '  ', queue: 5, channels: [], origin: 'desk.example.com' },
    ]);
    assert.deepEqual(
      { ...full },
      {
        id: 'lab',
        name: 'agent7 @ gws.lab:8443',
        url: 'https://gws.lab:8443',
        user: 'agent7',
        transport: 'long-polling',
        rejectUnauthorized: true,
        simulator: false,
        sessionMode: 'agent',
        place: 'Place_7001',
        queue: '8001',
        loginCode: '4711',
        devicePath: '/devices/abc',
        channels: ['voice', 'chat'],
        origin: 'https://desk.example.com',
      },
    );
    for (const key of ['sessionMode', 'place', 'queue', 'loginCode', 'devicePath', 'channels', 'origin']) {
      assert.ok(!(key in junk), `${key} is dropped when not valid`);
    }
  });

  it('asks for a mode when a server profile has none; a simulator profile logs in', () => {
    const [server, simulator, observing] = sanitizeProfiles([
      { url: 'https://a:1', user: 'u' },
      { url: 'http://127.0.0.1:9', user: 'agent1', simulator: true },
      { url: 'http://127.0.0.1:9', user: 'agent2', simulator: true, sessionMode: 'observe' },
    ]);
    assert.equal(defaultSessionMode(server), undefined);
    assert.equal(defaultSessionMode(simulator), 'agent');
    assert.equal(defaultSessionMode(observing), 'observe');
  });

  it('accepts an origin as scheme, host and port only', () => {
    assert.deepEqual(parseOrigin('https://desk.example.com'), { origin: 'https://desk.example.com' });
    assert.deepEqual(parseOrigin('http://localhost:3000/'), { origin: 'http://localhost:3000' });
    assert.match((parseOrigin('https://desk.example.com/app') as { error: string }).error, /no path/);
    assert.match((parseOrigin('ftp://x') as { error: string }).error, /http/);
    assert.match((parseOrigin('https://u:p@x') as { error: string }).error, /no user/);
    assert.match((parseOrigin('desk') as { error: string }).error, /origin such as/);
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

  it('the gws.profiles schema describes the session mode, the agent-login parameters and the origin', () => {
    const settings = packageJson.contributes.configuration.properties;
    const schema = settings['gws.profiles'].items as { properties: Record<string, { type?: string; enum?: string[]; default?: unknown } | undefined> };
    assert.deepEqual(schema.properties.sessionMode?.enum, ['observe', 'agent', 'auto']);
    assert.equal(schema.properties.sessionMode?.default, 'auto');
    for (const key of ['place', 'queue', 'loginCode', 'devicePath', 'origin']) assert.equal(schema.properties[key]?.type, 'string', key);
    assert.equal(schema.properties.channels?.type, 'array');
  });
  it('writes the other entries back as written, without a password typed into one (ProfileStore.save/remove)', () => {
    const typo = { url: 'nope', user: 'u3', colour: 'red' };
    const kept = entriesToWriteBack(
      [
        { id: 'a', url: 'https://a:1', user: 'u1', password: 'leak', 'X-CSRF-Token': 't' },
        { id: 'b', url: 'https://b:1', user: 'u2' },
        typo,
        'junk',
      ],
      'b',
    );
    assert.deepEqual(kept, [{ id: 'a', url: 'https://a:1', user: 'u1' }, typo, 'junk']);
    assert.ok(!JSON.stringify(kept).includes('leak'));
  });

  it('refuses to write when gws.profiles is not a list, so the bad value is not replaced silently', () => {
    assert.throws(() => entriesToWriteBack({ url: 'https://a:1', user: 'u1' }, 'x'), /gws\.profiles is not a list.*nothing was saved/);
    assert.throws(() => entriesToWriteBack('https://a:1', 'x'), /not a list/);
    assert.deepEqual(entriesToWriteBack(undefined, 'x'), []);
  });
});
