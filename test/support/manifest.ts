// package.json as VS Code shows it: its `%key%` strings replaced by their English text from
// package.nls.json (VS Code does the same when it loads the extension; see the l10n test in
// test/unit/commands/nls.test.ts for the rules the two files follow).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './fixtures';

export type NlsBundle = Record<string, string>;

export function readNls(root: string = repoRoot()): NlsBundle {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as NlsBundle;
}

/** The raw package.json, placeholders left as they are. */
export function readRawManifest<T = Record<string, unknown>>(root: string = repoRoot()): T {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as T;
}

/** Every string that is exactly `%key%` becomes its text; a key missing from the bundle throws. */
export function localise<T>(value: T, nls: NlsBundle): T {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (!m) return value;
    if (!(m[1] in nls)) throw new Error(`package.nls.json has no "${m[1]}"`);
    return nls[m[1]] as T;
  }
  if (Array.isArray(value)) return value.map((v) => localise(v, nls)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localise(v, nls)])) as T;
  return value;
}

/** package.json with its English texts in place, as the Settings editor and the palette show it. */
export function readManifest<T = Record<string, unknown>>(root: string = repoRoot()): T {
  return localise(readRawManifest<T>(root), readNls(root));
}
