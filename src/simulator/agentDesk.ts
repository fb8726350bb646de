// Agent login, agent state, do-not-disturb and forwarding: everything that ends in a
// DeviceStateChangeMessage on /v2/me/devices and/or a ChannelStateChangeMessageV2 on
// /v2/me/channels (docs/gws-notes.md#startcontactcentersession, docs/gws-notes.md#device-resource,
// docs/gws-notes.md#device-operations, docs/gws-notes.md#agent-state).
//
// StartContactCenterSession, the simulator's model (README "The simulator's model"):
// - `channels` (required, non-empty) are handled one by one; `place` defaults to the agent's
//   default place; no place at all fails the whole request (statusCode 1, "place required"),
//   an unknown place too (6). Both happen before any channel is tried.
// - voice logs in on the place's ACD position: the only one, or the one `devicePath` names.
//   An agent logged in to voice already needs no `place`: its login's place is used.
//   Several and no `devicePath`: 1, the message names the positions. None: 16. A position
//   held by another agent: 19. Already logged in: harmless (nothing changes) unless the
//   request names another place or position (19).
// - a media channel (chat, email, workitem, ...) logs in when the agent may use it (else 5).
// - all channels fine: {statusCode:0}. Some failed: HTTP 200 and statusCode 7 with the
//   per-channel results in `channels`. All failed: the first failure as the error, and
//   nothing changed (docs: "only returns a statusCode and statusMessage for one of the channels").
import { agentStateChange } from './agentStates';
import { errors, GwsStatus, SimError } from './errors';
import { isPlainObject, type OperationBody } from './operationParams';
import { describePosition, namesPosition, type AcdPosition, type PlaceBook, type SimPlace } from './places';
import { deviceView, voiceLoggedOut, type DeviceState, type SimUser } from './users';

/** Publishes the notifications agent-desk changes cause (after the HTTP answer). */
export interface DeskNotifier {
  /** DeviceStateChangeMessage on /v2/me/devices. */
  device(user: SimUser): void;
  /** ChannelStateChangeMessageV2 on /v2/me/channels. */
  channels(user: SimUser): void;
}

/** What StartContactCenterSession needs to know about the world. */
export interface Desk {
  users: readonly SimUser[];
  places: PlaceBook;
  notify: DeskNotifier;
}

type Json = Record<string, unknown>;

export function deviceStateMessage(baseUrl: string, user: SimUser): Json {
  return { messageType: 'DeviceStateChangeMessage', devices: [deviceView(baseUrl, user)] };
}

function operationName(body: OperationBody): string {
  const name = body.operationName;
  if (typeof name !== 'string' || name === '') throw errors.missingParameter('operationName');
  return name;
}

function optionalString(body: OperationBody, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw errors.invalidParameter(`Parameter '${name}' must be a non-empty string`);
  return value;
}

/** One channel's outcome, planned before anything changes. */
export interface ChannelPlan {
  channel: string;
  failure?: SimError;
  /** Applies the change; absent when there is nothing to change (already logged in). */
  apply?: () => void;
}

export interface StartParams {
  place?: string;
  devicePath?: string;
  loginCode?: string;
  queue?: string;
}

/**
 * POST /api/v2/me: StartContactCenterSession / EndContactCenterSession. Returns the answer's
 * body, and `ended` when the caller must end the HTTP session after answering.
 */
export function contactCenterSession(user: SimUser, body: OperationBody, desk: Desk): { body: Json; ended: boolean } {
  const name = operationName(body);
  if (name === 'StartContactCenterSession') return { body: startContactCenterSession(user, body, desk), ended: false };
  if (name === 'EndContactCenterSession') {
    // The place's devices go back to their default assignment: DND and forwarding end too.
    Object.assign(user.device, { ...voiceLoggedOut(), doNotDisturb: false, forwardTo: undefined } satisfies Partial<DeviceState>);
    user.media.clear();
    desk.notify.device(user);
    desk.notify.channels(user);
    return { body: { statusCode: 0 }, ended: true };
  }
  throw errors.unknownOperation(name);
}

function startContactCenterSession(user: SimUser, body: OperationBody, desk: Desk): Json {
  const channels = readChannels(body);
  const params: StartParams = {
    place: optionalString(body, 'place'),
    devicePath: optionalString(body, 'devicePath'),
    loginCode: optionalString(body, 'loginCode'),
    queue: optionalString(body, 'queue'),
  };
  const place = resolvePlace(user, params.place, desk.places);
  const plans = channels.map((channel): ChannelPlan => (channel === 'voice' ? planVoiceLogin(user, place, params, desk) : planMediaLogin(user, channel)));
  const failed = plans.filter((p) => p.failure);
  const firstFailure = failed[0]?.failure;
  if (firstFailure && failed.length === plans.length) throw firstFailure;
  for (const plan of plans) plan.apply?.();
  // The sign-in sequence waits for the device message after a voice login, also when the
  // agent was logged in already (by another application): send it either way.
  if (plans.some((p) => p.channel === 'voice' && !p.failure)) desk.notify.device(user);
  desk.notify.channels(user);
  if (failed.length === 0) return { statusCode: 0 };
  // Partial success. The per-channel list and its name `channels` are the simulator's guess
  // at the documented "the failed part returns a statusCode and statusMessage".
  return {
    statusCode: GwsStatus.PartialSuccess,
    statusMessage: `Partial success: ${failed.map((p) => `${p.channel} failed (${p.failure!.statusMessage})`).join('; ')}`,
    channels: plans.map((p) => (p.failure ? { channel: p.channel, ...p.failure.body() } : { channel: p.channel, statusCode: 0 })),
  };
}

