// `npm start`: builds, starts the built-in GWS simulator (demo scenario) in this process and opens a
// VS Code with the extension loaded, a "Simulator (npm start)" profile pointing at the simulator and
// `gws.autoSignIn` set, so the window comes up signed in with live demo calls, and `gws.showOnStartup`
// set, so it shows the Calls view and the notification inspector rather than an empty Explorer.
//   desktop `code` on PATH  → code --extensionDevelopmentPath=<repo> --user-data-dir <tmp>
//   otherwise               → code-server on 127.0.0.1 (free port, or --port N); open the printed URL
// Options: --port N (code-server port), --folder PATH (workspace to open), --code-server (even if
// `code` is on PATH). Ctrl-C stops the simulator, VS Code / code-server and their children.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const host = require('./codeServer.js');
const { NPM_START_PROFILE_ID, npmStartProfile } = require('./startProfile.js');

function parseArgs(argv) {
  const options = { port: 0, folder: undefined, forceCodeServer: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--folder') options.folder = path.resolve(argv[++i]);
    else if (arg === '--code-server') options.forceCodeServer = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm start [-- --port N] [-- --folder PATH] [-- --code-server]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port needs a port number');
  return options;
}

function commandOnPath(command) {
  return childProcess.spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function buildOnce() {
  host.log('build: node esbuild.js');
  const result = childProcess.spawnSync(process.execPath, ['esbuild.js'], { cwd: host.REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
}

/**
 * User settings: a profile for the simulator, auto sign-in (the extension knows its password) and
 * the Calls view and inspector opened at startup (src/views/startupViews.ts).
 */
function writeSettings(userDataDir, simulatorUrl) {
  const settings = {
    'gws.profiles': [npmStartProfile(simulatorUrl)],
    'gws.autoSignIn': NPM_START_PROFILE_ID,
    'gws.showOnStartup': ['calls', 'inspector'],
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
  };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** The repo as an installed extension folder, so code-server loads it like any other extension. */
function linkExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(host.REPO_ROOT, 'package.json'), 'utf8'));
  const folder = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.symlinkSync(host.REPO_ROOT, folder, 'dir');
  return folder;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  buildOnce();

  const runDir = host.makeRunDir('start');
  const stops = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    host.log('stopping ...');
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error(`[host] while stopping: ${error.message}`);
      }
    }
    fs.rmSync(runDir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  const simulatorModule = path.join(host.REPO_ROOT, 'dist', 'simulator.js');
  const { startSimulator } = require(simulatorModule);
  const simulator = await startSimulator({ port: 0, scenario: 'demo' });
  stops.push(() => simulator.stop());
  host.log(`GWS simulator (demo scenario) on ${simulator.url}, user agent1`);

  const userDataDir = path.join(runDir, 'user-data');
  writeSettings(userDataDir, simulator.url);
  const folder = options.folder ?? path.join(runDir, 'workspace');
  fs.mkdirSync(folder, { recursive: true });

  let child;
  if (commandOnPath('code') && !options.forceCodeServer) {
    host.log('opening desktop VS Code (close its window or press Ctrl-C here to stop)');
    // --wait keeps the CLI alive until the window closes, so its exit tells us to stop.
    child = childProcess.spawn(
      'code',
      ['--new-window', '--wait', `--extensionDevelopmentPath=${host.REPO_ROOT}`, `--user-data-dir=${userDataDir}`, folder],
      { stdio: 'inherit' },
    );
  } else {
    const paths = await host.ensureCodeServer();
    const extensionsDir = path.join(runDir, 'extensions');
    linkExtension(extensionsDir);
    const port = options.port || (await host.freePort());
    child = childProcess.spawn(
      process.execPath,
      host.codeServerArgs({ entry: paths.entry, runDir, port, userDataDir, extensionsDir, folder }),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Its errors matter; two never do here: the missing vsda (a closed-source signing module)
    // and the extension gallery, which this machine cannot reach.
    const harmless = /vsda|ENOTFOUND open-vsx\.org/;
    child.stderr.on('data', (chunk) => {
      const lines = String(chunk).split('\n').filter((line) => line.trim() && !harmless.test(line));
      if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
    });
    stops.push(() => host.killTree(child));
    const baseUrl = `http://127.0.0.1:${port}`;
    await host.waitForHealthz(baseUrl, { timeoutMs: 90_000, whileAlive: child });
    host.log(`VS Code (code-server) is ready: open ${baseUrl}/?folder=${encodeURIComponent(folder)}`);
    host.log('the extension signs in to "Simulator (npm start)" by itself; Ctrl-C here stops everything');
  }
  stops.push(() => host.killTree(child));
  // Also on an unexpected exit of this process: never leave a VS Code server behind.
  process.on('exit', () => host.killTreeNow(child));
  child.on('exit', (code) => {
    host.log(`VS Code exited (${code})`);
    stopAll(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`[host] npm start failed: ${error.message}`);
  process.exit(1);
});
