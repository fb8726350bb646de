// CometD side of GWS (docs/gws-notes.md#notifications and
// docs/gws-notes.md#cometd-in-the-extension-host): the real `cometd` client on
// <base>/api/v2/notifications, long-polling by default, websocket on request. Every CometD
// request carries the REST client's session cookie and, once the server issued one, its CSRF
// header (docs/gws-notes.md#csrf): cometdTransports.ts says how.
import * as http from 'node:http';
import * as https from 'node:https';
import { CometD, type Message } from 'cometd';
import { Emitter, type Event } from '../base/emitter';
import { silentLog, traceLazily, type GwsLog } from '../base/log';
import { CookieLongPollingTransport, CookieWebSocketTransport } from './cometdTransports';
import { certificateErrorIn, formatBytes, GwsError, isCertificateError, untrustedCertificateMessage } from './errors';
import { tlsRequestOptions, type TlsTrustOptions } from './tlsTrust';
import type { MetaRecord, MetaType, NotificationReceived } from '../wire/sessionEvents';
import { ALL_MY_CHANNELS, CALLS_CHANNEL, DEVICES_CHANNEL, NAMED_CHANNELS, NOTIFICATIONS_PATH, type BayeuxMessage } from '../wire/types';

export type NotificationTransport = 'long-polling' | 'websocket';

/** TLS: rejectUnauthorized, the profile's CA (tlsTrust.ts), as for the REST client. */
export interface GwsNotificationClientOptions extends TlsTrustOptions {
  /** Normalized server base URL (no trailing slash, no /api/v2). */
  baseUrl: string;
  transport?: NotificationTransport;
  /** The current Cookie header for a URL ('' when none): asked on every request. */
  cookieHeader: (url: string) => string;
  /** The CSRF header for CometD's POSTs ({} when the server handed out no token): asked on every request. */
  csrfHeaders?: () => Record<string, string>;
  /** `Origin` on every request; default the server's own origin (docs/gws-notes.md#origin). */
  origin?: string;
  /** Receives Set-Cookie headers from CometD responses (one session for REST and CometD). */
  storeSetCookie?: (setCookie: string, url: string) => void;
  channels?: readonly string[];
  /** Cap of cometd's retry backoff; GWS docs give none, cometd's default (60 s) is too slow. */
  maxBackoffMs?: number;
  log?: GwsLog;
}

/** Why CometD is not connected, as far as we can tell. */
export interface LinkDown {
  reason: string;
  /** The server refused our session (HTTP 401/403 or a 401/403 handshake error). */
  authRejected: boolean;
}

/**
 * Every channel of the user: chat, email, workitem and channel-state messages are rows too.
 * A server that refuses the wildcard gets the channels by name instead (NAMED_CHANNELS).
 */
export const DEFAULT_CHANNELS: readonly string[] = [ALL_MY_CHANNELS];
/** Without these two the session cannot show calls; /v2/me/channels (8.5.0 media states) is optional. */
const ESSENTIAL_CHANNELS: ReadonlySet<string> = new Set([CALLS_CHANNEL, DEVICES_CHANNEL]);
export const DEFAULT_MAX_BACKOFF_MS = 5_000;

// ---- the client ----------------------------------------------------------------------------

function errorText(message: Message): string {
  const failure = message.failure;
  const parts: string[] = [];
  if (message.error) parts.push(message.error);
  if (failure?.httpCode !== undefined && failure.httpCode > 0) parts.push(`HTTP ${failure.httpCode}`);
  if (failure?.reason) parts.push(failure.reason);
  if (failure?.websocketCode !== undefined) parts.push(`websocket close ${failure.websocketCode}`);
  if (failure?.exception instanceof Error) parts.push(failure.exception.message);
  return parts.length > 0 ? parts.join(', ') : 'no reason given';
}

let clientCounter = 0;

export class GwsNotificationClient {
  readonly url: string;
  private readonly cometd: CometD;
  private readonly log: GwsLog;
  private readonly channels: readonly string[];
  private readonly agents: { http: http.Agent; https: https.Agent };
  private handshakes = 0;
  /** /meta/connect answered successfully since the last failure. */
  private linkUp = false;
  /** Every subscription of the latest handshake was answered. */
  private subscribed = false;
  /** onUp was fired for the current link (linkUp && subscribed). */
  private announcedUp = false;
  private upWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private stopped = false;
  /** Re-subscription of channels the server refused after a re-handshake. */
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private upgradeRejectedStatus: number | undefined;
  /** The latest certificate error code either transport met; the handshake failure names it. */
  private certificateError: string | undefined;
  private readonly origin: string;
  private startWaiter: { resolve: () => void; reject: (error: Error) => void } | undefined;

