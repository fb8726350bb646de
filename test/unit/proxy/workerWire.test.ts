// A tap crossing from the recording proxy's worker thread to the decoder's
// (src/proxy/workerWire.ts), through a real MessageChannel: what moves, what is copied, and that
// the body reads the same on the other side.
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import zlib from 'node:zlib';
import { BodyRecorder, heldBodyBytes, withRecordedBody } from '../../../src/proxy/bodyRecorder';
import type { ProxyRequestTap, ProxyResponseTap, ProxyTap } from '../../../src/proxy/proxyTraffic';
import { fromWire, toWire, type WireTap } from '../../../src/proxy/workerWire';

/** Posts a tap as proxyWorker.ts does and reads it back as workerProxy.ts does. */
async function cross(tap: ProxyTap, mayMove: boolean): Promise<{ tap: ProxyTap; moved: number }> {
  const { port1, port2 } = new MessageChannel();
  try {
    const { wire, transfer } = toWire(tap, mayMove);
    const received = new Promise<WireTap>((resolve) => port2.once('message', resolve));
    port1.postMessage(wire, transfer);
    return { tap: fromWire(await received), moved: transfer.length };
  } finally {
    port1.close();
    port2.close();
  }
}

/** A chunk that owns its memory, as a socket read gives. */
function ownChunk(text: string): Buffer {
  const bytes = new TextEncoder().encode(text);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function response(recorder: BodyRecorder, contentEncoding?: string): ProxyResponseTap {
  return withRecordedBody<ProxyResponseTap>({ kind: 'response', id: 7, completedAt: 1, status: 200, headers: { 'content-type': 'application/json' } }, recorder, contentEncoding);
}

describe('recording proxy: taps across threads (workerWire)', () => {
  it("moves a response's chunks that own their memory, and the body reads the same", async () => {
    const parts = ['[{"channel":"/v2/me/calls","data":{"é":', '"ünïcode"}}', ']'];
    const chunks = parts.map(ownChunk);
    const recorder = new BodyRecorder(1024);
    for (const chunk of chunks) recorder.add(chunk);
    const tap = response(recorder);

    const crossed = await cross(tap, true);
    assert.equal(crossed.moved, 3, 'three chunks moved, none copied');
    assert.ok(chunks.every((chunk) => chunk.length === 0), 'moved: the proxy side no longer holds them');
    assert.equal(heldBodyBytes(crossed.tap), Buffer.byteLength(parts.join('')), 'still lazy: the decoder makes the text');
    const body = crossed.tap as ProxyResponseTap;
    assert.equal(body.body, parts.join(''));
    assert.equal(body.status, 200);
    assert.deepEqual(body.headers, { 'content-type': 'application/json' });
  });

  it('copies chunks that share their memory (Node\'s pool, part of a larger read, shared memory) and leaves them intact', async () => {
    const pooled = Buffer.from('[{"id":"1",'); // small: from Node's shared pool
    const neighbour = Buffer.from('the pool neighbour');
    const read = ownChunk('"channel":"/meta/connect"}]\r\nHTTP/1.1 200 OK\r\n\r\n');
    const bodyPart = read.subarray(0, read.indexOf('\r\n')); // the start of a larger read
    const shared = new Uint8Array(new SharedArrayBuffer(1));
    shared[0] = 0x20; // a space: the whole of its memory, but memory that cannot be moved
    assert.equal(pooled.buffer, neighbour.buffer, 'the test needs two buffers from one pool');
    const recorder = new BodyRecorder(1024);
    recorder.add(pooled);
    recorder.add(bodyPart);
    recorder.add(Buffer.from(shared.buffer));

    const crossed = await cross(response(recorder), true);
    assert.equal(crossed.moved, 3, 'three copies moved');
    assert.equal((crossed.tap as ProxyResponseTap).body, '[{"id":"1","channel":"/meta/connect"}] ');
    assert.equal(pooled.toString(), '[{"id":"1",');
    assert.equal(neighbour.toString(), 'the pool neighbour');
    assert.equal(bodyPart.toString(), '"channel":"/meta/connect"}]');
    assert.equal(read.length, 48, 'the rest of the read is still there');
  });

  it("copies a request's chunks, which may still be on their way upstream", async () => {
    const chunk = ownChunk('[{"channel":"/meta/connect","clientId":"abc"}]');
    const recorder = new BodyRecorder(1024);
    recorder.add(chunk);
    const request = withRecordedBody<ProxyRequestTap>({ kind: 'request', id: 3, client: '127.0.0.1:5', startedAt: 1, method: 'POST', path: '/api/v2/notifications', upstreamUrl: 'http://gws/api/v2/notifications', headers: {} }, recorder);

    const crossed = await cross(request, false);
    assert.equal(chunk.toString(), '[{"channel":"/meta/connect","clientId":"abc"}]', 'the proxy side keeps its chunk whole');
    assert.equal((crossed.tap as ProxyRequestTap).body, chunk.toString());
    assert.equal((crossed.tap as ProxyRequestTap).method, 'POST');
  });

  it('carries a body over the limit as its size, and a compressed one with its encoding', async () => {
    const big = new BodyRecorder(4);
    big.add(ownChunk('more than four bytes'));
    const omitted = (await cross(response(big), true)).tap as ProxyResponseTap;
    assert.equal(omitted.body, undefined);
    assert.equal(omitted.bodyOmittedBytes, 20);

    const text = JSON.stringify([{ channel: '/v2/me/calls', data: { padding: 'x'.repeat(500) } }]);
    const gzipped = new BodyRecorder(4096);
    gzipped.add(zlib.gzipSync(text));
    const unzipped = (await cross(response(gzipped, 'gzip'), true)).tap as ProxyResponseTap;
    assert.equal(unzipped.body, text);
  });

  it('sends a tap whose body was read already, or that has none, as it is', async () => {
    const recorder = new BodyRecorder(1024);
    recorder.add(ownChunk('{"statusCode":0}'));
    const read = response(recorder);
    assert.equal(read.body, '{"statusCode":0}');
    const crossed = await cross(read, true);
    assert.equal(crossed.moved, 0);
    assert.equal((crossed.tap as ProxyResponseTap).body, '{"statusCode":0}');

    const notice: ProxyTap = { kind: 'notice', at: 5, level: 'info', text: 'recording proxy http://127.0.0.1:1 stopped' };
    assert.deepEqual((await cross(notice, true)).tap, notice);
  });
});
