// What every /api/v2 request goes through, in this order: request log, injected
// failures (fail-next), Origin check, authentication (Basic → new JSESSIONID, or the
// cookie), CSRF, then the resource routes. /api/v2/notifications (CometD) shares the
// log, the Origin check and the session lookup (and, with requireCsrfOnCometd, the CSRF
// check of its POSTs), and is then handed to faye.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Desk } from './agentDesk';
import { routeApi } from './apiRoutes';
import { NOTIFICATIONS_MOUNT } from './bayeux';
import type { CallModel } from './callModel';
import { normaliseOrigin, type ServerChecks } from './config';
import { errors, SimError } from './errors';
import type { HttpFrontEnd } from './httpFrontEnd';
import { asSimError, parseJson, parseRequestUrl, readBody, rejectUpgrade, sendJson } from './httpIo';
import { MAX_BAYEUX_BODY_BYTES, MAX_REST_BODY_BYTES } from './limits';
import type { OperationBody } from './operationParams';
import type { LoggedRequest, RequestLog } from './requestLog';
import { readCookie, SESSION_COOKIE, type Session, type SessionStore } from './sessions';
import type { SimUser } from './users';

export interface FailNextFault {
  remaining: number;
  httpStatus: number;
  statusCode: number;
  statusMessage: string;
}

export interface GatewayOptions {
  csrf: boolean;
  /** Live: read on every request (POST /sim/config changes it). */
  checks: ServerChecks;
  scheme: 'http' | 'https';
  users: readonly SimUser[];
  model: CallModel;
  desk: Desk;
  requestLog: RequestLog;
  baseUrl: () => string;
  log: (line: string) => void;
  failNext: () => FailNextFault | undefined;
}

const VERSION = { statusCode: 0, version: '8.5.2-sim' };

export class ApiGateway {
  constructor(private readonly options: GatewayOptions) {}

  /** `url` is the request's target, parsed already by the caller. */
  handle(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd, url: URL): void {
    if (isNotifications(url.pathname)) return this.handleNotifications(request, response, frontEnd, url);
    readBody(request, response, MAX_REST_BODY_BYTES)
      .then(
        (text) => {
          const entry = this.logRequest(request, url, text, response);
          this.answer(response, () => this.process(request, response, frontEnd, url, text), entry);
        },
        (error: unknown) => {
          const entry = this.logRequest(request, url, unreadBody(error), response);
          this.answer(response, () => { throw error; }, entry);
        },
      )
      .catch((error: unknown) => this.internalError(response, url, error));
  }

  handleUpgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer, frontEnd: HttpFrontEnd): void {
    const url = parseRequestUrl(request.url);
    const entry = this.options.requestLog.add(request.method ?? 'GET', url ? url.pathname + url.search : String(request.url), request.headers, '');
    try {
      if (!url) throw errors.malformedUrl();
      if (!isNotifications(url.pathname)) throw errors.notFound(`Resource ${url.pathname}`);
      if (String(request.headers.upgrade).toLowerCase() !== 'websocket') throw errors.invalidParameter('Only websocket upgrades are accepted here');
      this.checkOrigin(request);
      const session = this.sessionOf(request, frontEnd.sessions, false)?.session;
      if (!session) throw errors.accessDenied();
      entry.httpStatus = 101;
      frontEnd.hub.handleUpgrade(request, socket, head, session);
    } catch (error) {
      const failure = asSimError(error);
      entry.httpStatus = failure.httpStatus;
      rejectUpgrade(socket, failure);
    }
  }

  private handleNotifications(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd, url: URL): void {
    const method = request.method ?? 'GET';
    // faye would read a POST body itself, with no size limit: read it here, with one.
    if (method !== 'POST' || request.headers['access-control-request-method'] !== undefined) {
      this.logNotifications(request, url, '', response);
      this.answerNotifications(request, response, frontEnd, undefined);
      return;
    }
    readBody(request, response, MAX_BAYEUX_BODY_BYTES)
      .then(
        (text) => {
          this.logNotifications(request, url, text, response);
          this.answerNotifications(request, response, frontEnd, text);
        },
        (error: unknown) => {
          this.logNotifications(request, url, unreadBody(error), response);
          const failure = asSimError(error);
          sendJson(response, failure.httpStatus, failure.body());
        },
      )
      .catch((error: unknown) => this.internalError(response, url, error));
  }

  /** `body` is the POST body the gateway has read, `undefined` for requests without one. */
  private answerNotifications(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd, body: string | undefined): void {
    try {
      this.checkOrigin(request);
      if (body !== undefined && (request.headers['content-type'] ?? '').split(';')[0] === 'application/json') {
        const messages = parseJson(body);
        if (typeof messages !== 'object' || messages === null) throw errors.invalidParameter('A Bayeux request body is a message object or an array of messages');
      }
    } catch (error) {
      request.resume();
      const failure = asSimError(error);
      return sendJson(response, failure.httpStatus, failure.body());
    }
    // No 401 here: faye answers the handshake with "401::Unauthorized" (see bayeux.ts).
    const resolved = this.sessionOf(request, frontEnd.sessions, false);
    const csrfRequired = body !== undefined && this.options.csrf && this.options.checks.requireCsrfOnCometd;
    if (csrfRequired && (!resolved || request.headers['x-csrf-token'] !== resolved.session.csrfToken)) {
      // A session made by Basic credentials on this very request has a token nobody knows yet.
      if (resolved?.created) frontEnd.sessions.invalidate(resolved.session);
      return sendJson(response, 403, errors.csrf().body());
    }
    if (resolved) {
      frontEnd.sessions.touch(resolved.session);
      if (resolved.created) response.setHeader('Set-Cookie', sessionCookie(resolved.session));
    }
    if (body === undefined) frontEnd.hub.handle(request, response, resolved?.session);
    else frontEnd.hub.handleBody(request, response, resolved?.session, body);
  }

  private process(request: http.IncomingMessage, response: http.ServerResponse, frontEnd: HttpFrontEnd, url: URL, text: string): object {
    const method = request.method ?? 'GET';
    const fault = this.options.failNext();
    if (fault) throw new SimError(fault.httpStatus, fault.statusCode, fault.statusMessage);
    this.checkOrigin(request);
    const segments = url.pathname.slice('/api/v2/'.length).split('/').filter(Boolean);
    if (segments.join('/') === 'diagnostics/version' && method === 'GET') return VERSION;

    const resolved = this.sessionOf(request, frontEnd.sessions, true);
    if (!resolved) throw errors.accessDenied();
    const { session } = resolved;
    frontEnd.sessions.touch(session);
    if (resolved.created) response.setHeader('Set-Cookie', sessionCookie(session));
    if (this.options.csrf) {
      if (method === 'GET') {
        response.setHeader('X-CSRF-HEADER', 'X-CSRF-TOKEN');
        response.setHeader('X-CSRF-TOKEN', session.csrfToken);
      } else if (['POST', 'PUT', 'DELETE'].includes(method) && request.headers['x-csrf-token'] !== session.csrfToken) {
        throw errors.csrf();
      }
    }
    let body: OperationBody = {};
    if (method !== 'GET' && text !== '') {
      const parsed = parseJson(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw errors.invalidParameter('The request body must be a JSON object');
      body = parsed as OperationBody;
    }
    let endSession = false;
    const result = routeApi({
      method,
      segments,
      query: url.searchParams,
      body,
      session,
      baseUrl: this.options.baseUrl(),
      model: this.options.model,
      desk: this.options.desk,
      endSessionAfterReply: () => (endSession = true),
    });
    // Dead before the answer leaves, so the client's next request already gets a 401.
    if (endSession) frontEnd.sessions.invalidate(session);
    return result;
  }

  /**
   * Basic credentials win over the cookie (and a wrong password is refused even with a
   * good cookie); they refresh the cookie's session when it is the same user's, else
   * start a new one. `undefined` = not authenticated.
   */
  private sessionOf(request: http.IncomingMessage, sessions: SessionStore, strict: boolean): { session: Session; created: boolean } | undefined {
    const fromCookie = sessions.find(readCookie(request.headers.cookie, SESSION_COOKIE));
    const authorization = request.headers.authorization;
    if (authorization) {
      const user = this.basicUser(authorization);
      if (!user) {
        if (strict) throw errors.accessDenied();
        return undefined;
      }
      if (fromCookie && fromCookie.user === user) return { session: fromCookie, created: false };
      return { session: sessions.create(user), created: true };
    }
    return fromCookie ? { session: fromCookie, created: false } : undefined;
  }

  private basicUser(authorization: string): SimUser | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(authorization);
    if (!match) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const userName = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return this.options.users.find((u) => u.userName === userName && u.password === password);
  }

  /**
   * checkOrigin: an Origin is required and must be the server's own URL (or listed).
   * allowedOrigins: an Origin that is sent must be listed (docs/gws-notes.md#origin).
   */
  private checkOrigin(request: http.IncomingMessage): void {
    const { checkOrigin, allowedOrigins } = this.options.checks;
    if (!checkOrigin && allowedOrigins === undefined) return;
    const origin = request.headers.origin;
    const own = checkOrigin ? [this.options.baseUrl(), `${this.options.scheme}://${request.headers.host}`] : [];
    const allowed = [...own, ...(allowedOrigins ?? [])].map(normaliseOrigin);
    const expected = allowed.length === 0 ? 'none (the allow-list is empty)' : allowed.length === 1 ? allowed[0] : `one of ${[...new Set(allowed)].join(', ')}`;
    if (origin === undefined) {
      if (checkOrigin) throw errors.origin(undefined, expected);
      return;
    }
    if (!allowed.includes(normaliseOrigin(origin))) throw errors.origin(origin, expected);
  }

  /** Like logRequest, without a log line: long-polls are too many to print. */
  private logNotifications(request: http.IncomingMessage, url: URL, text: string, response: http.ServerResponse): void {
    const entry = this.options.requestLog.add(request.method ?? 'GET', url.pathname + url.search, request.headers, text);
    response.on('finish', () => (entry.httpStatus = response.statusCode));
  }

  private logRequest(request: http.IncomingMessage, url: URL, text: string, response: http.ServerResponse): LoggedRequest {
    const entry = this.options.requestLog.add(request.method ?? 'GET', url.pathname + url.search, request.headers, text);
    response.on('finish', () => {
      entry.httpStatus = response.statusCode;
      this.options.log(`${entry.method} ${entry.path} -> ${response.statusCode}`);
    });
    return entry;
  }

  private internalError(response: http.ServerResponse, url: URL, error: unknown): void {
    this.options.log(`internal error on ${url.pathname}: ${String(error)}`);
    sendJson(response, 500, asSimError(error).body());
  }

  private answer(response: http.ServerResponse, produce: () => object, entry?: LoggedRequest): void {
    try {
      sendJson(response, 200, produce());
    } catch (error) {
      const failure = asSimError(error);
      if (!(error instanceof SimError)) this.options.log(`internal error on ${entry?.path ?? '?'}: ${String(error)}`);
      sendJson(response, failure.httpStatus, failure.body());
    }
  }
}

function isNotifications(pathname: string): boolean {
  return pathname === NOTIFICATIONS_MOUNT || pathname.startsWith(`${NOTIFICATIONS_MOUNT}/`);
}

/** What the request log shows for a body that was refused (too large) or never arrived. */
function unreadBody(error: unknown): string {
  return `(body not read: ${error instanceof Error ? error.message : String(error)})`;
}

function sessionCookie(session: Session): string {
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly`;
}
