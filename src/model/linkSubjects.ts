// What ties a REST operation to the notifications it causes: its "subject".
//   an operation on /me/calls/{id}…        → that call: its notifications, until the next
//                                           operation on the same call
//   Dial, POST /me/devices/{id}/calls       → the next call that appears (first seen Dialing),
//                                           then that call's notifications
//   POST /me/devices/{id} (DND, forwarding) → DeviceStateChangeMessages for that device
//   POST /me/channels/voice (agent state)   → the next DeviceStateChangeMessage of any device
// (docs/gws-notes.md#dial, docs/gws-notes.md#device-operations, docs/gws-notes.md#agent-state).
// Subjects share one map with call ids: the other kinds contain a space, which a GWS call id
// never does.
export const NEW_CALL = 'new call';
export const ANY_DEVICE = 'any device';

export function deviceSubject(deviceId: string): string {
  return `device ${deviceId}`;
}

// Not anchored at the start: a base URL may have a path (https://lb.example.com/gws), and the
// REST client puts /api/v2 after it (as callIdFromUrl finds a call id anywhere in the path).
const DIAL_PATH = /\/api\/v2\/me\/devices\/[^/]+\/calls\/?$/;
const DEVICE_PATH = /\/api\/v2\/me\/devices\/([^/]+)\/?$/;
const VOICE_CHANNEL_PATH = /\/api\/v2\/me\/channels\/voice\/?$/;

/**
 * The subject of an operation (its call id when it has one, as the pipeline reads it from the
 * request), or undefined when nothing it causes can be recognised.
 */
export function operationSubject(callId: string | undefined, url: string): string | undefined {
  if (callId !== undefined) return callId;
  const path = pathOf(url);
  if (DIAL_PATH.test(path)) return NEW_CALL;
  const device = DEVICE_PATH.exec(path);
  if (device) return deviceSubject(decode(device[1]));
  if (VOICE_CHANNEL_PATH.test(path)) return ANY_DEVICE;
  return undefined;
}

/** The path of a request URL ("https://host/api/v2/me/calls/1?x" → "/api/v2/me/calls/1"). */
export function pathOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(url);
  return match ? match[1] || '/' : url.replace(/[?#].*$/, '');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
