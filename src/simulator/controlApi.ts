// The simulator's own control API under /sim/ (not GWS; no auth; JSON), and the same
// actions in-process as SimulatorControl. Tests and the extension's e2e suite drive the
// "switch" and inject faults with it.
//
//   GET  /sim/state                          { users:[{userName, phoneNumber, deviceId, loggedIn}], calls:[call + userName], sessions, cometdClients }
//   POST /sim/calls                          { to:"agent1"|"<phone>", from?:"5551234", userData?:{}, state?:"Ringing"|"Established" } → { statusCode:0, id }
//   POST /sim/calls/{id}/remote-hangup       the external party hangs up (or the whole call ends)
//   POST /sim/calls/{id}/user-data           { userData:{}, mode?:"update"|"attach" } → AttachedDataChanged ("the router")
//   POST /sim/publish                        { user?:"agent1", count, ratePerSecond?, calls?:50 } → { statusCode:0, sent, elapsedMs }
//                                            (count ≤ 100,000, calls 1..1,000, ratePerSecond ≤ 1,000,000)
//   GET  /sim/requests?since=<seq>           { requests:[{seq, time, method, path, headers, body, httpStatus}] } (last 5,000 /api/v2 requests)
//   POST /sim/faults/drop-connections        every CometD client is forgotten and must re-handshake
//   POST /sim/faults/restart                 HTTP + Bayeux server restarts on the same port: sessions and clients lost, calls kept
//   POST /sim/faults/expire-sessions         every JSESSIONID becomes invalid
//   POST /sim/faults/fail-next               { count?:1, httpStatus?:503, statusCode?:4, statusMessage? } next N /api/v2 requests
//                                            (not /api/v2/notifications) fail with that answer; count 1..10000,
//                                            httpStatus an integer 100..599, statusCode an integer
//   POST /sim/faults/malformed-notification  { user?, kind?:"no-call"|"string" } one bad message on /v2/me/calls
//   POST /sim/reset                          releases all calls, logs agents out, clears faults and the request log
// Errors: { statusCode, statusMessage } with 400 (bad body) or 404 (unknown call/user/route),
// 413 (body over 1 MiB).
//
// Access: no authentication, so the routes answer only callers on this machine that are
// not a web page of another origin: 403 when the remote address is not loopback, when a
// Host header is not a loopback name (a DNS-rebinding page sends its own name), or when an
// Origin header is present and is not the simulator's own origin (a cross-site POST from a
// browser always carries its Origin). curl, scripts and Node clients send no Origin.
import type http from 'node:http';
import net from 'node:net';
import { errors, type SimError } from './errors';
import { asSimError, parseJson, readBody, sendJson } from './httpIo';
import { MAX_FAIL_NEXT_COUNT, MAX_PUBLISH_CALLS, MAX_PUBLISH_COUNT, MAX_PUBLISH_RATE, MAX_REST_BODY_BYTES } from './limits';
import { isPlainObject } from './operationParams';
import type { LoggedRequest } from './requestLog';

export interface SimState {
  users: Array<{ userName: string; phoneNumber: string; deviceId: string; loggedIn: boolean }>;
  calls: Array<Record<string, unknown>>;
  sessions: number;
  cometdClients: number;
}

export interface InboundCallRequest {
  to: string;
  from?: string;
  userData?: Record<string, unknown>;
  state?: 'Ringing' | 'Established';
}

export interface PublishRequestBody {
  user?: string;
  count: number;
  ratePerSecond?: number;
  calls?: number;
}

export interface FailNextRequest {
  /** An integer from 1 to MAX_FAIL_NEXT_COUNT. */
  count: number;
  /** An integer from 100 to 599 (default 503). */
  httpStatus?: number;
  /** Any integer (default 4). */
  statusCode?: number;
  statusMessage?: string;
}

