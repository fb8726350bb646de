// A deliberately small GWS client for the simulator's tests: axios + tough-cookie for
// REST (Basic once, then the JSESSIONID cookie and the CSRF token) and the real cometd
// client for notifications. Written independently of the extension's client (src/gws),
// so the simulator is tested against a second opinion of the protocol.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import * as cometdModule from 'cometd';
import { CometD, type Message } from 'cometd';
import { CookieJar } from 'tough-cookie';
import { XMLHttpRequest as NodeXMLHttpRequest } from 'cometd-nodejs-client/src/XMLHttpRequest.js';
import WebSocket from 'ws';
// esbuild injects this object as cometd's `window` in every test bundle (see esbuild.js);
// the websocket transport looks up window.WebSocket on it, the stock long-polling transport
// window.XMLHttpRequest.
import { cometdWindow } from '../../src/gws/cometdWindow';

// The extension's window has only the XMLHttpRequest constants (its transport brings its own
// XHR); this client uses the stock transport with cometd-nodejs-client's XHR, a second opinion
// next to src/gws/nodeXhr.ts. It has the same UNSENT constant the extension's transport reads.
cometdWindow.XMLHttpRequest = NodeXMLHttpRequest;

export interface Notification {
  channel: string;
  data: Record<string, unknown> & { messageType?: string; notificationType?: string; call?: Record<string, unknown> };
}

export interface BareClientOptions {
  /** Sent as Origin on every request (REST and CometD) when given. */
  origin?: string;
}

interface TransportInstance {
  /** Copied onto each XHR; cometd-nodejs-client's XHR keeps server cookies in `context.cookieStore`. */
  context?: unknown;
  xhrSend(packet: { headers?: Record<string, string> }): unknown;
}
type TransportClass = new () => TransportInstance;
const transports = cometdModule as unknown as { LongPollingTransport: TransportClass; WebSocketTransport: new () => object };

/** The ws handshake cannot take headers from cometd: find the owning client by a URL marker. */
const websocketOwners = new Map<string, BareClient>();
let nextClientNumber = 1;

class CookieWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    const owner = websocketOwners.get(new URL(url).searchParams.get('bare') ?? '');
    super(url, protocols, { headers: owner?.cometdHeaders() ?? {} });
  }
}

export class BareClient {
  readonly jar = new CookieJar();
  readonly http: AxiosInstance;
  readonly notifications: Notification[] = [];
  csrfHeader?: string;
  csrfToken?: string;
  private cometd?: CometD;
  private readonly number = nextClientNumber++;
  private readonly waiters = new Set<() => void>();
  /** Every /meta/handshake reply, for reconnect assertions. */
  readonly handshakes: Message[] = [];
  /** Handshakes whose subscriptions were all acknowledged: the stream is live again. */
  subscribedRounds = 0;

  constructor(
    readonly baseUrl: string,
    private readonly options: BareClientOptions = {},
  ) {
    this.http = axios.create({ baseURL: baseUrl, validateStatus: () => true, proxy: false });
    this.http.interceptors.request.use(async (config) => {
      const url = new URL(config.url ?? '', baseUrl).toString();
      const cookie = await this.jar.getCookieString(url);
      if (cookie) config.headers.set('Cookie', cookie);
      if (this.options.origin) config.headers.set('Origin', this.options.origin);
      const method = (config.method ?? 'get').toUpperCase();
      if (method !== 'GET' && this.csrfHeader && this.csrfToken) config.headers.set(this.csrfHeader, this.csrfToken);
      return config;
    });
    this.http.interceptors.response.use(async (response) => {
      const setCookie = response.headers['set-cookie'];
      const url = new URL(response.config.url ?? '', baseUrl).toString();
      for (const header of setCookie ?? []) await this.jar.setCookie(header, url);
      const csrfHeader = response.headers['x-csrf-header'];
      if (typeof csrfHeader === 'string') {
        this.csrfHeader = csrfHeader;
        this.csrfToken = String(response.headers['x-csrf-token']);
      }
      return response;
    });
  }

  /** GET /api/v2/me with Basic credentials: the cookie and the CSRF token come back. */
  async login(userName: string, password = userName): Promise<AxiosResponse> {
    return this.http.get('/api/v2/me', { auth: { username: userName, password } });
  }

  get(path: string): Promise<AxiosResponse> {
    return this.http.get(path);
  }

  post(path: string, body: unknown = {}): Promise<AxiosResponse> {
    return this.http.post(path, body, { headers: { 'Content-Type': 'application/json' } });
  }

  /** POST an operation to a call: `op('<id>', 'Hold')`. */
  op(callId: string, operationName: string, params: Record<string, unknown> = {}): Promise<AxiosResponse> {
    return this.post(`/api/v2/me/calls/${callId}`, { operationName, ...params });
  }

