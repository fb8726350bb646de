// A CometD client for the simulator tests that subscribes to the channels a test names
// (wildcards included) and reports each subscription's answer, where BareClient
// (test/support) always subscribes /v2/me/calls and /v2/me/devices and fails on a refusal.
// REST (sign-in, cookie, CSRF token) is a BareClient's; the long-polling requests carry its
// cookie, its Origin and, when asked, its X-CSRF-TOKEN.
import * as cometdModule from 'cometd';
import { CometD, type Message } from 'cometd';
import { BareClient, type BareClientOptions, type Notification } from '../../support/bareClient';

interface TransportInstance {
  context?: unknown;
  xhrSend(packet: { headers?: Record<string, string> }): unknown;
}
const { LongPollingTransport } = cometdModule as unknown as { LongPollingTransport: new () => TransportInstance };

/** A BareClient whose CometD requests also carry the session's X-CSRF-TOKEN. */
export class CsrfBareClient extends BareClient {
  override cometdHeaders(): Record<string, string> {
    const headers = super.cometdHeaders();
    if (this.csrfToken) headers[this.csrfHeader ?? 'X-CSRF-TOKEN'] = this.csrfToken;
    return headers;
  }
}

export interface Subscribed {
  /** One acknowledgement per channel asked for, in order. */
  acks: Message[];
}

export class ChannelClient {
  readonly rest: BareClient;
  readonly messages: Notification[] = [];
  private cometd?: CometD;
  private readonly waiters = new Set<() => void>();

  constructor(baseUrl: string, options: BareClientOptions & { csrfOnCometd?: boolean } = {}) {
    this.rest = options.csrfOnCometd ? new CsrfBareClient(baseUrl, options) : new BareClient(baseUrl, options);
  }

  /** Signs in with Basic credentials (GET /api/v2/me). */
  async login(userName: string): Promise<void> {
    const me = await this.rest.login(userName);
    if (me.status !== 200) throw new Error(`login of ${userName}: HTTP ${me.status} ${JSON.stringify(me.data)}`);
  }

  /**
   * Handshakes, then subscribes each channel in one batch. Resolves with every
   * subscription's answer (successful or not); rejects when the handshake fails.
   */
  subscribe(channels: readonly string[]): Promise<Subscribed> {
    const cometd = new CometD();
    this.cometd = cometd;
    cometd.unregisterTransports();
    const rest = this.rest;
    class CookieLongPolling extends LongPollingTransport {
      override context = { cookieStore: {} };
      override xhrSend(packet: { headers?: Record<string, string> }): unknown {
        packet.headers = { ...(packet.headers ?? {}), ...rest.cometdHeaders() };
        return super.xhrSend(packet);
      }
    }
    cometd.registerTransport('long-polling', new CookieLongPolling() as never);
    cometd.configure({ url: `${rest.baseUrl}/api/v2/notifications`, logLevel: 'warn', maxBackoff: 500, backoffIncrement: 100 });
    return new Promise((resolve, reject) => {
      let settled = false;
      cometd.addListener('/meta/handshake', (reply) => {
        if (settled) return;
        if (!reply.successful) {
          settled = true;
          cometd.disconnect();
          const failure = (reply as { failure?: { httpCode?: number } }).failure;
          reject(new Error(`handshake failed: ${reply.error ?? ''} httpCode ${failure?.httpCode}`));
          return;
        }
        const acks: Message[] = [];
        cometd.batch(() => {
          for (const channel of channels) {
            cometd.subscribe(channel, (m) => this.receive(m), (ack) => {
              acks.push(ack);
              if (acks.length < channels.length || settled) return;
              settled = true;
              const ordered = channels.map((c) => acks.find((a) => String(a.subscription) === c));
              if (ordered.every((a) => a !== undefined)) resolve({ acks: ordered as Message[] });
              else reject(new Error(`answers for other channels than asked: ${JSON.stringify(acks.map((a) => a.subscription))}`));
            });
          }
        });
      });
      cometd.handshake();
    });
  }

  disconnect(): Promise<void> {
    const cometd = this.cometd;
    this.cometd = undefined;
    if (!cometd || cometd.isDisconnected()) return Promise.resolve();
    return new Promise((resolve) => cometd.disconnect(() => resolve()));
  }

  /** The first message after index `from` that matches; fails after `timeoutMs`. */
  waitFor(predicate: (n: Notification) => boolean, options: { from?: number; timeoutMs?: number; what?: string } = {}): Promise<Notification> {
    const from = options.from ?? 0;
    const timeoutMs = options.timeoutMs ?? 8000;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.messages.slice(from).find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a message'}`));
      }, timeoutMs);
      const waiter = (): void => void check();
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  private receive(message: Message): void {
    // A /** listener also hears the client's own /meta/ replies: they are not notifications.
    if (message.channel.startsWith('/meta/')) return;
    this.messages.push({ channel: message.channel, data: message.data as Notification['data'] });
    for (const waiter of [...this.waiters]) waiter();
  }
}
