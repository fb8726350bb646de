// The queue between the recording proxy and its decoder (src/proxy/tapQueue.ts): a long-poll
// answer of a thousand notifications is decoded in slices that leave the event loop to the
// forwarding in between, with the same events as decoding it at once; bodies waiting for the
// decoder are bounded, and a body past the bound is recorded by size, with warning rows.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { BodyRecorder, heldBodyBytes, readRecordedBodySteps, withRecordedBody } from '../../../src/proxy/bodyRecorder';
import type { ProxyRequestTap, ProxyResponseTap, ProxyTap } from '../../../src/proxy/proxyTraffic';
import { PAUSE_MS, TapQueue, TRAFFIC_QUIET_MS } from '../../../src/proxy/tapQueue';
import { TrafficDecoder } from '../../../src/proxy/trafficDecoder';
import type { BayeuxMessage } from '../../../src/wire/types';
import { recordingStartedMessage } from '../model/fixtures/samples';

const CLIENT = '127.0.0.1:50001';
const T0 = 1_000_000;

/** What a decoder reported, in order, as comparable text. */
function transcript(decoder: TrafficDecoder): string[] {
  const out: string[] = [];
  decoder.onNotification((n) => out.push(`notification ${n.receivedAt} ${JSON.stringify(n.message)}`));
  decoder.onMeta((m) => out.push(`meta ${m.type} ${m.time} ${m.text}`));
  decoder.onOperation((o) => out.push(`operation ${o.phase} ${o.id}`));
  return out;
}

function notification(seq: number): BayeuxMessage {
  const message = recordingStartedMessage() as BayeuxMessage & { data: { call: { userData: Record<string, unknown> } } };
  message.data.call.userData = { ...message.data.call.userData, Seq: seq, Password: `pw${seq}` };
  return message;
}

/** Handshake, then one /meta/connect answered with `count` notifications: the taps the proxy reports. */
function longPollTaps(count: number, lazy = false): ProxyTap[] {
  const request = (id: number, at: number, messages: BayeuxMessage[]): ProxyRequestTap => ({
    kind: 'request',
    id,
    client: CLIENT,
    startedAt: at,
    method: 'POST',
    path: '/api/v2/notifications',
    upstreamUrl: 'http://gws/api/v2/notifications',
    headers: {},
    body: JSON.stringify(messages),
  });
  const messages = Array.from({ length: count }, (_, i) => notification(i));
  const answer: ProxyResponseTap = { kind: 'response', id: 2, completedAt: T0 + 3, status: 200, headers: {} };
  const text = JSON.stringify([...messages, { channel: '/meta/connect', clientId: 'c1', successful: true }]);
  return [
    request(1, T0, [{ channel: '/meta/handshake' }]),
    { kind: 'response', id: 1, completedAt: T0 + 1, status: 200, headers: {}, body: JSON.stringify([{ channel: '/meta/handshake', successful: true, clientId: 'c1' }]) },
    request(2, T0 + 2, [{ channel: '/meta/connect', clientId: 'c1' }]),
    lazy ? lazyBody(answer, text) : { ...answer, body: text },
  ];
}

/** A body as the proxy records it: held as bytes, made into text when the decoder reads it. */
function lazyBody(tap: ProxyResponseTap, text: string): ProxyResponseTap {
  const recorder = new BodyRecorder(64 * 1024 * 1024);
  recorder.add(Buffer.from(text));
  return withRecordedBody(tap, recorder);
}

/** A scheduler the test runs by hand, and a clock that moves 1 ms per look. */
class ManualTurns {
  readonly pending: Array<() => void> = [];
  readonly pauses: number[] = [];
  time = 0;
  readonly now = (): number => this.time++;
  readonly schedule = (drain: () => void, pauseMs: number): void => {
    this.pending.push(drain);
    this.pauses.push(pauseMs);
  };

  turn(): void {
    const next = this.pending.shift();
    assert.ok(next, 'a slice is scheduled');
    next();
  }
}