  cookieHeader(): string {
    return this.jar.getCookieStringSync(this.baseUrl);
  }

  cometdHeaders(): Record<string, string> {
    const headers: Record<string, string> = { Cookie: this.cookieHeader() };
    if (this.options.origin) headers.Origin = this.options.origin;
    return headers;
  }

  /**
   * Handshakes and subscribes /v2/me/calls and /v2/me/devices (again after every
   * re-handshake, inside the handshake listener, as cometd needs). Resolves on the first
   * successful handshake + subscription.
   */
  connect(transport: 'long-polling' | 'websocket' = 'long-polling'): Promise<void> {
    const cometd = new CometD();
    this.cometd = cometd;
    cometd.unregisterTransports();
    const client = this;
    if (transport === 'websocket') {
      cometdWindow.WebSocket = CookieWebSocket;
      websocketOwners.set(String(this.number), this);
      cometd.registerTransport('websocket', new transports.WebSocketTransport() as never);
    }
    // Every long-polling request carries the cookie the jar has *now* (it changes on re-login).
    class CookieLongPolling extends transports.LongPollingTransport {
      // The XHR reads and stores server cookies here; ours come from the jar instead.
      override context = { cookieStore: {} };
      override xhrSend(packet: { headers?: Record<string, string> }): unknown {
        packet.headers = { ...(packet.headers ?? {}), ...client.cometdHeaders() };
        return super.xhrSend(packet);
      }
    }
    cometd.registerTransport('long-polling', new CookieLongPolling() as never);
    const url = `${this.baseUrl}/api/v2/notifications${transport === 'websocket' ? `?bare=${this.number}` : ''}`;
    cometd.configure({ url, logLevel: 'warn', maxBackoff: 500, backoffIncrement: 100 });
    return new Promise((resolve, reject) => {
      let settled = false;
      cometd.addListener('/meta/handshake', (reply) => {
        this.handshakes.push(reply);
        this.wake();
        if (!reply.successful) {
          if (!settled) {
            settled = true;
            cometd.disconnect();
            reject(new Error(`handshake failed: ${reply.error ?? JSON.stringify((reply as { failure?: unknown }).failure)}`));
          }
          return;
        }
        let pending = 2;
        const subscribed = (ack: Message): void => {
          if (!ack.successful && !settled) {
            settled = true;
            reject(new Error(`subscribe failed: ${ack.error}`));
          }
          if (--pending > 0) return;
          this.subscribedRounds += 1;
          this.wake();
          if (!settled) {
            settled = true;
            resolve();
          }
        };
        cometd.batch(() => {
          cometd.subscribe('/v2/me/calls', (m) => this.receive(m), subscribed);
          cometd.subscribe('/v2/me/devices', (m) => this.receive(m), subscribed);
        });
      });
      cometd.handshake();
    });
  }

  /** Resolves once a handshake after `rounds` has its subscriptions back. */
  resubscribed(rounds: number, timeoutMs = 8000): Promise<true> {
    return this.until(() => this.subscribedRounds > rounds, timeoutMs, 'a re-handshake with its subscriptions');
  }

  transportType(): string | undefined {
    return this.cometd?.getTransport()?.type;
  }

  disconnect(): Promise<void> {
    const cometd = this.cometd;
    this.cometd = undefined;
    websocketOwners.delete(String(this.number));
    if (!cometd || cometd.isDisconnected()) return Promise.resolve();
    return new Promise((resolve) => cometd.disconnect(() => resolve()));
  }

  /** Waits until a notification after index `from` matches; fails after `timeoutMs`. */
  waitFor(predicate: (n: Notification) => boolean, options: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<Notification> {
    const from = options.from ?? 0;
    return this.until(() => this.notifications.slice(from).find(predicate), options.timeoutMs, options.what ?? 'notification');
  }

  /** Waits for the CallStateChangeMessage of `callId` with this notificationType (and state). */
  waitForCall(callId: string, notificationType: string, state?: string, from?: number): Promise<Notification> {
    return this.waitFor(
      (n) => n.data.messageType === 'CallStateChangeMessage' && n.data.notificationType === notificationType && n.data.call?.id === callId && (state === undefined || n.data.call?.state === state),
      { from, what: `${notificationType}${state ? ` ${state}` : ''} for ${callId}` },
    );
  }

  /** Resolves with the first truthy value of `probe`, re-checked on every notification/handshake. */
  until<T>(probe: () => T | undefined | false, timeoutMs = 8000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (!value) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = (): void => void check();
      if (check()) return;
      this.waiters.add(waiter);
    });
  }

  private receive(message: Message): void {
    this.notifications.push({ channel: message.channel, data: message.data as Notification['data'] });
    this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Polls an async condition (for server-side state that sends no notification). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 8000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
