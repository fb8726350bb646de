// The XMLHttpRequest subset cometd's LongPollingTransport uses, over node:http(s), with
// per-client hooks: the session cookie is asked for on every send (it changes when the
// session is renewed), Set-Cookie goes back to the shared jar, and the agent is the
// client's own (its TLS choice applies to that server only). See notificationClient.ts.
import * as http from 'node:http';
import * as https from 'node:https';
import { clipForTrace } from '../base/log';
import { XHR_STATES } from './cometdWindow';
import { formatBytes } from './errors';
import type { TlsRequestOptions } from './tlsTrust';

/**
 * Largest long-polling response read. One /meta/connect answer carries every message queued
 * since the previous one: in this project's load tests a 20,000-message burst of ~2 KB call
 * notifications arrived as a single 43 MB response (docs/gws-notes.md#throughput), so the cap
 * must stay well above that; 64 MiB leaves half again as much room while still bounding what a
 * broken server or a wrong URL can make the extension host buffer. Past it the request is
 * aborted and cometd sees a failed request whose reason says so.
 */
export const MAX_LONG_POLL_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface NodeXhrHooks {
  cookieHeader: (url: string) => string;
  storeSetCookie?: (setCookie: string, url: string) => void;
  /** Extra headers on every request (Origin). */
  headers?: Record<string, string>;
  /** Headers asked for on every send, like the cookie (the CSRF token, which a new session changes). */
  headersNow?: () => Record<string, string>;
  agentFor: (url: URL) => http.Agent;
  /** Also set on every https request, not only on the agent (see tlsTrust.ts). */
  tls?: TlsRequestOptions;
  /** Node's error code of a request that failed before an answer (a refused certificate, for one). */
  onRequestError?: (code: string | undefined, url: URL) => void;
  /** Raw Bayeux frames, for the trace log; the line is built only when it is wanted. */
  trace?: (line: () => string) => void;
  /** Default MAX_LONG_POLL_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  /** Told when a response was cut off at the cap (for the log). */
  onTooLarge?: (url: URL, maxBytes: number) => void;
}

const { UNSENT, OPENED, HEADERS_RECEIVED, LOADING, DONE } = XHR_STATES;

export class NodeXhr {
  readyState: number = UNSENT;
  status = 0;
  statusText = '';
  responseText = '';
  /** cometd sets these; they mean nothing outside a browser. */
  withCredentials = false;
  context: unknown;
  onload: (() => void) | undefined;
  onerror: (() => void) | undefined;
  onabort: (() => void) | undefined;

  private url: URL | undefined;
  private method = 'POST';
  private readonly headers: Record<string, string> = {};
  private request: http.ClientRequest | undefined;
  private finished = false;

  constructor(private readonly hooks: NodeXhrHooks) {}

  open(method: string, url: string): void {
    this.method = method;
    this.url = new URL(url);
    this.readyState = OPENED;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  send(body?: string): void {
    const url = this.url;
    if (!url) throw new Error('NodeXhr.send() before open()');
    const headers: Record<string, string | number> = { ...this.hooks.headers, ...this.hooks.headersNow?.(), ...this.headers };
    const cookie = this.hooks.cookieHeader(url.href);
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    this.hooks.trace?.(() => `→ ${url.pathname} ${clipForTrace(body ?? '')}`);
    const options: https.RequestOptions = { method: this.method, headers, agent: this.hooks.agentFor(url) };
    const onResponse = (response: http.IncomingMessage): void => this.read(url, request, response);
    // Node's functions looked up per request (VS Code's extension host patches them for its
    // proxy support), with the TLS options on the request itself too (see tlsTrust.ts).
    const request =
      url.protocol === 'https:' ? https.request(url, { ...options, ...this.hooks.tls }, onResponse) : http.request(url, options, onResponse);
    request.on('error', (error: Error & { code?: string }) => {
      this.statusText = error.code ?? error.message;
      if (!this.finished) this.hooks.onRequestError?.(error.code, url);
      this.finish('error');
    });
    this.request = request;
    request.end(body);
  }

  private read(url: URL, request: http.ClientRequest, response: http.IncomingMessage): void {
    this.status = response.statusCode ?? 0;
    this.statusText = response.statusMessage ?? '';
    this.readyState = HEADERS_RECEIVED;
    for (const setCookie of response.headers['set-cookie'] ?? []) this.hooks.storeSetCookie?.(setCookie, url.href);
    const maxBytes = this.hooks.maxResponseBytes ?? MAX_LONG_POLL_RESPONSE_BYTES;
    // Bytes, counted before decoding: the cap is on memory, and a chunk may end inside a
    // multi-byte character.
    const chunks: Buffer[] = [];
    let received = 0;
    response.on('data', (chunk: Buffer) => {
      if (this.finished) return;
      this.readyState = LOADING;
      received += chunk.length;
      if (received > maxBytes) {
        chunks.length = 0;
        this.statusText = `the notification response was larger than ${formatBytes(maxBytes)} and was not read`;
        this.hooks.onTooLarge?.(url, maxBytes);
        request.destroy();
        this.finish('error');
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => {
      if (this.finished) return;
      this.responseText = Buffer.concat(chunks, received).toString('utf8');
      this.hooks.trace?.(() => `← ${url.pathname} HTTP ${this.status} ${clipForTrace(this.responseText)}`);
      this.finish('load');
    });
    response.on('aborted', () => this.finish('error'));
    response.on('error', () => this.finish('error'));
  }

  abort(): void {
    if (this.finished) return;
    this.request?.destroy();
    this.finish('abort');
  }

  private finish(outcome: 'load' | 'error' | 'abort'): void {
    if (this.finished) return;
    this.finished = true;
    this.readyState = DONE;
    const handler = outcome === 'load' ? this.onload : outcome === 'abort' ? this.onabort : this.onerror;
    handler?.();
  }
}
