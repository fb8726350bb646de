// Debian's Chromium as the tests and the benchmark launch it (vscode-host.md): headless, and
// without the background networking a machine with no internet refuses. test/host/codeServer.js
// keeps its own copy of these flags because it runs as plain Node before anything is built.
export const CHROMIUM_PATH = process.env.GWS_CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
