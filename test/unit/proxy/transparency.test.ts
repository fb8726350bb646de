// The recording proxy is transparent (issue 13): a developer's integration behaves the same with
// and without it. The same test application (test/support/integrationApp.ts) runs once directly
// against a fresh simulator and once through a proxy against another fresh simulator with the
// same options; after the generated ids and each server's own URL are replaced by placeholders,
// the two transcripts (REST responses, CometD meta replies, notifications, in order) are equal.
import assert from 'node:assert/strict';
import { listenRecordingProxy } from '../../../src/proxy/recordingProxy';
import type { ProxyTap } from '../../../src/proxy/proxyTraffic';
import { startSimulator, type SimulatorOptions } from '../../../src/simulator/index';
import { runIntegrationApp, type IntegrationAppOptions, type TranscriptEntry } from '../../support/integrationApp';

const SIMULATOR: SimulatorOptions = { scenario: 'none', answerDelayMs: 50 };
const APP = { user: 'agent1', password: 'agent1', destination: '5551234' } as const;

/** Ids the simulator generates (call ids, UUIDs, user ids, ConnIDs): placeholders numbered by first appearance. */
const GENERATED_ID = /\b(?:[0-9A-V]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[0-9a-f]{16})\b/g;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}[T_]\d{2}[:-]\d{2}[:-]\d{2}(?:\.\d+)?Z?\b/g;

/**
 * The transcript with `serverUrl` (the simulator that answered) as "<server>", generated ids as
 * "<id1>", "<id2>"… and times as "<time>". The same id gets the same placeholder everywhere, so
 * a response that names another call than its notification still differs.
 */
function normalise(transcript: TranscriptEntry[], serverUrl: string): unknown {
  const ids = new Map<string, string>();
  const text = (value: string): string =>
    value
      .split(serverUrl)
      .join('<server>')
      .replace(ISO_TIME, '<time>')
      .replace(GENERATED_ID, (id) => {
        if (!ids.has(id)) ids.set(id, `<id${ids.size + 1}>`);
        return ids.get(id) as string;
      });
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    return value;
  };
  return walk(transcript);
}

async function runDirect(transport: IntegrationAppOptions['transport']): Promise<unknown> {
  const sim = await startSimulator(SIMULATOR);
  try {
    return normalise(await runIntegrationApp({ ...APP, baseUrl: sim.url, transport }), sim.url);
  } finally {
    await sim.stop();
  }
}

async function runProxied(transport: IntegrationAppOptions['transport']): Promise<{ transcript: unknown; taps: ProxyTap[] }> {
  const sim = await startSimulator(SIMULATOR);
  const taps: ProxyTap[] = [];
  try {
    const proxy = await listenRecordingProxy({ target: sim.url, host: '127.0.0.1', port: 0, rejectUnauthorized: true }, (tap) => taps.push(tap));
    try {
      assert.notEqual(proxy.url, sim.url);
      return { transcript: normalise(await runIntegrationApp({ ...APP, baseUrl: proxy.url, transport }), sim.url), taps };
    } finally {
      await proxy.stop();
    }
  } finally {
    await sim.stop();
  }
}

function kinds(transcript: unknown): string[] {
  return (transcript as TranscriptEntry[]).map((entry) =>
    entry.kind === 'rest' ? `${entry.method} ${entry.status}` : entry.kind === 'meta' ? `${entry.channel}${entry.successful ? '' : ' failed'}` : `${entry.notificationType} ${entry.state ?? ''}`.trim(),
  );
}

describe('recording proxy: transparent to the application', function () {
  this.timeout(30_000);

  for (const transport of ['long-polling', 'websocket'] as const) {
    it(`${transport}: the same responses and notifications, in the same order, with and without the proxy`, async () => {
      const direct = await runDirect(transport);
      const { transcript: proxied, taps } = await runProxied(transport);

      // The run did what it says: otherwise two equally broken runs would pass.
      assert.deepEqual(kinds(direct), [
        'GET 200',
        '/meta/handshake',
        '/meta/subscribe',
        '/meta/subscribe',
        'GET 200',
        'POST 200',
        'StatusChange Dialing',
        'StatusChange Established',
        'POST 200',
        'CallRecordingStateChange Established',
        'POST 200',
        'StatusChange Released',
        '/meta/disconnect',
      ]);
      assert.deepEqual(proxied, direct);

      // …and the proxied run really went through the proxy, every REST request and the CometD traffic.
      const requests = taps.filter((tap) => tap.kind === 'request');
      const restPaths = requests.map((tap) => `${tap.method} ${tap.path}`).filter((line) => !line.includes('/api/v2/notifications'));
      assert.deepEqual(
        restPaths.map((line) => line.replace(GENERATED_ID, '<id>')),
        ['GET /api/v2/me', 'GET /api/v2/me/devices?fields=*', 'POST /api/v2/me/devices/<id>/calls', 'POST /api/v2/me/calls/<id>', 'POST /api/v2/me/calls/<id>'],
      );
      const bayeux =
        transport === 'websocket'
          ? taps.filter((tap) => tap.kind === 'wsMessage').map((tap) => tap.text)
          : requests.filter((tap) => tap.path.startsWith('/api/v2/notifications')).map((tap) => tap.body ?? '');
      for (const channel of ['/meta/handshake', '/meta/subscribe', '/meta/connect', '/meta/disconnect']) {
        assert.ok(bayeux.some((text) => text.includes(`"${channel}"`)), `the proxy saw no ${channel}`);
      }
      if (transport === 'websocket') assert.equal(taps.filter((tap) => tap.kind === 'wsOpen').length, 1);

      // The recording holds no credential: the Basic header of the sign-in is redacted.
      const basic = Buffer.from(`${APP.user}:${APP.password}`).toString('base64');
      assert.ok(!JSON.stringify(taps).includes(basic), 'a tap holds the Basic credentials');
    });
  }
});
