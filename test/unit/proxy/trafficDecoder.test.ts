// The recording proxy's decoder, fed crafted tap sequences: what an application sends and
// receives through the proxy (built from the documented samples in test/fixtures/gws) must
// come out as the events of a session, redacted, with the facts only a proxy sees.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog } from '../../../src/model/streamLog';
import type { ApplicationFacts, ProxyTap } from '../../../src/proxy/proxyTraffic';
import { TrafficDecoder, type TrafficDecoderOptions } from '../../../src/proxy/trafficDecoder';
import type { MetaRecord, NotificationReceived, OperationRecord, SnapshotRecord } from '../../../src/wire/sessionEvents';
import type { BayeuxMessage } from '../../../src/wire/types';
import { FakeTime } from '../model/fixtures/fakeTime';
import { callBeforeRecording, callMessage, heldMessage, recordingStartedMessage, startRecordingRequest } from '../model/fixtures/samples';
import { readSample } from '../gws/samples';

const UPSTREAM = 'http://127.0.0.1:8090';
const CLIENT = '127.0.0.1:50001';
const CALL_ID = recordingStartedMessage().data.call.id;
const T0 = 1_000_000;

/** An application's traffic as the proxy reports it: ids and times chosen by the test. */
class Traffic {
  private nextId = 1;
  readonly notifications: NotificationReceived[] = [];
  readonly operations: OperationRecord[] = [];
  readonly metas: MetaRecord[] = [];
  readonly snapshots: SnapshotRecord[] = [];
  readonly factsEvents: Array<readonly ApplicationFacts[]> = [];
  readonly decoder: TrafficDecoder;
  now = T0;

  constructor(options: TrafficDecoderOptions = {}) {
    this.decoder = new TrafficDecoder({ now: () => this.now, ...options });
    this.decoder.onNotification((n) => this.notifications.push(n));
    this.decoder.onOperation((o) => this.operations.push(o));
    this.decoder.onMeta((m) => this.metas.push(m));
    this.decoder.onSnapshot((s) => this.snapshots.push(s));
    this.decoder.onDidChangeFacts((f) => this.factsEvents.push(f));
  }

  tap(tap: ProxyTap): void {
    this.decoder.ingest(tap);
  }

