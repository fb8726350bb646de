// Places and their ACD positions, as StartContactCenterSession uses them
// (docs/gws-notes.md#startcontactcentersession). The simulator's model, not GWS's data:
//
// - A place has zero, one or several ACD positions; each position is a DN (a number) with a
//   device id, so it has a device path `/devices/<id>` (what StartContactCenterSession's
//   `devicePath` names). A DN belongs to one place at most.
// - Logging in at a place records the place and the position on the agent (users.ts); the
//   agent's device in the API (id, phoneNumber) stays the agent's own, whatever the place, so
//   that calls keep reaching the agent by its number. A real GWS would assign the place's
//   devices instead.
import { errors } from './errors';
import type { IdFactory } from './ids';

export interface AcdPosition {
  /** The DN, e.g. "7001". */
  readonly number: string;
  readonly deviceId: string;
}

export interface SimPlace {
  readonly name: string;
  acdPositions: AcdPosition[];
}

/** The demo places: one per demo agent with its own DN, and one with two ACD positions. */
const DEFAULT_PLACES: ReadonlyArray<{ name: string; numbers: readonly string[] }> = [
  { name: 'Place_15000', numbers: ['15000'] },
  { name: 'Place_15001', numbers: ['15001'] },
  { name: 'Place_15002', numbers: ['15002'] },
  { name: 'Place_15005', numbers: ['15005'] },
  { name: 'Place_2ACD', numbers: ['7001', '7002'] },
];

const PLACE_NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const DN = /^\+?[A-Za-z0-9_-]{1,32}$/;

export function devicePath(position: AcdPosition): string {
  return `/devices/${position.deviceId}`;
}

/** "7001 (/devices/…)" for messages that must name the positions. */
export function describePosition(position: AcdPosition): string {
  return `${position.number} (${devicePath(position)})`;
}

/**
 * Does a StartContactCenterSession `devicePath` name this position? Accepted: the device
 * path `/devices/<id>` (with or without the leading `/`), a URI ending in it, the bare
 * device id, or the DN itself (the last two are the simulator's leniency).
 */
export function namesPosition(devicePathParam: string, position: AcdPosition): boolean {
  const text = devicePathParam.trim().replace(/\/+$/, '');
  if (text === position.number || text === position.deviceId) return true;
  return text === devicePath(position).slice(1) || text.endsWith(devicePath(position));
}

export class PlaceBook {
  private places = new Map<string, SimPlace>();
  private readonly defaults: SimPlace[];

  constructor(private readonly ids: IdFactory) {
    this.defaults = DEFAULT_PLACES.map((p) => ({ name: p.name, acdPositions: p.numbers.map((number) => ({ number, deviceId: ids.uuid() })) }));
    this.restoreDefaults();
  }

  get(name: string): SimPlace | undefined {
    return this.places.get(name);
  }

  all(): SimPlace[] {
    return [...this.places.values()];
  }

  /**
   * Creates or replaces a place. A DN that the place had keeps its device id; a DN of
   * another place, a malformed name or DN is a 400.
   */
  set(name: string, numbers: readonly string[]): SimPlace {
    if (!PLACE_NAME.test(name)) throw errors.invalidParameter(`Place name '${name}' must be 1-64 letters, digits or _ . @ -`);
    const seen = new Set<string>();
    for (const number of numbers) {
      if (!DN.test(number)) throw errors.invalidParameter(`ACD position '${number}' is not a DN (1-32 letters, digits, _ or -)`);
      if (seen.has(number)) throw errors.invalidParameter(`ACD position '${number}' is listed twice`);
      seen.add(number);
      const owner = this.all().find((p) => p.name !== name && p.acdPositions.some((a) => a.number === number));
      if (owner) throw errors.invalidParameter(`ACD position '${number}' belongs to place ${owner.name} already`);
    }
    const old = this.places.get(name);
    const place: SimPlace = {
      name,
      acdPositions: numbers.map((number) => old?.acdPositions.find((a) => a.number === number) ?? { number, deviceId: this.ids.uuid() }),
    };
    this.places.set(name, place);
    return place;
  }

  /** Back to the demo places, with the device ids they had at start. */
  restoreDefaults(): void {
    this.places = new Map(this.defaults.map((p) => [p.name, { name: p.name, acdPositions: [...p.acdPositions] }]));
  }
}
