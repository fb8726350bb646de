// The simulator's own control API under /sim/ (not GWS; no auth; JSON), and the same
// actions in-process as SimulatorControl. Tests and the extension's e2e suite drive the
// "switch" and inject faults with it.
//
//   GET  /sim/state                          { users:[UserState], places:[PlaceState], calls:[call + userName], sessions, cometdClients, config }
//   GET  /sim/config                         { statusCode:0, config:{csrf, checkOrigin, allowedOrigins, requireCsrfOnCometd, refuseWildcardSubscriptions} }
//   POST /sim/config                         { checkOrigin?, allowedOrigins?:[...]|null, requireCsrfOnCometd?, refuseWildcardSubscriptions? } → { statusCode:0, config }
//   POST /sim/users/{user}                   { defaultPlace?:"Place_x"|null, channels?:["voice","chat"], loggedIn?:bool } → { statusCode:0, user:UserState }
//   POST /sim/places/{place}                 { acdPositions:["7001","7002"] } creates or replaces a place → { statusCode:0, place:PlaceState }
//   POST /sim/calls                          { to:"agent1"|"<phone>", from?:"5551234", userData?:{}, state?:"Ringing"|"Established" } → { statusCode:0, id }
//                                            (to the agent `to` forwards to; 409 / statusCode 2 for a DND agent or forwarding outside)
//   POST /sim/calls/{id}/remote-hangup       the external party hangs up (or the whole call ends)
//   POST /sim/calls/{id}/user-data           { userData:{}, mode?:"update"|"attach" } → AttachedDataChanged ("the router")
//   POST /sim/calls/{id}/change-id           { mode?:"release"|"rename" } → { statusCode:0, id, previousId, connId, previousConnId }
//   POST /sim/media                          { user, kind:"chat"|"email"|"workitem", id?, state?:"Invited", userData?, notificationType?:"StatusChange" }
//                                            → { statusCode:0, id, channel, data } (the message published)
//   POST /sim/publish-raw                    { user, channel:"/v2/me/...", data } → { statusCode:0 }: any message on any of the user's channels
//   POST /sim/replay                         { user, notifications:[{channel, data, offsetMs?}], speed?:1 } → { statusCode:0, count, ids:{recorded:fresh} }
//                                            recorded notifications published again with fresh ids, at their offsets (replay.ts)
//   POST /sim/publish                        { user?:"agent1", count, ratePerSecond?, calls?:50 } → { statusCode:0, sent, elapsedMs }
//                                            (count ≤ 100,000, calls 1..1,000, ratePerSecond ≤ 1,000,000)
//   GET  /sim/requests?since=<seq>           { requests:[{seq, time, method, path, headers, body, httpStatus}] } (last 5,000 /api/v2 requests)
//   POST /sim/faults/drop-connections        every CometD client is forgotten and must re-handshake
//   POST /sim/faults/restart                 HTTP + Bayeux server restarts on the same port: sessions and clients lost, calls kept
//   POST /sim/faults/expire-sessions         every JSESSIONID becomes invalid
//   POST /sim/faults/fail-next               { count?:1, httpStatus?:503, statusCode?:4, statusMessage? } next N /api/v2 requests
//                                            (not /api/v2/notifications) fail with that answer; count 1..10000,
//                                            httpStatus an integer 200..599 (a 1xx is no final answer), statusCode an integer
//   POST /sim/faults/drop-notifications      { types:["CallRecordingStateChange"] } from now on, notifications whose notificationType or
//                                            messageType is listed are not published (a scenario's "server regressed"); [] ends it
//   POST /sim/faults/malformed-notification  { user?, kind?:"no-call"|"string" } one bad message on /v2/me/calls
//   POST /sim/reset                          releases all calls, logs agents out, restores the demo users, places and the
//                                            start-up config, clears faults and the request log
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
import type { CallIdChangeMode } from './callModel';
import { checkChecksPatch, type ServerChecks, type ServerChecksPatch } from './config';
import { errors, type SimError } from './errors';
import { asSimError, parseJson, readBody, sendJson } from './httpIo';
import { MAX_FAIL_NEXT_COUNT, MAX_PUBLISH_CALLS, MAX_PUBLISH_COUNT, MAX_PUBLISH_RATE, MAX_REST_BODY_BYTES } from './limits';
import { MEDIA_KINDS, type MediaKind, type MediaRequest } from './media';
import { isPlainObject } from './operationParams';
import { checkReplay, type ReplayRequest, type ReplayResult } from './replay';
import type { LoggedRequest } from './requestLog';

export type { ServerChecksPatch } from './config';
export type { MediaKind, MediaRequest } from './media';
export type { CallIdChangeMode } from './callModel';
export type { ReplayNotification, ReplayRequest, ReplayResult } from './replay';

