// The CometD side of the simulator: a faye Bayeux server at /api/v2/notifications.
//
// Authentication: a client may only handshake (and keep talking) while the HTTP session
// of its request (JSESSIONID cookie, or Basic credentials on that request) is alive;
// otherwise the reply carries `error: "401::Unauthorized"`.
//
// Privacy: every agent subscribes to the same names (/v2/me/calls ...), so each user's
// subscriptions are rewritten on the way in to a private server-side prefix
// (`/sim-user-1/v2/me/calls`) and the prefix is stripped on the way out. Publishing for a
// user is then one plain channel publish that reaches only that user's clients: no
// per-message filtering, so bursts stay cheap. Wildcards map the same way: `/v2/me/*` becomes
// `/sim-user-1/v2/me/*`, which faye matches against that user's channels only, and the
// messages go out under their own names (`/v2/me/calls`), which the cometd client hands to
// its `/v2/me/*` listener. `refuseWildcardSubscriptions` refuses any subscription with `*`.
import { NodeAdapter, type BayeuxMessage, type FayeExtension } from 'faye';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Session, SessionStore } from './sessions';
import type { SimUser } from './users';

export const NOTIFICATIONS_MOUNT = '/api/v2/notifications';
const UNAUTHORIZED = '401::Unauthorized';
const PRIVATE_PREFIX = /^\/sim-user-\d+(?=\/)/;

/** The faye engine methods used for server-side publishing and for dropping clients. */
interface FayeEngine {
  publish(message: { channel: string; data: unknown }): void;
  destroyClient(clientId: string): void;
}

/**
 * What faye's NodeAdapter does with a POST once it has read the whole body (node_adapter.js,
 * faye 1.4.3). Its own reading has no size limit, so the gateway reads POST bodies (with
 * one) and hands the text over here.
 */
interface FayeAdapterInternals {
  _callWithParams(request: IncomingMessage, response: ServerResponse, params: URLSearchParams): void;
}

