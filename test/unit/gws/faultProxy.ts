// A loopback HTTP proxy in front of the simulator, for answers the simulator cannot give:
// a bare 403 page instead of a GWS JSON body, a 503 on one chosen REST read, or a read that
// the "server" holds until the test lets it go. Everything else (REST, CometD long-polling)
// is passed through unchanged, so the session under test talks real HTTP to a real server.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** Path with query string. */
  path: string;
}

export interface CannedAnswer {
  status: number;
  contentType: string;
  body: string;
}

interface Rule {
  match: (request: ProxiedRequest) => boolean;
  /** How many more requests this rule takes. */
  remaining: number;
  answer?: CannedAnswer;
  /** Hold matching requests until released (then forward them). */
  hold?: boolean;
}

/** A request the proxy holds: `release()` forwards it to the simulator. */
export interface HeldRequest extends ProxiedRequest {
  release(): void;
}

export class FaultProxy {
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true });
  private rules: Rule[] = [];
  private waiting: HeldRequest[] = [];
  /** Requests a rule answered or held, in order. */
  readonly intercepted: ProxiedRequest[] = [];
  private port = 0;

  constructor(private readonly target: string) {
    this.server = http.createServer((request, response) => this.onRequest(request, response));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests held right now, oldest first. */
  get held(): readonly HeldRequest[] {
    return this.waiting;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The next `count` requests that match get this answer instead of the simulator's. */
  answer(match: (request: ProxiedRequest) => boolean, answer: CannedAnswer, count = 1): void {
    this.rules.push({ match, remaining: count, answer });
  }

  /** The next `count` requests that match wait until released. */
  hold(match: (request: ProxiedRequest) => boolean, count = 1): void {
    this.rules.push({ match, remaining: count, hold: true });
  }

  async close(): Promise<void> {
    for (const request of this.waiting.splice(0)) request.release();
    this.server.closeAllConnections();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
    const seen: ProxiedRequest = { method: request.method ?? 'GET', path: request.url ?? '/' };
    const rule = this.rules.find((r) => r.remaining > 0 && r.match(seen));
    if (!rule) return this.forward(request, response);
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    this.intercepted.push(seen);
    if (rule.answer) {
      const { status, contentType, body } = rule.answer;
      request.resume();
      response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
      return;
    }
    // Held: the body is read now (so the client's request completes), forwarded later.
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    let released = false;
    const held: HeldRequest = {
      ...seen,
      release: () => {
        if (released) return;
        released = true;
        this.waiting = this.waiting.filter((h) => h !== held);
        this.forward(request, response, Buffer.concat(chunks));
      },
    };
    this.waiting.push(held);
  }

  private forward(request: http.IncomingMessage, response: http.ServerResponse, body?: Buffer): void {
    const target = new URL(request.url ?? '/', this.target);
    const upstream = http.request(
      target,
      { method: request.method, headers: request.headers, agent: this.agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    if (body) upstream.end(body);
    else request.pipe(upstream);
  }
}

/** A servlet container's own 403 page: HTML, no GWS statusCode. */
export const BARE_403_PAGE: CannedAnswer = {
  status: 403,
  contentType: 'text/html;charset=iso-8859-1',
  body: '<html><head><title>Error 403 Forbidden</title></head><body><h2>HTTP ERROR 403</h2><p>Problem accessing /api/v2/me/calls. Reason: Forbidden</p></body></html>',
};

/** GWS when it has lost T-Server (docs/gws-notes.md#status-codes, fixture 05). */
export const VOICE_UNAVAILABLE: CannedAnswer = {
  status: 503,
  contentType: 'application/json;charset=UTF-8',
  body: JSON.stringify({ statusCode: 4, statusMessage: 'Voice service is not available at this time' }),
};

export const isCallsRead = (r: ProxiedRequest): boolean => r.method === 'GET' && r.path === '/api/v2/me/calls?fields=*';
