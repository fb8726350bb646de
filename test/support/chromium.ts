// Debian's Chromium as the tests and the benchmark launch it (docs/test-host.md#chromium):
// headless, and without the background networking a machine with no internet refuses. Defined
// once in test/host/codeServer.js, which the runners use before anything is built.
export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../host/codeServer.js';