  private readonly messageEmitter = new Emitter<NotificationReceived>();
  private readonly metaEmitter = new Emitter<MetaRecord>();
  private readonly readyEmitter = new Emitter<{ reestablish: boolean }>();
  private readonly upEmitter = new Emitter<void>();
  private readonly downEmitter = new Emitter<LinkDown>();

  /** Every message on a subscribed channel. */
  readonly onMessage: Event<NotificationReceived> = this.messageEmitter.event;
  /** Handshake, subscribe, connection lost, disconnect: rows for the inspector stream. */
  readonly onMeta: Event<MetaRecord> = this.metaEmitter.event;
  /** A handshake succeeded and every subscription was answered; `reestablish` after the first. */
  readonly onReady: Event<{ reestablish: boolean }> = this.readyEmitter.event;
  /** /meta/connect works again (after a handshake or after a drop). */
  readonly onUp: Event<void> = this.upEmitter.event;
  /** Connect or handshake failed: fired on the first failure and on every auth rejection. */
  readonly onDown: Event<LinkDown> = this.downEmitter.event;

  constructor(options: GwsNotificationClientOptions) {
    this.log = options.log ?? silentLog;
    this.url = `${options.baseUrl}${NOTIFICATIONS_PATH}`;
    this.channels = options.channels ?? DEFAULT_CHANNELS;
    // this.origin names the server (in certificate errors); `origin` is the header we send.
    this.origin = new URL(options.baseUrl).origin;
    const origin = options.origin ?? this.origin;
    const csrfHeaders = options.csrfHeaders ?? (() => ({}));
    const tls = tlsRequestOptions(options);
    const noteCertificateError = (code: string | undefined): void => {
      if (isCertificateError(code)) this.certificateError = code;
    };
    this.agents = {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true, ...tls }),
    };
    this.cometd = new CometD(`gws-${++clientCounter}`);
    // Only our transports: the stock ones would send requests without the session cookie.
    this.cometd.unregisterTransports();
    if (options.transport === 'websocket') {
      this.cometd.registerTransport(
        'websocket',
        new CookieWebSocketTransport({
          cookieHeader: options.cookieHeader,
          csrfHeaders,
          origin,
          tls,
          onSocketError: noteCertificateError,
          onUpgradeResult: (status) => (this.upgradeRejectedStatus = status),
          log: this.log,
        }),
      );
    }
    // Always registered: GWS 8.5.2 supports only long-polling, and cometd falls back to it
    // when a websocket upgrade fails.
    this.cometd.registerTransport(
      'long-polling',
      new CookieLongPollingTransport({
        cookieHeader: options.cookieHeader,
        storeSetCookie: options.storeSetCookie,
        headers: { Origin: origin },
        headersNow: csrfHeaders,
        agentFor: (url) => (url.protocol === 'https:' ? this.agents.https : this.agents.http),
        tls,
        onRequestError: noteCertificateError,
        trace: (line) => traceLazily(this.log, line),
        onTooLarge: (url, maxBytes) =>
          this.log('warn', `CometD response from ${url.pathname} exceeded ${formatBytes(maxBytes)}; it was dropped and cometd retries. Notifications in it are lost.`),
      }),
    );
    this.cometd.configure({
      url: this.url,
      logLevel: 'warn',
      maxBackoff: options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
      useWorkerScheduler: false,
    });
    this.cometd.addListener('/meta/handshake', (message) => this.onHandshake(message));
    this.cometd.addListener('/meta/connect', (message) => this.onConnect(message));
    this.cometd.addListener('/meta/disconnect', (message) => {
      this.linkUp = false;
      this.announcedUp = false;
      this.meta('disconnect', message.successful ? 'CometD disconnected' : `CometD disconnect failed: ${errorText(message)}`);
    });
  }

  /** The transport cometd negotiated ('long-polling' or 'websocket'), once handshaken. */
  get transportType(): string | undefined {
    return this.cometd.getTransport()?.type;
  }

  /** Connected and subscribed: notifications flow. */
  get isConnected(): boolean {
    return this.announcedUp;
  }

  /** Resolves when notifications flow again (now, if they do); rejects after `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.announcedUp) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.upWaiters = this.upWaiters.filter((w) => w !== waiter);
        reject(new GwsError(`CometD did not reconnect within ${Math.round(timeoutMs / 1000)} s.`, { kind: 'timeout', url: this.url }));
      }, timeoutMs);
      this.upWaiters.push(waiter);
    });
  }

  /**
   * Handshakes and subscribes; resolves once every subscription was answered. The first
   * handshake failure rejects (sign-in must fail fast) and stops the client; after that,
   * cometd retries by itself and reports through onDown/onReady.
   */
  start(timeoutMs = 15_000): Promise<void> {
    this.stopped = false;
    this.handshakes = 0;
    this.certificateError = undefined;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        settle();
        this.cometd.disconnect();
        reject(new GwsError(`CometD handshake with ${this.url} did not complete within ${Math.round(timeoutMs / 1000)} s.`, { kind: 'timeout', url: this.url }));
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.startWaiter = undefined;
      };
      this.startWaiter = {
        resolve: () => {
          settle();
          resolve();
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      this.cometd.handshake();
    });
  }

  /** Disconnects (best effort: resolves when the server answered, failed, or after 3 s). */
  stop(): Promise<void> {
    this.stopped = true;
    this.linkUp = false;
    this.announcedUp = false;
    this.rejectWaiters('Stopped before CometD was ready.');
    if (this.cometd.isDisconnected()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  dispose(): void {
    this.stopped = true;
    // Nobody may wait forever on a disposed client (a sign-in that was replaced, for one).
    this.rejectWaiters('The notification client was closed.');
    if (!this.cometd.isDisconnected()) this.cometd.disconnect();
    this.cometd.clearListeners();
    this.agents.http.destroy();
    this.agents.https.destroy();
    for (const emitter of [this.messageEmitter, this.metaEmitter, this.readyEmitter, this.upEmitter, this.downEmitter]) {
      emitter.dispose();
    }
  }

  private rejectWaiters(reason: string): void {
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = undefined;
    const error = new GwsError(reason, { kind: 'network', url: this.url });
    this.startWaiter?.reject(error);
    for (const waiter of this.upWaiters.splice(0)) waiter.reject(error);
  }

  // ---- cometd listeners ---------------------------------------------------------------------

  private onHandshake(message: Message): void {
    if (message.successful) {
      this.upgradeRejectedStatus = undefined;
      // A new clientId: neither its /meta/connect nor its subscriptions are confirmed yet.
      this.linkUp = false;
      this.subscribed = false;
      this.announcedUp = false;
      const reestablish = this.handshakes++ > 0;
      this.meta('handshake', `CometD handshake OK over ${this.transportType ?? 'unknown transport'}${reestablish ? ' (re-established)' : ''}`, {
        clientId: message.clientId,
        reestablish,
      });
      // Subscribing here, not after a promise, is what makes subscriptions survive every
      // re-handshake: cometd drops them on each handshake
      // (docs/gws-notes.md#handshake-drops-subscriptions).
      this.subscribeAll(reestablish);
      return;
    }
    const authRejected = this.isAuthRejection(message, true);
    const reason = errorText(message);
    this.meta('handshake', `CometD handshake failed: ${reason}`, { authRejected });
    if (this.startWaiter) {
      const waiter = this.startWaiter;
      this.cometd.disconnect();
      const certificate = certificateErrorIn(reason) ?? this.certificateError;
      if (certificate) {
        waiter.reject(new GwsError(untrustedCertificateMessage(this.origin, certificate), { kind: 'network', code: certificate, url: this.url }));
        return;
      }
      waiter.reject(
        authRejected
          ? new GwsError(`The notification service refused the session (${reason}). Sign in again.`, { kind: 'auth', url: this.url, httpStatus: message.failure?.httpCode })
          : new GwsError(`The notification service at ${this.url} cannot be reached (${reason}).`, { kind: 'network', url: this.url }),
      );
      return;
    }
    this.linkDown(reason, authRejected);
  }

  private subscribeAll(reestablish: boolean): void {
    clearTimeout(this.resubscribeTimer);
    this.subscribeChannels(this.channels, reestablish, 0);
  }

  /**
   * Subscribes and waits for every answer. Without /v2/me/calls or /v2/me/devices the session
   * is useless, so a refusal there fails the first start (sign-in says why) and, after a
   * re-handshake, counts as a lost link while only the refused channels are tried again.
   */
  private subscribeChannels(channels: readonly string[], reestablish: boolean, attempt: number): void {
    const handshake = this.handshakes;
    let pending = channels.length;
    const refused: string[] = [];
    const answered = () => {
      if (--pending > 0 || this.stopped || handshake !== this.handshakes) return;
      const wildcards = refused.filter(isWildcard);
      if (wildcards.length > 0) {
        // The server takes no wildcard: the same channels by name, once per handshake.
        const named = NAMED_CHANNELS.filter((channel) => !channels.includes(channel));
        this.meta('subscribe', `The server refused ${wildcards.join(', ')}; subscribing to ${named.join(', ')} by name instead`);
        this.subscribeChannels([...refused.filter((channel) => !isWildcard(channel)), ...named], reestablish, attempt);
        return;
      }
      const essential = refused.filter((channel) => ESSENTIAL_CHANNELS.has(channel));
      if (essential.length > 0) {
        const reason = `the server refused the subscription to ${essential.join(' and ')}`;
        if (this.startWaiter) {
          const waiter = this.startWaiter;
          this.cometd.disconnect();
          waiter.reject(new GwsError(`Notifications cannot be received: ${reason}.`, { kind: 'network', url: this.url }));
          return;
        }
        this.linkDown(reason, false);
        const delay = Math.min(30_000, 1_000 * 2 ** attempt);
        this.resubscribeTimer = setTimeout(() => {
          if (!this.stopped && handshake === this.handshakes) this.subscribeChannels(essential, reestablish, attempt + 1);
        }, delay);
        return;
      }
      this.subscribed = true;
      this.startWaiter?.resolve();
      this.readyEmitter.fire({ reestablish });
      this.announceUpIfReady();
    };
    this.cometd.batch(() => {
      for (const channel of channels) {
        this.cometd.subscribe(
          channel,
          (message) => this.deliver(message),
          (reply) => {
            if (reply.successful) {
              this.meta('subscribe', `Subscribed to ${channel}`, undefined, channel);
            } else {
              refused.push(channel);
              this.meta('error', `Subscription to ${channel} failed: ${errorText(reply)}`, undefined, channel);
            }
            answered();
          },
        );
      }
    });
  }

  private onConnect(message: Message): void {
    // cometd reports a failed /meta/connect while disconnecting; that is not a lost link.
    if (this.stopped || this.cometd.isDisconnected()) return;
    if (message.successful) {
      this.linkUp = true;
      this.announceUpIfReady();
      return;
    }
    this.linkDown(errorText(message), this.isAuthRejection(message, false));
  }

  /** Up means both: /meta/connect works and the subscriptions of this handshake stand. */
  private announceUpIfReady(): void {
    if (this.stopped || this.announcedUp || !this.linkUp || !this.subscribed) return;
    this.announcedUp = true;
    this.meta('connect', `CometD connected over ${this.transportType ?? 'unknown transport'}`);
    this.upEmitter.fire();
    for (const waiter of this.upWaiters.splice(0)) waiter.resolve();
  }

  private linkDown(reason: string, authRejected: boolean): void {
    const wasUp = this.announcedUp;
    this.linkUp = false;
    this.announcedUp = false;
    if (wasUp) this.meta('reconnecting', `CometD connection lost (${reason}); retrying`);
    if (wasUp || authRejected) this.downEmitter.fire({ reason, authRejected });
  }

  /**
   * An expired session shows as HTTP 401/403 on long-polling, a refused websocket upgrade,
   * or a handshake reply with a 401/403 error. "401::Unknown client" on /meta/connect is not
   * one: it only asks for a new handshake.
   */
  private isAuthRejection(message: Message, handshake: boolean): boolean {
    const httpCode = message.failure?.httpCode;
    if (httpCode === 401 || httpCode === 403) return true;
    // Websocket: the failure cometd reports carries no status; the refused upgrade does.
    if (this.upgradeRejectedStatus === 401 || this.upgradeRejectedStatus === 403) return true;
    return handshake && typeof message.error === 'string' && /^40[13]:/.test(message.error);
  }

  private deliver(message: Message): void {
    this.messageEmitter.fire({ message: message as BayeuxMessage, receivedAt: Date.now() });
  }

  private meta(type: MetaType, text: string, detail?: unknown, channel?: string): void {
    this.log(type === 'error' ? 'warn' : 'info', text);
    this.metaEmitter.fire({ type, time: Date.now(), text, channel, detail });
  }
}

function isWildcard(channel: string): boolean {
  return channel.includes('*');
}
