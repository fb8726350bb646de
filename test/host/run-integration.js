// `npm run test:integration`: builds, then runs out/test/integration/index.js inside a real VS
// Code extension host and exits with the suite's result.
//   GWS_VSCODE_HOST=electron  desktop VS Code through @vscode/test-electron (needs its download)
//   GWS_VSCODE_HOST=server    the VS Code server inside code-server, opened in Chromium
//   (unset)                   electron when a desktop VS Code can be had here, else server
//   GWS_SKIP_BUILD=1          reuse out/ (run-all.js sets it after the unit layer built)
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const host = require('./codeServer.js');

const RUN_DEADLINE_MS = Number(process.env.GWS_INTEGRATION_DEADLINE_MS || 10 * 60_000);
const ELECTRON_PROBE_TIMEOUT_MS = 15_000;
const TESTS_MODULE = path.join(host.REPO_ROOT, 'out', 'test', 'integration', 'index.js');

/**
 * Workbench log lines that say nothing about the suite (docs/test-host.md#harmless-noise:
 * no marketplace, no service worker over plain http). Kept for the failure report, not printed.
 */
const WORKBENCH_NOISE = [
  /^Resolving connection token/,
  /^Resolved connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /ENOTFOUND open-vsx\.org/,
  /vsda/,
  /^ChatSessionStore:/,
];

/** What the runner is doing now; the overall deadline prints it. */
let waitingFor = 'start';
const cleanups = [];

function phase(description) {
  waitingFor = description;
  host.log(description);
}

function startDeadline() {
  const timer = setTimeout(async () => {
    console.error(`[host] integration run timed out after ${host.formatSeconds(RUN_DEADLINE_MS)} waiting for: ${waitingFor}`);
    await runCleanups(true);
    process.exit(1);
  }, RUN_DEADLINE_MS);
  timer.unref();
}

async function runCleanups(failed) {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop();
    try {
      await cleanup(failed);
    } catch (error) {
      console.error(`[host] cleanup failed: ${error.message}`);
    }
  }
}

function runInherited(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(command, args, { cwd: host.REPO_ROOT, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function build() {
  if (process.env.GWS_SKIP_BUILD === '1') return;
  phase('build: node esbuild.js --tests');
  const code = await runInherited(process.execPath, ['esbuild.js', '--tests']);
  if (code !== 0) throw new Error(`build failed (exit ${code})`);
}

/** Only GWS_TEST_* variables are meant for the tests; the extension host inherits the rest anyway. */
function testEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('GWS_TEST_')));
}

async function chooseHost() {
  const requested = process.env.GWS_VSCODE_HOST;
  if (requested === 'electron' || requested === 'server') return { kind: requested };
  if (requested) throw new Error(`GWS_VSCODE_HOST must be "electron" or "server", not "${requested}"`);
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    host.log('no DISPLAY for a desktop VS Code: using the VS Code server in code-server');
    return { kind: 'server' };
  }
  phase('probe: can a desktop VS Code be downloaded here?');
  const { downloadAndUnzipVSCode } = require('@vscode/test-electron');
  try {
    const executable = await withTimeout(
      downloadAndUnzipVSCode({ cachePath: host.TEST_CACHE_DIR, timeout: ELECTRON_PROBE_TIMEOUT_MS }),
      ELECTRON_PROBE_TIMEOUT_MS * 4,
      'VS Code download',
    );
    return { kind: 'electron', executable };
  } catch (error) {
    host.log(`desktop VS Code not available (${firstLine(error)}): using the VS Code server in code-server`);
    return { kind: 'server' };
  }
}

function firstLine(error) {
  return String(error && error.message ? error.message : error).split('\n')[0];
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${host.formatSeconds(ms)}`)), ms);
    }),
  ]);
}

/** The desktop way: @vscode/test-electron starts VS Code with the tests module. */
async function runInElectron(executable) {
  const { runTests } = require('@vscode/test-electron');
  const runDir = host.makeRunDir('integration');
  cleanups.push(() => fs.rmSync(runDir, { recursive: true, force: true }));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace);
  phase('desktop VS Code: extension tests (mocha output follows)');
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      cachePath: host.TEST_CACHE_DIR,
      extensionDevelopmentPath: host.REPO_ROOT,
      extensionTestsPath: TESTS_MODULE,
      extensionTestsEnv: testEnv(),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(runDir, 'user-data')}`,
        `--extensions-dir=${path.join(runDir, 'extensions')}`,
      ],
    });
  } catch (error) {
    console.error(`[host] ${error.message}`);
    return 1;
  }
}

