// One incarnation of the GWS server process: the listening HTTP server, its HTTP
// sessions and its Bayeux server. The restart fault throws an incarnation away and
// starts a new one on the same port; calls and users live outside it and survive.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { BayeuxHub } from './bayeux';
import { asSimError, sendJson } from './httpIo';
import type { IdFactory } from './ids';
import { SessionStore } from './sessions';

export interface FrontEndHandler {
  onRequest(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd): void;
  onUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer, frontEnd: HttpFrontEnd): void;
}

export interface TlsOptions {
  /** PEM: the server certificate (and any intermediates after it). */
  cert: string;
  /** PEM: its private key. */
  key: string;
}

export interface FrontEndOptions {
  ids: IdFactory;
  /** HTTPS (and wss) instead of HTTP when given. */
  tls?: TlsOptions;
  sessionIdleTimeoutMs: number;
  log: (line: string) => void;
  /** Whether the Bayeux server refuses wildcard subscriptions right now. */
  refuseWildcardSubscriptions: () => boolean;
  handler: FrontEndHandler;
}

export class HttpFrontEnd {
  readonly sessions: SessionStore;
  readonly hub: BayeuxHub;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket | Duplex>();

  constructor(options: FrontEndOptions) {
    this.sessions = new SessionStore(options.ids, options.sessionIdleTimeoutMs);
    this.hub = new BayeuxHub(this.sessions, options.log, options.refuseWildcardSubscriptions);
    // The handlers answer every error they expect; these guards are the last line, so that
    // nothing a client sends can throw out of an event handler and end the process (the
    // simulator also runs inside the VS Code extension host).
    const onRequest = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      try {
        options.handler.onRequest(request, response, this);
      } catch (error) {
        options.log(`internal error on ${request.method} ${request.url}: ${String(error)}`);
        request.resume();
        sendJson(response, 500, asSimError(error).body());
      }
    };
    this.server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : http.createServer(onRequest);
    // Node drops a failed TLS handshake by itself; the line says why (e.g. the client does not trust the certificate).
    this.server.on('tlsClientError', (error: Error) => options.log(`TLS handshake failed: ${error.message}`));
    // `Expect: 100-continue` requests go to the same handler without node's automatic 100:
    // readBody sends it when the body is wanted, so an oversize one is refused unsent.
    this.server.on('checkContinue', onRequest);
    this.server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
      this.track(socket);
      // Once a request is an upgrade, node stops listening for errors on its socket: a reset
      // by the client would otherwise be an unhandled 'error' event.
      socket.on('error', (error) => options.log(`upgrade socket error: ${error.message}`));
      try {
        options.handler.onUpgrade(request, socket, head, this);
      } catch (error) {
        // Part of a handshake may have been written already: no answer can be trusted now.
        options.log(`internal error on upgrade ${request.url}: ${String(error)}`);
        socket.destroy();
      }
    });
    this.server.on('connection', (socket) => this.track(socket));
    // Long-polls are held for 25 s; keep idle keep-alive sockets a little longer than that.
    this.server.keepAliveTimeout = 30_000;
  }

  /** Resolves with the bound port; rejects on EADDRINUSE and the like. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /**
   * Stops listening, forgets every session and CometD client and cuts every connection
   * except `keep` (the one carrying a restart request, which still needs its answer).
   */
  close(keep?: Socket | Duplex): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.hub.close();
    this.sessions.close();
    for (const socket of this.sockets) if (socket !== keep) socket.destroy();
    return keep ? Promise.resolve() : closed;
  }

  private track(socket: Socket | Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}
