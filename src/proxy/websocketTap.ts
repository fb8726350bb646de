// Reads the text messages of a websocket whose bytes the recording proxy passes on unchanged
// (recordingProxy.ts). The proxy does not terminate the websocket: http-proxy-3 pipes the two
// TCP streams, so the application and GWS negotiate extensions, pings and close codes with each
// other exactly as without the proxy. This tap only listens, with one `ws` Receiver per
// direction (the frame parser `ws` itself uses), set up with the extensions the upgrade answer
// negotiated, so permessage-deflate (with or without context takeover) decodes as well.
// A frame the tap cannot read stops the tap for that direction, never the traffic.
// Facts: docs/recording-proxy.md#websockets.
import * as wsModule from 'ws';

export type WebSocketDirection = 'toServer' | 'toClient';

export interface WebSocketTapListener {
  /** One complete text message. `text` is '' and `omittedBytes` set when it is larger than the limit. */
  message(direction: WebSocketDirection, text: string, omittedBytes?: number): void;
  /** The first close frame seen, from either side. */
  close(code: number, reason: string): void;
  /** The tap stopped reading one direction; never carries message content. */
  problem(text: string): void;
}

// `ws` exports these as named exports (wrapper.mjs, and index.js for require); @types/ws does
// not declare them.
interface ReceiverLike {
  write(chunk: Buffer): boolean;
  on(event: 'message', listener: (data: Buffer | Buffer[] | ArrayBuffer, isBinary: boolean) => void): this;
  on(event: 'conclude', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'ping' | 'pong', listener: (data: Buffer) => void): this;
  destroy(): void;
}
interface PerMessageDeflateLike {
  accept(configurations: unknown): unknown;
  cleanup(): void;
}
const wsInternals = wsModule as unknown as {
  Receiver: new (options: { isServer: boolean; maxPayload: number; extensions: Record<string, PerMessageDeflateLike>; skipUTF8Validation: boolean }) => ReceiverLike;
  PerMessageDeflate: new (options: { isServer: boolean; maxPayload: number }) => PerMessageDeflateLike & { constructor: { extensionName: string } };
  extension: { parse(header: string): Record<string, unknown[]> };
};

/** Messages larger than this are not decoded at all (the parser would have to hold them). */
const MAX_DECODED_MESSAGE_BYTES = 64 * 1024 * 1024;

export class WebSocketTap {
  private readonly readers = new Map<WebSocketDirection, ReceiverLike>();
  private readonly deflaters: PerMessageDeflateLike[] = [];
  private closed = false;

  /**
   * @param extensionsHeader the upgrade answer's Sec-WebSocket-Extensions (what was negotiated)
   * @param maxRecordedBytes longer messages are reported without their text
   */
  constructor(
    extensionsHeader: string | undefined,
    private readonly maxRecordedBytes: number,
    private readonly listener: WebSocketTapListener,
  ) {
    for (const direction of ['toServer', 'toClient'] as const) {
      try {
        this.readers.set(direction, this.createReader(direction, extensionsHeader));
      } catch (error) {
        listener.problem(`cannot read websocket frames ${direction === 'toServer' ? 'to the server' : 'to the application'}: ${describe(error)}`);
      }
    }
  }

  /** Bytes as they passed on the wire in `direction`. */
  write(direction: WebSocketDirection, chunk: Buffer): void {
    const reader = this.readers.get(direction);
    if (!reader) return;
    try {
      reader.write(chunk);
    } catch (error) {
      this.stop(direction, error);
    }
  }

  /** Releases the parsers and their zlib streams. */
  dispose(): void {
    for (const reader of this.readers.values()) reader.destroy();
    this.readers.clear();
    for (const deflater of this.deflaters.splice(0)) deflater.cleanup();
  }

  private createReader(direction: WebSocketDirection, extensionsHeader: string | undefined): ReceiverLike {
    // Frames to the server are masked and parsed as a server parses them.
    const isServer = direction === 'toServer';
    const extensions: Record<string, PerMessageDeflateLike> = {};
    const negotiated = extensionsHeader ? wsInternals.extension.parse(extensionsHeader) : {};
    const deflate = negotiated['permessage-deflate'];
    if (deflate) {
      const perMessageDeflate = new wsInternals.PerMessageDeflate({ isServer, maxPayload: MAX_DECODED_MESSAGE_BYTES });
      // The answer's parameters are what both sides use; accepting them as the only "offer"
      // (server side) or as the answer (client side) sets exactly those.
      perMessageDeflate.accept(deflate);
      extensions['permessage-deflate'] = perMessageDeflate;
      this.deflaters.push(perMessageDeflate);
    }
    const unknown = Object.keys(negotiated).filter((name) => name !== 'permessage-deflate');
    if (unknown.length > 0) throw new Error(`unsupported websocket extension ${unknown.join(', ')}`);
    const reader = new wsInternals.Receiver({ isServer, maxPayload: MAX_DECODED_MESSAGE_BYTES, extensions, skipUTF8Validation: false });
    reader.on('message', (data, isBinary) => {
      if (isBinary) return;
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (buffer.length > this.maxRecordedBytes) this.listener.message(direction, '', buffer.length);
      else this.listener.message(direction, buffer.toString('utf8'));
    });
    reader.on('conclude', (code, reason) => {
      if (this.closed) return;
      this.closed = true;
      this.listener.close(code, reason.toString('utf8'));
    });
    reader.on('error', (error) => this.stop(direction, error));
    // Pings and pongs are passed on by the pipe; the tap has nothing to answer.
    reader.on('ping', () => undefined);
    reader.on('pong', () => undefined);
    return reader;
  }

  private stop(direction: WebSocketDirection, error: unknown): void {
    const reader = this.readers.get(direction);
    if (!reader) return;
    this.readers.delete(direction);
    reader.destroy();
    this.listener.problem(`stopped reading websocket messages ${direction === 'toServer' ? 'to the server' : 'to the application'}: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
