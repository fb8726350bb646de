// cometd-nodejs-client ships no types for its XMLHttpRequest module; declare what the tests' bare client (test/support/bareClient.ts) uses.
declare module 'cometd-nodejs-client/src/XMLHttpRequest.js' {
  export interface NodeXhrOptions {
    cookies?: {
      storeCookie?(context: unknown, uri: URL, header: string, callback: (failure?: unknown) => void): void;
      retrieveCookies?(context: unknown, uri: URL, callback: (failure: unknown, cookies: string[]) => void): void;
    };
    httpProxy?: { uri?: string; includes?: string[]; excludes?: string[] };
  }
  export class XMLHttpRequest {
    constructor(options?: NodeXhrOptions);
    static UNSENT: number;
    static DONE: number;
    context: unknown;
    readonly readyState: number;
    readonly responseText: string;
    readonly status: number;
    readonly statusText: string;
    open(method: string, uri: string | URL): void;
    setRequestHeader(name: string, value: string): void;
    send(data?: string): void;
    abort(): void;
    onload?: () => void;
    onerror?: () => void;
  }
}