function readChannels(body: OperationBody): string[] {
  const channels = body.channels;
  if (channels === undefined || channels === null || (Array.isArray(channels) && channels.length === 0)) throw errors.missingParameter('channels');
  if (!Array.isArray(channels) || !channels.every((c) => typeof c === 'string' && c !== '')) {
    throw errors.invalidParameter("Parameter 'channels' must be an array of channel names, e.g. [\"voice\"]");
  }
  return [...new Set(channels as string[])];
}

/** The request's place, else (logged in to voice) the place of that login, else the default place. */
export function resolvePlace(user: SimUser, explicit: string | undefined, places: PlaceBook): SimPlace {
  const name = explicit ?? (user.device.loggedIn ? user.device.place : undefined) ?? user.defaultPlace;
  if (name === undefined) {
    throw new SimError(400, GwsStatus.MissingParameter, `Required parameter 'place' is missing: ${user.userName} has no default place (place required)`);
  }
  const place = places.get(name);
  if (!place) throw errors.notFound(`Place '${name}'`);
  return place;
}

/**
 * The ACD position a voice login at `place` would use, or why there is none. Shared by
 * StartContactCenterSession and the control API's `loggedIn: true`.
 */
export function planVoiceLogin(user: SimUser, place: SimPlace, params: StartParams, desk: Pick<Desk, 'users' | 'places'>): ChannelPlan {
  const fail = (failure: SimError): ChannelPlan => ({ channel: 'voice', failure });
  if (!user.channels.includes('voice')) return fail(errors.noPermission(`${user.userName} may not use the voice channel`));
  const { device } = user;
  if (device.loggedIn) {
    const current = desk.places.get(device.place ?? '')?.acdPositions.find((a) => a.number === device.acdPosition);
    const samePlace = params.place === undefined || params.place === device.place;
    const samePosition = params.devicePath === undefined || (current !== undefined && namesPosition(params.devicePath, current));
    if (samePlace && samePosition) return { channel: 'voice' }; // harmless: nothing changes
    return fail(errors.inUse(`${user.userName} is already logged in to voice at place ${device.place}, ACD position ${device.acdPosition}: log out (EndContactCenterSession or Offline) first`));
  }
  const positions = place.acdPositions;
  let position: AcdPosition | undefined;
  if (params.devicePath !== undefined) {
    position = positions.find((a) => namesPosition(params.devicePath!, a));
    if (!position) {
      const known = positions.length ? `its ACD positions: ${positions.map(describePosition).join(', ')}` : 'it has no ACD position';
      return fail(errors.notFound(`Device '${params.devicePath}' in place ${place.name} (${known})`));
    }
  } else if (positions.length === 0) {
    return fail(errors.unableToAssign(`Place ${place.name} has no ACD position to log in on`));
  } else if (positions.length > 1) {
    return fail(
      new SimError(
        400,
        GwsStatus.MissingParameter,
        `Required parameter 'devicePath' is missing: place ${place.name} has ${positions.length} ACD positions, ${positions.map(describePosition).join(' and ')}; choose one with devicePath`,
      ),
    );
  } else {
    position = positions[0];
  }
  const holder = desk.users.find((other) => other !== user && other.device.loggedIn && other.device.acdPosition === position!.number);
  if (holder) return fail(errors.inUse(`ACD position ${position.number} of place ${place.name} is in use by ${holder.userName}`));
  const chosen = position;
  return {
    channel: 'voice',
    apply: () =>
      Object.assign(user.device, {
        loggedIn: true,
        agentState: 'NotReady',
        workMode: undefined,
        place: place.name,
        acdPosition: chosen.number,
        loginCode: params.loginCode,
        queue: params.queue,
      } satisfies Partial<DeviceState>),
  };
}

function planMediaLogin(user: SimUser, channel: string): ChannelPlan {
  if (!user.channels.includes(channel)) {
    return { channel, failure: errors.noPermission(`${user.userName} may not use the ${channel} channel (not configured for this agent)`) };
  }
  if (user.media.has(channel)) return { channel };
  return { channel, apply: () => user.media.set(channel, 'NotReady') };
}

/**
 * POST /api/v2/me/channels/voice: Ready, NotReady, AfterCallWork, AuxWork (optional
 * `reasonCode`), Offline, and the configured states by name (agentStates.ts).
 */
export function agentStateOperation(user: SimUser, body: OperationBody, notify: DeskNotifier): void {
  const name = operationName(body);
  const { device } = user;
  const change = agentStateChange(name, body) ?? voiceLoggedOut();
  if (name !== 'Offline' && !device.loggedIn) throw errors.notValidForState(name, 'agent is logged out: send StartContactCenterSession first');
  Object.assign(device, change);
  notify.device(user);
  notify.channels(user);
}

/** POST /api/v2/me/devices/{id}: DoNotDisturbOn/Off, ForwardCallsOn(destination)/Off. */
export function deviceOperation(user: SimUser, body: OperationBody, notify: DeskNotifier): void {
  const name = operationName(body);
  const { device } = user;
  switch (name) {
    case 'DoNotDisturbOn':
    case 'DoNotDisturbOff': {
      const on = name === 'DoNotDisturbOn';
      if (device.doNotDisturb === on) throw errors.notValidForState(name, `do not disturb is already ${on ? 'on' : 'off'}`);
      device.doNotDisturb = on;
      notify.device(user);
      notify.channels(user); // dndState is part of each channel
      return;
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
  notify.device(user);
}
