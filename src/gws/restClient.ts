// REST side of GWS API v2 (docs/gws-notes.md#sign-in-sequence, docs/gws-notes.md#csrf,
// docs/gws-notes.md#operations, docs/gws-notes.md#status-codes). One instance per signed-in
// server: it owns the session cookie jar, the CSRF token and the TLS choice for that server
// only.
//
// Headers are built in one place (`headersFor`) instead of axios interceptors so that the
// operation record shows exactly what was sent, and the cookie jar and CSRF token are read
// and written around every request. Basic auth is sent only on GET /api/v2/me (the sign-in
// read, repeated for re-auth); everything else rides on the JSESSIONID cookie, as GWS
// clients do, so an expired session shows up as 401/403 instead of being silently renewed.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AxiosError, AxiosInstance, CreateAxiosDefaults, RawAxiosResponseHeaders, AxiosResponseHeaders } from 'axios';
import type { CookieJar } from 'tough-cookie';
import { Emitter, type Event } from '../base/emitter';
import { normalizeBaseUrl } from './baseUrl';
import {
  authError,
  csrfError,
  GwsError,
  httpError,
  malformedError,
  networkError,
  statusError,
  timeoutError,
  tooLargeError,
  type RequestContext,
} from './errors';
import { silentLog, type GwsLog } from '../base/log';
import { tlsRequestOptions, type TlsRequestOptions, type TlsTrustOptions } from './tlsTrust';
import { basicCredential, redactHeaders, redactJson, redactText, redactUrl, scrubSecrets } from '../base/redact';
import type { OperationRecord } from '../wire/sessionEvents';
import type { GwsCall, GwsDevice, GwsResponseBody, GwsUser } from '../wire/types';

/** TLS: rejectUnauthorized, the profile's CA (tlsTrust.ts). */
export interface GwsRestClientOptions extends TlsTrustOptions {
  baseUrl: string;
  userName: string;
  password: string;
  /** The whole request, response body included, must finish within this (default 15 s). */
  requestTimeoutMs?: number;
  /** `Origin` on every request; default the server's own origin (docs/gws-notes.md#origin). */
  origin?: string;
  /** Largest response body accepted (default MAX_REST_RESPONSE_BYTES). */
  maxResponseBytes?: number;
  log?: GwsLog;
}

/**
 * StartContactCenterSession's parameters (docs/gws-notes.md#startcontactcentersession); only
 * `channels` is required, the others are sent when set.
 */
