// Mutation testing (npm run test:mutation; README "Developing"). Not part of npm test or CI:
// it takes minutes per module. Stryker copies the repository into .stryker-tmp/, instruments
// the `mutate` files there (all mutants in one build, switched at run time), rebundles the
// unit tests with esbuild in that copy (buildCommand) and runs the bundles with mocha.
// Only the model, with only its tests: npm run test:mutation:model (stryker.model.config.mjs).
// One module:   npm run test:mutation:model -- --mutate src/model/diff.ts
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  mutate: [
    // The model: what the inspector shows (diffs, links, the stream, its files).
    'src/model/**/*.ts',
    // Types only: nothing to mutate.
    '!src/model/diffTypes.ts',
    'src/base/redact.ts',
    'src/gws/gwsSession.ts',
  ],
  testRunner: 'mocha',
  // The tests are TypeScript bundled by esbuild: the sandbox's src/ holds the mutated code,
  // and this rebuilds the sandbox's out/ from it (esbuild does not type-check).
  buildCommand: 'node esbuild.js --tests',
  mochaOptions: {
    // Only the bundles that load a mutated module (the others cannot kill a mutant, and the
    // simulator's own tests would slow every run of a static mutant). The unit tests' mocha
    // settings (.mocharc.unit.json) are not read: its spec is the whole suite.
    'no-config': true,
    spec: [
      'out/test/unit/model/**/*.test.js',
      'out/test/unit/base/redact.test.js',
      // Every spec that drives a GwsSession against the simulator (its modes, paths, recovery).
      'out/test/unit/gws/gwsSession*.test.js',
      'out/test/unit/gws/recovery.test.js',
      'out/test/unit/gws/restClient.test.js',
      'out/test/unit/profiles/**/*.test.js',
      'out/test/unit/webviews/**/*.test.js',
      // The one spec that drives src/model/simulatorReplay.ts (against the simulator).
      'out/test/unit/scenario/replaySelectionInSimulator.test.js',
    ],
  },
  // The instrumented code tells Stryker which tests reach each mutant (it works through the
  // bundle: the counters live on a global), so a mutant runs only the tests that cover it.
  // A static mutant (one in code that runs when a module loads, such as a table of constants)
  // cannot be traced to tests: it runs every spec file above, so their total time matters.
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // The sandbox copies the repository: leave out what the build and the tests do not read.
  // out/ is rebuilt there; Stryker then warns "Test file ... not found in input files" for
  // each test bundle, which only means the report does not embed the bundles' text.
  ignorePatterns: ['dist', 'out', '.vscode-test', 'test-results', 'reports', '*.vsix', 'media', 'docs', '.ci'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The goal is 85 % per model module (README "Developing"); the run itself never fails on a score.
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
export default config;
