// The CometD transports that carry the HTTP session cookie (the client is notificationClient.ts).
//
// The HTTP session cookie authenticates the Bayeux handshake, so every CometD request must
// carry the same JSESSIONID as the REST client, read fresh on each request (it changes when
// the session is renewed). How, per transport:
// - long-polling: LongPollingTransport.xhrSend() is overridden to use a small XHR of our own
//   (nodeXhr.ts) that asks `cookieHeader(url)` (and the CSRF header) on every send and hands
//   Set-Cookie back. This
//   is per instance, needs no global, and also gives us a per-server TLS agent (the
//   cometd-nodejs-client XHR shares one agent process-wide and cannot skip certificate checks).
// - websocket: cometd calls `new window.WebSocket(url, protocol)` with no headers. `window` is
//   the esbuild-injected module object (cometdWindow.ts); we give it a `ws` subclass that adds
//   the Cookie, Origin and CSRF headers. Which client's cookie? The transport's send() is the only
//   caller of that constructor and calls it synchronously, so send() parks its options in a
//   module variable for exactly the duration of that call.
import { LongPollingTransport, WebSocketTransport, type XhrLike, type XhrPacket } from 'cometd';
import WebSocket from 'ws';
import { clipForTrace, traceLazily, type GwsLog } from '../base/log';
import { cometdWindow } from './cometdWindow';
import { MAX_LONG_POLL_RESPONSE_BYTES, NodeXhr, type NodeXhrHooks } from './nodeXhr';
import type { TlsRequestOptions } from './tlsTrust';

// ---- websocket with cookies ---------------------------------------------------------------

export interface SocketOptions {
  cookieHeader: (url: string) => string;
  /** The CSRF header, when the server handed out a token ({} otherwise); asked per socket. */
  csrfHeaders: () => Record<string, string>;
  origin: string;
  /** Certificate checks and trusted CAs for wss (tlsTrust.ts). */
  tls: TlsRequestOptions;
  /** The HTTP status of the latest refused upgrade; undefined once a socket opened or failed otherwise. */
  onUpgradeResult: (refusedWithStatus: number | undefined) => void;
  /** Node's error code when the socket failed before opening (a refused certificate, for one). */
  onSocketError?: (code: string | undefined) => void;
  log: GwsLog;
}

/** Set only while CookieWebSocketTransport.send() runs: whose cookie the socket gets. */
let socketOptionsForNextSocket: SocketOptions | undefined;


class CookieWebSocket extends WebSocket {

  constructor(url: string, protocol?: string | string[]) {
    const options = socketOptionsForNextSocket;
    const httpUrl = url.replace(/^ws/, 'http');
    const cookie = options?.cookieHeader(httpUrl) ?? '';
    // The upgrade is a GET, which GWS does not CSRF-check; the token goes along in case a
    // server checks the handshake too (docs/gws-notes.md#csrf).
    const headers: Record<string, string> = { ...options?.csrfHeaders() };
    if (cookie) headers.Cookie = cookie;
    super(url, protocol ?? [], {
      headers,
      origin: options?.origin,
      rejectUnauthorized: true,
      ...options?.tls,
      // The same bound as a long-polling response (nodeXhr.ts); ws's own default is 100 MiB.
      maxPayload: MAX_LONG_POLL_RESPONSE_BYTES,
    });

    // cometd only sees "Error" on failure; the status of a refused upgrade tells an expired
    // session (401/403) from a dead server.
    this.on('open', () => options?.onUpgradeResult(undefined));
    if (options) this.on('message', (data: WebSocket.RawData) => traceLazily(options.log, () => `← ws ${clipForTrace(String(data))}`));
    this.on('error', (error: Error & { code?: string }) => {
      options?.onSocketError?.(error.code);
      const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
      options?.onUpgradeResult(status ? Number(status) : undefined);
      options?.log('debug', `CometD websocket error: ${error.message}`);
    });
  }
}
cometdWindow.WebSocket = CookieWebSocket;

export class CookieWebSocketTransport extends WebSocketTransport {
  constructor(private readonly socketOptions: SocketOptions) {
    super();
  }

  override send(envelope: unknown, metaConnect: boolean): void {
    // Outgoing frames are small (/meta messages): traced like the long-polling ones.
    traceLazily(this.socketOptions.log, () => `→ ws ${clipForTrace(JSON.stringify((envelope as { messages?: unknown }).messages ?? []))}`);
    const previous = socketOptionsForNextSocket;
    socketOptionsForNextSocket = this.socketOptions;
    try {
      super.send(envelope, metaConnect);
    } finally {
      socketOptionsForNextSocket = previous;
    }
  }
}

// ---- long-polling with cookies ------------------------------------------------------------

export class CookieLongPollingTransport extends LongPollingTransport {
  constructor(private readonly hooks: NodeXhrHooks) {
    super();
  }

  /** Same contract as cometd's own xhrSend, with our XHR (see the file comment). */
  override xhrSend(packet: XhrPacket): XhrLike {
    const xhr = new NodeXhr(this.hooks);
    xhr.open('POST', packet.url);
    for (const [name, value] of Object.entries(packet.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.onload = () => {
      if (xhr.status === 200) packet.onSuccess(xhr.responseText);
      else packet.onError(xhr.statusText);
    };
    xhr.onabort = xhr.onerror = () => packet.onError(xhr.statusText);
    xhr.send(packet.body);
    return xhr;
  }
}