export interface ContactCenterLogin {
  channels: string[];
  place?: string;
  queue?: string;
  loginCode?: string;
  devicePath?: string;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** statusCode 7 (docs/gws-notes.md#status-codes). */
export const PARTIAL_SUCCESS = 7;

/**
 * Largest REST response body read, and largest request body sent. GWS answers are JSON of a few
 * KB (a busy agent's `GET /api/v2/me/calls?fields=*` stays well under 1 MB); the cap only stops a
 * broken or hostile server from filling the extension host's memory. Past it the request fails
 * with a 'tooLarge' GwsError and the connection is closed.
 */
export const MAX_REST_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * An operation's response body is kept with its inspector row up to this many characters (the
 * stream holds up to gws.inspector.maxEvents rows; GWS answers to operations are a few bytes).
 * The same cap as the recording proxy's (src/proxy/trafficDecoder.ts MAX_KEPT_RESPONSE_CHARS).
 */
export const MAX_RECORDED_RESPONSE_CHARS = 256 * 1024;

export { normalizeBaseUrl } from './baseUrl';

interface CsrfToken {
  header: string;
  token: string;
}

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: Record<string, unknown>;
  basicAuth?: boolean;
  signIn?: boolean;
  operationName?: string;
  callId?: string;
  /** Non-zero statusCodes answered with HTTP 2xx that are results, not failures (7 = partial success). */
  acceptStatusCodes?: readonly number[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class GwsRestClient {
  readonly baseUrl: string;
  readonly origin: string;
  readonly userName: string;
  private readonly password: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly log: GwsLog;
  private readonly httpDefaults: CreateAxiosDefaults;
  private http: Promise<AxiosInstance> | undefined;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly tls: TlsRequestOptions;
  private jar = newCookieJar();
  private csrf: CsrfToken | undefined;
  private nextOperationId = 1;
  private readonly operationEmitter = new Emitter<OperationRecord>();

  /** Every POST operation, once when sent and once when completed. */
  readonly onOperation: Event<OperationRecord> = this.operationEmitter.event;

  constructor(options: GwsRestClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.origin = options.origin ?? new URL(this.baseUrl).origin;
    this.userName = options.userName;
    this.password = options.password;
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_REST_RESPONSE_BYTES;
    this.log = options.log ?? silentLog;
    // Agents of our own: the TLS choices apply to this server only, never process-wide.
    this.tls = tlsRequestOptions(options);
    this.agents = {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true, ...this.tls }),
    };
    const tlsOptions = this.tls;
    this.httpDefaults = {
      // No axios `timeout`: in Node it only limits socket inactivity, so a server that drips a
      // byte at a time holds a request forever. request() puts one deadline on the whole
      // request, body included, through an AbortSignal.
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      // We parse ourselves: a proxy's HTML error page must become a clear error, not a crash.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      // A redirect usually means an SSO page or http→https; say so instead of following it.
      maxRedirects: 0,
      maxContentLength: this.maxResponseBytes,
      maxBodyLength: this.maxResponseBytes,
      proxy: false,
      // Node's own request functions, looked up per request (VS Code's extension host patches
      // them for its proxy support), with the TLS options on the request itself as well: when
      // VS Code swaps our agent for its own, only those still reach the TLS connection.
      transport: {
        request: (options: https.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest =>
          options.protocol === 'https:' ? https.request({ ...options, ...tlsOptions }, callback) : http.request(options, callback),
      },
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    };
  }

  /** The axios instance, created on the first request (see loadAxios). */
  private client(): Promise<AxiosInstance> {
    this.http ??= loadAxios().then((axios) => axios.create(this.httpDefaults));
    return this.http;
  }

  /** Name of the CSRF header the server asked for, once it has handed out a token. */
  get csrfHeaderName(): string | undefined {
    return this.csrf?.header;
  }

  // ---- session -----------------------------------------------------------------------

  /** The sign-in read: GET /api/v2/me with Basic. Also how an expired session is renewed. */
  async signIn(subresources = '*'): Promise<GwsUser> {
    const body = await this.request({ method: 'GET', path: this.mePath(subresources), basicAuth: true, signIn: true });
    return (isObject(body.user) ? body.user : {}) as GwsUser;
  }

  /** Drops the cookie and CSRF token: the next signIn() starts a fresh HTTP session. */
  resetSession(): void {
    this.jar = newCookieJar();
    this.csrf = undefined;
  }

  async getCalls(): Promise<GwsCall[]> {
    const body = await this.request({ method: 'GET', path: '/api/v2/me/calls?fields=*' });
    return Array.isArray(body.calls) ? (body.calls as GwsCall[]) : [];
  }

  async getDevices(): Promise<GwsDevice[]> {
    const body = await this.request({ method: 'GET', path: '/api/v2/me/devices?fields=*' });
    return Array.isArray(body.devices) ? (body.devices as GwsDevice[]) : [];
  }

  /** The configured agent states, `GET /api/v2/settings/agent-states` (docs/gws-notes.md#agent-state): the `settings` list. */
  async getAgentStates(): Promise<Array<Record<string, unknown>>> {
    const body = await this.request({ method: 'GET', path: '/api/v2/settings/agent-states' });
    return Array.isArray(body.settings) ? body.settings.filter((s): s is Record<string, unknown> => isObject(s)) : [];
  }

  // ---- operations (POST {operationName, ...params}) -----------------------------------

  /**
   * Logs the agent in (docs/gws-notes.md#startcontactcentersession). A partial success
   * (HTTP 2xx, statusCode 7) resolves with the body, which says per channel what failed; any
   * other non-zero statusCode rejects as usual.
   */
  startContactCenterSession(login: ContactCenterLogin = { channels: ['voice'] }): Promise<GwsResponseBody> {
    const params: Record<string, unknown> = { channels: login.channels };
    for (const key of ['place', 'queue', 'loginCode', 'devicePath'] as const) {
      if (login[key] !== undefined) params[key] = login[key];
    }
    return this.request({
      method: 'POST',
      path: '/api/v2/me',
      body: { operationName: 'StartContactCenterSession', ...params },
      operationName: 'StartContactCenterSession',
      acceptStatusCodes: [PARTIAL_SUCCESS],
    });
  }

  endContactCenterSession(): Promise<GwsResponseBody> {
    return this.operation('/api/v2/me', 'EndContactCenterSession', {});
  }

  callOperation(callId: string, operationName: string, params: Record<string, unknown> = {}): Promise<GwsResponseBody> {
    return this.operation(`/api/v2/me/calls/${encodeURIComponent(callId)}`, operationName, params, callId);
  }

  deviceOperation(deviceId: string, operationName: string, params: Record<string, unknown> = {}): Promise<GwsResponseBody> {
    return this.operation(`/api/v2/me/devices/${encodeURIComponent(deviceId)}`, operationName, params);
  }

  dial(deviceId: string, phoneNumber: string, userData?: Record<string, unknown>): Promise<GwsResponseBody> {
    const params: Record<string, unknown> = { destination: { phoneNumber } };
    if (userData && Object.keys(userData).length > 0) params.userData = userData;
    return this.operation(`/api/v2/me/devices/${encodeURIComponent(deviceId)}/calls`, 'Dial', params);
  }

  /** Agent state on the voice channel: Ready, NotReady, AfterCallWork, AuxWork, Offline (§7.4). */
  voiceChannelOperation(operationName: string, params: Record<string, unknown> = {}): Promise<GwsResponseBody> {
    return this.operation('/api/v2/me/channels/voice', operationName, params);
  }

  // ---- cookies shared with CometD ------------------------------------------------------

  /** The Cookie header value for `url` ('' when none): CometD sends it on every request. */
  cookieHeaderFor(url: string): string {
    return this.jar.getCookieStringSync(url);
  }

  /**
   * The CSRF header CometD must send as well ({} until the server handed out a token): GWS
   * checks it on every POST, and CometD's requests are POSTs (docs/gws-notes.md#csrf). Read on
   * every request, like the cookie, because a renewed session brings a new token.
   */
  csrfHeaders(): Record<string, string> {
    return this.csrf ? { [this.csrf.header]: this.csrf.token } : {};
  }

  /** Stores a Set-Cookie header that CometD received, so REST and CometD share one session. */
  storeSetCookie(setCookie: string, url: string): void {
    this.jar.setCookieSync(setCookie, url, { ignoreError: true });
  }

  dispose(): void {
    this.operationEmitter.dispose();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  // ---- internals ------------------------------------------------------------------------

  private mePath(subresources?: string): string {
    return subresources ? `/api/v2/me?subresources=${encodeURIComponent(subresources)}` : '/api/v2/me';
  }

  private async operation(
    path: string,
    operationName: string,
    params: Record<string, unknown>,
    callId?: string,
  ): Promise<GwsResponseBody> {
    return this.request({ method: 'POST', path, body: { operationName, ...params }, operationName, callId });
  }

  private headersFor(spec: RequestSpec, url: string): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      // Documented as mandatory on the recording pages; harmless everywhere
      // (docs/gws-notes.md#origin).
      Origin: this.origin,
    };
    if (spec.basicAuth) headers.Authorization = `Basic ${basicCredential(this.userName, this.password)}`;
    const cookie = this.jar.getCookieStringSync(url);
    if (cookie) headers.Cookie = cookie;
    if (spec.method !== 'GET' && this.csrf) headers[this.csrf.header] = this.csrf.token;
    return headers;
  }

