// The recording proxy's transport (issue 13): a local HTTP listener that forwards everything an
// integration sends to one GWS server with http-proxy-3, and reports what passed as `ProxyTap`s
// (proxyTraffic.ts) for trafficDecoder.ts. Bytes pass on unchanged; the proxy rewrites only what
// the application could not work without (docs/recording-proxy.md#what-is-rewritten):
//   - Host becomes the upstream's (changeOrigin), as GWS would see it without the proxy;
//   - Origin becomes the upstream's origin only when it is the proxy's own origin (a page
//     served through the proxy), because GWS checks Origin against its CORS allow-list;
//   - Set-Cookie loses Domain (and, upstream https → proxy http, Secure) so the application
//     sends the cookie back to the proxy.
// Each kind of rewrite is reported once as a `notice`. Nothing here holds a timeout shorter
// than the application's own: a Bayeux /meta/connect is held ~30 s by GWS and the application
// decides when it has waited too long (docs/recording-proxy.md#long-polling).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { createProxyServer } from 'http-proxy-3';
import { redactHeaders, redactText, redactUrl } from '../base/redact';
import { BodyRecorder, withRecordedBody } from './bodyRecorder';
import type { ProxyRequestTap, ProxyResponseTap, ProxyTap, RecordingProxyOptions } from './proxyTraffic';
import { WebSocketTap } from './websocketTap';

/**
 * The largest body recorded: the extension's own CometD client accepts long-poll answers up to
 * 64 MiB (src/gws/nodeXhr.ts MAX_LONG_POLL_RESPONSE_BYTES), and a burst of 1,000 notifications is
 * one answer of about 2 MB, so a smaller cap would let whole bursts pass unrecorded.
 */
export const DEFAULT_MAX_RECORDED_BODY_BYTES = 64 * 1024 * 1024;
/** stop(): how long a connection may take to flush its last bytes before it is cut. */
const FORCE_CLOSE_AFTER_MS = 2000;

export interface ListeningRecordingProxy {
  /** "http://127.0.0.1:40123". */
  url: string;
  /** Stops listening, ends open long polls and websockets; resolves once every socket is closed. Idempotent. */
  stop(): Promise<void>;
}

/** One HTTP request on its way through the proxy. */
interface Exchange {
  id: number;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  proxyReq?: http.ClientRequest;
  requestTapped: boolean;
  requestBody: BodyRecorder;
  responseBody?: BodyRecorder;
  response?: { status: number; headers: http.IncomingHttpHeaders };
  done: boolean;
}

/** One websocket upgrade, refused or open. */
interface Upgrade {
  id: number;
  req: http.IncomingMessage;
  socket: Duplex;
  client: string;
  proxyReq?: http.ClientRequest;
  proxySocket?: Duplex;
  extensions?: string;
  tap?: WebSocketTap;
  opened: boolean;
  /** Socket closes still to come before wsClose (both sides). */
  openSockets: number;
  closeCode?: number;
  closeReason?: string;
  error?: string;
  done: boolean;
}

/** The answer the application gets when the proxy, not GWS, has to answer (GWS's error shape). */
function proxyErrorBody(cause: string): string {
  // statusCode 4: "internal error (GWS or behind it)" (docs/gws-notes.md#status-codes); the
  // application treats it as a server-side failure, which it is from its point of view.
  return JSON.stringify({ statusCode: 4, statusMessage: `Recording proxy: ${cause}` });
}

