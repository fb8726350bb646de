// Agent login, agent state, do-not-disturb and forwarding: everything that ends in a
// DeviceStateChangeMessage on /v2/me/devices (docs/gws-notes.md#startcontactcentersession,
// docs/gws-notes.md#device-resource, docs/gws-notes.md#device-operations,
// docs/gws-notes.md#agent-state).
import { errors } from './errors';
import { isPlainObject, type OperationBody } from './operationParams';
import { deviceView, loggedOutDevice, type DeviceState, type SimUser } from './users';

export type DeviceNotifier = (user: SimUser) => void;

export function deviceStateMessage(baseUrl: string, user: SimUser): Record<string, unknown> {
  return { messageType: 'DeviceStateChangeMessage', devices: [deviceView(baseUrl, user)] };
}

function operationName(body: OperationBody): string {
  const name = body.operationName;
  if (typeof name !== 'string' || name === '') throw errors.missingParameter('operationName');
  return name;
}

/** POST /api/v2/me: StartContactCenterSession / EndContactCenterSession (the caller then ends the HTTP session). */
export function contactCenterSession(user: SimUser, body: OperationBody, notify: DeviceNotifier): 'started' | 'ended' {
  const name = operationName(body);
  if (name === 'StartContactCenterSession') {
    const channels = body.channels;
    if (!Array.isArray(channels) || channels.length === 0) throw errors.missingParameter('channels');
    if (channels.includes('voice') && !user.device.loggedIn) {
      Object.assign(user.device, { loggedIn: true, agentState: 'NotReady', workMode: undefined } satisfies Partial<DeviceState>);
    }
    notify(user);
    return 'started';
  }
  if (name === 'EndContactCenterSession') {
    Object.assign(user.device, loggedOutDevice());
    notify(user);
    return 'ended';
  }
  throw errors.unknownOperation(name);
}

/** POST /api/v2/me/channels/voice: Ready, NotReady, AfterCallWork, AuxWork, Offline. */
export function agentStateOperation(user: SimUser, body: OperationBody, notify: DeviceNotifier): void {
  const name = operationName(body);
  const { device } = user;
  const next: Record<string, Partial<DeviceState>> = {
    Ready: { agentState: 'Ready', workMode: undefined },
    NotReady: { agentState: 'NotReady', workMode: undefined },
    AfterCallWork: { agentState: 'NotReady', workMode: 'AfterCallWork' },
    AuxWork: { agentState: 'NotReady', workMode: 'AuxWork' },
    Offline: { loggedIn: false, agentState: 'LoggedOut', workMode: undefined },
  };
  const change = next[name];
  if (!change) throw errors.unknownOperation(name);
  if (name !== 'Offline' && !device.loggedIn) throw errors.notValidForState(name, 'agent is logged out: send StartContactCenterSession first');
  Object.assign(device, change);
  notify(user);
}

/** POST /api/v2/me/devices/{id}: DoNotDisturbOn/Off, ForwardCallsOn(destination)/Off. */
export function deviceOperation(user: SimUser, body: OperationBody, notify: DeviceNotifier): void {
  const name = operationName(body);
  const { device } = user;
  switch (name) {
    case 'DoNotDisturbOn':
    case 'DoNotDisturbOff': {
      const on = name === 'DoNotDisturbOn';
      if (device.doNotDisturb === on) throw errors.notValidForState(name, `do not disturb is already ${on ? 'on' : 'off'}`);
      device.doNotDisturb = on;
      break;
    }
    case 'ForwardCallsOn': {
      // The doc shows a plain number; accept { phoneNumber } as on call operations too.
      const destination = isPlainObject(body.destination) ? body.destination.phoneNumber : body.destination;
      if (typeof destination !== 'string' || destination === '') throw errors.missingParameter('destination');
      device.forwardTo = destination;
      break;
    }
    case 'ForwardCallsOff':
      if (!device.forwardTo) throw errors.notValidForState(name, 'calls are not forwarded');
      device.forwardTo = undefined;
      break;
    default:
      throw errors.unknownOperation(name);
  }
  notify(user);
}
