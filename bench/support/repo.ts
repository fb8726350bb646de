import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from wherever the bundle runs (out/bench/...). */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'gws-call-inspector') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bench: repository root not found');
    dir = parent;
  }
}
