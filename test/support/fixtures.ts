// The repository's own test data (test/fixtures/), found from wherever a test runs: from
// its source folder or from its bundle under out/. Nothing here looks outside the repository.
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'gws-call-inspector';

/** The folder holding this project's package.json, searched upwards from `start`. */
export function repoRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) throw new Error(`the ${PACKAGE_NAME} package.json was not found above ${start}`);
  }
}

/** The recording proxy's worker thread (src/proxy/proxyWorker.ts) as `node esbuild.js` builds it. */
export function proxyWorkerScript(): string {
  const script = path.join(repoRoot(), 'dist', 'proxyWorker.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run "node esbuild.js --tests" first`);
  return script;
}

/** test/fixtures/gws: the documented GWS payloads (see its README.md). */
export const GWS_FIXTURES_DIR = path.join(repoRoot(), 'test', 'fixtures', 'gws');

/** A fresh parse of one documented GWS payload, e.g. '03-call-recording-state-change-notification.json'. */
export function readGwsFixture<T = unknown>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(GWS_FIXTURES_DIR, name), 'utf8')) as T;
}
