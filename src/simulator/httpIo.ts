// Reading requests and writing answers, for every route of the simulator. Nothing here
// throws on what a client sends: an unparsable URL is `undefined`, and an answer to a
// request that was answered already (or whose client is gone) is dropped.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { SimError } from './errors';

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

const MAX_BODY_BYTES = 1_000_000;

export function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SimError(400, 10, 'Request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
