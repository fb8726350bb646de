// `npm run test:e2e`: packages the extension as a .vsix (what users install), installs it into a
// fresh extensions folder of code-server, then runs mocha over out/test/e2e/**/*.test.js; each
// test starts its own workbench through test/e2e/support/workbench.ts.
//   GWS_SKIP_BUILD=1   reuse out/ as it is
//   GWS_E2E_VSIX=path  test this already packaged .vsix (e.g. a release artifact) instead of packaging
// Arguments select test files by part of their name: `npm run test:e2e -- walkthrough` runs
// out/test/e2e/walkthrough.test.js only.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const host = require('./codeServer.js');

const RUN_DEADLINE_MS = Number(process.env.GWS_E2E_DEADLINE_MS || 15 * 60_000);
const VSIX = path.join(host.REPO_ROOT, 'gws-call-inspector.vsix');
const E2E_OUT = path.join(host.REPO_ROOT, 'out', 'test', 'e2e');
const RESULTS_DIR = path.join(host.REPO_ROOT, 'test-results');

let waitingFor = 'start';
let activeChild;
let runDir;

function phase(description) {
  waitingFor = description;
  host.log(description);
}

/** Runs a command with inherited output; the child is remembered so the deadline can stop it. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(command, args, { cwd: host.REPO_ROOT, stdio: 'inherit', ...options });
    activeChild = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      activeChild = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTests(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

/** The .vsix holds the --production bundles (vscode:prepublish), so it is built after the tests. */
async function packageExtension() {
  phase('package the extension: npm run package');
  fs.rmSync(VSIX, { force: true });
  // stdin closed: vsce must never sit waiting for an answer to one of its questions.
  if ((await run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'inherit', 'inherit'] })) !== 0 || !fs.existsSync(VSIX)) {
    throw new Error('npm run package did not produce gws-call-inspector.vsix');
  }
  return VSIX;
}

async function main() {
  const started = Date.now();
  const deadline = setTimeout(async () => {
    console.error(`[host] e2e run timed out after ${host.formatSeconds(RUN_DEADLINE_MS)} waiting for: ${waitingFor}`);
    await host.killTree(activeChild);
    process.exit(1);
  }, RUN_DEADLINE_MS);
  deadline.unref();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await host.killTree(activeChild);
      process.exit(130);
    });
  }

  phase('ensure Chromium and code-server');
  const chromiumPath = await host.ensureChromium();
  const paths = await host.ensureCodeServer();
  await host.cleanSocketLeftovers();

  if (process.env.GWS_SKIP_BUILD !== '1') {
    phase('build the test bundles: node esbuild.js --tests');
    if ((await run(process.execPath, ['esbuild.js', '--tests'])) !== 0) throw new Error('build failed');
  }
  const vsix = process.env.GWS_E2E_VSIX ? path.resolve(process.env.GWS_E2E_VSIX) : await packageExtension();

  runDir = host.makeRunDir('e2e-host');
  const extensionsDir = path.join(runDir, 'extensions');
  const installUserData = path.join(runDir, 'install-user-data');
  const config = path.join(runDir, 'config.yaml');
  // Without --config, code-server writes ~/.config/code-server/config.yaml even to install.
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  phase(`install ${vsix} into a fresh extensions folder`);
  const installCode = await run(process.execPath, [
    paths.entry,
    '--config', config,
    '--user-data-dir', installUserData,
    '--extensions-dir', extensionsDir,
    '--install-extension', vsix,
  ]);
  if (installCode !== 0) throw new Error(`code-server --install-extension failed (exit ${installCode})`);

  const only = process.argv.slice(2);
  const tests = findTests(E2E_OUT).filter((file) => only.length === 0 || only.some((part) => path.basename(file).includes(part)));
  if (tests.length === 0) throw new Error(`no *.test.js under ${E2E_OUT}${only.length ? ` matching ${only.join(', ')}` : ''}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  phase(`mocha over ${tests.length} e2e test file(s)`);
  const mocha = path.join(host.REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const code = await run(
    process.execPath,
    [
      mocha,
      '--timeout', '120000',
      '--reporter', 'spec',
      '--no-color',
      '--exit',
      '--require', path.join(E2E_OUT, 'support', 'hooks.js'),
      ...tests,
    ],
    {
      env: {
        ...process.env,
        GWS_E2E_CODE_SERVER_ENTRY: paths.entry,
        GWS_E2E_EXTENSIONS_DIR: extensionsDir,
        GWS_CHROMIUM_PATH: chromiumPath,
        GWS_E2E_RESULTS_DIR: RESULTS_DIR,
      },
    },
  );
  host.log(`e2e run finished in ${host.formatSeconds(Date.now() - started)} with exit code ${code}`);
  return code;
}

main()
  .catch((error) => {
    console.error(`[host] e2e run failed while waiting for: ${waitingFor}\n[host] ${error.stack || error.message}`);
    return 1;
  })
  .then((code) => {
    if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  });