describe('TapQueue', () => {
  it('decodes a 1,000-notification long-poll answer in slices, with the same events as decoding it at once', () => {
    const direct = new TrafficDecoder({ now: () => T0 });
    const expected = transcript(direct);
    for (const tap of longPollTaps(1_000)) direct.ingest(tap);

    const decoder = new TrafficDecoder({ now: () => T0 });
    const seen = transcript(decoder);
    const turns = new ManualTurns();
    // No traffic after these taps (the pace while it flows is the next test's).
    const queue = new TapQueue(decoder, { sliceMs: 5, trafficQuietMs: 0, now: turns.now, schedule: turns.schedule });
    const taps = longPollTaps(1_000, true);
    for (const tap of taps) queue.push(tap);
    assert.equal(seen.length, 0, 'nothing is decoded inside push(): the proxy goes on forwarding');
    assert.equal(queue.size, 4);
    assert.ok(heldBodyBytes(taps[3]) > 0, 'the answer is still bytes, not text');

    let slices = 0;
    const notificationsAfterFirstSlice: number[] = [];
    while (turns.pending.length > 0) {
      turns.turn();
      slices++;
      notificationsAfterFirstSlice.push(seen.filter((line) => line.startsWith('notification')).length);
    }
    assert.ok(slices > 10, `the answer took ${slices} slices`);
    assert.ok(notificationsAfterFirstSlice[0] < 1_000, 'the first slice did not decode the whole answer');
    assert.equal(turns.pauses[0], 0, 'the first slice runs right after the pending I/O');
    assert.ok(turns.pauses.slice(1).every((ms) => ms === PAUSE_MS), 'a backlog is decoded with a pause between slices');
    assert.equal(queue.size, 0);
    assert.deepEqual(seen, expected);
    assert.ok(!seen.some((line) => /pw\d/.test(line)), 'the passwords inside the notifications are redacted');
  });

  it('decodes slowly while taps keep arriving, and at full pace once they pause or the backlog grows', () => {
    const decoder = new TrafficDecoder({ now: () => T0 });
    let decoded = 0;
    decoder.onNotification(() => decoded++);
    const turns = new ManualTurns();
    const taps = longPollTaps(1_000, true);
    const busyBacklogBytes = heldBodyBytes(taps[3]) * 2;
    const queue = new TapQueue(decoder, { sliceMs: 5, busyBacklogBytes, now: turns.now, schedule: turns.schedule });
    for (const tap of taps) queue.push(tap);

    // A burst: a tap (without a body) arrives before every turn, and the clock moves on by each
    // pause as real time would (ManualTurns' clock also moves 1 ms per look, so decoding takes time).
    const started = turns.time;
    let decodingMs = 0;
    const burstPauses: number[] = [];
    // 30 turns: about a second, within MAX_SLOW_LAG_MS (the next test is about that bound).
    for (let i = 0; i < 30; i++) {
      queue.push({ kind: 'notice', at: T0, level: 'info', text: `tap ${i}` });
      const before = turns.time;
      turns.turn();
      decodingMs += turns.time - before;
      burstPauses.push(turns.pauses.at(-1)!);
      turns.time += turns.pauses.at(-1)!;
    }
    const share = decodingMs / (turns.time - started);
    assert.ok(burstPauses.every((ms) => ms > PAUSE_MS && ms <= TRAFFIC_QUIET_MS), `while the traffic flows, long pauses, none longer than TRAFFIC_QUIET_MS: ${burstPauses}`);
    // At full pace decoding takes 5 ms of every 7; the manual clock also counts each wake-up's looks.
    assert.ok(share < 0.2, `decoding took ${(share * 100).toFixed(1)} % of the burst`);
    assert.ok(decoded < 1_000 && queue.size > 0, `${decoded} of 1,000 decoded during the burst`);

    // The traffic pauses: the clock passes TRAFFIC_QUIET_MS with no tap.
    turns.time += TRAFFIC_QUIET_MS;
    turns.turn();
    assert.equal(turns.pauses.at(-1), PAUSE_MS, 'once the traffic has paused, the backlog is decoded at full pace');

    // Traffic again, with a backlog past busyBacklogBytes: full pace although taps arrive.
    for (const tap of longPollTaps(1_000, true).slice(2)) queue.push(tap);
    for (const tap of longPollTaps(1_000, true).slice(2)) queue.push(tap);
    turns.turn();
    assert.equal(turns.pauses.at(-1), PAUSE_MS, 'a backlog past the bound is not slowed down');
    while (turns.pending.length > 0) turns.turn();
    assert.equal(decoded, 3_000);
    assert.equal(queue.size, 0);

    // The queue is empty and the traffic quiet: a tap is decoded right after the pending I/O;
    // the next one, arriving while the traffic flows, waits for the pause that slice earned.
    queue.push({ kind: 'notice', at: T0, level: 'info', text: 'first' });
    assert.equal(turns.pauses.at(-1), 0);
    turns.turn();
    queue.push({ kind: 'notice', at: T0, level: 'info', text: 'flowing' });
    assert.ok(turns.pauses.at(-1)! > 0, `a tap during the traffic waits ${turns.pauses.at(-1)} ms`);
    turns.time += turns.pauses.at(-1)!;
    turns.turn();
    assert.equal(queue.size, 0);
    turns.time += TRAFFIC_QUIET_MS;
    queue.push({ kind: 'notice', at: T0, level: 'info', text: 'after a pause' });
    assert.equal(turns.pauses.at(-1), 0, 'the first tap after a quiet spell is decoded right after the pending I/O');
    turns.turn();
    assert.equal(queue.size, 0);
  });

  it('counts forwarded chunks as traffic: a long answer streaming through keeps the slow pace before its tap arrives', () => {
    const pausesWith = (streaming: boolean): number[] => {
      const turns = new ManualTurns();
      const queue = new TapQueue(new TrafficDecoder({ now: () => T0 }), { sliceMs: 5, now: turns.now, schedule: turns.schedule });
      for (const tap of longPollTaps(1_000, true)) queue.push(tap);
      const pauses: number[] = [];
      for (let i = 0; i < 12; i++) {
        if (streaming) queue.noteTraffic();
        turns.turn();
        turns.time += turns.pauses.at(-1)!;
        pauses.push(turns.pauses.at(-1)!);
      }
      return pauses;
    };
    const streaming = pausesWith(true);
    const quiet = pausesWith(false);
    assert.ok(streaming.every((ms) => ms > PAUSE_MS), `chunks keep flowing: ${streaming}`);
    assert.ok(quiet.slice(-4).every((ms) => ms === PAUSE_MS), `no chunk, no tap: the backlog goes at full pace: ${quiet}`);
  });

  it('decodes at full pace once the oldest waiting tap has waited maxSlowLagMs, although the traffic flows', () => {
    const decoder = new TrafficDecoder({ now: () => T0 });
    const turns = new ManualTurns();
    const queue = new TapQueue(decoder, { sliceMs: 5, maxSlowLagMs: 200, now: turns.now, schedule: turns.schedule });
    for (const tap of longPollTaps(1_000, true)) queue.push(tap);
    const pauses: number[] = [];
    // A tap (without a body) before every slice: the traffic never pauses.
    for (let i = 0; i < 40 && turns.pending.length > 0; i++) {
      queue.push({ kind: 'notice', at: T0, level: 'info', text: `tap ${i}` });
      turns.turn();
      // The slow pace's pauses pass on the clock too.
      turns.time += turns.pauses.at(-1)!;
      pauses.push(turns.pauses.at(-1)!);
    }
    const firstFull = pauses.indexOf(PAUSE_MS);
    assert.ok(firstFull > 0, `slow at first, then full pace: ${pauses}`);
    assert.ok(pauses.slice(0, firstFull).every((ms) => ms > PAUSE_MS), `${pauses}`);
    assert.ok(pauses.slice(firstFull).every((ms) => ms === PAUSE_MS), `${pauses}`);
  });

  it('decodes a large answer with an item that is not JSON: a row says so, and every other message is decoded', () => {
    const decoder = new TrafficDecoder({ now: () => T0 });
    const seen = transcript(decoder);
    const taps = longPollTaps(200);
    const answer = taps[3] as ProxyResponseTap;
    const items = [...Array.from({ length: 200 }, (_, i) => JSON.stringify(notification(i))), JSON.stringify({ channel: '/meta/connect', clientId: 'c1', successful: true })];
    items[5] = `${items[5].slice(0, -1)},}`;
    answer.body = `[${items.join(',')}]`;
    assert.ok(answer.body.length >= 64 * 1024, 'large enough to be split in steps');
    for (const tap of taps) decoder.ingest(tap);
    assert.equal(seen.filter((line) => line.startsWith('notification')).length, 199);
    assert.ok(seen.some((line) => line.startsWith('meta error') && line.includes('an item that is not JSON')), seen.filter((line) => line.startsWith('meta')).join('\n'));
    assert.ok(!seen.some((line) => /pw\d/.test(line)), 'nothing unredacted, the broken item included');
  });

  it('leaves the event loop to real I/O between slices: a loopback request is answered while a large answer is being decoded', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const decoder = new TrafficDecoder();
      let decoded = 0;
      decoder.onNotification(() => decoded++);
      const queue = new TapQueue(decoder, { sliceMs: 1 });
      for (const tap of longPollTaps(2_000, true)) queue.push(tap);
      const { port } = server.address() as AddressInfo;
      const answeredAfter = await new Promise<number>((resolve, reject) => {
        http.get(`http://127.0.0.1:${port}/`, (res) => {
          res.resume();
          res.on('end', () => resolve(decoded));
        }).on('error', reject);
      });
      await queue.whenIdle();
      assert.equal(decoded, 2_000);
      assert.ok(answeredAfter < 2_000, `the request was answered after ${answeredAfter} of 5,000 notifications were decoded`);
    } finally {
      server.close();
    }
  });

  it('bounds the bodies waiting to be decoded: one past the bound is recorded by its size, and rows say so', () => {
    const decoder = new TrafficDecoder({ now: () => T0 });
    const seen = transcript(decoder);
    const turns = new ManualTurns();
    const taps = longPollTaps(100, true);
    const bound = heldBodyBytes(taps[3]) - 1;
    const queue = new TapQueue(decoder, { maxQueuedBodyBytes: bound, now: turns.now, schedule: turns.schedule });
    for (const tap of taps) queue.push(tap);
    while (turns.pending.length > 0) turns.turn();

    const response = taps[3] as ProxyResponseTap;
    assert.equal(response.body, undefined);
    assert.equal(response.bodyOmittedBytes, bound + 1);
    assert.equal(seen.filter((line) => line.startsWith('notification')).length, 0);
    const metas = seen.filter((line) => line.startsWith('meta'));
    assert.ok(metas.some((line) => line.includes('the decoder fell behind the traffic')), metas.join('\n'));
    assert.ok(metas.some((line) => line.includes(`← Bayeux response to POST /api/v2/notifications: the body was not recorded (${bound + 1} bytes)`)), metas.join('\n'));
    assert.ok(metas.some((line) => /the decoder caught up: 1 body was recorded by size only \(\d+\.\d MiB\)/.test(line)), metas.join('\n'));
  });

  it('decodes what is queued on dispose, and nothing after; whenIdle resolves once decoded', async () => {
    const decoder = new TrafficDecoder({ now: () => T0 });
    const seen = transcript(decoder);
    const queue = new TapQueue(decoder);
    const taps = longPollTaps(10);
    for (const tap of taps) queue.push(tap);
    await queue.whenIdle();
    assert.equal(seen.filter((line) => line.startsWith('notification')).length, 10);

    for (const tap of longPollTaps(3)) queue.push(tap);
    queue.dispose();
    const count = seen.length;
    assert.equal(seen.filter((line) => line.startsWith('notification')).length, 13);
    for (const tap of longPollTaps(3)) queue.push(tap);
    assert.equal(queue.size, 0);
    assert.equal(seen.length, count);
  });
});

