// Stands in for the `debug` package inside the extension bundle (esbuild alias, see esbuild.js).
// https-proxy-agent and agent-base (the route through a user's HTTP proxy) log through it, and
// only when the DEBUG environment variable names them: nothing a user of the extension sees.
// Their calls stay valid and print nothing.
type Debugger = ((...args: unknown[]) => void) & { enabled: boolean; namespace: string };

export default function createDebug(namespace: string): Debugger {
  return Object.assign(() => undefined, { enabled: false, namespace });
}
