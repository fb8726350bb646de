// proxy: what the recording proxy (issue 13) costs an integration that goes through it. Three
// processes, as in real use: the simulator (support/simulatorProcess.ts), the proxy with its
// decoder and the model, standing for the extension host (support/proxyChild.ts), and the
// clients (here).
// Latency: one cheap GWS GET (/api/v2/me/calls, links only), sent directly and through the proxy
// alternately (which goes first alternates too), one request at a time on a keep-alive
// connection per route, after a warm-up; added = proxied percentile − direct percentile, floor 0.
// Notifications: the same burst from the simulator to a direct long-polling cometd client
// (agent2), to one that goes through the recording proxy (agent1) and, for reference, to two that
// go through a proxy recording nothing, each in a process of its own: http-proxy-3 alone (agent3,
// bareProxyRatioToDirect: what the library costs) and a TCP relay that copies bytes and parses
// nothing (supervisor1, relayRatioToDirect: what the extra hop itself costs on this machine,
// whatever does the forwarding); in turn, several rounds;
// throughput = messages / (last arrival − publish request), median round; ratio = proxied / direct.
// The proxy decodes off the forwarding path (src/proxy/tapQueue.ts), so it may still be decoding
// when the client has everything: each burst waits until the proxy is idle before the next one
// starts (decoderCatchUpMs: from the burst's last arrival to idle), so a proxied burst's
// decoding never runs into the next measurement. jsonParsePerSecond: JSON.parse of the
// notifications' texts in this process, for comparing runs on a busy machine.
import * as http from 'node:http';
import { BareClient } from '../../test/support/bareClient';
import { Arrivals, waitForArrivals } from '../support/arrivals';
import { startProxyProcess, type ProxyProcess } from '../support/proxyProcess';
import { runSection, type Figures } from '../support/section';
import { NotificationSource } from '../support/notifications';
import { startSimulatorProcess, type SimulatorProcess } from '../support/simulatorProcess';
import { median, percentile, round } from '../support/stats';

const CHEAP_GET = '/api/v2/me/calls';
const CALLS = 50;
const STALL_MS = 10_000;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** One route to the simulator (direct or through the proxy): its own keep-alive connection and session. */
class Route {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private cookie = '';
  readonly samplesMs: number[] = [];

  constructor(private readonly baseUrl: string) {}

  async signIn(user: string): Promise<void> {
    const { status, headers } = await this.request('/api/v2/me', { Authorization: `Basic ${Buffer.from(`${user}:${user}`).toString('base64')}` });
    const session = headers['set-cookie']?.map((line) => line.split(';')[0]).find((pair) => pair.startsWith('JSESSIONID='));
    if (status !== 200 || !session) throw new Error(`sign-in through ${this.baseUrl}: HTTP ${status}`);
    this.cookie = session;
  }

  /** One GET, timed from the call to the last byte of the answer. */
  async timedGet(keep: boolean): Promise<void> {
    const started = process.hrtime.bigint();
    const { status } = await this.request(CHEAP_GET, { Cookie: this.cookie });
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (status !== 200) throw new Error(`GET ${CHEAP_GET} through ${this.baseUrl}: HTTP ${status}`);
    if (keep) this.samplesMs.push(elapsedMs);
  }

  close(): void {
    this.agent.destroy();
  }

