// Builders over the documented sample payloads (test/fixtures/gws): tests start from
// what GWS really sends and change only what they are about.
import type { GwsCall } from '../../../src/wire/types';
import { GWS_FIXTURES_DIR, readGwsFixture } from '../../support/fixtures';

export const SAMPLES_DIR = GWS_FIXTURES_DIR;

export function readSample<T = unknown>(name: string): T {
  return readGwsFixture<T>(name);
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