/** One agent in /sim/state. */
export interface UserState {
  userName: string;
  phoneNumber: string;
  deviceId: string;
  /** Logged in to voice. */
  loggedIn: boolean;
  defaultPlace: string | null;
  /** The channels the agent may log in to. */
  channels: string[];
  voice: { agentState: string; workMode?: string; reason?: string; place?: string; acdPosition?: string; loginCode?: string; queue?: string };
  /** May monitor other agents (ListenIn, Coach, BargeIn). */
  supervisor: boolean;
  doNotDisturb: boolean;
  forwardTo: string | null;
  /** The supervisor's monitoring subscription; `target` is the monitored agent's name. */
  monitoring: { state: string; scope: string; mode: string; target: string } | null;
  /** Each media channel of `channels`: "LoggedOut", "NotReady" or "Ready". */
  media: Record<string, string>;
  /** Live HTTP sessions (JSESSIONIDs) and CometD clients of this user. */
  sessions: number;
  cometdClients: number;
}

export interface PlaceState {
  name: string;
  acdPositions: Array<{ number: string; devicePath: string; loggedInUser: string | null }>;
}

export interface ConfigState extends ServerChecks {
  /** Fixed at start (startSimulator `csrf`). */
  csrf: boolean;
}

export interface SimState {
  users: UserState[];
  places: PlaceState[];
  calls: Array<Record<string, unknown>>;
  sessions: number;
  cometdClients: number;
  config: ConfigState;
}

export interface UserConfigRequest {
  /** A known place, or null for none (StartContactCenterSession then needs `place`). */
  defaultPlace?: string | null;
  /** The channels the agent may log in to. */
  channels?: string[];
  /** true: log in to voice at the default place, as another application of this agent would; false: log out of voice. */
  loggedIn?: boolean;
}

export interface RawPublishRequest {
  /** User name or phone number. */
  user: string;
  /** "/v2/me/..." */
  channel: string;
  /** Any JSON value: the message's `data`, as is. */
  data: unknown;
}

export interface CallIdChange {
  id: string;
  previousId: string;
  connId: string;
  previousConnId: string;
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
  /** An integer from 200 to 599 (default 503); a 1xx is not a final answer. */
  httpStatus?: number;
  /** Any integer (default 4). */
  statusCode?: number;
  statusMessage?: string;
}

export interface SimulatorControl {
  state(): SimState;
  config(): ConfigState;
  /** Throws a 400 SimError for a patch it cannot apply (see checkChecksPatch). */
  configure(patch: ServerChecksPatch): ConfigState;
  configureUser(userName: string, request: UserConfigRequest): UserState;
  configurePlace(name: string, acdPositions: string[]): PlaceState;
  /** A chat, email or workitem message to a user; returns what was published. */
  publishMedia(request: MediaRequest): { id: string; channel: string; data: Record<string, unknown> };
  publishRaw(request: RawPublishRequest): void;
  /** Recorded notifications published again to a user, ids mapped to fresh ones, timing kept (replay.ts). */
  replay(request: ReplayRequest): ReplayResult;
  /** The call gets a new id (and ConnID); see CallModel.changeCallId for what is published. */
  changeCallId(callId: string, mode?: CallIdChangeMode): CallIdChange;
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
  /** Notifications of these notificationTypes / messageTypes are dropped until the next call or reset; returns the list now in force. */
  dropNotifications(types: string[]): string[];
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
    const callRoute = /^POST \/sim\/calls\/([^/]+)\/(remote-hangup|user-data|change-id)$/.exec(route);
    const userRoute = /^POST \/sim\/users\/([^/]+)$/.exec(route);
    const placeRoute = /^POST \/sim\/places\/([^/]+)$/.exec(route);
    let result: Json = { statusCode: 0 };
    if (route === 'GET /sim/state') result = { ...control.state() };
    else if (route === 'GET /sim/config') result = { statusCode: 0, config: control.config() };
    else if (route === 'POST /sim/config') result = { statusCode: 0, config: control.configure(checkChecksPatch(body)) };
    else if (userRoute) result = { statusCode: 0, user: control.configureUser(decodeSegment(userRoute[1]), userConfig(body)) };
    else if (placeRoute) result = { statusCode: 0, place: control.configurePlace(decodeSegment(placeRoute[1]), placePositions(body)) };
    else if (route === 'POST /sim/media') result = { statusCode: 0, ...control.publishMedia(mediaRequest(body)) };
    else if (route === 'POST /sim/publish-raw') control.publishRaw(rawPublishRequest(body));
    else if (route === 'POST /sim/replay') result = { statusCode: 0, ...control.replay(checkReplay(body, checkUserChannel)) };
    else if (callRoute && callRoute[2] === 'change-id') result = { statusCode: 0, ...control.changeCallId(decodeSegment(callRoute[1]), changeIdMode(body)) };
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
    else if (route === 'POST /sim/faults/drop-notifications') result = { statusCode: 0, types: control.dropNotifications(dropTypes(body)) };
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

/** Refuses keys a route does not know, so that a typo is not silently ignored. */
function onlyKeys(body: Json, known: readonly string[]): void {
  const unknown = Object.keys(body).find((key) => !known.includes(key));
  if (unknown !== undefined) throw errors.invalidParameter(`Unknown field '${clip(unknown)}': known are ${known.join(', ')}`);
}

function stringList(body: Json, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) throw errors.invalidParameter(`'${name}' must be an array of non-empty strings`);
  return value as string[];
}

