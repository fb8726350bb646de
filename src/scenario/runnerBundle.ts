// The scenario runner for the Testing view (src/testing/scenarioTests.ts): dist/scenario-runner.js,
// required when a scenario runs, so that the extension bundle, loaded at every start-up, does
// not carry the runner (its size target: bench/sections/bundle.ts). The CLI (cli.ts) bundles the
// runner itself.
import * as path from 'node:path';
import type * as Runner from './runner';

/** The runner module built from runner.ts, from `distDir`/scenario-runner.js. */
export function loadScenarioRunner(distDir: string): typeof Runner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the separate bundle, loaded at run time
  return require(path.join(distDir, 'scenario-runner.js')) as typeof Runner;
}
