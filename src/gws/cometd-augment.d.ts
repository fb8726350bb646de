// cometd 9's cometd.d.ts declares neither the transport classes (exported by cometd.js) nor
// the `failure` a failed meta message carries. Declare only what notificationClient.ts uses.
import 'cometd';

declare module 'cometd' {
  /** What cometd puts on a meta message that failed at the transport level. */
  export interface TransportFailure {
    reason?: string;
    httpCode?: number;
    exception?: unknown;
    websocketCode?: number;
    connectionType?: string;
  }

  interface Message {
    failure?: TransportFailure;
    /** Set by cometd on /meta/handshake replies after the first one. */
    reestablish?: boolean;
  }

  /** The envelope LongPollingTransport hands to xhrSend(). */
  export interface XhrPacket {
    url: string;
    sync?: boolean;
    headers?: Record<string, string>;
    body: string;
    onSuccess(responseText: string): void;
    onError(reason: string, exception?: unknown): void;
  }

  /** The XMLHttpRequest subset cometd reads back (status, readyState, abort). */
  export interface XhrLike {
    readonly readyState: number;
    readonly status: number;
    readonly statusText: string;
    abort(): void;
  }

  export class LongPollingTransport implements Transport {
    readonly type: string;
    url: string;
    accept(version: string, crossDomain: boolean, url: string): boolean;
    abort(): void;
    xhrSend(packet: XhrPacket): XhrLike;
  }

  export class WebSocketTransport implements Transport {
    readonly type: string;
    url: string;
    accept(version: string, crossDomain: boolean, url: string): boolean;
    abort(): void;
    send(envelope: unknown, metaConnect: boolean): void;
  }
}
