// The real VS Code this project's tests run in, on a machine that can reach only the npm
// registry and Debian's packages (see docs/test-host.md): code-server from npm (a VS Code
// server plus its web workbench) and Debian's Chromium driven by playwright-core.
// Plain CommonJS on purpose: it runs before anything is built.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CODE_SERVER_VERSION = '4.100.3';
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TEST_CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');
const INSTALL_DIR = path.join(TEST_CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
const CODE_SERVER_ROOT = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(CODE_SERVER_ROOT, 'lib', 'vscode');
const RIPGREP_BIN_DIR = path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
// Written only after every step succeeded: its presence is what makes the second run instant.
const INSTALLED_MARKER = path.join(INSTALL_DIR, '.installed.json');
const LOG_DIR = path.join(INSTALL_DIR, 'logs');
const DEBIAN_RIPGREP = '/usr/bin/rg';
const CHROMIUM_PATH = process.env.GWS_CHROMIUM_PATH || '/usr/bin/chromium';

// The Linux native modules VS Code's server needs; `kerberos` is left out because it is only
// used for Kerberos proxy authentication and needs libkrb5-dev to build.
const VSCODE_NATIVE_MODULES = ['@parcel/watcher', '@vscode/deviceid', '@vscode/spdlog', 'native-watchdog', 'node-pty'];
// npm 11 reports (and a later npm blocks) dependency install scripts a project has not approved
// in its package.json `allowScripts`. These are the ones the two `npm rebuild` steps are for.
const VSCODE_ALLOWED_SCRIPTS = [
  ...VSCODE_NATIVE_MODULES,
  '@vscode/ripgrep',
  '@vscode/windows-process-tree',
  '@vscode/windows-registry',
  'kerberos',
];
const CODE_SERVER_ALLOWED_SCRIPTS = ['code-server', 'argon2'];

/** Everything under code-server that the runners start. */
const codeServerPaths = {
  root: CODE_SERVER_ROOT,
  entry: path.join(CODE_SERVER_ROOT, 'out', 'node', 'entry.js'),
  serverMain: path.join(VSCODE_DIR, 'out', 'server-main.js'),
};

function log(message) {
  console.log(`[host] ${message}`);
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function tailOfFile(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Runs one command with its output going to a log file; rejects with the log's tail so a failed
 * step says why without flooding the console when it works.
 */
function runLogged(stepName, command, args, options) {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${stepName.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.log`);
  const out = fs.openSync(logFile, 'w');
  fs.writeSync(out, `$ ${command} ${args.join(' ')}\n(cwd ${options.cwd})\n`);
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(command, args, { ...options, stdio: ['ignore', out, out] });
    child.on('error', (error) => {
      fs.closeSync(out);
      reject(new Error(`${stepName}: could not start ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve(logFile);
      reject(
        new Error(
          `${stepName} failed (${signal ?? `exit ${code}`}). Last lines of ${logFile}:\n${tailOfFile(logFile)}`,
        ),
      );
    });
  });
}

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(INSTALLED_MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Environment for the install steps (why each is needed: docs/test-host.md#install-environment). */
function installEnv() {
  return {
    ...process.env,
    // node-pty's install runs `npx node-gyp`; the machine's ~/.npmrc says yes=false.
    npm_config_yes: 'true',
    // As root, code-server's postinstall.sh refuses to run without it (npm itself warns that it
    // no longer knows the option; the script reads it from the environment).
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/**
 * Installs code-server into .vscode-test/ in the steps of docs/test-host.md#install-steps (a
 * plain `npm install code-server` would try to download ripgrep from the internet). Cached:
 * returns at once when a previous install completed.
 */
async function ensureCodeServer() {
  const marker = readMarker();
  const haveDebianRipgrep = fs.existsSync(DEBIAN_RIPGREP);
  if (marker && marker.version === CODE_SERVER_VERSION && fs.existsSync(codeServerPaths.entry)) {
    if (!marker.ripgrep && haveDebianRipgrep) linkRipgrep();
    return codeServerPaths;
  }
  return withInstallLock(async () => {
    // Another process may have finished the install while this one waited for the lock.
    if (readMarker() && fs.existsSync(codeServerPaths.entry)) return codeServerPaths;
    await installCodeServer(haveDebianRipgrep);
    return codeServerPaths;
  });
}

async function installCodeServer(withRipgrep) {
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, INSTALL_DIR)}/ (once; about a minute)`);
  // A half-finished install (no marker) is not trusted: start clean.
  for (const entry of fs.existsSync(INSTALL_DIR) ? fs.readdirSync(INSTALL_DIR) : []) {
    if (entry !== '.lock') fs.rmSync(path.join(INSTALL_DIR, entry), { recursive: true, force: true });
  }
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'gws-code-server-host',
        private: true,
        description: 'Test host; see test/host/codeServer.js',
        allowScripts: allowAll(CODE_SERVER_ALLOWED_SCRIPTS),
      },
      null,
      2,
    ),
  );
  const env = installEnv();
  const step = async (name, cwd, args) => {
    const stepStarted = Date.now();
    log(`  ${name} ...`);
    await runLogged(name, 'npm', args, { cwd, env });
    log(`  ${name} done (${formatSeconds(Date.now() - stepStarted)})`);
  };

  await step('1 npm install code-server', INSTALL_DIR, ['install', '--ignore-scripts', '--save-exact', `code-server@${CODE_SERVER_VERSION}`]);
  await step('2 npm install lib/vscode', VSCODE_DIR, ['install', '--omit=dev', '--ignore-scripts']);
  approveScripts(path.join(VSCODE_DIR, 'package.json'), VSCODE_ALLOWED_SCRIPTS);
  // Step 3: with bin/ present, @vscode/ripgrep's postinstall skips its download.
  if (withRipgrep) {
    linkRipgrep();
    log('  3 linked Debian ripgrep');
    await step('4 npm rebuild lib/vscode', VSCODE_DIR, ['rebuild']);
  } else {
    fs.mkdirSync(RIPGREP_BIN_DIR, { recursive: true });
    log(`  3 no ${DEBIAN_RIPGREP}: the workbench's text search will be missing (apt-get install ripgrep)`);
    await step('4 npm rebuild lib/vscode (Linux native modules)', VSCODE_DIR, ['rebuild', ...VSCODE_NATIVE_MODULES]);
  }
  await step('5 npm rebuild code-server', INSTALL_DIR, ['rebuild']);

  fs.writeFileSync(
    INSTALLED_MARKER,
    JSON.stringify({ version: CODE_SERVER_VERSION, ripgrep: withRipgrep, installedAt: new Date().toISOString() }, null, 2),
  );
  log(`code-server ${CODE_SERVER_VERSION} installed in ${formatSeconds(Date.now() - started)}`);
}

function allowAll(names) {
  return Object.fromEntries(names.map((name) => [name, true]));
}

/** Adds `allowScripts` to a package.json of the code-server tree (ours to change: a private copy). */
function approveScripts(packageJsonPath, names) {
  const manifest = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
  manifest.allowScripts = { ...manifest.allowScripts, ...allowAll(names) };
  fs.writeFileSync(packageJsonPath, JSON.stringify(manifest, null, 2));
}

function linkRipgrep() {
  fs.mkdirSync(RIPGREP_BIN_DIR, { recursive: true });
  const target = path.join(RIPGREP_BIN_DIR, 'rg');
  fs.rmSync(target, { force: true });
  fs.symlinkSync(DEBIAN_RIPGREP, target);
  const marker = readMarker();
  if (marker) fs.writeFileSync(INSTALLED_MARKER, JSON.stringify({ ...marker, ripgrep: true }, null, 2));
}

/** One installer at a time (two runners started together must not install over each other). */
async function withInstallLock(work) {
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  const lockDir = path.join(INSTALL_DIR, '.lock');
  const deadline = Date.now() + 10 * 60_000;
  while (!tryTakeLock(lockDir)) {
    if (!lockOwnerAlive(lockDir)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`waited 10 min for another code-server install (${lockDir})`);
    log('waiting for another process that is installing code-server ...');
    await delayForPolling(2000);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever creates the folder owns the install. */
function tryTakeLock(lockDir) {
  try {
    fs.mkdirSync(lockDir);
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
  fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
  return true;
}

function lockOwnerAlive(lockDir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
  } catch {
    // The owner may be between mkdir and writing its pid: treat it as alive.
    return true;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The interval between two checks of a condition we poll; never a synchronisation by itself. */
function delayForPolling(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function commandExists(command) {
  return childProcess.spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Debian's Chromium (playwright-core drives it; Playwright's own browser downloads cannot work here). */
async function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it (Debian: sudo apt-get install -y chromium) ` +
        'or point GWS_CHROMIUM_PATH at a Chromium/Chrome binary.',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const started = Date.now();
  log(`no ${CHROMIUM_PATH}: running apt-get update && apt-get install -y chromium (as root; about 20 s)`);
  await runLogged('apt-get update', 'apt-get', ['update', '-q'], { cwd: os.tmpdir(), env });
  await runLogged('apt-get install chromium', 'apt-get', ['install', '-y', '-q', 'chromium'], { cwd: os.tmpdir(), env });
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
  log(`chromium installed in ${formatSeconds(Date.now() - started)}`);
  return CHROMIUM_PATH;
}

/** A TCP port on loopback that nothing listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

/**
 * Polls `url` until it answers with a status `accept` likes, or fails at the deadline saying what it
 * waited for. `whileAlive` (a child process) makes it fail early when the server died.
 */
async function waitForHttp(url, { what = url, timeoutMs = 60_000, accept = (status) => status > 0 && status < 500, whileAlive } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await httpStatus(url);
    if (status !== undefined && accept(status)) return status;
    if (whileAlive && whileAlive.exitCode !== null) {
      throw new Error(`${what}: the process exited (code ${whileAlive.exitCode}) before ${url} answered`);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${formatSeconds(timeoutMs)} waiting for ${what} (${url}; last status ${status ?? 'no answer'})`);
    }
    await delayForPolling(250);
  }
}

function waitForHealthz(baseUrl, options = {}) {
  return waitForHttp(new URL('/healthz', baseUrl).href, { what: 'code-server /healthz', ...options, accept: (s) => s === 200 });
}

/** Children of `pid` (from /proc), so a tree can be stopped even when members left its group. */
function childPids(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) all.push(...childPids(all[i]));
  return all;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a child and every process below it: SIGTERM to the whole tree, then SIGKILL to whatever
 * is still there after `graceMs`. Only the given process and its descendants are touched.
 */
async function killTree(child, { graceMs = 5000 } = {}) {
  if (!child || child.pid === undefined) return;
  const pids = processTree(child.pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await delayForPolling(100);
  for (const pid of pids.filter(isAlive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Synchronous variant for process 'exit' handlers, where nothing asynchronous runs any more. */
function killTreeNow(child) {
  if (!child || child.pid === undefined) return;
  for (const pid of processTree(child.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function socketIsListening(socketPath) {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Removes the git/ipc sockets VS Code leaves in the temp folder. Only stale ones (nobody listens):
 * another VS Code may be running on this machine at the same time.
 */
async function cleanSocketLeftovers(dir = os.tmpdir()) {
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!/^vscode-(git|ipc)-.*\.sock$/.test(name)) continue;
    const full = path.join(dir, name);
    if (await socketIsListening(full)) continue;
    fs.rmSync(full, { force: true });
    removed += 1;
  }
  return removed;
}

/** A fresh temporary folder holding one run's user data, extensions, workspace, logs. */
function makeRunDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gws-${prefix}-`));
}

/** Debian's Chromium in a container, with no internet (docs/test-host.md#chromium). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The arguments that start code-server's VS Code on 127.0.0.1:`port` with no auth, its config
 * file written into `runDir` (without --config it writes ~/.config/code-server/config.yaml).
 * Used by `npm start` and by the e2e workbench, which must start it the same way.
 */
function codeServerArgs({ entry, runDir, port, userDataDir, extensionsDir, folder }) {
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config', config,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    folder,
  ];
}

module.exports = {
  CODE_SERVER_VERSION,
  codeServerArgs,
  REPO_ROOT,
  TEST_CACHE_DIR,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  codeServerPaths,
  ensureCodeServer,
  ensureChromium,
  freePort,
  waitForHttp,
  waitForHealthz,
  killTree,
  killTreeNow,
  cleanSocketLeftovers,
  makeRunDir,
  tailOfFile,
  formatSeconds,
  delayForPolling,
  log,
};
