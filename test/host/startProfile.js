// The server profile `npm start` writes into the settings of the VS Code it opens (start.js),
// in a module of its own so the integration tests can check that no command of the extension
// rewrites it (test/integration/firstMinutes.test.ts). Its id and name differ from the
// profile of "GWS: Start Local Simulator" (src/session/localSimulator.ts): the simulator of
// `npm start` runs in that process, not in the window.
'use strict';

const NPM_START_PROFILE_ID = 'npm-start-simulator';

/** The profile for the simulator `npm start` started at `simulatorUrl`; the extension knows its demo password. */
function npmStartProfile(simulatorUrl) {
  return { id: NPM_START_PROFILE_ID, name: 'Simulator (npm start)', url: simulatorUrl, user: 'agent1', simulator: true };
}

module.exports = { NPM_START_PROFILE_ID, npmStartProfile };
