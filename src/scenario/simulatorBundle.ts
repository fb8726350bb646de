// The built-in simulator for a scenario run: dist/simulator.js, required at run time so that
// the runner shares no code with the simulator (as src/session/localSimulator.ts loads it for
// the extension). Used by the CLI (cli.ts) and the Testing view (src/testing/scenarioTests.ts).
import * as path from 'node:path';
import type { RunningServer } from './runner';

/** The part of dist/simulator.js a scenario run uses. */
interface SimulatorModule {
  startSimulator(options: { port?: number; host?: string }): Promise<RunningServer>;
}

/** Starts a fresh simulator from `distDir`/simulator.js on a free loopback port. */
export function startBundledSimulator(distDir: string): Promise<RunningServer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the separate bundle, loaded at run time
  const simulator = require(path.join(distDir, 'simulator.js')) as SimulatorModule;
  return simulator.startSimulator({ port: 0, host: '127.0.0.1' });
}
