// One incarnation of the GWS server process: the listening HTTP server, its HTTP
// sessions and its Bayeux server. The restart fault throws an incarnation away and
// starts a new one on the same port; calls and users live outside it and survive.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { BayeuxHub } from './bayeux';
import type { IdFactory } from './ids';
import { SessionStore, type SessionClock } from './sessions';

export interface FrontEndHandler {
  onRequest(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd): void;
  onUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer, frontEnd: HttpFrontEnd): void;
}

export interface FrontEndOptions {
  ids: IdFactory;
  sessionIdleTimeoutMs: number;
  sessionClock?: SessionClock;
  log: (line: string) => void;
  handler: FrontEndHandler;
}

export class HttpFrontEnd {
  readonly sessions: SessionStore;
  readonly hub: BayeuxHub;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket | Duplex>();

  constructor(options: FrontEndOptions) {
    this.sessions = new SessionStore(options.ids, options.sessionIdleTimeoutMs, options.sessionClock);
    this.hub = new BayeuxHub(this.sessions, options.log);
    this.server = http.createServer((request, response) => options.handler.onRequest(request, response, this));
    this.server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
      this.track(socket);
      options.handler.onUpgrade(request, socket, head, this);
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
