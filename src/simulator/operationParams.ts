// Reads and checks the parameters of an operation body. A missing parameter is
// statusCode 1, a malformed one statusCode 10 (docs/gws-notes.md#status-codes).
import { errors } from './errors';

export type OperationBody = Record<string, unknown>;

export interface OperationParams {
  destination?: string;
  digits?: string;
  userData?: Record<string, unknown>;
  key?: string;
  otherCallId?: string;
  participant?: string;
  consultCallId?: string;
}

export type ParamName = 'destination' | 'digits' | 'userData' | 'key' | 'otherCallUri' | 'participant';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `destination` is `{ "phoneNumber": "..." }` on call operations
 * (docs/gws-notes.md#call-operations).
 */
function readDestination(body: OperationBody): string | undefined {
  const destination = body.destination;
  if (!isPlainObject(destination)) return undefined;
  const phoneNumber = destination.phoneNumber;
  return typeof phoneNumber === 'string' && phoneNumber.length > 0 ? phoneNumber : undefined;
}

/** The id is the last path segment of a call URI (`.../api/v2/me/calls/<id>`); a bare id works too. */
export function callIdFromUri(uri: string): string {
  return uri.replace(/\/+$/, '').split('/').pop() ?? uri;
}

function requireString(body: OperationBody, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === '') throw errors.missingParameter(name);
  if (typeof value !== 'string') throw errors.invalidParameter(`Parameter '${name}' must be a string`);
  return value;
}

export function readParams(body: OperationBody, required: readonly ParamName[]): OperationParams {
  const params: OperationParams = {};
  const wants = new Set(required);
  const destination = readDestination(body);
  if (wants.has('destination') && destination === undefined) throw errors.missingParameter('destination.phoneNumber');
  params.destination = destination;

  if (wants.has('digits')) {
    const digits = requireString(body, 'digits');
    if (!/^[0-9*#A-D]+$/.test(digits)) throw errors.invalidParameter(`Parameter 'digits' has characters that are not DTMF tones: '${digits}'`);
    params.digits = digits;
  }
  if (body.userData !== undefined) {
    if (!isPlainObject(body.userData)) throw errors.invalidParameter("Parameter 'userData' must be an object");
    params.userData = body.userData;
  } else if (wants.has('userData')) {
    throw errors.missingParameter('userData');
  }
  if (wants.has('key')) params.key = requireString(body, 'key');
  if (wants.has('otherCallUri')) params.otherCallId = callIdFromUri(requireString(body, 'otherCallUri'));
  if (wants.has('participant')) {
    const participant = body.participant;
    // Accept the documented phone-number string and a participant object alike.
    const number = isPlainObject(participant) ? participant.phoneNumber : participant;
    if (typeof number !== 'string' || number === '') throw errors.missingParameter('participant');
    params.participant = number;
  }
  if (typeof body.consultCallUri === 'string') params.consultCallId = callIdFromUri(body.consultCallUri);
  return params;
}

export { isPlainObject };
