// The settings' schema (package.json contributes.configuration) is what the Settings editor
// checks a value against, with its patternErrorMessage as the explanation; the code that reads
// the settings (src/profiles/profile.ts, src/webviews/inspector/inspectorSettingValues.ts)
// applies the same rules to a hand-edited settings.json and says what is wrong.
import * as assert from 'node:assert/strict';
import { parseOrigin, parseServerUrl, readProfiles } from '../../../src/profiles/profile';
import { INSPECTOR_SETTING_BOUNDS, inspectorSettingsFrom } from '../../../src/webviews/inspector/inspectorSettingValues';
import { readManifest } from '../../support/manifest';

interface Schema {
  type?: string;
  description?: string;
  markdownDescription?: string;
  pattern?: string;
  patternErrorMessage?: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  enumDescriptions?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

const properties = readManifest<{ contributes: { configuration: { properties: Record<string, Schema> } } }>().contributes.configuration.properties;
const profile = properties['gws.profiles'].items as Schema;
const field = (name: string) => profile.properties?.[name] as Schema;
const matches = (schema: Schema, value: string) => new RegExp(schema.pattern ?? '', 'u').test(value);

/** Every schema node under `schema`, with its path. */
function nodes(schema: Schema, where: string): Array<[string, Schema]> {
  const children = [...(schema.items ? nodes(schema.items, `${where}[]`) : []), ...Object.entries(schema.properties ?? {}).flatMap(([k, s]) => nodes(s, `${where}.${k}`))];
  return [[where, schema], ...children];
}

describe('settings schema', () => {
  const all = Object.entries(properties).flatMap(([name, schema]) => nodes(schema, name));

  it('describes every setting and every profile field', () => {
    for (const [where, schema] of [...Object.entries(properties), ...Object.entries(profile.properties ?? {}).map(([k, s]) => [`gws.profiles[].${k}`, s] as const)]) {
      assert.ok((schema.description ?? schema.markdownDescription ?? '').length > 10, `${where} has a description`);
    }
  });

  it('explains every pattern and every enum value, and bounds every number', () => {
    for (const [where, schema] of all) {
      if (schema.pattern) assert.ok((schema.patternErrorMessage ?? '').length > 10, `${where} has a patternErrorMessage`);
      if (schema.enum) assert.equal(schema.enumDescriptions?.length, schema.enum.length, `${where} describes each enum value`);
      if (schema.type === 'number' || schema.type === 'integer') {
        assert.equal(schema.type, 'integer', `${where} is a whole number`);
        assert.ok(schema.minimum !== undefined && schema.maximum !== undefined, `${where} has a minimum and a maximum`);
      }
    }
  });

  it('requires a profile name, url and user, each non-blank', () => {
    assert.deepEqual(profile.required, ['name', 'url', 'user']);
    for (const name of ['name', 'user']) {
      assert.ok(matches(field(name), 'agent1'), name);
      assert.ok(!matches(field(name), '  '), `${name}: blank is refused`);
    }
  });

  it('accepts the profile URLs the code accepts, and refuses the ones it refuses', () => {
    const good = ['https://gws.example.com:8090', 'http://127.0.0.1:8080/', 'https://host/gws/api/v2', ' https://gws:8443 '];
    const bad = ['gws.example.com', 'ftp://x', 'https://agent:secret@x', 'https://x/?a=1', 'https://x/#f', 'https://', ''];
    for (const url of good) {
      assert.ok(matches(field('url'), url), `schema accepts ${url}`);
      assert.ok('url' in parseServerUrl(url), `code accepts ${url}`);
    }
    for (const url of bad) {
      assert.ok(!matches(field('url'), url), `schema refuses ${url}`);
      assert.ok('error' in parseServerUrl(url), `code refuses ${url}`);
    }
  });

  it('accepts the origins the code accepts, and refuses the ones it refuses', () => {
    for (const origin of ['https://desk.example.com', 'http://localhost:3000', 'https://desk.example.com/']) {
      assert.ok(matches(field('origin'), origin), origin);
      assert.ok('origin' in parseOrigin(origin), origin);
    }
    for (const origin of ['desk.example.com', 'https://desk.example.com/app', 'ftp://desk', 'https://u:p@desk']) {
      assert.ok(!matches(field('origin'), origin), origin);
      assert.ok('error' in parseOrigin(origin), origin);
    }
  });

  it('takes an absolute CA file path, a /devices/ device path, and a loopback proxy host', () => {
    assert.ok(matches(field('caFile'), '/etc/ssl/gws-lab-ca.pem'));
    assert.ok(matches(field('caFile'), 'C:\\certs\\ca.pem'));
    assert.ok(!matches(field('caFile'), 'certs/ca.pem'));
    assert.ok(matches(field('devicePath'), '/devices/1a2b'));
    assert.ok(!matches(field('devicePath'), '1a2b'));
    const host = properties['gws.proxy.host'];
    for (const ok of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost']) assert.ok(matches(host, ok), ok);
    for (const no of ['0.0.0.0', '192.168.1.5', 'gws.example.com', '']) assert.ok(!matches(host, no), no);
  });

  it('bounds the inspector settings as the code does', () => {
    for (const [key, bounds] of Object.entries(INSPECTOR_SETTING_BOUNDS)) {
      const schema = properties[`gws.inspector.${key}`];
      assert.equal(schema.minimum, bounds.min, key);
      assert.equal(schema.maximum, bounds.max, key);
      assert.equal((schema as { default?: number }).default, bounds.fallback, key);
    }
  });
});

describe('reading settings with bad values', () => {
  it('says once per bad profile what is wrong and keeps the good ones', () => {
    const { profiles, problems } = readProfiles([
      { name: 'Lab', url: 'gws.example.com', user: 'agent1' },
      { name: 'No user', url: 'https://gws:8443' },
      'junk',
      { name: 'Typo', url: 'https://gws:8443', user: 'agent2', sessionMode: 'observ', transport: 'ws', origin: 'desk' },
    ]);
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['Typo'],
    );
    assert.equal(profiles[0].sessionMode, undefined, 'a typo reads as unset');
    assert.equal(profiles[0].transport, 'long-polling');
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems[0], /^gws\.profiles\[0\] \("Lab"\): .*not a full URL.*The profile is ignored\.$/);
    assert.match(problems[1], /gws\.profiles\[1\] \("No user"\) has no user/);
    assert.match(problems[2], /gws\.profiles\[2\] is not a profile object/);
    assert.match(problems[3], /transport "ws" is not "long-polling" or "websocket"/);
    assert.match(problems[4], /sessionMode "observ" is not "observe", "agent" or "auto"; the next sign-in asks/);
    assert.match(problems[5], /origin: .*the server's own origin is sent/);
  });

  it('reports a password in settings without repeating it, and an unknown field by name', () => {
    const { profiles, problems } = readProfiles([{ id: 'a', name: 'A', url: 'https://gws:8443', user: 'u', password: 'hunter2-secret', colour: 'red' }]);
    assert.equal(profiles.length, 1);
    assert.ok(!('password' in profiles[0]));
    assert.equal(problems.length, 2);
    assert.match(problems[0], /a password is never read from settings/);
    assert.match(problems[1], /"colour" is not a profile setting/);
    assert.ok(!problems.join(' ').includes('hunter2'), 'the password is not in the message');
  });

  it('reports a URL with credentials without repeating them, and two profiles with one id', () => {
    const { problems } = readProfiles([
      { url: 'https://agent:hunter2@gws:8443', user: 'u' },
      { id: 'x', url: 'https://a:1', user: 'u' },
      { id: 'x', url: 'https://b:1', user: 'v' },
    ]);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.ok(!problems[0].includes('hunter2'));
    assert.match(problems[1], /another profile has the id "x"/);
  });

  it('reads no problem from good or absent settings', () => {
    assert.deepEqual(readProfiles(undefined), { profiles: [], problems: [] });
    assert.deepEqual(readProfiles([{ id: 'a', name: 'A', url: 'https://gws:8443', user: 'u', sessionMode: 'agent', channels: ['voice'] }]).problems, []);
    assert.match(readProfiles({ url: 'https://gws' }).problems[0], /must be a list of profiles/);
  });

  it('falls back to the default for an inspector value out of bounds, saying so', () => {
    const values: Record<string, unknown> = { maxEvents: 10, noNotificationWarningMs: 2500 };
    const { settings, problems } = inspectorSettingsFrom((key) => values[key]);
    assert.deepEqual(settings, { maxEvents: INSPECTOR_SETTING_BOUNDS.maxEvents.fallback, noNotificationWarningMs: 2500 });
    assert.deepEqual(problems, ['The setting gws.inspector.maxEvents is 10: use a whole number from 1000 to 1000000. 50000 is used.']);
    assert.deepEqual(inspectorSettingsFrom(() => undefined).problems, []);
  });
});
