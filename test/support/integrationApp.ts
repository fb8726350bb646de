// A test "application" (issue 13): what a developer's own GWS integration looks like, written the
// way one would write it in plain Node (axios for REST, the cometd client for notifications),
// without the extension's client (src/gws), so the recording proxy is tested against someone
// else's idea of the protocol. It signs in, subscribes, dials, records, hangs up and disconnects,
// and returns a transcript of what it saw, in order: test/unit/proxy/transparency.test.ts runs
// it with and without the proxy and compares the two.
//
// The order is made deterministic per step: each REST response is written down when it arrives,
// then the step waits for the notification that shows its effect, then every notification that
// arrived meanwhile follows it. (A notification may overtake its REST response on another
// connection; GWS promises no order there, docs/gws-notes.md#request-model.)
import axios, { type AxiosResponse } from 'axios';
import * as cometdModule from 'cometd';
import { CometD, type Message } from 'cometd';
import { XMLHttpRequest } from 'cometd-nodejs-client/src/XMLHttpRequest.js';
import WebSocket from 'ws';
// esbuild gives cometd this object as its `window` in the test bundles (see esbuild.js); a
// plain Node application would call cometd-nodejs-client's adapt(), which sets the same two
// properties on a global `window`.
import { cometdWindow } from '../../src/gws/cometdWindow';

export interface IntegrationAppOptions {
  /** The GWS server, or the recording proxy in front of it ("http://127.0.0.1:40123"). */
  baseUrl: string;
  user: string;
  password: string;
  transport: 'long-polling' | 'websocket';
  /** The number to dial (an external number: the simulator's far end answers by itself). */
  destination: string;
  /** How long one step may wait for its notification before the run fails (default 10 s). */
  stepTimeoutMs?: number;
}

export type TranscriptEntry =
  | { kind: 'rest'; method: string; path: string; status: number; body: unknown }
  | { kind: 'meta'; channel: string; subscription?: string; successful: boolean }
  | { kind: 'notification'; channel: string; messageType?: string; notificationType?: string; callId?: string; state?: string; recordingState?: string };

interface CallData {
  messageType?: string;
  notificationType?: string;
  call?: { id?: string; state?: string; recordingState?: string };
  device?: { id?: string; userState?: { state?: string } };
}

const transports = cometdModule as unknown as { LongPollingTransport: new () => object; WebSocketTransport: new () => object };

