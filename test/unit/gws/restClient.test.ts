// GwsRestClient against the simulator (cookies, CSRF, Origin, operation records) and against
// tiny local servers for the answers a GWS never gives but a proxy or a dead host does.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicCredential } from '../../../src/base/redact';
import { GwsRestClient, MAX_REST_RESPONSE_BYTES, normalizeBaseUrl } from '../../../src/gws/restClient';
import type { OperationRecord } from '../../../src/wire/sessionEvents';
import { startSimulator, type RunningSimulator } from '../../../src/simulator';
import { header, rejection, SimControl, waitFor } from './support';

/** A loopback server answering every request with `answer`; closed after the test. */
async function tinyServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


describe('GwsRestClient', () => {
  describe('against the simulator', () => {
    let sim: RunningSimulator;
    let control: SimControl;
    let client: GwsRestClient;

    beforeEach(async () => {
      sim = await startSimulator({ port: 0, csrf: true, checkOrigin: true });
      control = new SimControl(sim.url);
      client = new GwsRestClient({ baseUrl: `${sim.url}/api/v2/`, userName: 'agent1', password: 'agent1' });
    });
    afterEach(async () => {
      client.dispose();
      await sim.stop();
    });

    it('signs in with Basic, then rides on the session cookie with Origin and the CSRF header', async () => {
      const user = await client.signIn();
      assert.equal(user.userName, 'agent1');
      assert.equal(client.csrfHeaderName?.toLowerCase(), 'x-csrf-token');
      await client.startContactCenterSession();
      const devices = await client.getDevices();
      assert.equal(devices[0]?.phoneNumber, '15000');
      assert.deepEqual(await client.getCalls(), []);

      const [me, start, getDevices] = await control.requests();
      assert.equal(me.path, '/api/v2/me?subresources=*');
      assert.equal(header(me, 'authorization'), `Basic ${basicCredential('agent1', 'agent1')}`);
      const cookie = header(start, 'cookie') ?? '';
      assert.match(cookie, /JSESSIONID=/);
      assert.equal(header(getDevices, 'cookie'), cookie, 'the jar sends the same session cookie');
      assert.equal(header(start, 'authorization'), undefined, 'Basic only on the sign-in read');
      assert.ok(header(start, 'x-csrf-token'), 'CSRF token on the POST');
      assert.equal(header(getDevices, 'x-csrf-token'), undefined, 'no CSRF token on GETs');
      for (const request of [me, start, getDevices]) {
        assert.equal(header(request, 'origin'), sim.url);
        assert.equal(request.httpStatus, 200);
      }
      assert.deepEqual(start.body, { operationName: 'StartContactCenterSession', channels: ['voice'] });
    });

    it('reports each operation when sent and when completed, with credentials redacted', async () => {
      const records: OperationRecord[] = [];
      client.onOperation((record) => records.push(record));
      await client.signIn();
      await client.startContactCenterSession();
      assert.deepEqual(records.map((r) => r.phase), ['sent', 'completed']);
      const [sent, completed] = records;
      assert.equal(sent.id, completed.id);
      assert.equal(sent.operationName, 'StartContactCenterSession');
      assert.equal(sent.method, 'POST');
      assert.equal(sent.url, `${sim.url}/api/v2/me`);
      assert.deepEqual(sent.requestBody, { operationName: 'StartContactCenterSession', channels: ['voice'] });
      assert.equal(completed.httpStatus, 200);
      assert.equal(completed.statusCode, 0);
      assert.equal(completed.error, undefined);
      assert.ok((completed.completedAt ?? 0) >= completed.startedAt);
      const [start] = (await control.requests()).filter((r) => r.method === 'POST');
      const cookieValue = /JSESSIONID=([^;]+)/.exec(header(start, 'cookie') ?? '')?.[1] ?? '';
      const token = header(start, 'x-csrf-token') ?? '';
      assert.ok(cookieValue && token);
      const shown = JSON.stringify(records);
      assert.ok(!shown.includes(cookieValue), 'no session cookie value in records');
      assert.ok(!shown.includes(token), 'no CSRF token in records');
      assert.match(sent.requestHeaders.Cookie, /^JSESSIONID=\[redacted\]/);
    });

    it('a wrong password is an auth error that says so and never shows the password', async () => {
      const wrong = new GwsRestClient({ baseUrl: sim.url, userName: 'agent1', password: 'Wr0ng-Secret' });
      try {
        const error = await rejection(wrong.signIn());
        assert.equal(error.kind, 'auth');
        assert.equal(error.httpStatus, 401);
        assert.match(error.message, /^Sign-in failed: user or password is wrong \(HTTP 401/);
        assert.ok(!error.message.includes('Wr0ng-Secret'));
        assert.ok(!error.message.includes(basicCredential('agent1', 'Wr0ng-Secret')));
      } finally {
        wrong.dispose();
      }
    });

    it('HTTP 503 with statusCode 4 becomes a status error carrying both', async () => {
      await client.signIn();
      await control.post('/sim/faults/fail-next', { count: 1, httpStatus: 503, statusCode: 4, statusMessage: 'Voice service is not available at this time' });
      const error = await rejection(client.startContactCenterSession());
      assert.equal(error.kind, 'status');
      assert.equal(error.httpStatus, 503);
      assert.equal(error.statusCode, 4);
      assert.equal(error.statusMessage, 'Voice service is not available at this time');
      assert.equal(error.operationName, 'StartContactCenterSession');
    });

    it('records each operation\'s answer, headers and body, also when GWS refuses it', async () => {
      const records: OperationRecord[] = [];
      client.onOperation((record) => records.push(record));
      await client.signIn();
      await client.startContactCenterSession();
      await control.post('/sim/faults/fail-next', { count: 1, httpStatus: 503, statusCode: 4, statusMessage: 'Voice service is not available at this time' });
      await rejection(client.voiceChannelOperation('Ready'));
      const [accepted, refused] = records.filter((r) => r.phase === 'completed');
      assert.deepEqual(accepted.responseBody, { statusCode: 0 });
      assert.match(accepted.responseHeaders?.['content-type'] ?? '', /application\/json/);
      assert.equal(refused.httpStatus, 503);
      assert.deepEqual(refused.responseBody, { statusCode: 4, statusMessage: 'Voice service is not available at this time' });
      assert.equal(records.find((r) => r.phase === 'sent')?.responseBody, undefined, 'nothing before the answer');
    });

    it('keeps the user name in a recorded answer when the password is the same (agent1/agent1)', async () => {
      const records: OperationRecord[] = [];
      client.onOperation((record) => records.push(record));
      await client.signIn();
      await control.post('/sim/faults/fail-next', { count: 1, httpStatus: 409, statusCode: 2, statusMessage: 'agent1 is logged in elsewhere' });
      const error = await rejection(client.startContactCenterSession());
      assert.equal(error.statusMessage, 'agent1 is logged in elsewhere');
      const refused = records.find((r) => r.phase === 'completed')!;
      assert.deepEqual(refused.responseBody, { statusCode: 2, statusMessage: 'agent1 is logged in elsewhere' });
      assert.equal(refused.statusMessage, 'agent1 is logged in elsewhere');
    });

    it('hands CometD the CSRF header once the server issued a token, the same one REST POSTs carry', async () => {
      assert.deepEqual(client.csrfHeaders(), {}, 'no token before the sign-in read');
      await client.signIn();
      const headers = client.csrfHeaders();
      assert.deepEqual(Object.keys(headers).map((name) => name.toLowerCase()), ['x-csrf-token']);
      await client.startContactCenterSession();
      const [start] = (await control.requests()).filter((r) => r.method === 'POST');
      assert.equal(header(start, 'x-csrf-token'), Object.values(headers)[0]);
      client.resetSession();
      assert.deepEqual(client.csrfHeaders(), {}, 'a new HTTP session needs a new token');
    });

    it('StartContactCenterSession: a partial success (200, statusCode 7) resolves with the answer; other operations reject it', async () => {
      await client.signIn();
      await control.post('/sim/faults/fail-next', { count: 1, httpStatus: 200, statusCode: 7, statusMessage: 'Partial success' });
      const body = await client.startContactCenterSession({ channels: ['voice', 'chat'], place: 'P1' });
      assert.deepEqual(body, { statusCode: 7, statusMessage: 'Partial success' });
      const [start] = (await control.requests()).filter((r) => r.method === 'POST');
      assert.deepEqual(start.body, { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'], place: 'P1' });
      await control.post('/sim/faults/fail-next', { count: 1, httpStatus: 200, statusCode: 7, statusMessage: 'Partial success' });
      assert.equal((await rejection(client.voiceChannelOperation('Ready'))).statusCode, 7);
      await control.post('/sim/faults/fail-next', { count: 1, httpStatus: 400, statusCode: 7, statusMessage: 'Partial?' });
      assert.equal((await rejection(client.startContactCenterSession())).statusCode, 7, 'not with an HTTP error status');
    });

    it("sends a configured Origin instead of the server's own", async () => {
      const other = new GwsRestClient({ baseUrl: sim.url, userName: 'agent1', password: 'agent1', origin: 'https://desk.example.com' });
      try {
        assert.equal(other.origin, 'https://desk.example.com');
        // This simulator allows only its own origin: the refusal names the one we sent.
        const error = await rejection(other.signIn());
        assert.match(error.message, /desk\.example\.com/);
        const [me] = await control.requests();
        assert.equal(header(me, 'origin'), 'https://desk.example.com');
      } finally {
        other.dispose();
      }
    });

    it('a POST without the session is refused, and the error says to sign in again', async () => {
      const error = await rejection(client.startContactCenterSession());
      assert.ok(error.kind === 'auth' || error.kind === 'csrf', `kind ${error.kind}`);
      assert.ok(error.httpStatus === 401 || error.httpStatus === 403);
      assert.match(error.message, /sign in again/i);
    });
  });

  it('masks credentials in a recorded answer: Set-Cookie values, tokens, the password the server echoes; a huge body is not kept', async () => {
    let huge = false;
    const server = await tinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'JSESSIONID=s3ss10nV4lue; Path=/; HttpOnly', 'X-CSRF-TOKEN': 'csrfT0kenV4lue' });
      res.end(huge ? JSON.stringify({ statusCode: 0, pad: 'x'.repeat(300 * 1024) }) : JSON.stringify({ statusCode: 0, token: 'tok3nV4lue', note: 'user agent1 password Pa55-W0rd!' }));
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'Pa55-W0rd!' });
    const records: OperationRecord[] = [];
    client.onOperation((record) => records.push(record));
    try {
      await client.startContactCenterSession();
      const completed = records.find((r) => r.phase === 'completed')!;
      const shown = JSON.stringify(completed);
      for (const secret of ['s3ss10nV4lue', 'csrfT0kenV4lue', 'tok3nV4lue', 'Pa55-W0rd!']) assert.ok(!shown.includes(secret), `${secret} is masked: ${shown}`);
      assert.match(completed.responseHeaders?.['set-cookie'] ?? '', /^JSESSIONID=\[redacted\]; Path=\/; HttpOnly$/);
      assert.deepEqual(Object.keys(completed.responseBody as object), ['statusCode', 'token', 'note']);
      huge = true;
      await client.startContactCenterSession();
      assert.match(String(records.at(-1)?.responseBody), /^\(\d+ characters, too large to keep in the stream\)$/);
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('looks for the password only inside string values: a password "0" leaves "statusCode":0 a number', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"statusCode":0,"attempts":10,"echo":"pw=0"}');
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent9', password: '0' });
    const records: OperationRecord[] = [];
    client.onOperation((record) => records.push(record));
    try {
      await client.startContactCenterSession();
      const completed = records.find((r) => r.phase === 'completed')!;
      assert.deepEqual(completed.responseBody, { statusCode: 0, attempts: 10, echo: 'pw=[redacted]' });
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('never follows a redirect: a 302 is the answer, and its Location is never asked (the bundle leaves follow-redirects out)', async () => {
    const paths: string[] = [];
    const server = await tinyServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url?.startsWith('/elsewhere')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"statusCode":0,"user":{"userName":"agent1"}}');
        return;
      }
      res.writeHead(302, { Location: '/elsewhere/me' });
      res.end();
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'agent1' });
    try {
      const error = await rejection(client.signIn());
      assert.equal(error.httpStatus, 302);
      assert.deepEqual(paths, ['/api/v2/me?subresources=*']);
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('an HTML page (proxy error) is a malformed-answer error, not a crash', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'agent1' });
    try {
      const error = await rejection(client.signIn());
      assert.equal(error.kind, 'malformed');
      assert.equal(error.httpStatus, 502);
      assert.match(error.message, /answered with HTML instead of JSON \(HTTP 502\)/);
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('a 200 with a body that is not JSON is malformed; a bare 404 is an HTTP error', async () => {
    const server = await tinyServer((req, res) => {
      if (req.url?.startsWith('/api/v2/me/calls')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('OK then');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'agent1' });
    try {
      assert.equal((await rejection(client.getCalls())).kind, 'malformed');
      const notFound = await rejection(client.getDevices());
      assert.equal(notFound.kind, 'http');
      assert.equal(notFound.httpStatus, 404);
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('a server that does not answer in time is a timeout error', async () => {
    const server = await tinyServer(() => {
      // Never answers: the client's own timeout must end the request.
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'agent1', requestTimeoutMs: 300 });
    try {
      const error = await rejection(client.getCalls());
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not answer within/);
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('the timeout is one deadline for the whole request: a server dripping a byte at a time does not hold it', async () => {
    // Headers at once, then one byte of the body every 300 ms, for up to a minute: each byte
    // would restart a per-socket inactivity timeout.
    let closedByClient = false;
    const server = await tinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let sent = 0;
      const drip = setInterval(() => {
        if (res.destroyed || ++sent > 200) {
          clearInterval(drip);
          res.end();
          return;
        }
        res.write(' ');
      }, 300);
      res.on('close', () => {
        clearInterval(drip);
        if (!res.writableEnded) closedByClient = true;
      });
    });
    const timeoutMs = 1_000;
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'agent1', requestTimeoutMs: timeoutMs });
    try {
      const error = await rejection(client.signIn());
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /timed out/);
      // The point is "on the deadline", not "after the drip ends" (a minute): the client gives
      // up on a body the server is still sending.
      await waitFor('the server sees the client close the request', () => closedByClient);
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('a response over the size cap is a tooLarge error, and the client stops reading', async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    // An endless body: without a cap the client would buffer until memory runs out.
    const server = await tinyServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) {
          // keep writing until the socket pushes back
        }
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => serverSawClose());
      pump();
    });
    const client = new GwsRestClient({ baseUrl: server.url, userName: 'agent1', password: 'agent1', maxResponseBytes: 256 * 1024 });
    try {
      const error = await rejection(client.getCalls());
      assert.equal(error.kind, 'tooLarge');
      assert.match(error.message, /sent a response larger than 256 KiB/);
      await closed;
    } finally {
      client.dispose();
      await server.close();
    }
  });

  it('the default size cap is 16 MiB', () => {
    assert.equal(MAX_REST_RESPONSE_BYTES, 16 * 1024 * 1024);
  });

  it('a dead server is a network error that asks whether it is running', async () => {
    const server = await tinyServer((_req, res) => res.end());
    const url = server.url;
    await server.close();
    const client = new GwsRestClient({ baseUrl: url, userName: 'agent1', password: 'agent1' });
    try {
      const error = await rejection(client.signIn());
      assert.equal(error.kind, 'network');
      assert.equal(error.message, `The server at ${url} does not answer (ECONNREFUSED). Is it running?`);
    } finally {
      client.dispose();
    }
  });

  it('normalizes the server URL and refuses credentials inside it', () => {
    assert.equal(normalizeBaseUrl('http://gws:8090/'), 'http://gws:8090');
    assert.equal(normalizeBaseUrl(' https://gws:8443/gws/api/v2/ '), 'https://gws:8443/gws');
    assert.throws(() => normalizeBaseUrl('ftp://gws'), /http:\/\/ or https:\/\//);
    assert.throws(() => normalizeBaseUrl('http://agent1:secret@gws:8090'), (error: Error) => !error.message.includes('secret'));
  });
});
