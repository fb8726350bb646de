// esbuild injects this module into every Node bundle (see esbuild.js): cometd's free
// `window` references resolve to this module-local object, so nothing is written to
// globalThis. cometd-nodejs-client's adapt() would set global.window and replace
// console.debug for every extension in the shared extension host.
//
// cometd reads window.XMLHttpRequest in two places: LongPollingTransport constructs one (ours
// never does: cometdTransports.ts overrides xhrSend with nodeXhr.ts), and
// RequestTransport.abortXHR compares a request's readyState with `XMLHttpRequest.UNSENT`.
// So the extension needs only the readyState constants, defined here; no XMLHttpRequest
// implementation is bundled. (The tests' bare client installs a real one: test/support/bareClient.ts.)

/** XMLHttpRequest readyState values (WHATWG XMLHttpRequest standard). */
export const XHR_STATES = Object.freeze({ UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 });

export const cometdWindow: Record<string, unknown> = {
  setTimeout,
  clearTimeout,
  // Quiet by default: cometd logs through window.console only when its logLevel asks.
  console,
  XMLHttpRequest: XHR_STATES,
};

export { cometdWindow as window };