/** `onTraffic` runs for every chunk of a body forwarded either way (tapQueue.ts noteTraffic). */
export async function listenRecordingProxy(
  options: RecordingProxyOptions,
  onTap: (tap: ProxyTap) => void,
  onTraffic: () => void = () => undefined,
): Promise<ListeningRecordingProxy> {
  const target = parseTarget(options.target);
  const upstreamOrigin = target.origin;
  const maxBodyBytes = options.maxRecordedBodyBytes ?? DEFAULT_MAX_RECORDED_BODY_BYTES;
  const log = (line: string): void => options.log?.(redactText(line));
  const emit = guardTapListener(onTap, options.log);
  const notice = (level: 'info' | 'warning' | 'error', text: string): void => emit({ kind: 'notice', at: Date.now(), level, text: redactText(text) });
  const noticed = new Set<string>();
  const noticeOnce = (kind: string, text: string): void => {
    if (noticed.has(kind)) return;
    noticed.add(kind);
    notice('info', text);
  };

  const secure = target.protocol === 'https:';
  // Pooled upstream connections: a new TCP (and TLS) connection per request would add
  // milliseconds to every REST call. Each held long poll simply occupies one pooled socket.
  const agent = secure ? new https.Agent({ keepAlive: true, ca: options.ca, rejectUnauthorized: options.rejectUnauthorized }) : new http.Agent({ keepAlive: true });
  const proxy = createProxyServer({
    target: target.href,
    changeOrigin: true,
    secure: options.rejectUnauthorized,
    ca: options.ca,
    agent,
    xfwd: false,
    // Not proxyTimeout: the application's own timeouts decide how long a long poll may be held.
    cookieDomainRewrite: { '*': '' },
  });

  /** Header names GWS chose for its CSRF token (X-CSRF-HEADER); redacted like X-CSRF-TOKEN. */
  const csrfHeaderNames = new Set<string>();
  const redact = (headers: http.IncomingHttpHeaders): Record<string, string> => redactHeaders(headers, [...csrfHeaderNames]);

  let nextId = 1;
  const exchanges = new Map<http.IncomingMessage, Exchange>();
  const upgrades = new Map<http.IncomingMessage, Upgrade>();
  const upgradesByProxySocket = new Map<Duplex, Upgrade>();
  const sockets = new Set<net.Socket>();
  let stopping: Promise<void> | undefined;

  const clientOf = (socket: net.Socket | Duplex): string => {
    const s = socket as net.Socket;
    return s.remoteAddress?.includes(':') ? `[${s.remoteAddress}]:${s.remotePort}` : `${s.remoteAddress}:${s.remotePort}`;
  };
  // http-proxy-3 prepends the target's path (prependPath).
  const basePath = target.pathname.replace(/\/$/, '');
  const upstreamUrlOf = (path: string): string => redactText(`${upstreamOrigin}${basePath}${path}`);

  /** Origin rewritten only for a page served by the proxy itself (see the top of this file). */
  const perRequestOptions = (req: http.IncomingMessage): { headers?: Record<string, string> } => {
    noticeOnce('host', `rewrote Host to ${target.host} for every request`);
    const origin = req.headers.origin;
    if (typeof origin === 'string' && req.headers.host && origin.toLowerCase() === `http://${req.headers.host}`.toLowerCase()) {
      noticeOnce('origin', `rewrote Origin ${origin} (the proxy's own) to ${upstreamOrigin} for pages served through the proxy`);
      return { headers: { origin: upstreamOrigin } };
    }
    return {};
  };

  // ---- HTTP -----------------------------------------------------------------------------------

  const tapRequest = (exchange: Exchange, complete: boolean): void => {
    if (exchange.requestTapped) return;
    exchange.requestTapped = true;
    const { req } = exchange;
    const tap: ProxyRequestTap = {
      kind: 'request',
      id: exchange.id,
      client: clientOf(req.socket),
      startedAt: startedAt.get(req) ?? Date.now(),
      method: req.method ?? 'GET',
      path: redactText(req.url ?? '/'),
      upstreamUrl: upstreamUrlOf(req.url ?? '/'),
      headers: redact(req.headers),
    };
    emit(complete ? withRecordedBody(tap, exchange.requestBody, req.headers['content-encoding']) : { ...tap, bodyOmittedBytes: exchange.requestBody.size });
  };
  const startedAt = new WeakMap<http.IncomingMessage, number>();

  const tapResponse = (exchange: Exchange, error?: string): void => {
    if (exchange.done) return;
    exchange.done = true;
    exchanges.delete(exchange.req);
    tapRequest(exchange, false);
    if (error !== undefined || !exchange.response) {
      emit({ kind: 'response', id: exchange.id, completedAt: Date.now(), error: redactText(error ?? 'no answer from GWS') });
      return;
    }
    const tap: ProxyResponseTap = { kind: 'response', id: exchange.id, completedAt: Date.now(), status: exchange.response.status, headers: redact(exchange.response.headers) };
    // The body's text is made when the decoder reads it, off the forwarding path (bodyRecorder.ts).
    emit(exchange.responseBody ? withRecordedBody(tap, exchange.responseBody, exchange.response.headers['content-encoding']) : tap);
  };

  /** The proxy answers itself (GWS unreachable, proxy stopping): GWS's error shape, never a credential. */
  const answerInstead = (exchange: Exchange, httpStatus: number, cause: string): void => {
    const { res } = exchange;
    if (res.headersSent || res.writableEnded) {
      res.destroy();
      return;
    }
    const body = proxyErrorBody(redactText(cause));
    res.writeHead(httpStatus, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...(stopping ? { Connection: 'close' } : {}) });
    res.end(body);
  };

  proxy.on('proxyReq', (proxyReq, req) => {
    const exchange = exchanges.get(req);
    if (exchange) exchange.proxyReq = proxyReq;
  });

  proxy.on('proxyRes', (proxyRes, req) => {
    const exchange = exchanges.get(req);
    learnCsrfHeaderName(proxyRes.headers);
    // The tap shows what GWS sent; the rewrite below changes only what the application gets.
    const headers = { ...proxyRes.headers };
    rewriteSetCookie(proxyRes.headers);
    if (!exchange) return;
    exchange.response = { status: proxyRes.statusCode ?? 0, headers };
    const recorder = new BodyRecorder(maxBodyBytes);
    exchange.responseBody = recorder;
    proxyRes.on('data', (chunk: Buffer) => {
      recorder.add(chunk);
      onTraffic();
    });
    // GWS hung up in the middle of the answer: the application must see a broken answer, not a short one.
    const broken = (): void => {
      exchange.res.destroy();
      tapResponse(exchange, 'GWS closed the connection in the middle of the answer');
    };
    proxyRes.on('aborted', broken);
    proxyRes.on('error', broken);
  });

  const learnCsrfHeaderName = (headers: http.IncomingHttpHeaders): void => {
    const name = headers['x-csrf-header'];
    if (typeof name === 'string' && name.trim() && csrfHeaderNames.size < 16) csrfHeaderNames.add(name.trim().toLowerCase());
  };

  /** Set-Cookie scoped to the upstream's name (Domain), or https only (Secure), would never come back to the proxy. */
  const rewriteSetCookie = (headers: http.IncomingHttpHeaders): void => {
    const cookies = headers['set-cookie'];
    if (!cookies) return;
    if (cookies.some((cookie) => /;\s*domain\s*=/i.test(cookie))) {
      // http-proxy-3's cookieDomainRewrite removes it; this only says so, once.
      noticeOnce('cookieDomain', 'removed Domain from Set-Cookie so that the application sends the cookie back to the proxy');
    }
    if (secure && cookies.some((cookie) => /;\s*secure\s*(;|$)/i.test(cookie))) {
      noticeOnce('cookieSecure', 'removed Secure (and SameSite=None) from Set-Cookie: the application reaches the proxy over plain http');
      headers['set-cookie'] = cookies.map((cookie) => cookie.replace(/;\s*secure\s*(?=;|$)/gi, '').replace(/;\s*samesite\s*=\s*none\s*(?=;|$)/gi, ''));
    }
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    startedAt.set(req, Date.now());
    const exchange: Exchange = { id: nextId++, req, res, requestTapped: false, requestBody: new BodyRecorder(maxBodyBytes), done: false };
    if (stopping) {
      answerInstead(exchange, 503, 'stopped');
      return;
    }
    exchanges.set(req, exchange);
    res.on('finish', () => tapResponse(exchange));
    res.on('close', () => {
      if (!res.writableFinished) {
        exchange.proxyReq?.destroy();
        tapResponse(exchange, 'the application closed the connection before the answer was complete');
      }
    });
    proxy.web(req, res, perRequestOptions(req), (error) => {
      const cause = stopping ? 'stopped' : describeUpstreamError(error, target.host);
      log(`recording proxy: ${req.method} ${redactText(req.url ?? '/')}: ${cause}`);
      answerInstead(exchange, stopping ? 503 : 502, cause);
      tapResponse(exchange, cause);
    });
    // After proxy.web: it has piped the body on already, so this listener only copies.
    req.on('data', (chunk: Buffer) => {
      exchange.requestBody.add(chunk);
      onTraffic();
    });
    req.on('end', () => tapRequest(exchange, true));
  };

  // ---- websockets -----------------------------------------------------------------------------

  const finishUpgrade = (upgrade: Upgrade): void => {
    if (upgrade.done) return;
    upgrade.done = true;
    upgrades.delete(upgrade.req);
    if (upgrade.proxySocket) upgradesByProxySocket.delete(upgrade.proxySocket);
    upgrade.tap?.dispose();
    if (upgrade.opened) {
      emit({ kind: 'wsClose', id: upgrade.id, at: Date.now(), code: upgrade.closeCode, reason: upgrade.closeReason, ...(upgrade.error && upgrade.closeCode === undefined ? { error: upgrade.error } : {}) });
    }
  };

  proxy.on('proxyReqWs', (proxyReq, req) => {
    const upgrade = upgrades.get(req);
    if (!upgrade) return;
    upgrade.proxyReq = proxyReq;
    // Registered before http-proxy-3's own listener, so this runs before the sockets are piped.
    proxyReq.on('upgrade', (proxyRes: http.IncomingMessage, proxySocket: Duplex) => {
      upgrade.proxySocket = proxySocket;
      const extensions = proxyRes.headers['sec-websocket-extensions'];
      upgrade.extensions = Array.isArray(extensions) ? extensions.join(', ') : extensions;
      upgradesByProxySocket.set(proxySocket, upgrade);
    });
    // GWS answered the upgrade with a plain HTTP answer (401, 403…): a request/response pair.
    proxyReq.on('response', (proxyRes: http.IncomingMessage) => {
      learnCsrfHeaderName(proxyRes.headers);
      const recorder = new BodyRecorder(maxBodyBytes);
      proxyRes.on('data', (chunk: Buffer) => recorder.add(chunk));
      proxyRes.on('end', () => {
        emitRefusedUpgrade(upgrade, { status: proxyRes.statusCode ?? 0, headers: redact(proxyRes.headers), ...recorder.result(proxyRes.headers['content-encoding']) });
      });
    });
  });

  const emitRefusedUpgrade = (upgrade: Upgrade, answer: { status?: number; headers?: Record<string, string>; body?: string; bodyOmittedBytes?: number; error?: string }): void => {
    if (upgrade.done) return;
    upgrade.done = true;
    upgrades.delete(upgrade.req);
    const { req } = upgrade;
    emit({ kind: 'request', id: upgrade.id, client: upgrade.client, startedAt: startedAt.get(req) ?? Date.now(), method: req.method ?? 'GET', path: redactText(req.url ?? '/'), upstreamUrl: upstreamUrlOf(req.url ?? '/'), headers: redact(req.headers), body: '' });
    emit({ kind: 'response', id: upgrade.id, completedAt: Date.now(), ...answer });
  };

  proxy.on('open', (proxySocket) => {
    const upgrade = upgradesByProxySocket.get(proxySocket);
    if (!upgrade) return;
    upgrade.opened = true;
    const { req, socket } = upgrade;
    emit({ kind: 'wsOpen', id: upgrade.id, client: upgrade.client, at: Date.now(), path: redactText(req.url ?? '/'), upstreamUrl: upstreamUrlOf(req.url ?? '/'), headers: redact(req.headers) });
    const tap = new WebSocketTap(upgrade.extensions, maxBodyBytes, {
      message: (direction, text, omittedBytes) => emit({ kind: 'wsMessage', id: upgrade.id, direction, at: Date.now(), text, ...(omittedBytes === undefined ? {} : { textOmittedBytes: omittedBytes }) }),
      close: (code, reason) => {
        upgrade.closeCode = code;
        upgrade.closeReason = reason;
      },
      problem: (text) => notice('warning', `websocket ${upgrade.id}: ${text}`),
    });
    upgrade.tap = tap;
    // http-proxy-3 piped the two sockets just before this event; these listeners only copy.
    socket.on('data', (chunk: Buffer) => tap.write('toServer', chunk));
    proxySocket.on('data', (chunk: Buffer) => tap.write('toClient', chunk));
    const closed = (): void => {
      if (--upgrade.openSockets === 0) finishUpgrade(upgrade);
    };
    socket.once('close', closed);
    proxySocket.once('close', closed);
    proxySocket.on('error', (error) => (upgrade.error ??= describeUpstreamError(error, target.host)));
  });

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    startedAt.set(req, Date.now());
    const client = clientOf(socket);
    const upgrade: Upgrade = { id: nextId++, req, socket, client, opened: false, openSockets: 2, done: false };
    // Once a request is an upgrade, node no longer handles errors on its socket.
    socket.on('error', (error) => (upgrade.error ??= `the application's connection failed: ${error.message}`));
    if (stopping) {
      socket.destroy();
      return;
    }
    upgrades.set(req, upgrade);
    proxy.ws(req, socket, head, { ...perRequestOptions(req), agent: false }, (error) => {
      const cause = stopping ? 'stopped' : describeUpstreamError(error, target.host);
      if (upgrade.opened) {
        upgrade.error ??= cause;
        return;
      }
      log(`recording proxy: websocket ${redactText(req.url ?? '/')}: ${cause}`);
      // http-proxy-3 ends the socket after this callback: the application gets an answer first.
      if (!socket.destroyed && socket.writable) {
        const body = proxyErrorBody(redactText(cause));
        socket.write(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      }
      emitRefusedUpgrade(upgrade, { error: cause });
    });
  };

  // ---- the listener ---------------------------------------------------------------------------

  const server = http.createServer(onRequest);
  server.on('upgrade', onUpgrade);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (socket.writable && error.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  // A long poll's request arrives at once and its answer can take as long as GWS holds it.
  server.requestTimeout = 0;
  // Longer than the application's agents keep idle connections (Node's default is 5 s), so a
  // reused keep-alive connection is not closed under it.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      agent.destroy();
      // The code goes with it: the extension turns it into what to change (recordingProxies.ts listenFailure).
      reject(Object.assign(new Error(`Recording proxy: cannot listen on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`), { code: error.code }));
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  server.on('error', (error) => log(`recording proxy: listener error: ${error.message}`));
  const address = server.address() as net.AddressInfo;
  const url = `http://${address.family === 'IPv6' || net.isIPv6(address.address) ? `[${address.address}]` : address.address}:${address.port}`;
  if (!isLoopback(address.address)) notice('warning', `listening on ${address.address}, which is not a loopback address: others on the network can use the proxy`);
  notice('info', `recording proxy ${url} forwards to ${upstreamOrigin}`);
  log(`recording proxy: ${url} → ${redactUrl(target.href)}`);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const answered: Array<Promise<unknown>> = [];
      for (const exchange of [...exchanges.values()]) {
        answered.push(new Promise((resolve) => (exchange.res.writableFinished || exchange.res.destroyed ? resolve(undefined) : exchange.res.once('close', resolve))));
        exchange.proxyReq?.destroy();
        answerInstead(exchange, 503, 'stopped');
        tapResponse(exchange, 'the recording proxy stopped');
      }
      const openWebsockets: Upgrade[] = [];
      for (const upgrade of [...upgrades.values()]) {
        if (upgrade.opened) {
          openWebsockets.push(upgrade);
          // End both TCP streams: the application sees its websocket close and reconnects
          // (to GWS directly, once it is pointed there again). Its wsClose tap comes once
          // both have closed, before stop() resolves (a worker thread's taps end with it).
          answered.push(closedOf(upgrade.socket), closedOf(upgrade.proxySocket));
          (upgrade.socket as net.Socket).destroySoon?.();
          (upgrade.proxySocket as net.Socket | undefined)?.destroySoon?.();
          upgrade.error ??= 'the recording proxy stopped';
        } else {
          upgrade.proxyReq?.destroy();
          upgrade.socket.destroy();
        }
      }
      server.closeIdleConnections();
      // destroySoon waits for pending writes; a peer that reads nothing must not hold stop() up.
      const force = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
        for (const upgrade of openWebsockets) upgrade.proxySocket?.destroy();
      }, FORCE_CLOSE_AFTER_MS);
      force.unref();
      await Promise.all(answered);
      // Whatever is left (a request still arriving, a keep-alive connection between requests).
      for (const socket of sockets) socket.destroySoon();
      await closed;
      clearTimeout(force);
      agent.destroy();
      proxy.removeAllListeners();
      notice('info', `recording proxy ${url} stopped`);
      log(`recording proxy: ${url} stopped`);
    })();
    return stopping;
  };

  return { url, stop };
}

