// One HTTP(S) request over node:http(s), exactly what the REST client needs and no more:
// the caller's agent (its TLS choice), a socket-inactivity timeout, no redirects followed,
// no proxy, the body read as UTF-8 text whatever the status. The REST client used axios for
// this; axios pulled ~270 KB into the extension bundle (its FormData support brings mime-db)
// and its fetch adapter probes Request/Response at load, which makes Node load undici: about
// 30 ms of the extension's load time (issue 6 benchmark, bench/sections/bundle.ts).
import * as http from 'node:http';
import * as https from 'node:https';

const USER_AGENT = 'gws-call-inspector';

export interface HttpRequestOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  agent: http.Agent;
  /** The socket may stay silent this long, waiting for the answer or within it. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names; set-cookie is an array (node:http's IncomingHttpHeaders). */
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** The request got no answer in time; `code` matches a socket timeout's. */
export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

/** Rejects with node's own error (with its `code`: ECONNREFUSED, a TLS code, …) or HttpTimeoutError. */
export function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  // Some gateways refuse requests without a User-Agent (axios used to send its own).
  const headers: Record<string, string | number> = { 'User-Agent': USER_AGENT, ...options.headers };
  if (options.body !== undefined) headers['Content-Length'] = Buffer.byteLength(options.body);
  return new Promise((resolve, reject) => {
    const request = transport.request(target, { method: options.method, headers, agent: options.agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('The server closed the connection mid-answer')));
    });
    request.setTimeout(options.timeoutMs, () => {
      request.destroy(new HttpTimeoutError(`No answer within ${options.timeoutMs} ms`));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}
