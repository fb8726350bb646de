// The one-line change summary shown in every notification row, e.g.
//   userData +2 ~1 −0 · caps +PauseCallRecording +StopCallRecording −StartCallRecording · state Ringing→Established
// Built once per notification and stored as a string, so it must be cheap and bounded.
import type { CallDiff, EntityDiff, ParticipantsDiff, ValueChange } from './diffTypes';
import type { GwsDevice } from '../wire/types';

export const SEPARATOR = ' · ';
/** A minus sign, not a hyphen: it lines up with "+" in proportional fonts. */
const MINUS = '\u2212';
const ABSENT = '∅';
/** More capability names than this are counted, not listed: the row stays one line. */
const MAX_LISTED_CAPABILITIES = 6;
const MAX_VALUE_LENGTH = 40;

export function summarizeDiff(diff: CallDiff, dataLabel = 'userData'): string {
  if (diff.first) return summarizeFirst(diff);
  // Pieces joined once, into one flat string: template literals would leave a tree of V8
  // cons strings (four or five heap objects) in each of the tens of thousands of rows the
  // stream log keeps. Every part below is two or more pieces, so join() always copies.
  const pieces: Array<string | number> = [];
  const { added, removed, changed } = diff.userData;
  const addedCount = countKeys(added);
  const changedCount = countKeys(changed);
  const removedCount = countKeys(removed);
  if (addedCount + changedCount + removedCount > 0) {
    pieces.push(dataLabel, ' +', addedCount, ' ~', changedCount, ` ${MINUS}`, removedCount);
  }
  const { gained, lost } = diff.capabilities;
  if (gained.length + lost.length > 0) {
    if (pieces.length > 0) pieces.push(SEPARATOR);
    pieces.push('caps ', capabilityNames(gained, lost));
  }
  for (const key in diff.fields) {
    if (pieces.length > 0) pieces.push(SEPARATOR);
    // Party by party where participantsDiff.ts could key them ("participants 15002 joined").
    if (key === 'participants' && diff.participants) pieces.push('participants ', participantsText(diff.participants));
    else pushField(pieces, key, diff.fields[key]);
  }
  if (diff.participantsSeq !== undefined && diff.participants) {
    if (pieces.length > 0) pieces.push(SEPARATOR);
    pieces.push('participants as in #', diff.participantsSeq, ': ', participantsText(diff.participants));
  }
  return pieces.length > 0 ? pieces.join('') : 'no tracked change';
}

/** More parties than this are counted, not named: the row stays one line. */
const MAX_LISTED_PARTIES = 3;

/** "15002 joined, 15001 left, 5550100 changed role" (the first few parties; the rest counted). */
export function participantsText(diff: ParticipantsDiff): string {
  const parts: string[] = [];
  for (const { party } of diff.joined) parts.push(`${shortParty(party)} joined`);
  for (const { party } of diff.left) parts.push(`${shortParty(party)} left`);
  for (const { party, changes } of diff.changed) {
    const keys = Object.keys(changes);
    parts.push(`${shortParty(party)} changed ${keys.length === 1 && keys[0] !== 'value' ? keys[0] : ''}`.trimEnd());
  }
  if (parts.length <= MAX_LISTED_PARTIES) return parts.join(', ');
  return `${parts.slice(0, MAX_LISTED_PARTIES).join(', ')} (+${parts.length - MAX_LISTED_PARTIES} more)`;
}

function shortParty(party: string): string {
  return party.length > MAX_VALUE_LENGTH ? `${party.slice(0, MAX_VALUE_LENGTH - 1)}…` : party;
}

function summarizeFirst(diff: CallDiff): string {
  const userDataCount = countKeys(diff.userData.added);
  const capabilityCount = diff.capabilities.gained.length;
  return [
    'first notification',
    `userData ${userDataCount} ${userDataCount === 1 ? 'key' : 'keys'}`,
    `${capabilityCount} ${capabilityCount === 1 ? 'capability' : 'capabilities'}`,
  ].join(SEPARATOR);
}

function capabilityNames(gained: readonly string[], lost: readonly string[]): string {
  const names = [...gained.map((name) => `+${name}`), ...lost.map((name) => `${MINUS}${name}`)];
  if (names.length <= MAX_LISTED_CAPABILITIES) return names.join(' ');
  const listed = names.slice(0, MAX_LISTED_CAPABILITIES - 1).join(' ');
  return `${listed} (+${names.length - MAX_LISTED_CAPABILITIES + 1} more)`;
}

function pushField(pieces: Array<string | number>, key: string, change: ValueChange): void {
  const before = formatValue(change.old);
  const after = formatValue(change.new);
  if (before !== undefined && after !== undefined) {
    pieces.push(key, ' ', before, '→', after);
    return;
  }
  // An object with a state (a device's or a channel's userState): its state says what moved.
  const oldState = before ?? stateText(change.old);
  const newState = after ?? stateText(change.new);
  if (oldState !== undefined && newState !== undefined && oldState !== newState) {
    pieces.push(key, ' ', oldState, '→', newState);
    return;
  }
  // Objects and arrays (participants, …) do not fit on one line: name them, the detail shows them.
  pieces.push(key, ' changed');
}

