import * as assert from 'node:assert/strict';
import {
  authError,
  csrfError,
  describeStatusCode,
  GwsError,
  httpError,
  malformedError,
  networkError,
  statusError,
  timeoutError,
  type RequestContext,
} from '../../../src/gws/errors';

const callId = '01RCC3N118B1V0SL8O7GK2LAES00000V';
const op: RequestContext = {
  what: 'StartCallRecording',
  operationName: 'StartCallRecording',
  callId,
  url: `http://gws:8090/api/v2/me/calls/${callId}`,
};
const signIn: RequestContext = { what: 'GET /api/v2/me', url: 'http://gws:8090/api/v2/me', signIn: true };

describe('GwsError mapping', () => {
  it('isNotFound: statusCode 6 or a GWS answer with HTTP 404, never a bare 404 or another refusal', () => {
    assert.equal(statusError(op, 404, 6, 'Call not found').isNotFound, true);
    assert.equal(statusError(op, 200, 6, undefined).isNotFound, true);
    assert.equal(statusError(op, 404, 1, 'odd').isNotFound, true);
    assert.equal(statusError(op, 400, 2, 'Invalid state').isNotFound, false);
    assert.equal(httpError(op, 404, 'Not Found').isNotFound, false, 'a 404 without a GWS body is a wrong URL');
  });

  it('a refused operation names the operation, the call and the server status', () => {
    const error = statusError(op, 200, 2, 'Invalid state');
    assert.ok(error instanceof GwsError);
    assert.equal(error.kind, 'status');
    assert.equal(error.statusCode, 2);
    assert.equal(error.statusMessage, 'Invalid state');
    assert.equal(error.httpStatus, 200);
    assert.equal(error.operationName, 'StartCallRecording');
    assert.equal(error.callId, callId);
    assert.match(error.message, /^StartCallRecording on call 00000V was refused: statusCode 2, Invalid state \(HTTP 200\)/);
  });

  it('HTTP 503 + statusCode 4 says the voice service is down', () => {
    const error = statusError(op, 503, 4, 'Voice service is not available at this time');
    assert.equal(error.kind, 'status');
    assert.match(error.message, /statusCode 4, Voice service is not available at this time \(HTTP 503\)/);
    assert.match(error.message, /try again later/);
  });

  it('fills in the documented meaning when the server gives no statusMessage', () => {
    assert.match(statusError(op, 200, 6, undefined).message, /statusCode 6, resource not found/);
    assert.equal(describeStatusCode(99), 'unknown status code');
  });

  it('statusCode 20 or HTTP 401 at sign-in means wrong credentials', () => {
    const error = statusError(signIn, 401, 20, 'Access denied');
    assert.equal(error.kind, 'auth');
    assert.equal(error.message, 'Sign-in failed: user or password is wrong (HTTP 401, statusCode 20, Access denied).');
    assert.equal(error.isSessionProblem, true);
    assert.match(authError(op, 401).message, /session is no longer valid.*Sign in again/);
  });

  it('CSRF rejections are their own kind', () => {
    assert.equal(statusError(op, 403, 3, 'Missing or invalid Csrf token').kind, 'csrf');
    const error = csrfError(op, 403);
    assert.equal(error.kind, 'csrf');
    assert.match(error.message, /CSRF token \(HTTP 403\)/);
  });

  it('transport failures tell the user what to check', () => {
    assert.equal(
      networkError(signIn, 'ECONNREFUSED').message,
      'The server at http://gws:8090 does not answer (ECONNREFUSED). Is it running?',
    );
    assert.match(networkError(signIn, 'DEPTH_ZERO_SELF_SIGNED_CERT').message, /certificate/);
    assert.match(networkError(signIn, 'ENOTFOUND').message, /cannot be resolved/);
    assert.equal(timeoutError(op, 15_000).kind, 'timeout');
    assert.match(timeoutError(op, 15_000).message, /within 15 s/);
    assert.match(malformedError(op, 502, true).message, /answered with HTML instead of JSON \(HTTP 502\)/);
    assert.equal(httpError(op, 404, 'Not Found').kind, 'http');
  });
});
