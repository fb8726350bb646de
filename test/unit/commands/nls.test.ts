// Every user-visible string of package.json's contributes lives in package.nls.json, so a
// package.nls.<lang>.json can translate it (VS Code substitutes `%key%` when it loads the
// manifest). Ids, icons, when-clauses, command names, paths and schema keywords stay literal.
import * as assert from 'node:assert/strict';
import { readNls, readRawManifest } from '../../support/manifest';

/** Keys whose string values are names, code or paths VS Code never shows as prose. */
const LITERAL = new Set([
  'id', 'command', 'icon', 'when', 'group', 'view', 'submenu', 'type', 'format', 'scope', 'pattern', 'fileMatch', 'url',
  'markdown', 'image', 'svg', 'completionEvents', 'required', 'enum', 'default', 'examples', '$ref',
]);

/** Strings of `value` that are neither `%key%` nor under a LITERAL key, with where they are. */
function literalTexts(value: unknown, where: string, key: string): string[] {
  if (LITERAL.has(key)) return [];
  if (typeof value === 'string') return /^%[\w.-]+%$/.test(value) ? [] : [`${where}: "${value.slice(0, 40)}"`];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalTexts(v, `${where}[${i}]`, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => literalTexts(v, `${where}.${k}`, k));
  return [];
}

/** Every `%key%` placeholder of the manifest. */
function placeholders(value: unknown): string[] {
  if (typeof value === 'string') return Array.from(value.matchAll(/^%([\w.-]+)%$/g), (m) => m[1]);
  if (Array.isArray(value)) return value.flatMap(placeholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

describe('package.nls.json', () => {
  const manifest = readRawManifest<{ displayName: string; description: string; contributes: unknown }>();
  const nls = readNls();

  it('holds every %key% package.json uses, as non-empty text', () => {
    const keys = placeholders(manifest);
    assert.ok(keys.length > 100, `${keys.length} placeholders`);
    for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key].trim() !== '', `package.nls.json has "${key}"`);
  });

  it('holds no key package.json does not use (a renamed key would leave the old English behind)', () => {
    const used = new Set(placeholders(manifest));
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), []);
  });

  it('leaves no user-visible contribution string literal, nor the display name and description', () => {
    assert.deepEqual(literalTexts(manifest.contributes, 'contributes', 'contributes'), []);
    assert.match(manifest.displayName, /^%[\w.-]+%$/);
    assert.match(manifest.description, /^%[\w.-]+%$/);
  });

  it('catches a title left in English (the check itself can fail)', () => {
    const found = literalTexts({ commands: [{ command: 'gws.x', title: 'Do It', icon: '$(add)' }] }, 'contributes', 'contributes');
    assert.deepEqual(found, ['contributes.commands[0].title: "Do It"']);
  });
});