  private redactedHeaders(headers: Record<string, unknown>): Record<string, string> {
    return redactHeaders(headers, this.csrf ? [this.csrf.header] : []);
  }

  /**
   * `text` without the password. The user name is shown as such everywhere (rows, status bar),
   * so it is kept where the password equals it or is part of it (agent1/agent1 on a lab):
   * masking it there would only turn "agent1 has no default place" into "[redacted] has…".
   */
  private scrub(text: string): string {
    const secrets = [this.password, basicCredential(this.userName, this.password)];
    if (!this.userName || !text.includes(this.userName)) return scrubSecrets(text, secrets);
    return text
      .split(this.userName)
      .map((piece) => scrubSecrets(piece, secrets))
      .join(this.userName);
  }

  private absorbResponseHeaders(spec: RequestSpec, url: string, headers: RawAxiosResponseHeaders | AxiosResponseHeaders): void {
    const setCookie = headers['set-cookie'];
    const cookies = Array.isArray(setCookie) ? setCookie : typeof setCookie === 'string' ? [setCookie] : [];
    for (const cookie of cookies) this.jar.setCookieSync(cookie, url, { ignoreError: true });
    // The token lives as long as the HTTP session and any GET may hand out a new one.
    if (spec.method === 'GET') {
      const token = headers['x-csrf-token'];
      if (typeof token === 'string' && token) {
        const name = headers['x-csrf-header'];
        this.csrf = { header: typeof name === 'string' && name ? name : 'X-CSRF-TOKEN', token };
      }
    }
  }

