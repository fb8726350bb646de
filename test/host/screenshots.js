// `npm run screenshots`: refreshes the README's pictures from a real run. It runs the e2e files
// that take them (test/e2e/walkthrough.test.ts follows the walkthrough by clicking,
// test/e2e/agentsTransfer.test.ts shows two sessions), which save cropped screenshots under
// test-results/, and copies the chosen ones into media/. A picture over MAX_BYTES is refused:
// the README is also the Marketplace page, and the .vsix carries media/.
//   --reuse   copy what the last run left in test-results/ instead of running the tests again
// Variables pass to test/host/run-e2e.js (GWS_SKIP_BUILD, GWS_E2E_VSIX).
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const MEDIA_DIR = path.join(REPO_ROOT, 'media');
const MAX_BYTES = 200 * 1024;

/** media/ file ← screenshot under test-results/ (names as the tests save them). */
const PICTURES = {
  'screenshot.png': 'walkthrough/05-inspect.crop-inspector.png',
  'walkthrough.png': 'walkthrough/06-done.crop-walkthrough.png',
  'walkthrough-record.png': 'walkthrough/04-record.crop-menu.png',
  'calls-sessions.png': 'calls-sessions.png',
};
const TEST_FILES = ['walkthrough', 'agentsTransfer'];

function fail(message) {
  console.error(`[screenshots] ${message}`);
  process.exit(1);
}

function runE2e() {
  const result = childProcess.spawnSync(process.execPath, [path.join(__dirname, 'run-e2e.js'), ...TEST_FILES], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail(`the e2e run failed (exit ${result.status ?? result.signal}); media/ is unchanged`);
}

function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--reuse');
  if (unknown.length > 0) fail(`unknown argument ${unknown[0]}: the only option is --reuse`);
  const reuse = args.includes('--reuse');
  const started = Date.now();
  if (!reuse) runE2e();

  // Check every picture before copying any, so that a bad run leaves media/ as it was.
  const sources = Object.entries(PICTURES).map(([target, source]) => {
    const file = path.join(RESULTS_DIR, source);
    if (!fs.existsSync(file)) fail(`${path.relative(REPO_ROOT, file)} is missing: run \`npm run screenshots\` without --reuse`);
    const stat = fs.statSync(file);
    // A file older than this run is a leftover of another one (a test that no longer takes it).
    if (!reuse && stat.mtimeMs < started) fail(`${path.relative(REPO_ROOT, file)} was not written by this run`);
    if (stat.size > MAX_BYTES) fail(`${path.relative(REPO_ROOT, file)} is ${Math.round(stat.size / 1024)} KB, over ${MAX_BYTES / 1024} KB: crop it further in its test`);
    return { file, target: path.join(MEDIA_DIR, target), size: stat.size };
  });
  for (const { file, target, size } of sources) {
    fs.copyFileSync(file, target);
    console.log(`[screenshots] ${path.relative(REPO_ROOT, target)} ← ${path.relative(REPO_ROOT, file)} (${Math.round(size / 1024)} KB)`);
  }
}

main();