describe('withRecordedBody', () => {
  it('keeps the bytes until the body is read, then reads as BodyRecorder.result() did', () => {
    const recorder = new BodyRecorder(1024);
    recorder.add('{"a":');
    recorder.add(Buffer.from('1}'));
    const tap = withRecordedBody({ kind: 'response' }, recorder);
    assert.equal(heldBodyBytes(tap), 7);
    assert.equal(tap.body, '{"a":1}');
    assert.equal(tap.bodyOmittedBytes, undefined);
    assert.equal(heldBodyBytes(tap), 0);
    assert.deepEqual(JSON.parse(JSON.stringify(tap)), { kind: 'response', body: '{"a":1}' });

    const big = new BodyRecorder(4);
    big.add('12345');
    const omitted = withRecordedBody({}, big);
    assert.equal(omitted.body, undefined);
    assert.equal(omitted.bodyOmittedBytes, 5);
  });

  it('reads a body in steps, one per chunk, to the text result() makes: characters split across chunks, bad UTF-8, gzip', () => {
    const text = JSON.stringify([{ channel: '/v2/me/calls', data: { name: 'Zoë ☎ 😀 '.repeat(50) } }]);
    const bytes = Buffer.from(text);
    const recorder = new BodyRecorder(1024 * 1024);
    // 7-byte chunks: the multi-byte characters are cut between chunks.
    for (let at = 0; at < bytes.length; at += 7) recorder.add(bytes.subarray(at, at + 7));
    const tap = withRecordedBody({ kind: 'response' }, recorder);
    let steps = 0;
    for (const _ of readRecordedBodySteps(tap)) steps++;
    assert.ok(steps >= bytes.length / 7 - 1, `${steps} steps`);
    assert.equal(heldBodyBytes(tap), 0, 'read: the bytes are let go');
    assert.equal(tap.body, text);

    const bad = new BodyRecorder(1024);
    bad.add(Buffer.from([0x5b, 0xff, 0x5d]));
    const badTap = withRecordedBody({}, bad);
    for (const _ of readRecordedBodySteps(badTap));
    assert.equal(badTap.body, undefined);
    assert.equal(badTap.bodyOmittedBytes, 3);

    const zipped = new BodyRecorder(1024 * 1024);
    zipped.add(zlib.gzipSync(bytes));
    const zippedTap = withRecordedBody({}, zipped, 'gzip');
    for (const _ of readRecordedBodySteps(zippedTap));
    assert.equal(zippedTap.body, text);
  });
});