function userConfig(body: Json): UserConfigRequest {
  onlyKeys(body, ['defaultPlace', 'channels', 'loggedIn']);
  const { defaultPlace, loggedIn } = body;
  if (defaultPlace !== undefined && defaultPlace !== null && (typeof defaultPlace !== 'string' || defaultPlace === '')) {
    throw errors.invalidParameter("'defaultPlace' must be a place name or null");
  }
  if (loggedIn !== undefined && typeof loggedIn !== 'boolean') throw errors.invalidParameter("'loggedIn' must be true or false");
  return { defaultPlace: defaultPlace as string | null | undefined, channels: stringList(body, 'channels'), loggedIn: loggedIn as boolean | undefined };
}

function placePositions(body: Json): string[] {
  onlyKeys(body, ['acdPositions']);
  const positions = stringList(body, 'acdPositions');
  if (positions === undefined) throw errors.missingParameter('acdPositions');
  return positions;
}

function mediaRequest(body: Json): MediaRequest {
  onlyKeys(body, ['user', 'kind', 'id', 'state', 'userData', 'notificationType']);
  const user = optionalString(body, 'user');
  if (!user) throw errors.missingParameter('user');
  if (body.kind === undefined) throw errors.missingParameter('kind');
  if (!(MEDIA_KINDS as readonly unknown[]).includes(body.kind)) throw errors.invalidParameter(`'kind' must be one of ${MEDIA_KINDS.join(', ')}`);
  const id = optionalString(body, 'id');
  if (id !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw errors.invalidParameter("'id' must be 1-64 letters, digits, _ or -");
  if (body.userData !== undefined && !isPlainObject(body.userData)) throw errors.invalidParameter("'userData' must be an object");
  return {
    user,
    kind: body.kind as MediaKind,
    id,
    state: optionalString(body, 'state'),
    userData: body.userData as Json | undefined,
    notificationType: optionalString(body, 'notificationType'),
  };
}

/** A publishable channel of one user: /v2/me/ and faye's channel-name characters, no wildcard. */
const USER_CHANNEL = /^\/v2\/me(\/[A-Za-z0-9\-_!~()$@]+)+$/;

/** A 400 unless `channel` is one of a user's channels (/v2/me/..., no wildcard). */
export function checkUserChannel(channel: string): void {
  if (!USER_CHANNEL.test(channel)) throw errors.invalidParameter(`'channel' must be a channel under /v2/me/ without wildcards, e.g. /v2/me/openmedia, got '${clip(channel)}'`);
}

function rawPublishRequest(body: Json): RawPublishRequest {
  onlyKeys(body, ['user', 'channel', 'data']);
  const user = optionalString(body, 'user');
  if (!user) throw errors.missingParameter('user');
  const channel = optionalString(body, 'channel');
  if (!channel) throw errors.missingParameter('channel');
  checkUserChannel(channel);
  if (!('data' in body)) throw errors.missingParameter('data');
  return { user, channel, data: body.data };
}

function dropTypes(body: Json): string[] {
  onlyKeys(body, ['types']);
  const types = stringList(body, 'types');
  if (types === undefined) throw errors.missingParameter('types');
  return types;
}

function changeIdMode(body: Json): CallIdChangeMode | undefined {
  onlyKeys(body, ['mode']);
  if (body.mode === undefined) return undefined;
  if (body.mode !== 'release' && body.mode !== 'rename') throw errors.invalidParameter("'mode' must be 'release' or 'rename'");
  return body.mode;
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
 * an integer 1..MAX_FAIL_NEXT_COUNT, httpStatus an integer 200..599 (a 1xx is no final answer), statusCode an integer,
 * statusMessage a string. Takes anything: used on HTTP bodies and in-process requests alike.
 */
export function checkFailNext(request: object): FailNextRequest {
  const fields = request as Json;
  return {
    count: optionalInteger(fields, 'count', [1, MAX_FAIL_NEXT_COUNT]) ?? invalidCount(),
    httpStatus: optionalInteger(fields, 'httpStatus', [200, 599]),
    statusCode: optionalInteger(fields, 'statusCode'),
    statusMessage: optionalString(fields, 'statusMessage'),
  };
}

function invalidCount(): never {
  throw errors.invalidParameter(`'count' must be an integer from 1 to ${MAX_FAIL_NEXT_COUNT}, got undefined`);
}