export interface SimulatorControl {
  state(): SimState;
  /** An inbound call from an external party to an agent (by user name or phone number); returns the call id. */
  createInboundCall(request: InboundCallRequest): string;
  remoteHangup(callId: string): void;
  changeUserData(callId: string, userData: Record<string, unknown>, mode?: 'update' | 'attach'): void;
  publish(request: PublishRequestBody): Promise<{ sent: number; elapsedMs: number }>;
  requests(since?: number): LoggedRequest[];
  dropConnections(): void;
  restart(): Promise<void>;
  expireSessions(): void;
  failNext(request: FailNextRequest): void;
  publishMalformed(request?: { user?: string; kind?: 'no-call' | 'string' }): void;
  reset(): void;
}

type Json = Record<string, unknown>;

/** Where the simulator listens, for telling its own origin from others. */
export interface OwnEndpoint {
  scheme: 'http' | 'https';
  port: number;
}

/**
 * Serves /sim/... with a SimulatorControl; `url` is the request's target, parsed already.
 * `restart` needs the request's socket kept open. Never rejects.
 */
export async function handleControlRequest(
  control: SimulatorControl & { restartKeeping(socket: http.IncomingMessage['socket']): Promise<void> },
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
  own: OwnEndpoint,
): Promise<void> {
  try {
    const refused = controlAccessError(request, own);
    if (refused) throw refused;
    const method = request.method ?? 'GET';
    const text = await readBody(request, response, MAX_REST_BODY_BYTES);
    const body = parseObject(text);
    const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    const callRoute = /^POST \/sim\/calls\/([^/]+)\/(remote-hangup|user-data)$/.exec(route);
    let result: Json = { statusCode: 0 };
    if (route === 'GET /sim/state') result = { ...control.state() };
    else if (route === 'GET /sim/requests') result = { requests: control.requests(Number(url.searchParams.get('since') ?? 0) || 0) };
    else if (route === 'POST /sim/calls') result = { statusCode: 0, id: control.createInboundCall(inboundCall(body)) };
    else if (callRoute && callRoute[2] === 'remote-hangup') control.remoteHangup(decodeSegment(callRoute[1]));
    else if (callRoute) {
      if (!isPlainObject(body.userData)) throw errors.missingParameter('userData');
      control.changeUserData(decodeSegment(callRoute[1]), body.userData, body.mode === 'attach' ? 'attach' : 'update');
    } else if (route === 'POST /sim/publish') result = { statusCode: 0, ...(await control.publish(publishRequest(body))) };
    else if (route === 'POST /sim/faults/drop-connections') control.dropConnections();
    else if (route === 'POST /sim/faults/expire-sessions') control.expireSessions();
    else if (route === 'POST /sim/faults/fail-next') control.failNext(failNextRequest(body));
    else if (route === 'POST /sim/faults/malformed-notification') {
      control.publishMalformed({ user: optionalString(body, 'user'), kind: body.kind === 'string' ? 'string' : 'no-call' });
    } else if (route === 'POST /sim/faults/restart') {
      await control.restartKeeping(request.socket);
      // This socket belonged to the old server: answer, then let it go.
      response.setHeader('Connection', 'close');
    } else if (route === 'POST /sim/reset') control.reset();
    else throw errors.notFound(`Control route ${route}`);
    sendJson(response, 200, result);
  } catch (error) {
    const failure = asSimError(error);
    sendJson(response, failure.httpStatus, failure.body());
  }
}

/** Why this caller may not use the control API, or undefined when it may (see the top of this file). */
export function controlAccessError(request: http.IncomingMessage, own: OwnEndpoint): SimError | undefined {
  const address = request.socket.remoteAddress;
  if (!isLoopbackAddress(address)) return errors.controlForbidden(`only callers on this machine (loopback) are answered, not ${address ?? 'an unknown address'}`);
  const host = request.headers.host;
  if (host !== undefined && !isLoopbackHost(host)) return errors.controlForbidden(`Host '${clip(host)}' is not a loopback name (127.0.0.1, localhost, [::1])`);
  const origin = request.headers.origin;
  const allowed = ownOrigins(own);
  if (origin !== undefined && !allowed.includes(origin.toLowerCase())) {
    return errors.controlForbidden(`Origin '${clip(origin)}' is not allowed: send no Origin, or this simulator's own (${allowed[0]})`);
  }
  return undefined;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1';
}