export async function runIntegrationApp(options: IntegrationAppOptions): Promise<TranscriptEntry[]> {
  const transcript: TranscriptEntry[] = [];
  const arrived: Array<{ channel: string; data: CallData }> = [];
  let wake = (): void => undefined;

  // ---- REST: Basic once, then the JSESSIONID cookie and the CSRF header the server names ----
  const http = axios.create({ baseURL: options.baseUrl, validateStatus: () => true, proxy: false });
  let cookie = '';
  const csrf: Record<string, string> = {};
  const record = (response: AxiosResponse): AxiosResponse => {
    const setCookie = response.headers['set-cookie'];
    const session = setCookie?.map((line) => line.split(';')[0]).find((pair) => pair.startsWith('JSESSIONID='));
    if (session) cookie = session;
    const header = response.headers['x-csrf-header'];
    if (typeof header === 'string') csrf[header] = String(response.headers['x-csrf-token']);
    transcript.push({ kind: 'rest', method: String(response.config.method).toUpperCase(), path: String(response.config.url), status: response.status, body: response.data });
    return response;
  };
  const get = async (path: string): Promise<AxiosResponse> => record(await http.get(path, { headers: { Cookie: cookie } }));
  /** An operation: a refusal ends the run at once, with what GWS said (no waiting for a notification that cannot come). */
  const post = async (path: string, body: { operationName: string; [parameter: string]: unknown }): Promise<AxiosResponse> => {
    const response = record(await http.post(path, body, { headers: { Cookie: cookie, ...csrf, 'Content-Type': 'application/json' } }));
    if (response.status !== 200) throw new Error(`integration app: ${body.operationName} answered HTTP ${response.status} ${JSON.stringify(response.data)}`);
    return response;
  };

  /** Waits for a notification matching `wanted`, then writes down everything that arrived. */
  const settle = async (what: string, wanted: (n: { channel: string; data: CallData }) => boolean): Promise<void> => {
    const timeoutMs = options.stepTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`integration app: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      wake = () => {
        if (!arrived.some(wanted)) return;
        clearTimeout(timer);
        wake = () => undefined;
        resolve();
      };
      wake();
    });
    for (const { channel, data } of arrived.splice(0)) {
      transcript.push({ kind: 'notification', channel, messageType: data.messageType, notificationType: data.notificationType, callId: data.call?.id, state: data.call?.state ?? data.device?.userState?.state, recordingState: data.call?.recordingState });
    }
  };
  const callMessage = (callId: string, notificationType: string, state?: string) => (n: { data: CallData }) =>
    n.data.call?.id === callId && n.data.notificationType === notificationType && (state === undefined || n.data.call.state === state);

  const me = await http.get('/api/v2/me', { auth: { username: options.user, password: options.password } });
  if (record(me).status !== 200) throw new Error(`integration app: sign-in answered HTTP ${me.status}`);

  // ---- CometD on /api/v2/notifications, authenticated by the same cookie ----
  // Put back afterwards: another client in the same bundle may have set its own (bareClient.ts).
  const previous = { XMLHttpRequest: cometdWindow.XMLHttpRequest, WebSocket: cometdWindow.WebSocket };
  cometdWindow.XMLHttpRequest = class extends XMLHttpRequest {
    constructor() {
      super({ globalCookies: {} } as ConstructorParameters<typeof XMLHttpRequest>[0]);
    }
  };
  const upgradeHeaders = { Cookie: cookie };
  cometdWindow.WebSocket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: upgradeHeaders });
    }
  };
  const cometd = new CometD();
  cometd.unregisterTransports();
  if (options.transport === 'websocket') cometd.registerTransport('websocket', new transports.WebSocketTransport() as never);
  else cometd.registerTransport('long-polling', new transports.LongPollingTransport() as never);
  cometd.configure({ url: `${options.baseUrl}/api/v2/notifications`, logLevel: 'warn', requestHeaders: { Cookie: cookie, ...csrf } });
  const meta = (reply: Message, subscription?: string): void => {
    transcript.push({ kind: 'meta', channel: reply.channel, ...(subscription ? { subscription } : {}), successful: reply.successful === true });
  };
  const onMessage = (message: Message): void => {
    arrived.push({ channel: message.channel, data: message.data as CallData });
    wake();
  };
  await new Promise<void>((resolve, reject) => {
    // cometd would keep retrying a failed handshake in the background: stop it, then fail.
    const fail = (what: string, reply: Message): void => {
      cometd.disconnect();
      Object.assign(cometdWindow, previous);
      reject(new Error(`integration app: ${what} failed: ${reply.error ?? 'no reason'}`));
    };
    cometd.handshake((reply) => {
      meta(reply);
      if (!reply.successful) return fail('handshake', reply);
      let pending = 2;
      for (const channel of ['/v2/me/calls', '/v2/me/devices']) {
        cometd.subscribe(channel, onMessage, (ack) => {
          meta(ack, channel);
          if (!ack.successful) fail(`subscribe ${channel}`, ack);
          else if (--pending === 0) resolve();
        });
      }
    });
  });

  try {
    // ---- dial, wait for the far end to answer, record, hang up ----
    const devices = await get('/api/v2/me/devices?fields=*');
    const deviceId = (devices.data as { devices?: Array<{ id: string }> }).devices?.[0]?.id;
    if (!deviceId) throw new Error('integration app: the user has no device');
    await post(`/api/v2/me/devices/${deviceId}/calls`, { operationName: 'Dial', destination: { phoneNumber: options.destination } });
    // The far end answers by itself: Dialing, then Established.
    await settle('Established call', (n) => n.data.notificationType === 'StatusChange' && n.data.call?.state === 'Established');
    const established = transcript.find((e) => e.kind === 'notification' && e.state === 'Established');
    const callId = established?.kind === 'notification' ? String(established.callId) : '';
    await post(`/api/v2/me/calls/${callId}`, { operationName: 'StartCallRecording' });
    await settle('CallRecordingStateChange', callMessage(callId, 'CallRecordingStateChange'));
    await post(`/api/v2/me/calls/${callId}`, { operationName: 'Hangup' });
    await settle('Released call', callMessage(callId, 'StatusChange', 'Released'));
  } finally {
    // Sign out = leave CometD. No EndContactCenterSession: that would log the agent out of
    // voice for every application (docs/gws-notes.md#sign-out).
    await new Promise<void>((resolve) => cometd.disconnect((reply) => (meta(reply), resolve())));
    Object.assign(cometdWindow, previous);
  }
  return transcript;
}
