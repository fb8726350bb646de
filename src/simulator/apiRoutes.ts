// The authenticated GWS resources under /api/v2 (docs/gws-notes.md#reads,
// docs/gws-notes.md#operations). Each handler returns the JSON body of a 200 answer or throws
// a SimError.
import { agentStatesSettings } from './agentStates';
import { agentStateOperation, contactCenterSession, deviceOperation, type Desk } from './agentDesk';
import type { CallModel } from './callModel';
import { errors } from './errors';
import type { OperationBody } from './operationParams';
import type { Session } from './sessions';
import { isSupervisorDeviceOperation, supervisorDeviceOperation } from './supervision';
import { channelsView, deviceView, featuresOf, userView, type SimUser } from './users';

export interface ApiRequest {
  method: string;
  /** Path segments after /api/v2, e.g. ['me', 'calls', '<id>']. */
  segments: string[];
  query: URLSearchParams;
  body: OperationBody;
  session: Session;
  baseUrl: string;
  model: CallModel;
  /** Users, places and the agent-desk notifications. */
  desk: Desk;
  /** Ends the HTTP session once the answer is written (EndContactCenterSession). */
  endSessionAfterReply(): void;
}

type Json = Record<string, unknown>;
type Handler = (request: ApiRequest, id: string) => Json;
const OK = { statusCode: 0 };

/** Route table: "METHOD path" with `:id` standing for one segment. */
const ROUTES: Record<string, Handler> = {
  'GET me': getMe,
  'POST me': (r) => {
    const { body, ended } = contactCenterSession(r.session.user, r.body, r.desk);
    if (ended) r.endSessionAfterReply();
    return body;
  },
  'GET me/devices': (r) => listing(r, 'devices', [deviceView(r.baseUrl, r.session.user)]),
  'GET me/devices/:id': (r, id) => ({ statusCode: 0, device: deviceView(r.baseUrl, ownDevice(r.session.user, id)) }),
  'POST me/devices/:id': (r, id) => {
    const user = ownDevice(r.session.user, id);
    if (isSupervisorDeviceOperation(r.body.operationName)) supervisorDeviceOperation(user, r.body, r.desk.users, r.desk.notify, r.model);
    else deviceOperation(user, r.body, r.desk.notify);
    return OK;
  },
  'POST me/devices/:id/calls': (r, id) => {
    const user = ownDevice(r.session.user, id);
    if (r.body.operationName !== 'Dial') {
      throw r.body.operationName ? errors.unknownOperation(String(r.body.operationName)) : errors.missingParameter('operationName');
    }
    r.model.dial(user, r.body);
    return OK;
  },
  'GET me/devices/:id/calls': (r, id) => listing(r, 'calls', r.model.callsOf(ownDevice(r.session.user, id))),
  'GET me/calls': (r) => listing(r, 'calls', r.model.callsOf(r.session.user)),
  'GET me/calls/:id': (r, id) => ({ statusCode: 0, call: r.model.callOf(r.session.user, id) }),
  'POST me/calls/:id': (r, id) => {
    r.model.runCallOperation(r.session.user, id, r.body);
    return OK;
  },
  'GET me/channels': (r) => ({ statusCode: 0, channels: channelsView(r.session.user) }),
  'POST me/channels/voice': (r) => {
    agentStateOperation(r.session.user, r.body, r.desk.notify);
    return OK;
  },
  'GET settings/agent-states': () => ({ statusCode: 0, settings: agentStatesSettings() }),
};

export function routeApi(request: ApiRequest): Json {
  const { segments, method } = request;
  const id = segments.length >= 3 ? segments[2] : '';
  const exact = segments.join('/');
  const shape = segments.map((segment, index) => (index === 2 ? ':id' : segment)).join('/');
  const handler = ROUTES[`${method} ${exact}`] ?? ROUTES[`${method} ${shape}`];
  if (handler) return handler(request, decodePathSegment(id));
  const otherMethod = Object.keys(ROUTES).some((key) => key.endsWith(` ${exact}`) || key.endsWith(` ${shape}`));
  throw otherMethod ? errors.methodNotAllowed(method) : errors.notFound(`Resource /api/v2/${segments.join('/')}`);
}

/** A malformed percent-encoding names no resource: 404 / statusCode 6, not an internal error. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.notFound(`Resource ${segment}`);
  }
}

function ownDevice(user: SimUser, deviceId: string): SimUser {
  if (deviceId !== user.deviceId) throw errors.notFound(`Device ${deviceId}`);
  return user;
}

/** Lists are URIs unless `fields` asks for objects: `*` for all fields, or a comma list. */
function listing(request: ApiRequest, name: string, items: Json[]): Json {
  const fields = request.query.get('fields');
  if (!fields) return { statusCode: 0, uris: items.map((item) => item.uri) };
  if (fields === '*') return { statusCode: 0, [name]: items };
  const wanted = fields.split(',').map((f) => f.trim());
  return { statusCode: 0, [name]: items.map((item) => Object.fromEntries(wanted.filter((f) => f in item).map((f) => [f, item[f]]))) };
}

const SUBRESOURCES = ['devices', 'channels', 'features', 'settings', 'calls'] as const;

function getMe(request: ApiRequest): Json {
  const { session, baseUrl } = request;
  const user = session.user;
  const view: Json = userView(baseUrl, user);
  const asked = request.query.get('subresources');
  const wanted = asked === '*' ? new Set<string>(SUBRESOURCES) : new Set((asked ?? '').split(',').map((s) => s.trim()));
  if (wanted.has('devices')) view.devices = [deviceView(baseUrl, user)];
  if (wanted.has('channels')) view.channels = channelsView(user);
  if (wanted.has('features')) view.features = featuresOf(user).map((name) => ({ name }));
  if (wanted.has('settings')) view.settings = { 'interaction-workspace': { 'voice.sim': true } };
  if (wanted.has('calls')) view.calls = request.model.callsOf(user);
  return { statusCode: 0, user: view };
}
