// Builders over the documented sample payloads (../shared/gws-samples): tests start from
// what GWS really sends and change only what they are about.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GwsCall } from '../../../src/wire/types';

/**
 * ../shared/gws-samples beside the repository. Looked up from __dirname because the same
 * code runs from test/unit/gws (ts) and from the bundle in out/test/unit/<dir>.
 */
function findSamples(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'gws-samples');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`shared/gws-samples not found above ${start}`);
  }
}

export const SAMPLES_DIR = findSamples(__dirname);

export function readSample<T = unknown>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, name), 'utf8')) as T;
}

interface Notification {
  channel: string;
  data: { call: GwsCall; [key: string]: unknown };
}

/** The Established, recording call of sample 03, with overrides. */
export function recordingCall(overrides: Partial<GwsCall> = {}): GwsCall {
  const sample = readSample<Notification>('03-call-recording-state-change-notification.json');
  return { ...sample.data.call, ...overrides };
}

/** The Held call of sample 04 (no recordingState, no userData), with overrides. */
export function heldCall(overrides: Partial<GwsCall> = {}): GwsCall {
  const sample = readSample<Notification>('04-hold-status-change-notification.json');
  return { ...sample.data.call, ...overrides };
}

/** An older 8.5.x call: participants as strings plus participantsInfo. */
export function legacyCall(overrides: Partial<GwsCall> = {}): GwsCall {
  const { participants: _drop, ...rest } = heldCall();
  return {
    ...rest,
    participants: ['15001'],
    participantsInfo: [{ formattedPhoneNumber: '1 (500) 1', digits: '15001' }],
    ...overrides,
  };
}
