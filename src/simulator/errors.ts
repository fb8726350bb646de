// GWS error bodies are `{"statusCode":N,"statusMessage":"..."}` and nothing else
// (docs/gws-notes.md#status-codes). SimError carries the HTTP status chosen for each code so
// every route answers the same way: 401 for 20, 403 for CSRF/Origin (3) and for 5, 404 for 6,
// 400 for 1/2/3/10/16, 409 for 19, 503 for 4. Code 7 (partial success) is not an error: it comes
// with HTTP 200.

export const enum GwsStatus {
  Ok = 0,
  MissingParameter = 1,
  InvalidForState = 2,
  Forbidden = 3,
  InternalError = 4,
  NoPermission = 5,
  NotFound = 6,
  PartialSuccess = 7,
  ValidationError = 10,
  UnableToAssign = 16,
  AlreadyInUse = 19,
  AccessDenied = 20,
}

export class SimError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly statusCode: number,
    readonly statusMessage: string,
  ) {
    super(statusMessage);
  }

  body(): { statusCode: number; statusMessage: string } {
    return { statusCode: this.statusCode, statusMessage: this.statusMessage };
  }
}

export const errors = {
  missingParameter: (name: string) => new SimError(400, GwsStatus.MissingParameter, `Required parameter '${name}' is missing`),
  invalidParameter: (message: string) => new SimError(400, GwsStatus.ValidationError, message),
  notValidForState: (operation: string, state: string) =>
    new SimError(400, GwsStatus.InvalidForState, `Operation '${operation}' is not valid for current state (${state})`),
  unknownOperation: (operation: string) =>
    new SimError(400, GwsStatus.Forbidden, `Operation '${operation}' is not supported on this resource`),
  /** The same refusal, saying why or what is supported instead. */
  invalidOperation: (operation: string, why: string) =>
    new SimError(400, GwsStatus.Forbidden, `Operation '${operation}' is not supported on this resource: ${why}`),
  notFound: (what: string) => new SimError(404, GwsStatus.NotFound, `${what} not found`),
  accessDenied: () => new SimError(401, GwsStatus.AccessDenied, 'Access denied'),
  csrf: () => new SimError(403, GwsStatus.Forbidden, 'Missing or invalid Csrf token'),
  origin: (origin: string | undefined, expected: string) =>
    new SimError(
      403,
      GwsStatus.Forbidden,
      origin === undefined
        ? `Missing Origin header: this server requires Origin: ${expected}`
        : `Origin '${origin}' is not allowed: this server requires Origin: ${expected}`,
    ),
  noPermission: (message: string) => new SimError(403, GwsStatus.NoPermission, message),
  unableToAssign: (message: string) => new SimError(400, GwsStatus.UnableToAssign, message),
  inUse: (message: string) => new SimError(409, GwsStatus.AlreadyInUse, message),
  voiceUnavailable: () => new SimError(503, GwsStatus.InternalError, 'Voice service is not available at this time'),
  // The simulator's own refusals: /sim/ access (403 / 3), a body too large (413), a
  // malformed URL or JSON (400), all with statusCode 10 but the first.
  controlForbidden: (reason: string) => new SimError(403, GwsStatus.Forbidden, `Control API refused: ${reason}`),
  malformedJson: (detail: string) => new SimError(400, GwsStatus.ValidationError, `The request body is not valid JSON: ${detail}`),
  bodyTooLarge: (limit: number) => new SimError(413, GwsStatus.ValidationError, `Request body too large: at most ${limit} bytes are accepted here`),
  malformedUrl: () => new SimError(400, GwsStatus.ValidationError, 'Malformed request URL'),
  methodNotAllowed: (method: string) => new SimError(405, GwsStatus.Forbidden, `Method ${method} is not allowed on this resource`),
};