/**
 * `onTap`, made safe to call from the traffic's handlers: a failing listener must not break the
 * application's traffic, so its error goes to `log` (redacted) instead. Also used on the
 * decoder's side of a worker thread (workerProxy.ts).
 */
export function guardTapListener(onTap: (tap: ProxyTap) => void, log: ((line: string) => void) | undefined): (tap: ProxyTap) => void {
  return (tap) => {
    try {
      onTap(tap);
    } catch (error) {
      log?.(redactText(`recording proxy: a tap listener failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
}

/** Resolves once `socket` has closed (at once if it has). */
function closedOf(socket: Duplex | undefined): Promise<void> {
  if (!socket || socket.closed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Recording proxy: the GWS server "${redactUrl(text)}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Recording proxy: the GWS server "${redactUrl(text)}" must be an http or https URL`);
  if (url.username || url.password) throw new Error('Recording proxy: the GWS server URL must not contain a user name or password');
  return url;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1' || address === 'localhost';
}

/** Why the upstream could not answer, for the application and the recording: no credential. */
export function describeUpstreamError(error: unknown, host: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `GWS at ${host} refused the connection (ECONNREFUSED)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name of GWS at ${host} cannot be resolved (${code})`;
    case 'ETIMEDOUT':
    case 'ECONNECT_TIMEOUT':
      return `GWS at ${host} did not accept the connection in time (${code})`;
    case 'ECONNRESET':
      return `GWS at ${host} closed the connection (ECONNRESET)`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the certificate of GWS at ${host} is not trusted (${code}): ${message}`;
    default:
      return redactText(code ? `${message} (${code})` : message);
  }
}