/** A Host header naming this machine: localhost, 127.x.x.x or [::1], with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '')).toLowerCase();
  return name === 'localhost' || name === '[::1]' || (net.isIPv4(name) && name.startsWith('127.'));
}

/** The Origin a page served by this simulator would send, under each loopback name. */
function ownOrigins({ scheme, port }: OwnEndpoint): string[] {
  const defaultPort = scheme === 'https' ? 443 : 80;
  return ['127.0.0.1', 'localhost', '[::1]'].flatMap((name) =>
    port === defaultPort ? [`${scheme}://${name}:${port}`, `${scheme}://${name}`] : [`${scheme}://${name}:${port}`],
  );
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.invalidParameter(`'${segment}' is not valid percent-encoding`);
  }
}

function parseObject(text: string): Json {
  if (text.trim() === '') return {};
  const parsed = parseJson(text);
  if (!isPlainObject(parsed)) throw errors.invalidParameter('The request body must be a JSON object');
  return parsed;
}

function optionalString(body: Json, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw errors.invalidParameter(`'${name}' must be a string`);
  return value;
}

function optionalNumber(body: Json, name: string, max: number): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw errors.invalidParameter(`'${name}' must be a number from 0 to ${max}, got ${shown(value)}`);
  }
  return value;
}

/** An integer (within `range` when given), or undefined when absent. */
function optionalInteger(body: Json, name: string, range?: [number, number]): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (range && (value < range[0] || value > range[1]))) {
    throw errors.invalidParameter(`'${name}' must be an integer${range ? ` from ${range[0]} to ${range[1]}` : ''}, got ${shown(value)}`);
  }
  return value;
}

/** A client's value, for an error message. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function inboundCall(body: Json): InboundCallRequest {
  const to = optionalString(body, 'to');
  if (!to) throw errors.missingParameter('to');
  if (body.userData !== undefined && !isPlainObject(body.userData)) throw errors.invalidParameter("'userData' must be an object");
  if (body.state !== undefined && body.state !== 'Ringing' && body.state !== 'Established') {
    throw errors.invalidParameter("'state' must be 'Ringing' or 'Established'");
  }
  return { to, from: optionalString(body, 'from'), userData: body.userData as Json | undefined, state: body.state };
}

function publishRequest(body: Json): PublishRequestBody {
  const count = optionalInteger(body, 'count', [0, MAX_PUBLISH_COUNT]);
  if (count === undefined) throw errors.missingParameter('count');
  return {
    user: optionalString(body, 'user'),
    count,
    ratePerSecond: optionalNumber(body, 'ratePerSecond', MAX_PUBLISH_RATE),
    calls: optionalInteger(body, 'calls', [1, MAX_PUBLISH_CALLS]),
  };
}

function failNextRequest(body: Json): FailNextRequest {
  return checkFailNext({ ...body, count: body.count === undefined ? 1 : body.count });
}

/**
 * A fail-next request as the simulator can honour it, or a 400 saying what is wrong: count
 * an integer 1..MAX_FAIL_NEXT_COUNT, httpStatus an integer 100..599, statusCode an integer,
 * statusMessage a string. Takes anything: used on HTTP bodies and in-process requests alike.
 */
export function checkFailNext(request: object): FailNextRequest {
  const fields = request as Json;
  return {
    count: optionalInteger(fields, 'count', [1, MAX_FAIL_NEXT_COUNT]) ?? invalidCount(),
    httpStatus: optionalInteger(fields, 'httpStatus', [100, 599]),
    statusCode: optionalInteger(fields, 'statusCode'),
    statusMessage: optionalString(fields, 'statusMessage'),
  };
}

function invalidCount(): never {
  throw errors.invalidParameter(`'count' must be an integer from 1 to ${MAX_FAIL_NEXT_COUNT}, got undefined`);
}
