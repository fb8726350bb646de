// Does one received notification satisfy an `expect` step? The step lists what the
// notification's diff must show at least (src/model/diff.ts computes the diff the same way
// the inspector does), so extra changes never fail a scenario; missing ones do, and
// `describeExpected` / `describeReceived` put the two side by side for the report.
import { sameValue } from '../model/diff';
import type { CallDiff } from '../model/diffTypes';
import type { ExpectStep, KeyExpectation } from './types';

/** A call notification as the runner saw it. */
export interface ObservedNotification {
  /** Milliseconds since the action step it is measured from started. */
  atMs: number;
  /** notificationType, else messageType. */
  type: string;
  messageType?: string;
  callId?: string;
  /** The call after the notification. */
  call?: Record<string, unknown>;
  diff?: CallDiff;
}

/** What does not match, one line each; empty when it matches. `callId` is the bound call's id, if any. */
export function mismatches(step: ExpectStep, seen: ObservedNotification, callId: string | undefined): string[] {
  const wrong: string[] = [];
  if (seen.type !== step.notification && seen.messageType !== step.notification) wrong.push(`type ${seen.type}`);
  if (callId !== undefined && seen.callId !== callId) wrong.push('another call');
  if (wrong.length > 0) return wrong;
  for (const [field, value] of Object.entries(step.fields ?? {})) {
    const actual = seen.call?.[field];
    if (!sameValue(actual, value)) wrong.push(`${field} ${format(actual)} (expected ${format(value)})`);
  }
  const diff = seen.diff;
  for (const name of step.capabilities?.gained ?? []) if (!diff?.capabilities.gained.includes(name)) wrong.push(`capability ${name} not gained`);
  for (const name of step.capabilities?.lost ?? []) if (!diff?.capabilities.lost.includes(name)) wrong.push(`capability ${name} not lost`);
  wrong.push(...keyMismatches('added', step.userData?.added, diff?.userData.added));
  wrong.push(...keyMismatches('removed', step.userData?.removed, diff?.userData.removed));
  const changed = Object.fromEntries(Object.entries(diff?.userData.changed ?? {}).map(([key, change]) => [key, change.new]));
  wrong.push(...keyMismatches('changed', step.userData?.changed, changed));
  return wrong;
}

function keyMismatches(section: string, expected: KeyExpectation | undefined, actual: Record<string, unknown> | undefined): string[] {
  if (expected === undefined) return [];
  const entries: Array<[string, unknown]> = Array.isArray(expected) ? expected.map((key) => [key, undefined]) : Object.entries(expected);
  return entries.flatMap(([key, value]) => {
    if (!actual || !Object.prototype.hasOwnProperty.call(actual, key)) return [`userData key ${key} not ${section}`];
    if (!Array.isArray(expected) && !sameValue(actual[key], value)) return [`userData key ${key} ${section} as ${format(actual[key])} (expected ${format(value)})`];
    return [];
  });
}

/** "a CallRecordingStateChange for $call1 with recordingState Recording, capabilities +A −B, userData +K" */
export function describeExpected(step: ExpectStep, within: number): string {
  const parts = [`within ${formatMs(within)} a ${step.notification}${step.call ? ` for ${step.call}` : ''}`];
  const details = [
    ...Object.entries(step.fields ?? {}).map(([field, value]) => `${field} ${format(value)}`),
    signed('capabilities', step.capabilities?.gained, step.capabilities?.lost),
    keysLine(step.userData?.added, '+'),
    keysLine(step.userData?.removed, '−'),
    keysLine(step.userData?.changed, '~'),
  ].filter((part) => part !== '');
  if (details.length > 0) parts.push(`with ${details.join(', ')}`);
  return parts.join(' ');
}

/** One line per notification: "+12 ms StatusChange call 00A…: state Established, capabilities +Hold −Answer". */
export function describeReceived(seen: ObservedNotification): string {
  const diff = seen.diff;
  const details = diff
    ? [
        diff.first ? `first seen${typeof seen.call?.state === 'string' ? `, state ${seen.call.state}` : ''}` : '',
        ...Object.entries(diff.fields).map(([field, change]) => `${field} ${format(change.new)}`),
        signed('capabilities', diff.capabilities.gained, diff.capabilities.lost),
        keysLine(Object.keys(diff.userData.added), '+'),
        keysLine(Object.keys(diff.userData.removed), '−'),
        keysLine(Object.keys(diff.userData.changed), '~'),
      ].filter((part) => part !== '')
    : [];
  return `+${Math.round(seen.atMs)} ms ${seen.type}${seen.callId ? ` call ${seen.callId}` : ''}${details.length > 0 ? `: ${details.join(', ')}` : ''}`;
}

function signed(name: string, gained: string[] = [], lost: string[] = []): string {
  const items = [...gained.map((c) => `+${c}`), ...lost.map((c) => `−${c}`)];
  return items.length > 0 ? `${name} ${items.join(' ')}` : '';
}

function keysLine(keys: KeyExpectation | undefined, sign: string): string {
  if (keys === undefined) return '';
  const names = Array.isArray(keys) ? keys : Object.entries(keys).map(([key, value]) => `${key}=${format(value)}`);
  return names.length > 0 ? `userData ${names.map((k) => `${sign}${k}`).join(' ')}` : '';
}

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** 2000 → "2,000 ms". */
export function formatMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}
