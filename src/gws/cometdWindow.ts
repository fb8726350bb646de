// esbuild injects this module into every Node bundle (see esbuild.js): cometd's free
// `window` references resolve to this module-local object, so nothing is written to
// globalThis. cometd-nodejs-client's adapt() would set global.window and replace
// console.debug for every extension in the shared extension host.
import { XMLHttpRequest as NodeXMLHttpRequest } from 'cometd-nodejs-client/src/XMLHttpRequest.js';

export const cometdWindow: Record<string, unknown> = {
  setTimeout,
  clearTimeout,
  // Quiet by default: cometd logs through window.console only when its logLevel asks.
  console,
  XMLHttpRequest: NodeXMLHttpRequest,
};

export { cometdWindow as window };
