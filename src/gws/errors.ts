// One error type for everything that can go wrong talking to GWS. The message is written for
// the person at the keyboard: what failed and what to do next. It never carries a password,
// an Authorization value or a cookie (callers pass already-redacted URLs and server text).
import { shortCallId } from '../wire/callReader';

/** 'config': the profile itself cannot be used as it is (an unreadable caFile, for one). */
export type GwsErrorKind = 'status' | 'http' | 'network' | 'timeout' | 'malformed' | 'tooLarge' | 'auth' | 'csrf' | 'config';

export interface GwsErrorDetails {
  kind: GwsErrorKind;
  statusCode?: number;
  statusMessage?: string;
  httpStatus?: number;
  operationName?: string;
  callId?: string;
  /** Node's error code for network failures (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
  code?: string;
  url?: string;
  /** The sign-in read (GET /api/v2/me with Basic) refused the user name and password themselves. */
  credentialsRejected?: boolean;
}

export class GwsError extends Error {
  readonly kind: GwsErrorKind;
  readonly statusCode?: number;
  readonly statusMessage?: string;
  readonly httpStatus?: number;
  readonly operationName?: string;
  readonly callId?: string;
  readonly code?: string;
  readonly url?: string;
  readonly credentialsRejected: boolean;

  constructor(message: string, details: GwsErrorDetails) {
    super(message);
    this.name = 'GwsError';
    this.kind = details.kind;
    this.statusCode = details.statusCode;
    this.statusMessage = details.statusMessage;
    this.httpStatus = details.httpStatus;
    this.operationName = details.operationName;
    this.callId = details.callId;
    this.code = details.code;
    this.url = details.url;
    this.credentialsRejected = details.credentialsRejected === true;
  }

  /**
   * The server says the resource is gone (statusCode 6, or a GWS answer with HTTP 404;
   * docs/gws-notes.md#status-codes); an HTTP 404 without a GWS body is a wrong URL instead.
   */
  get isNotFound(): boolean {
    return this.kind === 'status' && (this.statusCode === 6 || this.httpStatus === 404);
  }

  /** True when signing in again may help (session gone, cookie or CSRF token stale). */
  get isSessionProblem(): boolean {
    return this.kind === 'auth' || this.kind === 'csrf' || this.statusCode === 20;
  }
}

/**
 * What each statusCode means, for messages that have no statusMessage
 * (docs/gws-notes.md#status-codes).
 */
const STATUS_CODE_MEANING: Record<number, string> = {
  1: 'required parameter missing',
  2: 'parameter not valid for the current state',
  3: 'operation forbidden',
  4: 'internal error',
  5: 'no permission for this operation',
  6: 'resource not found',
  7: 'partial success',
  8: 'password change demanded',
  9: 'processing incomplete',
  10: 'input validation error',
  11: 'attempt to change a read-only property',
  12: 'unable to retrieve resource',
  13: 'unable to create resource',
  14: 'unable to delete resource',
  15: 'unable to update resource',
  16: 'unable to assign resource',
  17: 'unable to unassign resource',
  18: 'resource already exists',
  19: 'resource already in use',
  20: 'Access denied',
};

export function describeStatusCode(statusCode: number): string {
  return STATUS_CODE_MEANING[statusCode] ?? 'unknown status code';
}

/** What the request was, for the first words of a message. */
export interface RequestContext {
  /** e.g. "StartCallRecording" or "GET /api/v2/me/calls". */
  what: string;
  operationName?: string;
  callId?: string;
  /** Redacted absolute URL. */
  url: string;
  /** The sign-in GET: a 401 there means the credentials are wrong. */
  signIn?: boolean;
}

function subject(ctx: RequestContext): string {
  if (ctx.operationName && ctx.callId) return `${ctx.operationName} on call ${shortCallId(ctx.callId)}`;
  return ctx.operationName ?? ctx.what;
}

function statusPart(statusCode: number, statusMessage: string | undefined): string {
  return `statusCode ${statusCode}, ${statusMessage || describeStatusCode(statusCode)}`;
}

/** A JSON body with a non-zero statusCode (any HTTP status). */
export function statusError(
  ctx: RequestContext,
  httpStatus: number,
  statusCode: number,
  statusMessage: string | undefined,
): GwsError {
  const base = {
    statusCode,
    statusMessage,
    httpStatus,
    operationName: ctx.operationName,
    callId: ctx.callId,
    url: ctx.url,
  };
  if (httpStatus === 401 || statusCode === 20) {
    return authError(ctx, httpStatus, statusCode, statusMessage);
  }
  if (httpStatus === 403 && /csrf/i.test(statusMessage ?? '')) {
    return csrfError(ctx, httpStatus);
  }
  let advice = '';
  if (statusCode === 4 && httpStatus === 503) advice = ' The voice service (T-Server) is unavailable; try again later.';
  else if (statusCode === 2) advice = ' The call is not in a state that allows it; check its capabilities.';
  else if (statusCode === 5) advice = ' The user lacks the feature for this operation.';
  else if (statusCode === 6) advice = ' The resource no longer exists; refresh.';
  return new GwsError(
    `${subject(ctx)} was refused: ${statusPart(statusCode, statusMessage)} (HTTP ${httpStatus}).${advice}`,
    { kind: 'status', ...base },
  );
}

