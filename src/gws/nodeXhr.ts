// The XMLHttpRequest subset cometd's LongPollingTransport uses, over node:http(s), with
// per-client hooks: the session cookie is asked for on every send (it changes when the
// session is renewed), Set-Cookie goes back to the shared jar, and the agent is the
// client's own (its TLS choice applies to that server only). See notificationClient.ts.
import * as http from 'node:http';
import * as https from 'node:https';
import { clipForTrace } from '../base/log';

export interface NodeXhrHooks {
  cookieHeader: (url: string) => string;
  storeSetCookie?: (setCookie: string, url: string) => void;
  /** Extra headers on every request (Origin). */
  headers?: Record<string, string>;
  /** Headers asked for on every send, like the cookie (the CSRF token, which a new session changes). */
  headersNow?: () => Record<string, string>;
  agentFor: (url: URL) => http.Agent;
  /** Raw Bayeux frames, for the trace log; the line is built only when it is wanted. */
  trace?: (line: () => string) => void;
}

const UNSENT = 0;
const OPENED = 1;
const HEADERS_RECEIVED = 2;
const LOADING = 3;
const DONE = 4;

export class NodeXhr {
  readyState = UNSENT;
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
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method: this.method, headers, agent: this.hooks.agentFor(url) }, (response) => {
      this.status = response.statusCode ?? 0;
      this.statusText = response.statusMessage ?? '';
      this.readyState = HEADERS_RECEIVED;
      for (const setCookie of response.headers['set-cookie'] ?? []) this.hooks.storeSetCookie?.(setCookie, url.href);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        this.readyState = LOADING;
        this.responseText += chunk;
      });
      response.on('end', () => {
        this.hooks.trace?.(() => `← ${url.pathname} HTTP ${this.status} ${clipForTrace(this.responseText)}`);
        this.finish('load');
      });
      response.on('aborted', () => this.finish('error'));
      response.on('error', () => this.finish('error'));
    });
    request.on('error', (error: Error & { code?: string }) => {
      this.statusText = error.code ?? error.message;
      this.finish('error');
    });
    this.request = request;
    request.end(body);
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
