// Reading requests and writing answers, for every route of the simulator. Nothing here
// throws on what a client sends: an unparsable URL is `undefined`, and an answer to a
// request that was answered already (or whose client is gone) is dropped.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { errors, SimError } from './errors';

/** The request target resolved against a dummy base; `undefined` when it cannot be parsed. */
export function parseRequestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://simulator');
  } catch {
    return undefined;
  }
}

export function asSimError(error: unknown): SimError {
  if (error instanceof SimError) return error;
  return new SimError(500, 4, 'Internal error in the simulator');
}

export function sendJson(response: http.ServerResponse, status: number, body: object): void {
  if (response.headersSent || response.writableEnded || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** Answers a refused upgrade on its raw socket, then closes the socket for good. */
export function rejectUpgrade(socket: Duplex, failure: SimError): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(failure.body());
  const reason = http.STATUS_CODES[failure.httpStatus] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${failure.httpStatus} ${reason}\r\nContent-Type: application/json;charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    // The server keeps upgrade sockets half-open: without this, a client that never
    // closes its side would hold the socket forever.
    () => socket.destroy(),
  );
}

/**
 * The whole body as UTF-8 text, at most `limit` bytes. Over the limit (declared by
 * Content-Length, or counted while it arrives) it rejects with a 413 SimError at once, so
 * the caller can answer while the client is still sending; the rest of the body is read
 * and thrown away, which keeps the connection usable and the memory flat. A client that
 * asked for `Expect: 100-continue` gets its 100 only when the body is wanted (see
 * HttpFrontEnd), so a declared oversize body is refused before it is sent at all.
 */
export function readBody(request: http.IncomingMessage, response: http.ServerResponse, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      request.resume();
      reject(errors.bodyTooLarge(limit));
      return;
    }
    if (/^100-continue$/i.test(String(request.headers.expect ?? '')) && !response.headersSent) response.writeContinue();
    let chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        chunks = [];
        settle(() => reject(errors.bodyTooLarge(limit)));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => settle(() => resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', (error) => settle(() => reject(error)));
  });
}

const MAX_JSON_ERROR_DETAIL = 200;

/** JSON.parse, or a 400 SimError that says the body is not valid JSON and why. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    throw errors.malformedJson(detail.length > MAX_JSON_ERROR_DETAIL ? `${detail.slice(0, MAX_JSON_ERROR_DETAIL)}…` : detail);
  }
}