/** An object's state as text ("NotReady"); undefined for an object without one. */
function stateText(value: unknown): string | undefined {
  const state = stateOf(value);
  return state === undefined ? undefined : formatValue(state);
}

/** `value.state` of an object value (a userState), undefined otherwise. */
function stateOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { state?: unknown }).state : undefined;
}

/** How a row names an entity: "chat 0000Na9B26EF002X", "device 631608b3" (long ids cut to 8). */
export function entityLabel(kind: string, id: string): string {
  return `${kind} ${id.length > 16 ? id.slice(0, 8) : id}`;
}

/**
 * One entity's part of a row: "chat 0001: userData +1 ~0 −0 · state Invited→Accepted", or for
 * its first notification what it is now: "chat 0001: first notification · state Invited · userData 2 keys".
 */
export function summarizeEntity(diff: EntityDiff, current: Readonly<Record<string, unknown>>): string {
  const label = entityLabel(diff.kind, diff.id);
  if (!diff.first) return `${label}: ${summarizeDiff(diff, diff.dataKey)}`;
  const parts = [`${label}: first notification`];
  for (const key in current) {
    if (!Object.prototype.hasOwnProperty.call(current, key) || parts.length > 4) continue;
    // What a developer watches first: its states ("state", "userState", "dndState", "deviceState"…).
    if (!/state$/i.test(key)) continue;
    const value = current[key];
    const shown = typeof value === 'object' && value !== null ? stateOf(value) : value;
    if (shown !== undefined && shown !== null && typeof shown !== 'object') parts.push(`${key} ${formatValue(shown)}`);
  }
  const dataCount = countKeys(diff.userData.added);
  if (dataCount > 0) parts.push(`${diff.dataKey ?? 'userData'} ${dataCount} ${dataCount === 1 ? 'key' : 'keys'}`);
  const capabilityCount = diff.capabilities.gained.length;
  if (capabilityCount > 0) parts.push(`${capabilityCount} ${capabilityCount === 1 ? 'capability' : 'capabilities'}`);
  return parts.join(SEPARATOR);
}

/** A short text for a scalar value; undefined for objects and arrays. */
export function formatValue(value: unknown): string | undefined {
  if (value === undefined) return ABSENT;
  if (value === null) return 'null';
  if (typeof value === 'object') return undefined;
  const text = String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function countKeys(record: object): number {
  let count = 0;
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) count++;
  return count;
}

// ---- devices ---------------------------------------------------------------------------

/** The device fields a developer watches in DeviceStateChangeMessage. */
const DEVICE_FIELDS: ReadonlyArray<[label: string, read: (device: GwsDevice) => unknown]> = [
  ['deviceState', (d) => d.deviceState],
  ['userState', (d) => d.userState?.state],
  ['workMode', (d) => d.userState?.workMode],
  ['reason', (d) => d.userState?.reason],
  ['dnd', (d) => d.doNotDisturb],
  ['forwardTo', (d) => d.forwardTo],
  ['monitoring', (d) => (d.supervisorMonitoringState as { state?: unknown } | undefined)?.state],
];

/**
 * Remembers the last watched fields of each device (a handful of devices per agent), so a
 * DeviceStateChangeMessage row can say what changed: "device 631608b3: userState NotReady→Ready".
 */
export class DeviceTracker {
  private readonly last = new Map<string, string[]>();

  /** A snapshot: the devices as they are now, without producing a summary. */
  reset(devices: readonly GwsDevice[]): void {
    this.last.clear();
    for (const device of devices) if (typeof device?.id === 'string') this.last.set(device.id, readDevice(device));
  }

  apply(devices: readonly GwsDevice[]): { summary: string; changed: boolean } {
    const parts: string[] = [];
    let changed = false;
    for (const device of devices) {
      const id = typeof device.id === 'string' ? device.id : '?';
      const now = readDevice(device);
      const before = this.last.get(id);
      if (typeof device.id === 'string') this.last.set(id, now);
      const name = `device ${id.length > 8 ? id.slice(0, 8) : id}`;
      if (!before) {
        changed = true;
        const known = DEVICE_FIELDS.map(([label], i) => (now[i] === ABSENT ? '' : `${label} ${now[i]}`)).filter(Boolean);
        parts.push(`${name}: ${known.join(', ') || 'first notification'}`);
        continue;
      }
      const moves = DEVICE_FIELDS.flatMap(([label], i) => (before[i] === now[i] ? [] : [`${label} ${before[i]}→${now[i]}`]));
      if (moves.length > 0) changed = true;
      parts.push(`${name}: ${moves.length > 0 ? moves.join(', ') : 'no tracked change'}`);
    }
    if (parts.length === 0) return { summary: 'no devices', changed: false };
    return { summary: parts.join(SEPARATOR), changed };
  }
}

function readDevice(device: GwsDevice): string[] {
  return DEVICE_FIELDS.map(([, read]) => formatValue(read(device)) ?? '{…}');
}