  request(at: number, method: string, path: string, body?: unknown, options: { client?: string; headers?: Record<string, string> } = {}): number {
    const id = this.nextId++;
    this.tap({
      kind: 'request',
      id,
      client: options.client ?? CLIENT,
      startedAt: at,
      method,
      path,
      upstreamUrl: `${UPSTREAM}${path}`,
      headers: options.headers ?? { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return id;
  }

  response(id: number, at: number, status: number, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
    this.tap({ kind: 'response', id, completedAt: at, status, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  }

  /** One REST exchange. */
  rest(at: number, ms: number, method: string, path: string, requestBody: unknown, status: number, responseBody: unknown, client?: string): number {
    const id = this.request(at, method, path, requestBody, { client });
    this.response(id, at + ms, status, responseBody);
    return id;
  }

  /** One long-polling Bayeux POST and its answer. */
  poll(at: number, ms: number, sent: BayeuxMessage[], received: unknown[], client?: string): void {
    const suffix = sent[0]?.channel?.startsWith('/meta/') ? `/${sent[0].channel.slice(6)}` : '';
    const id = this.request(at, 'POST', `/api/v2/notifications${suffix}`, sent, { client });
    this.response(id, at + ms, 200, received);
  }

  metaTexts(): string[] {
    return this.metas.map((m) => m.text);
  }

  facts(): ApplicationFacts[] {
    return this.decoder.facts();
  }
}

const handshake = (): BayeuxMessage => ({ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' });
const handshakeReply = (clientId: string): BayeuxMessage => ({ channel: '/meta/handshake', successful: true, clientId, version: '1.0', id: '1' });
const connect = (clientId: string): BayeuxMessage => ({ channel: '/meta/connect', clientId, connectionType: 'long-polling' });
const connectReply = (clientId: string, advice?: Record<string, unknown>): BayeuxMessage => ({
  channel: '/meta/connect',
  clientId,
  successful: true,
  ...(advice ? { advice } : {}),
});
const subscribe = (clientId: string, subscription: string): BayeuxMessage => ({ channel: '/meta/subscribe', clientId, subscription });
const subscribed = (clientId: string, subscription: string, successful = true, error?: string): BayeuxMessage => ({
  channel: '/meta/subscribe',
  clientId,
  subscription,
  successful,
  ...(error ? { error } : {}),
});

/** Sign-in (GET /me), handshake, one subscription, first connect: the usual start of an application. */
function signedIn(traffic: Traffic, clientId = 'c1', client = CLIENT): number {
  let t = T0;
  traffic.rest(t, 5, 'GET', '/api/v2/me', undefined, 200, { statusCode: 0, user: { userName: 'agent1' } }, client);
  traffic.poll((t += 10), 3, [handshake()], [handshakeReply(clientId)], client);
  traffic.poll((t += 10), 3, [subscribe(clientId, '/v2/me/calls')], [subscribed(clientId, '/v2/me/calls')], client);
  return t + 10;
}

describe('TrafficDecoder', () => {
  describe('REST', () => {
    it('makes every request and response one operation, sent then completed with the same id', () => {
      const traffic = new Traffic();
      const id = traffic.request(T0, 'POST', `/api/v2/me/calls/${CALL_ID}`, startRecordingRequest(), {
        headers: { 'content-type': 'application/json', Authorization: 'Basic [redacted]' },
      });
      traffic.response(id, T0 + 12, 200, readSample('02-operation-accepted-response.json'), { 'content-type': 'application/json', 'x-trace': 'abc' });

      const [sent, completed] = traffic.operations;
      assert.equal(traffic.operations.length, 2);
      assert.equal(sent.phase, 'sent');
      assert.equal(sent.id, id);
      assert.equal(sent.operationName, 'StartCallRecording');
      assert.equal(sent.method, 'POST');
      assert.equal(sent.url, `${UPSTREAM}/api/v2/me/calls/${CALL_ID}`);
      assert.equal(sent.callId, CALL_ID);
      assert.deepEqual(sent.requestBody, startRecordingRequest());
      assert.equal(sent.startedAt, T0);
      assert.equal(completed.phase, 'completed');
      assert.equal(completed.id, id);
      assert.equal(completed.completedAt, T0 + 12);
      assert.equal(completed.httpStatus, 200);
      assert.equal(completed.statusCode, 0);
      assert.equal(completed.error, undefined);
      assert.deepEqual(completed.responseHeaders, { 'content-type': 'application/json', 'x-trace': 'abc' });
      assert.deepEqual(completed.responseBody, { statusCode: 0 });
    });

    it('keeps a large answer\'s statusCode but not its body in the stream', () => {
      const traffic = new Traffic();
      const calls = Array.from({ length: 2000 }, (_, i) => ({ id: `call-${i}`, state: 'Established', userData: { Note: 'n'.repeat(200) } }));
      traffic.rest(T0, 5, 'GET', '/api/v2/me/calls', undefined, 200, { statusCode: 0, data: { calls } });
      const completed = traffic.operations.filter((o) => o.phase === 'completed');
      assert.equal(completed[0].statusCode, 0);
      assert.match(String(completed[0].responseBody), /^\(\d+ characters, too large to keep in the stream\)$/);
    });

    it('reads statusCode and statusMessage of a refusal, and counts REST errors per application', () => {
      const traffic = new Traffic();
      traffic.rest(T0, 5, 'POST', `/api/v2/me/calls/${CALL_ID}`, { operationName: 'Hold' }, 200, { statusCode: 4, statusMessage: 'Invalid state' });
      traffic.rest(T0 + 10, 5, 'GET', '/api/v2/me/calls', undefined, 503, 'Service Unavailable');
      traffic.rest(T0 + 20, 5, 'GET', '/api/v2/me', undefined, 200, { statusCode: 0 });
      const completed = traffic.operations.filter((o) => o.phase === 'completed');
      assert.equal(completed[0].statusCode, 4);
      assert.equal(completed[0].statusMessage, 'Invalid state');
      assert.equal(completed[1].httpStatus, 503);
      assert.equal(completed[1].responseBody, 'Service Unavailable');
      assert.equal(completed[1].error, 'The response is not JSON: Service Unavailable');
      const [facts] = traffic.facts();
      assert.equal(facts.id, '127.0.0.1', 'REST-only traffic is under the client address');
      assert.equal(facts.restRequests, 3);
      assert.equal(facts.restErrors, 2);
    });

    it('names a GET by nothing, and turns a read of the calls into a refresh snapshot with the devices last read', () => {
      const traffic = new Traffic();
      const device = { id: 'dev-1', deviceState: 'Active', userState: { state: 'Ready' } };
      traffic.rest(T0, 5, 'GET', '/api/v2/me/devices?fields=*', undefined, 200, { statusCode: 0, devices: [device] });
      traffic.rest(T0 + 10, 5, 'GET', '/api/v2/me/calls?fields=*', undefined, 200, { statusCode: 0, calls: [callBeforeRecording()] });
      traffic.rest(T0 + 20, 5, 'GET', '/api/v2/me/calls', undefined, 200, { statusCode: 0, uris: [`${UPSTREAM}/api/v2/me/calls/${CALL_ID}`] });
      assert.deepEqual(
        traffic.operations.map((o) => o.operationName),
        ['', '', '', '', '', ''],
      );
      assert.equal(traffic.snapshots.length, 1, 'only the read with the calls themselves');
      const [snapshot] = traffic.snapshots;
      assert.equal(snapshot.reason, 'refresh');
      assert.equal(snapshot.time, T0 + 15);
      assert.deepEqual(snapshot.calls, [callBeforeRecording()]);
      assert.deepEqual(snapshot.devices, [device]);
      assert.equal(traffic.facts()[0].operationsWithoutNotification, 0, 'a read expects no notification');
    });

    it('makes no operation for the Bayeux POSTs: their content is the Bayeux rows', () => {
      const traffic = new Traffic();
      signedIn(traffic);
      assert.deepEqual(
        traffic.operations.map((o) => `${o.method} ${o.url}`),
        [`GET ${UPSTREAM}/api/v2/me`, `GET ${UPSTREAM}/api/v2/me`],
      );
    });
  });

  describe('Bayeux over long-polling', () => {
    it('records the handshake, subscriptions and their replies as meta rows, and the first connect only', () => {
      const traffic = new Traffic();
      let t = signedIn(traffic);
      traffic.poll(t, 2, [subscribe('c1', '/v2/me/chats')], [subscribed('c1', '/v2/me/chats', false, '403::Forbidden channel')]);
      for (let i = 0; i < 5; i++) traffic.poll((t += 100), 30, [connect('c1')], [connectReply('c1', { reconnect: 'retry', interval: 0, timeout: 30000 })]);
      assert.deepEqual(traffic.metaTexts(), [
        '→ /meta/handshake over long-polling',
        '← handshake: clientId c1 (long-polling)',
        '→ /meta/subscribe /v2/me/calls',
        '← subscribed /v2/me/calls',
        '→ /meta/subscribe /v2/me/chats',
        '← subscription /v2/me/chats refused: 403::Forbidden channel',
        "→ /meta/connect (the first; the next ones are counted in the application's facts)",
        '← connected over long-polling (advice reconnect=retry, interval=0, timeout=30000)',
      ]);
      assert.deepEqual(
        traffic.metas.map((m) => m.type),
        ['handshake', 'handshake', 'subscribe', 'subscribe', 'subscribe', 'error', 'connect', 'connect'],
      );
      assert.equal(traffic.metas[2].channel, '/meta/subscribe');
      const [facts] = traffic.facts();
      assert.equal(facts.id, 'c1');
      assert.equal(facts.transport, 'long-polling');
      assert.deepEqual(facts.subscriptions, ['/v2/me/calls']);
      assert.deepEqual(facts.refusedSubscriptions, [{ channel: '/v2/me/chats', error: '403::Forbidden channel' }]);
      assert.deepEqual(facts.connectRoundTrips, { count: 5, p50Ms: 30, maxMs: 30 });
      assert.equal(facts.restRequests, 1, 'the sign-in before the handshake is the same application');
      assert.equal(traffic.facts().length, 1, 'no REST-only entry is left');
    });

    it('delivers every data message of a connect response as a notification, received when the response completed', () => {
      const traffic = new Traffic();
      const t = signedIn(traffic);
      const chat = { channel: '/v2/me/chats', data: { messageType: 'Unknown' } };
      traffic.poll(t, 40, [connect('c1')], [recordingStartedMessage(), heldMessage(), chat, connectReply('c1')]);
      assert.deepEqual(
        traffic.notifications.map((n) => [n.message.channel, n.receivedAt]),
        [
          ['/v2/me/calls', t + 40],
          ['/v2/me/calls', t + 40],
          ['/v2/me/chats', t + 40],
        ],
      );
      assert.deepEqual(traffic.notifications[0].message, recordingStartedMessage());
      assert.equal(traffic.facts()[0].notificationsDelivered, 3);
    });

    it('reports connect round trips (count, median, max) and fires the facts at most once per tap', () => {
      const traffic = new Traffic();
      let t = signedIn(traffic);
      for (const ms of [10, 20, 30, 40, 500]) {
        traffic.poll(t, ms, [connect('c1')], [connectReply('c1')]);
        t += ms + 5;
      }
      assert.deepEqual(traffic.facts()[0].connectRoundTrips, { count: 5, p50Ms: 30, maxMs: 500 });
      const taps = 2 * (3 + 5);
      assert.ok(traffic.factsEvents.length <= taps, `${traffic.factsEvents.length} facts events for ${taps} taps`);
      assert.equal(traffic.factsEvents.at(-1)![0].connectRoundTrips.count, 5, 'the last event has the last round trip');
    });

    it('flags a poll gap over slowGapMs with a warning row, and counts it', () => {
      const traffic = new Traffic({ slowGapMs: 1_000 });
      const t = signedIn(traffic);
      traffic.poll(t, 10, [connect('c1')], [connectReply('c1')]);
      traffic.poll(t + 10 + 900, 10, [connect('c1')], [connectReply('c1')]);
      assert.equal(traffic.metas.filter((m) => m.type === 'pollGap').length, 0, '900 ms is no slow gap');
      traffic.poll(t + 920 + 1_500, 10, [connect('c1')], [connectReply('c1')]);
      const gaps = traffic.metas.filter((m) => m.type === 'pollGap');
      assert.equal(gaps.length, 1);
      assert.equal(gaps[0].time, t + 2_420);
      assert.equal(gaps[0].text, 'No /meta/connect outstanding for 1.5 s (over 1 s)');
      assert.match(gaps[0].warning ?? '', /notifications could only wait in the server meanwhile/);
      assert.deepEqual(traffic.facts()[0].pollGaps, { maxMs: 1_500, slow: 1 });
    });

    it('makes rows for a failed connect, the retry, the recovery and a change of advice', () => {
      const traffic = new Traffic();
      let t = signedIn(traffic);
      traffic.poll(t, 10, [connect('c1')], [connectReply('c1', { reconnect: 'retry', timeout: 30000 })]);
      traffic.poll((t += 20), 10, [connect('c1')], [{ channel: '/meta/connect', clientId: 'c1', successful: false, error: '402::Unknown client' }]);
      traffic.poll((t += 20), 10, [connect('c1')], [connectReply('c1')]);
      traffic.poll((t += 20), 10, [connect('c1')], [connectReply('c1')]);
      traffic.poll((t += 20), 10, [connect('c1')], [connectReply('c1', { reconnect: 'retry', timeout: 60000 })]);
      const id = traffic.request((t += 20), 'POST', '/api/v2/notifications/connect', [connect('c1')]);
      traffic.response(id, t + 5, 500, 'boom');
      const texts = traffic.metaTexts().slice(4);
      assert.deepEqual(texts, [
        "→ /meta/connect (the first; the next ones are counted in the application's facts)",
        '← connected over long-polling (advice reconnect=retry, timeout=30000)',
        '← /meta/connect failed: 402::Unknown client',
        '→ /meta/connect again after 1 failed connect',
        '← connected again after 1 failed connect',
        '← /meta/connect with new advice: reconnect=retry, timeout=60000',
        '← Bayeux POST /api/v2/notifications/connect failed: HTTP 500',
      ]);
      assert.equal(traffic.metas.find((m) => m.text.includes('402'))?.type, 'error');
      assert.equal(traffic.metas.find((m) => m.text.startsWith('← connected again'))?.type, 'reconnected');
      assert.equal(traffic.facts()[0].connectRoundTrips.count, 5, 'the HTTP failure is no round trip');
    });

    it('records unsubscribe, publish and disconnect, and a refused handshake', () => {
      const traffic = new Traffic();
      const t = signedIn(traffic);
      traffic.poll(t, 5, [{ channel: '/meta/unsubscribe', clientId: 'c1', subscription: '/v2/me/calls' }], [
        { channel: '/meta/unsubscribe', clientId: 'c1', subscription: '/v2/me/calls', successful: true },
      ]);
      traffic.poll(t + 10, 5, [{ channel: '/service/echo', clientId: 'c1', data: { x: 1 } }], [{ channel: '/service/echo', successful: false, error: '403::denied' }]);
      traffic.poll(t + 20, 5, [{ channel: '/meta/disconnect', clientId: 'c1' }], [{ channel: '/meta/disconnect', clientId: 'c1', successful: true }]);
      traffic.poll(t + 30, 5, [handshake()], [{ channel: '/meta/handshake', successful: false, error: '401::Authentication failed' }]);
      assert.deepEqual(traffic.metaTexts().slice(4), [
        '→ /meta/unsubscribe /v2/me/calls',
        '← unsubscribed /v2/me/calls',
        '→ publish on /service/echo',
        '← publish on /service/echo refused: 403::denied',
        '→ /meta/disconnect',
        '← disconnected',
        '→ /meta/handshake over long-polling',
        '← handshake refused: 401::Authentication failed',
      ]);
      assert.deepEqual(traffic.facts()[0].subscriptions, []);
      assert.equal(traffic.notifications.length, 0, 'a publish acknowledgement is no notification');
    });
  });

  describe('applications', () => {
    it('counts REST for the application whose connection it used, else the one live application of the host, else the host', () => {
      const traffic = new Traffic();
      const t = signedIn(traffic, 'a', '127.0.0.1:1001');
      traffic.poll(t, 3, [handshake()], [handshakeReply('b')], '127.0.0.1:2001');
      traffic.rest(t + 10, 3, 'GET', '/api/v2/me/calls', undefined, 200, { statusCode: 0 }, '127.0.0.1:1001');
      traffic.rest(t + 20, 3, 'GET', '/api/v2/me/calls', undefined, 200, { statusCode: 0 }, '127.0.0.1:3001');
      traffic.poll(t + 30, 3, [{ channel: '/meta/disconnect', clientId: 'a' }], [{ channel: '/meta/disconnect', clientId: 'a', successful: true }], '127.0.0.1:1001');
      traffic.rest(t + 40, 3, 'GET', '/api/v2/me/calls', undefined, 200, { statusCode: 0 }, '127.0.0.1:3002');
      const byId = Object.fromEntries(traffic.facts().map((f) => [f.id, f.restRequests]));
      assert.deepEqual(byId, { a: 2, b: 1, '127.0.0.1': 1 });
    });
  });

  describe('Bayeux over websockets', () => {
    it('decodes both directions of a websocket like long-polling, with the message times', () => {
      const traffic = new Traffic();
      const ws = 7;
      const send = (at: number, direction: 'toServer' | 'toClient', messages: unknown[]) =>
        traffic.tap({ kind: 'wsMessage', id: ws, direction, at, text: JSON.stringify(messages) });
      traffic.tap({ kind: 'wsOpen', id: ws, client: CLIENT, at: T0, path: '/api/v2/notifications', upstreamUrl: `${UPSTREAM}/api/v2/notifications`, headers: {} });
      send(T0 + 1, 'toServer', [{ ...handshake(), supportedConnectionTypes: ['websocket'] }]);
      send(T0 + 2, 'toClient', [handshakeReply('w1')]);
      send(T0 + 3, 'toServer', [subscribe('w1', '/v2/me/calls')]);
      send(T0 + 4, 'toClient', [subscribed('w1', '/v2/me/calls')]);
      send(T0 + 5, 'toServer', [{ ...connect('w1'), connectionType: 'websocket' }]);
      send(T0 + 25, 'toClient', [connectReply('w1')]);
      send(T0 + 26, 'toServer', [{ ...connect('w1'), connectionType: 'websocket' }]);
      send(T0 + 40, 'toClient', [recordingStartedMessage()]);
      send(T0 + 66, 'toClient', [connectReply('w1')]);
      traffic.tap({ kind: 'wsClose', id: ws, at: T0 + 100, code: 1000 });

      assert.deepEqual(traffic.metaTexts(), [
        'Websocket opened to /api/v2/notifications',
        '→ /meta/handshake over websocket',
        '← handshake: clientId w1 (websocket)',
        '→ /meta/subscribe /v2/me/calls',
        '← subscribed /v2/me/calls',
        "→ /meta/connect (the first; the next ones are counted in the application's facts)",
        '← connected over websocket',
        'Websocket closed: code 1000',
      ]);
      assert.deepEqual(
        traffic.notifications.map((n) => n.receivedAt),
        [T0 + 40],
      );
      const [facts] = traffic.facts();
      assert.equal(facts.transport, 'websocket');
      assert.deepEqual(facts.connectRoundTrips, { count: 2, p50Ms: 30, maxMs: 40 });
      assert.equal(facts.notificationsDelivered, 1);
    });
  });

  describe('operations without a notification', () => {
    it('counts an accepted operation that no notification about its call followed within 5 s', () => {
      const traffic = new Traffic();
      const t = signedIn(traffic);
      // Answered by a notification on its call: not counted.
      traffic.rest(t, 5, 'POST', `/api/v2/me/calls/${CALL_ID}`, startRecordingRequest(), 200, { statusCode: 0 });
      traffic.poll(t + 1, 50, [connect('c1')], [recordingStartedMessage(), connectReply('c1')]);
      // Followed only by a notification on another call: counted once 5 s have passed.
      traffic.rest(t + 100, 5, 'POST', '/api/v2/me/calls/OTHER', { operationName: 'Hold' }, 200, { statusCode: 0 });
      traffic.poll(t + 101, 50, [connect('c1')], [heldMessage(), connectReply('c1')]);
      // Refused: nothing is expected of it.
      traffic.rest(t + 200, 5, 'POST', '/api/v2/me/calls/OTHER', { operationName: 'Hold' }, 200, { statusCode: 4, statusMessage: 'Invalid' });
      traffic.now = t + 5_099;
      assert.equal(traffic.facts()[0].operationsWithoutNotification, 0, 'not before its 5 s are over');
      traffic.now = t + 5_101;
      assert.equal(traffic.facts()[0].operationsWithoutNotification, 1);
    });

    it('lets any notification answer an operation that is not on a call (Dial, agent state), and a later tap settle the count', () => {
      const traffic = new Traffic();
      const t = signedIn(traffic);
      traffic.rest(t, 5, 'POST', '/api/v2/me/devices/dev-1/calls', { operationName: 'Dial', destination: { phoneNumber: '15001' } }, 200, { statusCode: 0 });
      traffic.poll(t + 1, 40, [connect('c1')], [heldMessage(), connectReply('c1')]);
      traffic.rest(t + 100, 5, 'POST', '/api/v2/me/channels/voice', { operationName: 'Ready' }, 200, { statusCode: 0 });
      traffic.poll(t + 6_000, 10, [connect('c1')], [connectReply('c1')]);
      assert.equal(traffic.factsEvents.at(-1)![0].operationsWithoutNotification, 1, 'the tap after the window counted the agent-state request');
    });
  });

  describe('redaction', () => {
    it('lets no password, Authorization value, cookie value or CSRF token out, whatever carries it', () => {
      const secrets = ['hunter2-secret', 'QWxhZGRpbjpodW50ZXIy', 'JSESS-4242', 'csrf-token-777', 'mycsrf-888', 'ext-pass-999', 'userdata-pw-555', 'query-pw-111'];
      const traffic = new Traffic();
      // The transport redacts known headers; the decoder must not rely on it for the server-named CSRF header.
      let id = traffic.request(T0, 'GET', '/api/v2/me', undefined, { headers: { Authorization: 'Basic QWxhZGRpbjpodW50ZXIy', Cookie: 'JSESSIONID=JSESS-4242' } });
      traffic.response(id, T0 + 5, 200, { statusCode: 0 }, { 'Set-Cookie': 'JSESSIONID=JSESS-4242; Path=/', 'X-CSRF-HEADER': 'X-Our-Header', 'X-CSRF-TOKEN': 'csrf-token-777' });
      id = traffic.request(T0 + 10, 'POST', `/api/v2/me/calls/${CALL_ID}?password=query-pw-111`, { operationName: 'UpdateUserData', userData: { password: 'hunter2-secret' } }, {
        headers: { 'X-Our-Header': 'mycsrf-888', 'X-CSRF-TOKEN': 'csrf-token-777' },
      });
      traffic.response(id, T0 + 15, 200, { statusCode: 0, token: 'csrf-token-777' });
      traffic.poll(T0 + 20, 5, [{ ...handshake(), ext: { password: 'ext-pass-999', authorization: 'Basic QWxhZGRpbjpodW50ZXIy' } }], [handshakeReply('c1')]);
      const secretCall = { ...callBeforeRecording(), userData: { AgentPassword: 'userdata-pw-555' } };
      traffic.poll(T0 + 30, 5, [connect('c1')], [callMessage(secretCall), connectReply('c1')]);
      traffic.poll(T0 + 40, 5, [connect('c1')], ['not a message with password=ext-pass-999']);
      traffic.tap({ kind: 'wsMessage', id: 99, direction: 'toServer', at: T0 + 50, text: '{"password": "ext-pass-999", broken' });

      const everything = JSON.stringify([traffic.notifications, traffic.operations, traffic.metas, traffic.snapshots, traffic.facts()]);
      for (const secret of secrets) assert.ok(!everything.includes(secret), `${secret} leaked`);
      assert.ok(traffic.notifications.length > 0 && traffic.metas.length > 4, 'the messages themselves were kept');
      const update = traffic.operations.find((o) => o.operationName === 'UpdateUserData')!;
      assert.deepEqual(update.requestBody, { operationName: 'UpdateUserData', userData: { password: '[redacted]' } });
      assert.equal(update.requestHeaders['X-Our-Header'], '[redacted]');
    });
  });

  describe('hostile input', () => {
    it('turns malformed, non-array, omitted, unknown and missing traffic into rows that say so, never a throw', () => {
      const traffic = new Traffic();
      const t = signedIn(traffic);
      const post = (body: string | undefined, omitted?: number) => {
        const id = traffic.request(t, 'POST', '/api/v2/notifications/connect', body);
        traffic.tap({ kind: 'response', id, completedAt: t + 5, status: 200, headers: {}, ...(omitted ? { bodyOmittedBytes: omitted } : { body: '[]' }) });
      };
      const before = traffic.metas.length;
      post('{not json');
      post('42');
      post(undefined);
      traffic.tap({ kind: 'request', id: 500, client: CLIENT, startedAt: t, method: 'POST', path: '/cometd', upstreamUrl: `${UPSTREAM}/cometd`, headers: {}, bodyOmittedBytes: 9_000_000 });
      traffic.poll(t + 10, 5, [{ clientId: 'c1' } as unknown as BayeuxMessage], [{ channel: '/meta/bogus', successful: false }, { channel: '/v2/unknown/thing', data: 'text' }]);
      traffic.response(12_345, t + 20, 200, '[]');
      traffic.tap(null as unknown as ProxyTap);
      traffic.tap({ kind: 'teleport' } as unknown as ProxyTap);
      traffic.tap({
        kind: 'request',
        id: 600,
        client: CLIENT,
        startedAt: t,
        method: 'GET',
        get path(): string {
          throw new Error('a getter that throws');
        },
      } as unknown as ProxyTap);
      traffic.tap({ kind: 'notice', at: t + 30, level: 'warning', text: 'Rewrote Origin to the upstream' });
      traffic.tap({ kind: 'notice', at: t + 31, level: 'error', text: 'Upstream refused' });
      const rows = traffic.metas.slice(before);
      const texts = rows.map((m) => m.text);
      assert.deepEqual(texts, [
        '→ Bayeux POST /api/v2/notifications/connect: the body is not JSON: {not json',
        '→ Bayeux POST /api/v2/notifications/connect: an item that is not a Bayeux message: 42',
        '→ Bayeux POST /api/v2/notifications/connect: the body is empty',
        '→ Bayeux POST /cometd: the body was not recorded (9000000 bytes): its messages are not analysed',
        '→ Bayeux message without a channel: {"clientId":"c1"}',
        '← /meta/bogus failed: refused',
        'A response (HTTP 200) to a request the proxy did not report (#12345)',
        'Could not decode this unknown of the proxied traffic: Cannot read properties of null (reading \'kind\')',
        'Unknown kind of proxied traffic: teleport',
        'Could not decode this request of the proxied traffic: a getter that throws',
        'Rewrote Origin to the upstream',
        'Upstream refused',
      ]);
      assert.deepEqual(
        rows.map((m) => m.type),
        ['error', 'error', 'error', 'error', 'error', 'error', 'error', 'error', 'error', 'error', 'proxy', 'error'],
      );
      assert.equal(rows[10].warning, 'Rewrote Origin to the upstream');
      assert.deepEqual(
        traffic.notifications.map((n) => n.message),
        [{ channel: '/v2/unknown/thing', data: 'text' }],
        'a data message on an unknown channel still reaches the stream',
      );
    });

    it('says so when a REST request body cannot be read, and still records the operation', () => {
      const traffic = new Traffic();
      const id = traffic.request(T0, 'POST', `/api/v2/me/calls/${CALL_ID}`, '{"operationName": "Hold"');
      traffic.response(id, T0 + 5, 400, { statusCode: 1, statusMessage: 'Bad request' });
      assert.equal(traffic.operations.length, 2);
      assert.equal(traffic.operations[0].operationName, '');
      assert.equal(traffic.operations[0].requestBody, undefined);
      assert.match(traffic.metas[0].text, /^POST \/api\/v2\/me\/calls\/\S+: the request body is not JSON: \{"operationName": "Hold"$/);
      assert.ok(traffic.metas[0].warning);
    });

    it('keeps its memory bounded: a flood of new clientIds keeps the latest 1,000 applications', () => {
      const traffic = new Traffic();
      const flood = Array.from({ length: 1_500 }, (_, i) => handshakeReply(`c${i}`));
      traffic.poll(T0, 5, [handshake()], flood);
      const ids = traffic.facts().map((f) => f.id);
      assert.equal(ids.length, 1_000);
      assert.equal(ids.at(-1), 'c1499');
      assert.equal(traffic.metas.length, 1 + 1_500, 'every reply still has its row');
    });

    it('stops after dispose', () => {
      const traffic = new Traffic();
      traffic.decoder.dispose();
      signedIn(traffic);
      assert.equal(traffic.metas.length + traffic.operations.length, 0);
    });
  });

  describe('into a Pipeline', () => {
    it('links the application\'s StartCallRecording to the notification its connect delivered, with the capability diff', () => {
      const time = new FakeTime();
      time.now = T0;
      const log = new StreamLog(1000);
      const pipeline = new Pipeline(new CallStore(), log, {
        noNotificationWarningMs: 5_000,
        now: () => time.now,
        timers: time,
        defer: (drain) => time.setTimeout(drain, 0),
        source: 'proxy:1',
      });
      const traffic = new Traffic();
      const attachment = pipeline.attach(traffic.decoder);

      let t = signedIn(traffic);
      traffic.rest(t, 5, 'GET', '/api/v2/me/calls?fields=*', undefined, 200, { statusCode: 0, calls: [callBeforeRecording()] });
      traffic.poll((t += 10), 3, [connect('c1')], [connectReply('c1')]);
      const request = traffic.request((t += 20), 'POST', `/api/v2/me/calls/${CALL_ID}`, startRecordingRequest());
      traffic.response(request, t + 8, 200, { statusCode: 0 });
      // The connect outstanding since just before the request brings the notification.
      traffic.poll(t - 5, 40, [connect('c1')], [recordingStartedMessage(), connectReply('c1')]);
      attachment.flush();

      const rows = log.rows();
      const operation = rows.find((r) => r.kind === 'operation' && r.type === 'StartCallRecording')!;
      const notification = rows.find((r) => r.kind === 'notification')!;
      assert.ok(operation && notification);
      assert.ok(rows.every((r) => r.source === 'proxy:1'));
      assert.deepEqual(operation.linkedSeqs, [notification.seq]);
      assert.deepEqual(notification.linkedSeqs, [operation.seq]);
      assert.equal(notification.delayMs, 35);
      assert.equal(notification.diff?.first, false, 'diffed against the calls the application read');
      assert.deepEqual(notification.diff?.capabilities.gained, ['PauseCallRecording', 'StopCallRecording']);
      assert.deepEqual(notification.diff?.capabilities.lost, ['StartCallRecording']);
      assert.equal(operation.operation?.responseBody && (operation.operation.responseBody as { statusCode: number }).statusCode, 0);
      const read = rows.find((r) => r.kind === 'operation' && r.operation?.method === 'GET' && r.operation.url.includes('/me/calls'))!;
      time.advance(10_000);
      assert.equal(log.get(read.seq)?.warning, undefined, 'the application\'s GET raises no "no notification" warning');
      assert.equal(log.get(operation.seq)?.warning, undefined);
      assert.ok(!rows.some((r) => r.kind === 'operation' && r.operation?.url.includes('/notifications')), 'no rows for the Bayeux POSTs');
      attachment.dispose();
      pipeline.dispose();
    });
  });
});