  private async request(spec: RequestSpec): Promise<GwsResponseBody> {
    const url = `${this.baseUrl}${spec.path}`;
    const ctx: RequestContext = {
      what: spec.operationName ?? `${spec.method} ${spec.path.replace(/\?.*$/, '')}`,
      operationName: spec.operationName,
      callId: spec.callId,
      url: redactUrl(url),
      signIn: spec.signIn,
    };
    const headers = this.headersFor(spec, url);
    const record: OperationRecord | undefined = spec.operationName
      ? {
          id: this.nextOperationId++,
          phase: 'sent',
          operationName: spec.operationName,
          method: spec.method,
          url: ctx.url,
          callId: spec.callId,
          requestBody: spec.body,
          requestHeaders: this.redactedHeaders(headers),
          startedAt: Date.now(),
        }
      : undefined;
    if (record) this.operationEmitter.fire(record);
    const started = Date.now();
    let httpStatus: number | undefined;
    let body: GwsResponseBody | undefined;
    /** What the operation's row shows of the answer (set once there is one, also for a refusal). */
    let answer: Pick<OperationRecord, 'responseHeaders' | 'responseBody'> = {};
    // One deadline for the whole request: connecting, the headers and every byte of the body.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), this.timeoutMs);
    try {
      const response = await (await this.client()).request<string>({
        method: spec.method,
        url,
        headers,
        data: spec.body ? JSON.stringify(spec.body) : undefined,
        signal: deadline.signal,
      });
      httpStatus = response.status;
      this.absorbResponseHeaders(spec, url, response.headers);
      if (record) answer = this.recordedAnswer(response.headers, response.data);
      body = this.interpret(spec, ctx, response.status, response.statusText, response.headers, response.data);
      this.log('debug', `${spec.method} ${ctx.url} ${spec.operationName ?? ''} → HTTP ${response.status} statusCode ${body.statusCode} (${Date.now() - started} ms)`);
      if (record) this.complete(record, { httpStatus, statusCode: body.statusCode, statusMessage: body.statusMessage, ...answer });
      return body;
    } catch (caught) {
      const error =
        caught instanceof GwsError ? caught : deadline.signal.aborted ? timeoutError(ctx, this.timeoutMs) : this.transportError(ctx, caught);
      this.log('warn', `${spec.method} ${ctx.url} ${spec.operationName ?? ''} failed after ${Date.now() - started} ms: ${error.message}`);
      if (record) {
        this.complete(record, {
          httpStatus: error.httpStatus ?? httpStatus,
          statusCode: error.statusCode,
          statusMessage: error.statusMessage,
          // A refused operation is a GWS answer, not a transport failure: no `error` text.
          error: error.kind === 'status' ? undefined : error.message,
          ...answer,
        });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The answer's headers and body as an operation row shows them: credentials masked (the
   * Set-Cookie values, the CSRF token, the password wherever the server echoed it), the body
   * parsed when it is JSON, and not kept past MAX_RECORDED_RESPONSE_CHARS.
   */
  private recordedAnswer(headers: RawAxiosResponseHeaders | AxiosResponseHeaders, data: unknown): Pick<OperationRecord, 'responseHeaders' | 'responseBody'> {
    const plain: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' || typeof value === 'number') plain[name] = String(value);
      else if (Array.isArray(value)) plain[name] = value.map(String);
    }
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.redactedHeaders(plain))) responseHeaders[name] = this.scrub(value);
    const text = typeof data === 'string' ? data : data === undefined || data === null ? '' : String(data);
    if (text === '') return { responseHeaders };
    if (text.length > MAX_RECORDED_RESPONSE_CHARS) return { responseHeaders, responseBody: `(${text.length} characters, too large to keep in the stream)` };
    // Parsed first: the password is looked for only inside string values, so a password such
    // as "0" cannot turn `"statusCode":0` into text that is no longer JSON.
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { responseHeaders, responseBody: redactText(this.scrub(text)) };
    }
    return { responseHeaders, responseBody: this.scrubStrings(redactJson(parsed)) };
  }

  /** `value` (a fresh copy from redactJson, changed in place) with the password removed from its strings. */
  private scrubStrings(value: unknown): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.scrubStrings(value[i]);
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = this.scrubStrings(record[key]);
    }
    return value;
  }

  private complete(record: OperationRecord, result: Partial<OperationRecord>): void {
    this.operationEmitter.fire({ ...record, ...result, phase: 'completed', completedAt: Date.now() });
  }

  /**
   * Parse JSON first and treat any non-zero statusCode as a failure whatever the HTTP status;
   * only then look at HTTP status and content type (docs/gws-notes.md#status-codes).
   */
  private interpret(
    spec: RequestSpec,
    ctx: RequestContext,
    httpStatus: number,
    statusText: string,
    headers: RawAxiosResponseHeaders | AxiosResponseHeaders,
    data: unknown,
  ): GwsResponseBody {
    const text = typeof data === 'string' ? data : data === undefined || data === null ? '' : String(data);
    const ok = httpStatus >= 200 && httpStatus < 300;
    let parsed: unknown;
    let isJson = false;
    if (text.trim()) {
      try {
        parsed = JSON.parse(text);
        isJson = true;
      } catch {
        isJson = false;
      }
    }
    if (isJson && isObject(parsed)) {
      const statusCode = parsed.statusCode;
      const statusMessage = typeof parsed.statusMessage === 'string' ? this.scrub(parsed.statusMessage) : undefined;
      const accepted = ok && typeof statusCode === 'number' && (spec.acceptStatusCodes ?? []).includes(statusCode);
      if (typeof statusCode === 'number' && statusCode !== 0 && !accepted) {
        throw statusError(ctx, httpStatus, statusCode, statusMessage);
      }
      if (accepted) return { ...parsed, statusCode: statusCode as number, statusMessage };
      if (ok) return { ...parsed, statusCode: typeof statusCode === 'number' ? statusCode : 0 };
    }
    if (httpStatus === 401) throw authError(ctx, httpStatus);
    if (httpStatus === 403 && /csrf/i.test(text)) throw csrfError(ctx, httpStatus);
    const contentType = String(headers['content-type'] ?? '');
    const looksLikeHtml = /html/i.test(contentType) || /^\s*</.test(text);
    if (looksLikeHtml || (ok && !(isJson && isObject(parsed)))) throw malformedError(ctx, httpStatus, looksLikeHtml);
    throw httpError(ctx, httpStatus, statusText);
  }

  private transportError(ctx: RequestContext, caught: unknown): GwsError {
    if (isAxiosError(caught)) {
      const code = caught.code ?? (caught.cause as { code?: string } | undefined)?.code;
      if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return timeoutError(ctx, this.timeoutMs);
      if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(caught.message)) return tooLargeError(ctx, this.maxResponseBytes);
      return networkError(ctx, code, this.scrub(caught.message));
    }
    const message = caught instanceof Error ? caught.message : String(caught);
    return networkError(ctx, undefined, this.scrub(message));
  }
}

