// The long-polling XHR (src/gws/nodeXhr.ts) against tiny loopback servers: what cometd reads
// back, and the cap on how much of a response it buffers.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { XhrPacket } from 'cometd';
import { CookieLongPollingTransport } from '../../../src/gws/cometdTransports';
import { MAX_LONG_POLL_RESPONSE_BYTES, NodeXhr, type NodeXhrHooks } from '../../../src/gws/nodeXhr';

async function tinyServer(answer: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2/notifications`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An endless body, written as fast as the socket takes it; resolves `closed` when the client hangs up. */
function endlessBody(onClose: () => void): http.RequestListener {
  return (req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk)) {
        // until the socket pushes back
      }
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', onClose);
    pump();
  };
}

const agent = new http.Agent();
const hooks = (extra: Partial<NodeXhrHooks> = {}): NodeXhrHooks => ({ cookieHeader: () => '', agentFor: () => agent, ...extra });

function send(xhr: NodeXhr, url: string, body: string): Promise<'load' | 'error' | 'abort'> {
  return new Promise((resolve) => {
    xhr.onload = () => resolve('load');
    xhr.onerror = () => resolve('error');
    xhr.onabort = () => resolve('abort');
    xhr.open('POST', url);
    xhr.send(body);
  });
}

describe('NodeXhr', () => {
  after(() => agent.destroy());

  it('reads a whole response, multi-byte characters split across chunks included', async () => {
    const text = JSON.stringify([{ channel: '/v2/me/calls', data: { note: 'Grüße, 通話 ☎' } }]);
    const bytes = Buffer.from(text, 'utf8');
    const split = bytes.indexOf(Buffer.from('通', 'utf8')) + 1; // inside a 3-byte character
    const server = await tinyServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(bytes.subarray(0, split));
      setImmediate(() => res.end(bytes.subarray(split)));
    });
    try {
      const xhr = new NodeXhr(hooks());
      assert.equal(await send(xhr, server.url, '[]'), 'load');
      assert.equal(xhr.status, 200);
      assert.equal(xhr.responseText, text);
    } finally {
      await server.close();
    }
  });

  it('stops reading a response over its cap, says why, and closes the connection', async () => {
    let serverSawClose!: () => void;
    const closed = new Promise<void>((resolve) => (serverSawClose = resolve));
    const server = await tinyServer(endlessBody(() => serverSawClose()));
    const tooLarge: number[] = [];
    try {
      const xhr = new NodeXhr(hooks({ maxResponseBytes: 256 * 1024, onTooLarge: (_url, max) => tooLarge.push(max) }));
      assert.equal(await send(xhr, server.url, '[]'), 'error');
      assert.equal(xhr.statusText, 'the notification response was larger than 256 KiB and was not read');
      assert.equal(xhr.responseText, '');
      assert.deepEqual(tooLarge, [256 * 1024]);
      await closed;
    } finally {
      await server.close();
    }
  });

  it('cometd gets the reason as a failed request from the long-polling transport', async () => {
    const server = await tinyServer(endlessBody(() => undefined));
    try {
      const transport = new CookieLongPollingTransport(hooks({ maxResponseBytes: 64 * 1024 }));
      const reason = await new Promise<string>((resolve, reject) => {
        const packet: XhrPacket = {
          url: server.url,
          body: '[]',
          onSuccess: () => reject(new Error('an endless response was accepted')),
          onError: (why) => resolve(why),
        };
        transport.xhrSend(packet);
      });
      assert.match(reason, /larger than 64 KiB/);
    } finally {
      await server.close();
    }
  });

  it('the default cap leaves room for a 43 MB batch of 20,000 notifications', () => {
    assert.equal(MAX_LONG_POLL_RESPONSE_BYTES, 64 * 1024 * 1024);
    assert.ok(MAX_LONG_POLL_RESPONSE_BYTES > 43_000_000 * 1.4);
  });
});
