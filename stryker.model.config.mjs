// Mutation testing of src/model only, with only the tests that load it (npm run
// test:mutation:model; README "Developing"): the session's tests, which need the simulator,
// are left out, which matters most for static mutants (they run every spec file).
// @ts-check
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  ...base,
  mutate: ['src/model/**/*.ts', '!src/model/diffTypes.ts'],
  mochaOptions: {
    ...base.mochaOptions,
    // replaySelectionInSimulator: the one spec that drives src/model/simulatorReplay.ts (against the simulator).
    spec: ['out/test/unit/model/**/*.test.js', 'out/test/unit/webviews/**/*.test.js', 'out/test/unit/scenario/replaySelectionInSimulator.test.js'],
  },
};
export default config;
