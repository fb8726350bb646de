// Tolerant readers of a call for the UI. GWS versions disagree on shapes
// (docs/gws-notes.md#tolerated-variants): participants are objects in newer servers and plain
// strings plus `participantsInfo` in older 8.5.x ones; states outside the documented five
// must still be shown as they are.
import type { GwsCall, GwsParticipant } from './types';

export interface ParticipantView {
  /** The dialable number (phoneNumber, digits, …). */
  number: string;
  /** What to show: the formatted number when the server sends one. */
  label: string;
}

type Info = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function numberFromInfo(info: Info | undefined): string | undefined {
  if (!info) return undefined;
  return (
    text(info.phoneNumber) ??
    text(info.digits) ??
    text(info.formattedPhoneNumber) ??
    text(info.e164Number) ??
    text(info.E164digits)
  );
}

/** `participantsInfo` may be an array parallel to `participants` or a map keyed by number. */
function infoFor(call: GwsCall, participant: string, index: number): Info | undefined {
  const all = call.participantsInfo;
  if (Array.isArray(all)) {
    const entry: unknown = all[index];
    return entry && typeof entry === 'object' ? (entry as Info) : undefined;
  }
  if (all && typeof all === 'object') {
    const entry = (all as Record<string, unknown>)[participant];
    return entry && typeof entry === 'object' ? (entry as Info) : undefined;
  }
  return undefined;
}

function viewOf(call: GwsCall, participant: GwsParticipant, index: number): ParticipantView | undefined {
  if (typeof participant === 'string') {
    if (!participant) return undefined;
    const info = infoFor(call, participant, index);
    return { number: participant, label: text(info?.formattedPhoneNumber) ?? participant };
  }
  if (!participant || typeof participant !== 'object') return undefined;
  const number = numberFromInfo(participant);
  if (!number) return undefined;
  return { number, label: text(participant.formattedPhoneNumber) ?? number };
}

/** Every participant the call lists, in both documented shapes; unreadable entries are skipped. */
export function participantsOf(call: GwsCall): ParticipantView[] {
  const list = Array.isArray(call.participants) ? call.participants : [];
  const out: ParticipantView[] = [];
  list.forEach((participant, index) => {
    const view = viewOf(call, participant, index);
    if (view) out.push(view);
  });
  return out;
}

/**
 * The number on the other end, for a tree label. Skips the agent's own number when given;
 * falls back to ani (caller) then dnis (dialed) when the participant list is empty.
 */
export function otherParty(call: GwsCall, ownNumber?: string): string | undefined {
  const parties = participantsOf(call).filter((p) => p.number !== ownNumber);
  if (parties.length > 0) return parties.map((p) => p.label).join(', ');
  const ani = text(call.ani);
  if (ani && ani !== ownNumber) return ani;
  const dnis = text(call.dnis);
  if (dnis && dnis !== ownNumber) return dnis;
  return undefined;
}

/**
 * "01RCC3N118B1V0SL8O7GK2LAES00000V" → "00000V": long GWS ids do not fit in a label, and two
 * calls of one server share the start of their ids, not their end. Every place that names a
 * call uses it (src/model/callName.ts), so the user can match a call from one to the next.
 */
export function shortCallId(id: string): string {
  return id.length > 6 ? id.slice(-6) : id;
}

/** The call's state as the server wrote it; "Unknown" only when the field is missing. */
export function callStateOf(call: GwsCall): string {
  return typeof call.state === 'string' && call.state.length > 0 ? call.state : 'Unknown';
}

/** Released is the only terminal voice state (docs/gws-notes.md#call-states). */
export function isLive(call: GwsCall): boolean {
  return call.state !== 'Released';
}

/** The operation names the server offers on the call now (junk entries dropped). */
export function capabilitiesOf(call: GwsCall): string[] {
  return Array.isArray(call.capabilities) ? call.capabilities.filter((c): c is string => typeof c === 'string') : [];
}
