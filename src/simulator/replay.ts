// POST /sim/replay: the simulator publishes recorded notifications again (from an inspector
// export or a capture of a real GWS) to one user, with their original spacing, so that an
// integration under test receives the same stream without a Genesys lab. The ids in them
// (call ids, ConnIDs, call UUIDs, chat/email/workitem ids) are replaced by fresh ones,
// everywhere they occur (uris and paths quote them), so a replay never collides with live calls
// or with an earlier replay of the same recording. The calls are not added to the call model:
// what is replayed is the stream, not the switch.
import { errors } from './errors';
import type { IdFactory } from './ids';

export interface ReplayNotification {
  /** "/v2/me/..." */
  channel: string;
  data: unknown;
  /** Milliseconds after the replay starts (default: right after the previous one). */
  offsetMs?: number;
}

export interface ReplayRequest {
  /** User name or phone number. */
  user: string;
  notifications: ReplayNotification[];
  /** 1 = the recorded timing (default); 10 = ten times as fast; 0 = no waiting at all. */
  speed?: number;
}

export interface ReplayResult {
  count: number;
  /** Recorded id → the fresh id it became. */
  ids: Record<string, string>;
}

export const MAX_REPLAY_NOTIFICATIONS = 100_000;
export const MAX_REPLAY_OFFSET_MS = 3_600_000;

/** Keys whose string values are ids to map, and how to make a fresh one. */
const ID_KEYS: Record<string, (ids: IdFactory) => string> = {
  id: (ids) => ids.callId(),
  connId: (ids) => ids.connId(),
  previousConnId: (ids) => ids.connId(),
  callUuid: (ids) => ids.uuid(),
};
/** Objects of a message whose `id` is an interaction's, not a call's. */
const INTERACTION_KEYS = new Set(['chat', 'email', 'workitem', 'interaction']);

/** Fresh ids for every id the notifications carry, and the notifications rewritten with them. */
export function mapIds(notifications: readonly ReplayNotification[], ids: IdFactory): { notifications: ReplayNotification[]; ids: Record<string, string> } {
  const mapping = new Map<string, string>();
  const collect = (value: unknown, parentKey: string | undefined): void => {
    if (Array.isArray(value)) for (const item of value) collect(item, parentKey);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const fresh = ID_KEYS[key];
        // A device's id is its configuration's (the agent's own device): kept.
        if (fresh && typeof item === 'string' && item.length >= 4 && !mapping.has(item) && parentKey !== 'devices' && parentKey !== 'device') {
          mapping.set(item, key === 'id' && parentKey !== undefined && INTERACTION_KEYS.has(parentKey) ? ids.interactionId() : fresh(ids));
        }
        collect(item, key);
      }
    }
  };
  for (const notification of notifications) collect(notification.data, undefined);
  // Longest first, so an id that contains another is replaced whole.
  const olds = [...mapping.keys()].sort((a, b) => b.length - a.length);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let text = value;
      for (const old of olds) if (text.includes(old)) text = text.split(old).join(mapping.get(old) as string);
      return text;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item)]));
    return value;
  };
  return {
    notifications: notifications.map((n) => ({ ...n, data: rewrite(n.data) })),
    ids: Object.fromEntries(mapping),
  };
}

/** Checks a replay request from HTTP or in-process; a 400 says what is wrong. */
export function checkReplay(request: object, checkChannel: (channel: string) => void): ReplayRequest {
  const body = request as Record<string, unknown>;
  const known = ['user', 'notifications', 'speed'];
  const unknown = Object.keys(body).find((key) => !known.includes(key));
  if (unknown !== undefined) throw errors.invalidParameter(`Unknown field '${unknown.slice(0, 100)}': known are ${known.join(', ')}`);
  if (typeof body.user !== 'string' || body.user === '') throw errors.missingParameter('user');
  const list = body.notifications;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_REPLAY_NOTIFICATIONS) {
    throw errors.invalidParameter(`'notifications' must be an array of 1 to ${MAX_REPLAY_NOTIFICATIONS} {channel, data, offsetMs?}`);
  }
  const speed = body.speed;
  if (speed !== undefined && (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0 || speed > 1000)) throw errors.invalidParameter("'speed' must be a number from 0 to 1000 (0: no waiting)");
  const notifications = list.map((item: unknown, index: number): ReplayNotification => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw errors.invalidParameter(`notifications[${index}] must be an object {channel, data, offsetMs?}`);
    const { channel, data, offsetMs } = item as Record<string, unknown>;
    if (typeof channel !== 'string') throw errors.invalidParameter(`notifications[${index}].channel must be a channel under /v2/me/`);
    checkChannel(channel);
    if (data === undefined) throw errors.invalidParameter(`notifications[${index}].data is missing`);
    if (offsetMs !== undefined && (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs) || offsetMs < 0 || offsetMs > MAX_REPLAY_OFFSET_MS)) {
      throw errors.invalidParameter(`notifications[${index}].offsetMs must be a number from 0 to ${MAX_REPLAY_OFFSET_MS}`);
    }
    return { channel, data, offsetMs: offsetMs as number | undefined };
  });
  return { user: body.user, notifications, speed: speed as number | undefined };
}

/**
 * Publishes each notification at its offset (divided by `speed`), in order: one timer at a
 * time, so a long recording holds one pending timeout, and two notifications with the same
 * offset keep their order. `cancel` stops what has not been sent.
 */
export function schedule(notifications: readonly ReplayNotification[], speed: number, publish: (n: ReplayNotification) => void): { cancel(): void } {
  const started = Date.now();
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastOffset = 0;
  const next = (): void => {
    timer = undefined;
    while (index < notifications.length) {
      const notification = notifications[index];
      lastOffset = Math.max(lastOffset, notification.offsetMs ?? lastOffset);
      const due = speed === 0 ? 0 : started + lastOffset / speed - Date.now();
      if (due > 0) {
        timer = setTimeout(next, due);
        return;
      }
      index += 1;
      publish(notification);
    }
  };
  next();
  return {
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      index = notifications.length;
    },
  };
}