/**
 * The VS Code server inside code-server, with the workbench in Chromium: the smoke-test driver
 * hands the extension host's output to `codeAutomationLog` and the suite's result to
 * `codeAutomationExit` (docs/test-host.md#integration-tests-inside-the-extension-host).
 */
async function runInServer() {
  phase('ensure Chromium and code-server');
  const chromiumPath = await host.ensureChromium();
  const paths = await host.ensureCodeServer();
  await host.cleanSocketLeftovers();

  const runDir = host.makeRunDir('integration');
  const dirs = Object.fromEntries(
    ['user-data', 'server-data', 'extensions', 'workspace', 'browser'].map((name) => {
      const dir = path.join(runDir, name);
      fs.mkdirSync(dir);
      return [name, dir];
    }),
  );
  let keepRunDir = false;
  cleanups.push(() => {
    if (!keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  });

  const port = await host.freePort();
  const serverLog = path.join(runDir, 'server.log');
  const serverOut = fs.openSync(serverLog, 'w');
  phase(`start the VS Code server on 127.0.0.1:${port}`);
  const server = childProcess.spawn(
    process.execPath,
    [
      paths.serverMain,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      '--user-data-dir', dirs['user-data'],
      '--server-data-dir', dirs['server-data'],
      '--extensions-dir', dirs.extensions,
    ],
    // The extension host is a child of this server and inherits its environment (GWS_TEST_*).
    { cwd: runDir, env: { ...process.env, ...testEnv() }, stdio: ['ignore', serverOut, serverOut] },
  );
  cleanups.push(() => host.killTree(server));
  const baseUrl = `http://127.0.0.1:${port}`;
  await host.waitForHttp(`${baseUrl}/version`, { what: 'the VS Code server', timeoutMs: 60_000, whileAlive: server });

  phase('open the workbench in Chromium');
  const { chromium } = require('playwright-core');
  const context = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: chromiumPath,
    headless: true,
    args: host.CHROMIUM_ARGS,
  });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const browserConsole = [];
  page.on('console', (message) => browserConsole.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => browserConsole.push(`[pageerror] ${error.message}`));

  let reportExit;
  const exited = new Promise((resolve) => {
    reportExit = resolve;
  });
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    // The driver forwards the workbench's log and the extension host's console as
    // (level, [format, ...args]); mocha's spec reporter uses console.log('%s ...', ...).
    const line = Array.isArray(args) ? util.format(...args) : String(args);
    if (WORKBENCH_NOISE.some((pattern) => pattern.test(line))) browserConsole.push(`[workbench ${level}] ${line}`);
    else process.stdout.write(`${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));

  const remote = (absolute) => `vscode-remote://127.0.0.1:${port}${absolute}`;
  const payload = [
    ['extensionDevelopmentPath', remote(host.REPO_ROOT)],
    ['extensionTestsPath', remote(TESTS_MODULE)],
  ];
  const url = `${baseUrl}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  phase('extension tests in the VS Code server (mocha output follows)');
  const code = await exited;
  host.log(`the extension host reported exit code ${code}`);
  if (code !== 0) {
    keepRunDir = true;
    console.error(`\n[host] ---- VS Code server log (${serverLog}) ----\n${host.tailOfFile(serverLog, 80)}`);
    const remoteLogs = findFiles(path.join(dirs['server-data'], 'data', 'logs'), (f) => f.endsWith('exthost.log') || f.endsWith('remoteagent.log'));
    for (const file of remoteLogs) console.error(`\n[host] ---- ${file} ----\n${host.tailOfFile(file, 60)}`);
    console.error(`\n[host] ---- browser console (last 60) ----\n${browserConsole.slice(-60).join('\n')}`);
    console.error(`[host] run folder kept for inspection: ${runDir}`);
  }
  return code;
}

function findFiles(dir, test) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, test);
    return test(full) ? [full] : [];
  });
}

async function main() {
  const started = Date.now();
  startDeadline();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await runCleanups(true);
      process.exit(130);
    });
  }
  let code;
  try {
    await build();
    if (!fs.existsSync(TESTS_MODULE)) throw new Error(`${TESTS_MODULE} is missing after the build`);
    const chosen = await chooseHost();
    code = chosen.kind === 'electron' ? await runInElectron(chosen.executable) : await runInServer();
  } catch (error) {
    console.error(`[host] integration run failed while waiting for: ${waitingFor}\n[host] ${error.stack || error.message}`);
    code = 1;
  }
  await runCleanups(code !== 0);
  host.log(`integration run finished in ${host.formatSeconds(Date.now() - started)} with exit code ${code}`);
  process.exit(code);
}

main();