  private request(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const request = http.get(new URL(path, this.baseUrl), { agent: this.agent, headers }, (response) => {
        response.on('data', () => undefined);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  }
}

async function measureLatency(direct: Route, proxied: Route, warmUp: number, count: number): Promise<void> {
  for (let i = 0; i < warmUp + count; i++) {
    const keep = i >= warmUp;
    const [first, second] = i % 2 === 0 ? [direct, proxied] : [proxied, direct];
    await first.timedGet(keep);
    await second.timedGet(keep);
  }
}

async function burst(simulator: SimulatorProcess, user: string, count: number, arrivals: () => Arrivals): Promise<number> {
  collectGarbage();
  const current = arrivals();
  const started = Date.now();
  await simulator.publish({ user, count, calls: CALLS });
  await waitForArrivals(current, count, STALL_MS);
  if (current.received < count) throw new Error(`burst to ${user}: ${current.received} of ${count} arrived`);
  return (current.received / Math.max(1, current.lastAt - started)) * 1000;
}

/** JSON.parse of ~2 KB call notifications per second, for about `ms`. */
function jsonParsePerSecond(ms: number): number {
  const texts = new NotificationSource({ calls: CALLS }).take(2_000);
  let parsed = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (const text of texts) if (JSON.parse(text) !== undefined) parsed++;
  }
  return (parsed / (performance.now() - started)) * 1000;
}

/** A bare long-polling cometd subscriber that counts benchmark messages and keeps none. */
async function subscriber(baseUrl: string, user: string, onMessage: (data: unknown) => void): Promise<BareClient> {
  const client = new BareClient(baseUrl);
  const login = await client.login(user);
  if (login.status !== 200) throw new Error(`${user} through ${baseUrl}: sign-in HTTP ${login.status}`);
  await client.connect('long-polling');
  void client.until(() => {
    for (const notification of client.notifications) onMessage(notification.data);
    client.notifications.length = 0;
    return false;
  }, 24 * 3600_000);
  return client;
}

runSection('proxy', async ({ quick, log }): Promise<Figures> => {
  const warmUp = quick ? 20 : 500;
  const requests = quick ? 100 : 2_000;
  const burstCount = quick ? 1_000 : 20_000;
  const rounds = quick ? 1 : 9;
  const simulator = await startSimulatorProcess();
  let proxy: ProxyProcess | undefined;
  let bareProxy: ProxyProcess | undefined;
  let relay: ProxyProcess | undefined;
  const clients: BareClient[] = [];
  const routes: Route[] = [];
  try {
    proxy = await startProxyProcess(simulator.url);
    log(`simulator at ${simulator.url}, recording proxy at ${proxy.url}`);

    const direct = new Route(simulator.url);
    const proxied = new Route(proxy.url);
    routes.push(direct, proxied);
    await direct.signIn('agent3');
    await proxied.signIn('agent3');
    await measureLatency(direct, proxied, warmUp, requests);
    const p = (route: Route, q: number): number => percentile(route.samplesMs, q);
    log(`GET ${CHEAP_GET} ×${requests}: direct p50 ${p(direct, 50).toFixed(2)} / p99 ${p(direct, 99).toFixed(2)} ms, proxied p50 ${p(proxied, 50).toFixed(2)} / p99 ${p(proxied, 99).toFixed(2)} ms`);

    let directArrivals = new Arrivals();
    let proxiedArrivals = new Arrivals();
    let bareArrivals = new Arrivals();
    let relayArrivals = new Arrivals();
    bareProxy = await startProxyProcess(simulator.url, 'bare');
    relay = await startProxyProcess(simulator.url, 'relay');
    clients.push(await subscriber(simulator.url, 'agent2', (data) => directArrivals.observe(data)));
    clients.push(await subscriber(proxy.url, 'agent1', (data) => proxiedArrivals.observe(data)));
    clients.push(await subscriber(bareProxy.url, 'agent3', (data) => bareArrivals.observe(data)));
    clients.push(await subscriber(relay.url, 'supervisor1', (data) => relayArrivals.observe(data)));
    const proxiedRates: number[] = [];
    const directRates: number[] = [];
    const bareRates: number[] = [];
    const relayRates: number[] = [];
    const catchUpMs: number[] = [];
    const kinds = ['proxied', 'direct', 'bare', 'relay'] as const;
    const run = async (route: (typeof kinds)[number]): Promise<void> => {
      if (route === 'proxied') {
        proxiedRates.push(await burst(simulator, 'agent1', burstCount, () => (proxiedArrivals = new Arrivals())));
        await proxy!.idle();
        catchUpMs.push(Math.max(0, Date.now() - proxiedArrivals.lastAt));
      } else if (route === 'direct') directRates.push(await burst(simulator, 'agent2', burstCount, () => (directArrivals = new Arrivals())));
      else if (route === 'bare') bareRates.push(await burst(simulator, 'agent3', burstCount, () => (bareArrivals = new Arrivals())));
      else relayRates.push(await burst(simulator, 'supervisor1', burstCount, () => (relayArrivals = new Arrivals())));
    };
    if (!quick) {
      // Unmeasured: warms the clients' code and the proxies'.
      for (const kind of kinds) await run(kind);
      proxiedRates.length = directRates.length = bareRates.length = relayRates.length = catchUpMs.length = 0;
    }
    await proxy.idle();
    const parsePerSecond = jsonParsePerSecond(quick ? 100 : 1_000);
    for (let i = 0; i < rounds; i++) {
      // Which goes first turns round, so none always meets a warmer (or busier) machine.
      for (let k = 0; k < kinds.length; k++) await run(kinds[(i + k) % kinds.length]);
      log(`burst ${i + 1}: proxied ${Math.round(proxiedRates[i])}/s (decoded ${catchUpMs[i]} ms after the last arrival), direct ${Math.round(directRates[i])}/s, bare http-proxy-3 ${Math.round(bareRates[i])}/s, TCP relay ${Math.round(relayRates[i])}/s`);
    }
    const proxiedPerSecond = median(proxiedRates);
    const directPerSecond = median(directRates);
    const decoded = await proxy.stop();
    proxy = undefined;
    return {
      addedLatencyP50Ms: round(Math.max(0, p(proxied, 50) - p(direct, 50)), 3),
      addedLatencyP99Ms: round(Math.max(0, p(proxied, 99) - p(direct, 99)), 3),
      notificationRatioToDirect: round(proxiedPerSecond / directPerSecond),
      // The same through proxies that record nothing: http-proxy-3 alone, and a TCP relay (the
      // floor of any proxy process here, however it forwards).
      bareProxyRatioToDirect: round(median(bareRates) / directPerSecond),
      relayRatioToDirect: round(median(relayRates) / directPerSecond),
      requests,
      directP50Ms: round(p(direct, 50), 3),
      directP99Ms: round(p(direct, 99), 3),
      proxiedP50Ms: round(p(proxied, 50), 3),
      proxiedP99Ms: round(p(proxied, 99), 3),
      burstCount,
      burstProxiedPerSecond: Math.round(proxiedPerSecond),
      burstDirectPerSecond: Math.round(directPerSecond),
      decoderCatchUpMs: Math.round(median(catchUpMs)),
      jsonParsePerSecond: Math.round(parsePerSecond),
      // Every long-poll answer of a burst is recorded and decoded (DEFAULT_MAX_RECORDED_BODY_BYTES
      // is 64 MiB): proxyDecodedNotifications should equal proxiedNotifications.
      proxiedNotifications: proxiedRates.length * burstCount + (quick ? 0 : burstCount),
      proxyDecodedNotifications: decoded?.notifications ?? Number.NaN,
    };
  } finally {
    for (const route of routes) route.close();
    for (const client of clients) await client.disconnect().catch(() => undefined);
    await proxy?.stop();
    await bareProxy?.stop();
    await relay?.stop();
    await simulator.stop();
  }
});