export class BayeuxHub {
  private readonly adapter: NodeAdapter;
  private readonly engine: FayeEngine;
  private readonly sessionByRequest = new WeakMap<IncomingMessage, Session>();
  /** clientId → the HTTP session it handshook with. */
  private readonly clients = new Map<string, Session>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly log: (line: string) => void,
    /** Read on every subscription (POST /sim/config changes it). */
    private readonly refuseWildcards: () => boolean = () => false,
  ) {
    // 25 s long-poll hold: well under common proxy timeouts, like CometD's default 30 s.
    this.adapter = new NodeAdapter({ mount: NOTIFICATIONS_MOUNT, timeout: 25, ping: 15 });
    // faye has no public server-side publish except through an in-process client, which
    // costs a full client round trip per message; the engine is what that client ends in.
    this.engine = (this.adapter as unknown as { _server: { _engine: FayeEngine } })._server._engine;
    this.adapter.addExtension(this.authExtension());
    this.adapter.addExtension(this.privacyExtension());
    this.adapter.on('disconnect', (clientId) => {
      if (this.clients.delete(clientId)) this.log(`cometd client ${clientId} gone`);
    });
    sessions.onInvalidate((session) => this.dropSession(session));
  }

  /** Requests without a body for faye to read (GET callback-polling, OPTIONS). */
  handle(request: IncomingMessage, response: ServerResponse, session: Session | undefined): void {
    if (session) this.sessionByRequest.set(request, session);
    this.adapter.handle(request, response);
  }

  /**
   * A long-polling POST whose body the caller has read already: the rest of what faye's
   * handle() does for a POST. JSON bodies are the message batch itself; other bodies are
   * form-encoded with the batch in `message`.
   */
  handleBody(request: IncomingMessage, response: ServerResponse, session: Session | undefined, body: string): void {
    if (session) this.sessionByRequest.set(request, session);
    const type = (request.headers['content-type'] ?? '').split(';')[0];
    const params = type === 'application/json' ? new URLSearchParams({ message: body }) : new URLSearchParams(body);
    Object.assign(request, { originalUrl: request.url, body });
    response.on('error', (error) => this.log(`cometd response error: ${error.message}`));
    (this.adapter as unknown as FayeAdapterInternals)._callWithParams(request, response, params);
  }

  /** Websocket upgrades; the caller has checked the session already. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, session: Session): void {
    this.sessionByRequest.set(request, session);
    this.adapter.handleUpgrade(request, socket, head);
  }

  publish(user: SimUser, channel: string, data: unknown): void {
    this.engine.publish({ channel: user.channelPrefix + channel, data });
  }

  clientCount(): number {
    return this.clients.size;
  }

  clientCountOf(user: SimUser): number {
    let count = 0;
    for (const session of this.clients.values()) if (session.user === user) count += 1;
    return count;
  }

  /** Forgets every client: their next /meta/connect gets "unknown client" and they re-handshake. */
  dropAll(): void {
    for (const clientId of [...this.clients.keys()]) this.engine.destroyClient(clientId);
  }

  close(): void {
    this.adapter.close();
    this.clients.clear();
  }

  private dropSession(session: Session): void {
    for (const [clientId, owner] of [...this.clients]) if (owner === session) this.engine.destroyClient(clientId);
  }

  private liveSession(request: IncomingMessage | null): Session | undefined {
    const session = request ? this.sessionByRequest.get(request) : undefined;
    return session && this.sessions.isValid(session) ? session : undefined;
  }

  private authExtension(): FayeExtension {
    return {
      incoming: (message, request, callback) => {
        const session = this.liveSession(request);
        if (!session) {
          message.error = UNAUTHORIZED;
          // A websocket keeps the cookie of its upgrade: close it so the client reconnects
          // with whatever cookie it has now (or falls back to long-polling).
          if (request?.headers.upgrade) setImmediate(() => request.socket.end());
          return callback(message);
        }
        this.sessions.touch(session);
        const bound = message.clientId ? this.clients.get(message.clientId) : undefined;
        if (bound && bound.user !== session.user) message.error = UNAUTHORIZED;
        else if (bound && bound !== session && message.clientId) this.clients.set(message.clientId, session);
        if (!message.channel.startsWith('/meta/')) message.error = '403::Publishing is not allowed on this server';
        callback(message);
      },
      outgoing: (message, request, callback) => {
        if (message.channel === '/meta/handshake' && message.successful && message.clientId) {
          const session = this.liveSession(request);
          if (session) {
            this.clients.set(message.clientId, session);
            this.log(`cometd handshake ${message.clientId} for ${session.user.userName}`);
          }
        }
        callback(message);
      },
    };
  }

  private privacyExtension(): FayeExtension {
    return {
      incoming: (message, _request, callback) => {
        const isSubscription = message.channel === '/meta/subscribe' || message.channel === '/meta/unsubscribe';
        if (!isSubscription || message.error || message.subscription === undefined) return callback(message);
        const owner = message.clientId ? this.clients.get(message.clientId) : undefined;
        // Never subscribe a name unmapped: `/**` would then match every user's channels.
        if (!owner) message.error = UNAUTHORIZED;
        else {
          const names = Array.isArray(message.subscription) ? message.subscription : [String(message.subscription)];
          const wildcard = names.find((name) => name.includes('*'));
          if (message.channel === '/meta/subscribe' && wildcard !== undefined && this.refuseWildcards()) {
            message.error = `403:${wildcard}:Wildcard subscriptions are not allowed on this server`;
          } else {
            message.subscription = mapSubscription(message.subscription, (name) => owner.user.channelPrefix + name);
          }
        }
        callback(message);
      },
      outgoing: (message, _request, callback) => {
        if (message.subscription !== undefined) {
          message.subscription = mapSubscription(message.subscription, stripPrivatePrefix);
        }
        if (!message.channel.startsWith('/meta/')) message.channel = stripPrivatePrefix(message.channel);
        callback(message);
      },
    };
  }
}

function stripPrivatePrefix(channel: string): string {
  return channel.replace(PRIVATE_PREFIX, '');
}

function mapSubscription(subscription: BayeuxMessage['subscription'], map: (name: string) => string): string | string[] {
  return Array.isArray(subscription) ? subscription.map(map) : map(String(subscription));
}