/**
 * axios is loaded on the first request, not when the extension loads: its module set-up probes
 * the fetch globals, which makes Node load undici, about 15 ms of every window's start-up even
 * when the user never signs in. (esbuild keeps a dynamically imported module's initialisation
 * lazy inside the bundle.)
 */
let axiosDefault: Promise<typeof import('axios').default> | undefined;
function loadAxios(): Promise<typeof import('axios').default> {
  axiosDefault ??= import('axios').then((module) => module.default);
  return axiosDefault;
}

/** The reason the deadline's AbortSignal carries (axios turns it into a CanceledError). */
class DeadlineExceeded extends Error {
  constructor() {
    super('request deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

function isAxiosError(value: unknown): value is AxiosError {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

/**
 * tough-cookie is loaded with the first session, not when the extension loads, like axios above:
 * it brings tldts, the public suffix list (134 KB of the 597 KB bundle), whose set-up took about
 * 4.5 of the 32 ms the bundle took to load (bench: bundle.extensionLoadMs, target 30). A
 * require() inside a function is such a lazy module in esbuild's bundle; the jar is needed
 * synchronously, so not import().
 */
function newCookieJar(): CookieJar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CookieJar: Jar } = require('tough-cookie') as typeof import('tough-cookie');
  return new Jar();
}
