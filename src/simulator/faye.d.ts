// faye 1.4.3 ships no types; declare the server-side surface the simulator uses.
declare module 'faye' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Duplex } from 'node:stream';

  export interface BayeuxMessage {
    channel: string;
    clientId?: string;
    id?: string;
    data?: unknown;
    subscription?: string | string[];
    error?: string;
    successful?: boolean;
    connectionType?: string;
    advice?: Record<string, unknown>;
    ext?: unknown;
    [key: string]: unknown;
  }

  /** `request` is the HTTP request (or the websocket upgrade request) the message came in. */
  export interface FayeExtension {
    incoming?(message: BayeuxMessage, request: IncomingMessage | null, callback: (message: BayeuxMessage) => void): void;
    outgoing?(message: BayeuxMessage, request: IncomingMessage | null, callback: (message: BayeuxMessage) => void): void;
  }

  export interface NodeAdapterOptions {
    mount: string;
    /** Long-poll hold time in seconds. */
    timeout?: number;
    /** Websocket ping interval in seconds. */
    ping?: number;
  }

  export class NodeAdapter {
    constructor(options: NodeAdapterOptions);
    addExtension(extension: FayeExtension): void;
    handle(request: IncomingMessage, response: ServerResponse): void;
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
    close(): void;
    on(event: 'handshake' | 'disconnect', listener: (clientId: string) => void): void;
  }
}
