// Builds every bundle of the project. See README "Developing".
//   node esbuild.js               extension + simulator + recording proxy + webview (development)
//   node esbuild.js --production  the same, minified, no source maps (what the .vsix holds)
//   node esbuild.js --watch       rebuild on change; prints the lines $esbuild-watch reads
//   node esbuild.js --tests       also the test and benchmark bundles under out/
//   node esbuild.js --simulator-only   only the simulator (npm run simulator)
//   node esbuild.js --scenario-only    the scenario runner's CLI and the simulator it starts (npm run scenario)
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');
const simulatorOnly = args.has('--simulator-only');
const scenarioOnly = args.has('--scenario-only');

/** Prints the start/finish lines the `$esbuild-watch` problem matcher expects. */
const watchProblemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  // cometd's free `window` references resolve to a module-local object (no globals).
  inject: [path.join(__dirname, 'src/gws/cometdWindow.ts')],
  // Optional native add-ons that ws (and, in the test bundles, cometd-nodejs-client) try to
  // load at run time.
  external: ['vscode', 'bufferutil', 'utf-8-validate', 'kerberos'],
  // axios's multipart support is never used (GWS is JSON only); its form-data dependency
  // would add mime-db, 137 KB, to the extension bundle.
  alias: { 'form-data': './src/gws/shims/noFormData.ts' },
  plugins: watch ? [watchProblemMatcher] : [],
};

// The extension bundle (and the tests that load its modules) also leaves out what the GWS
// client never runs: follow-redirects (it follows no redirect) and debug (logging of the
// user-proxy agents, printed only under DEBUG). See src/gws/shims/.
const extensionAlias = {
  ...nodeCommon.alias,
  'follow-redirects': './src/gws/shims/noFollowRedirects.ts',
  debug: './src/gws/shims/noDebug.ts',
};

function findFiles(dir, test) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, test);
    return test(full) ? [full] : [];
  });
}

function configs() {
  const simulator = [
    { ...nodeCommon, inject: [], entryPoints: { simulator: 'src/simulator/index.ts' }, outdir: 'dist' },
    { ...nodeCommon, inject: [], entryPoints: { 'simulator-cli': 'src/simulator/cli.ts' }, outdir: 'dist' },
  ];
  if (simulatorOnly) return simulator;
  // The CLI loads dist/simulator.js at run time (src/scenario/cli.ts): built together.
  const scenarioCli = { ...nodeCommon, entryPoints: { 'scenario-cli': 'src/scenario/cli.ts' }, outdir: 'dist' };
  if (scenarioOnly) return [...simulator, scenarioCli];
  const list = [
    { ...nodeCommon, alias: extensionAlias, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
    ...simulator,
    // The recording proxy (issue 13) with http-proxy-3: loaded only when the user starts one
    // (src/session/recordingProxies.ts), so the extension bundle does not carry it. No cometd
    // in it, so no `window` shim.
    // Its forwarding runs in a worker thread of its own, from dist/proxyWorker.js
    // (src/proxy/workerWire.ts says why).
    { ...nodeCommon, inject: [], entryPoints: { proxy: 'src/proxy/index.ts', proxyWorker: 'src/proxy/proxyWorker.ts' }, outdir: 'dist' },
    // The scenario runner of the Testing view: loaded when a scenario runs
    // (src/scenario/runnerBundle.ts), so the extension bundle does not carry it.
    { ...nodeCommon, alias: extensionAlias, entryPoints: { 'scenario-runner': 'src/scenario/runner.ts' }, outdir: 'dist' },
    scenarioCli,
    {
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      sourcemap: production ? false : 'inline',
      minify: production,
      logLevel: 'warning',
      entryPoints: { inspector: 'src/webview-ui/inspector/main.ts' },
      outdir: 'dist/webview',
      loader: { '.css': 'css' },
      plugins: watch ? [watchProblemMatcher] : [],
    },
  ];
  if (withTests) {
    const entries = [
      ...findFiles('test', (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes(`${path.sep}fixtures${path.sep}`)),
      ...findFiles('bench', (f) => f.endsWith('.ts')),
    ];
    list.push({
      ...nodeCommon,
      alias: extensionAlias,
      sourcemap: true,
      minify: false,
      entryPoints: entries,
      outbase: '.',
      outdir: 'out',
      // Test runners and browser drivers stay real node_modules packages.
      external: [...nodeCommon.external, 'mocha', 'playwright-core', '@vscode/test-electron', 'esbuild'],
    });
  }
  return list;
}

async function main() {
  const list = configs();
  // A test renamed or removed must not keep running from an old bundle.
  if (withTests) for (const dir of ['out/test', 'out/bench']) fs.rmSync(dir, { recursive: true, force: true });
  if (watch) {
    const contexts = await Promise.all(list.map((c) => esbuild.context(c)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(list.map((c) => esbuild.build(c)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