export function authError(
  ctx: RequestContext,
  httpStatus: number,
  statusCode?: number,
  statusMessage?: string,
): GwsError {
  const server = statusCode !== undefined ? `, ${statusPart(statusCode, statusMessage)}` : '';
  const message = ctx.signIn
    ? `Sign-in failed: user or password is wrong (HTTP ${httpStatus}${server}).`
    : `${subject(ctx)} failed: the GWS session is no longer valid (HTTP ${httpStatus}${server}). Sign in again.`;
  return new GwsError(message, {
    kind: 'auth',
    httpStatus,
    statusCode,
    statusMessage,
    operationName: ctx.operationName,
    callId: ctx.callId,
    url: ctx.url,
    // Only the sign-in read judges the password; a later 401 means the session, not the password.
    credentialsRejected: ctx.signIn === true,
  });
}

export function csrfError(ctx: RequestContext, httpStatus: number): GwsError {
  return new GwsError(
    `${subject(ctx)} was rejected: missing or invalid CSRF token (HTTP ${httpStatus}). ` +
      'The session cookie or token is stale; sign in again.',
    { kind: 'csrf', httpStatus, operationName: ctx.operationName, callId: ctx.callId, url: ctx.url },
  );
}

/** A non-2xx answer without a JSON body. */
export function httpError(ctx: RequestContext, httpStatus: number, statusText?: string): GwsError {
  const text = statusText ? ` ${statusText}` : '';
  return new GwsError(
    `${subject(ctx)} failed: the server answered HTTP ${httpStatus}${text} without a GWS status. ` +
      'Check the server URL and that GWS is running behind it.',
    { kind: 'http', httpStatus, operationName: ctx.operationName, callId: ctx.callId, url: ctx.url },
  );
}

/** A body that is not the JSON GWS always sends (HTML error page, proxy login page, garbage). */
export function malformedError(ctx: RequestContext, httpStatus: number, looksLikeHtml: boolean): GwsError {
  const what = looksLikeHtml ? 'HTML' : 'something that is not JSON';
  return new GwsError(
    `${subject(ctx)} failed: the server answered with ${what} instead of JSON (HTTP ${httpStatus}). ` +
      'Is the URL a GWS server, and not a proxy or a web page?',
    { kind: 'malformed', httpStatus, operationName: ctx.operationName, callId: ctx.callId, url: ctx.url },
  );
}

/** Node's codes for a server certificate the client refuses. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isCertificateError(code: string | undefined): code is string {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}

/** The first certificate error code in a text (cometd's failure reasons carry only text). */
export function certificateErrorIn(text: string): string | undefined {
  return text.match(/[A-Z][A-Z0-9_]{6,}/g)?.find(isCertificateError);
}

/**
 * The one text for a refused server certificate, whichever transport met it: what is wrong and
 * the two ways out (the profile's caFile, or rejectUnauthorized off for that profile only).
 */
export function untrustedCertificateMessage(origin: string, code: string): string {
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID' || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const what = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'is not issued for this host name' : code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet';
    return (
      `The certificate of the server at ${origin} ${what} (${code}). Fix the server's certificate or the URL, ` +
      'or turn off rejectUnauthorized for this profile only.'
    );
  }
  return (
    `The server's certificate is not trusted (${code}, ${origin}). Add its CA with the profile's caFile, ` +
    'or turn off rejectUnauthorized for this profile only.'
  );
}

export function networkError(ctx: RequestContext, code: string | undefined, detail?: string): GwsError {
  const origin = originOf(ctx.url);
  const details = { kind: 'network' as const, code, operationName: ctx.operationName, callId: ctx.callId, url: ctx.url };
  if (isCertificateError(code)) return new GwsError(untrustedCertificateMessage(origin, code), details);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new GwsError(`The server name in ${origin} cannot be resolved (${code}). Check the URL.`, details);
  }
  const why = code ?? detail ?? 'network error';
  return new GwsError(`The server at ${origin} does not answer (${why}). Is it running?`, details);
}

export function timeoutError(ctx: RequestContext, timeoutMs: number): GwsError {
  return new GwsError(
    `${subject(ctx)} timed out: the server at ${originOf(ctx.url)} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
    { kind: 'timeout', operationName: ctx.operationName, callId: ctx.callId, url: ctx.url },
  );
}

/** A response body over the client's cap (restClient.ts MAX_REST_RESPONSE_BYTES). */
export function tooLargeError(ctx: RequestContext, maxBytes: number): GwsError {
  return new GwsError(
    `${subject(ctx)} failed: the server at ${originOf(ctx.url)} sent a response larger than ${formatBytes(maxBytes)}, ` +
      'far more than any GWS answer; the request was stopped. Is the URL a GWS server?',
    { kind: 'tooLarge', operationName: ctx.operationName, callId: ctx.callId, url: ctx.url },
  );
}

/** "16 MiB", "512 KiB", "100 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
