// What VS Code's network settings mean for one sign-in (no vscode import: sessionController.ts
// reads the settings and passes them here as plain values; the GWS client gets plain options).
//
// Certificates: VS Code's extension host adds the operating system's certificates to TLS
// connections that bring no `ca` of their own (`http.systemCertificates`, default on). Ours
// bring none unless the profile has a caFile; then src/gws/tlsTrust.ts adds the OS
// certificates itself where Node can read them, unless `http.systemCertificates` is off.
//
// Proxy: VS Code's extension host routes Node's http(s) requests through its proxy resolution
// (`http.proxy`, then HTTPS_PROXY / NO_PROXY and `http.noProxy`, then the OS or PAC settings),
// depending on `http.proxySupport`:
// - "override" (VS Code's default) and "fallback": every request, even one with an agent of its
//   own, so REST, CometD long-polling and websocket all go through it. The client keeps its
//   TLS options on each request, so that they survive VS Code's agent (src/gws/tlsTrust.ts).
// - "on": only requests without an agent of their own: the CometD websocket, but not REST or
//   long-polling, which use the client's per-server agents.
// - "off": none.
// The client does no proxy resolution of its own; proxyAdvice() says when a configured proxy
// will not be used, for the log.

export type ProxySupport = 'override' | 'fallback' | 'on' | 'off';

export interface NetworkSettings {
  /** VS Code's `http.proxySupport`. */
  proxySupport: ProxySupport;
  /** VS Code's `http.proxy`, or '' when unset. */
  proxy: string;
  /** HTTPS_PROXY / https_proxy / HTTP_PROXY / http_proxy, first one set, or ''. */
  envProxy: string;
  /** VS Code's `http.systemCertificates`. */
  systemCertificates: boolean;
}

export function readProxySupport(value: unknown): ProxySupport {
  return value === 'off' || value === 'on' || value === 'fallback' || value === 'override' ? value : 'override';
}

export function envProxyOf(env: NodeJS.ProcessEnv): string {
  return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || '';
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * A line for the log when a proxy is configured but this sign-in's REST and long-polling
 * requests will not use it; undefined when they will, or when there is none (or the server
 * is on this machine, which VS Code never proxies).
 */
export function proxyAdvice(serverUrl: string, settings: NetworkSettings): string | undefined {
  const proxy = settings.proxy || settings.envProxy;
  if (!proxy || settings.proxySupport === 'override' || settings.proxySupport === 'fallback') return undefined;
  const host = hostnameOf(serverUrl);
  if (!host || LOOPBACK.has(host)) return undefined;
  const where = settings.proxy ? 'http.proxy' : 'the HTTPS_PROXY environment variable';
  const which = settings.proxySupport === 'on' ? 'REST and CometD long-polling' : 'REST and CometD';
  return (
    `A proxy is set (${where}) but VS Code's http.proxySupport is "${settings.proxySupport}": ${which} requests to ${host} ` +
    'go direct, not through it. Set http.proxySupport to "override" (VS Code\'s default) to send them through the proxy.'
  );
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
