// Raw HTTP/1.1 over a TCP socket, for the requests no HTTP client would send (unparsable
// targets, odd upgrades, Expect: 100-continue by hand). Talks to the simulator only.
import net from 'node:net';

/**
 * Writes `text` as is on a fresh TCP connection to the simulator and resolves with every
 * byte it answered once the server closed the connection, or once `until` holds for what
 * arrived so far (the connection is then closed here). For requests no HTTP client would
 * send. `closedByServer` tells which of the two ended it.
 */
export function rawExchange(
  url: string,
  text: string | Buffer,
  until: (received: string) => boolean = () => false,
  timeoutMs = 8000,
): Promise<{ received: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let received = '';
    let settled = false;
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    const finish = (closedByServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer });
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms; received so far: ${JSON.stringify(received.slice(0, 500))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (until(received)) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
  });
}

/** Status code of a raw HTTP/1.1 answer (NaN when there is none). */
export function rawStatus(received: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1]);
}

/** The body of a complete raw HTTP/1.1 answer with Content-Length, parsed as JSON. */
export function rawJsonBody(received: string): unknown {
  return JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
}

/** A complete raw HTTP/1.1 answer with a Content-Length header has arrived. */
export function rawAnswerComplete(received: string): boolean {
  const headerEnd = received.indexOf('\r\n\r\n');
  if (headerEnd < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(received.slice(0, headerEnd))?.[1];
  return length !== undefined && Buffer.byteLength(received.slice(headerEnd + 4), 'latin1') >= Number(length);
}
