// endToEnd: the simulator in its own process publishes over long-polling to
//   - the extension's real client (GwsSession signed in as agent1) feeding the Pipeline,
//     StreamLog and the panel's batching: a message counts as received once it is stored;
//   - a bare cometd subscriber (test/support/bareClient.ts, signed in as agent2), for the
//     side-by-side burst. Different users, so each publish reaches exactly one of them and
//     both stay connected (no re-handshakes between rounds).
// Paced: 2,000/s for 10 s to agent1 (sent, received, publish → stored latency).
// Burst: 20,000 at once, alternately to each, fifteen rounds; throughput = messages / (last
// arrival − publish request), median round. Before the rounds, one unmeasured burst each:
// it brings the extension's stream log to its capacity (50,000 events), the steady state of
// a long session, and warms both clients' code.
import { GwsSession } from '../../src/gws/gwsSession';
import { CallStore } from '../../src/model/callStore';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { BareClient } from '../../test/support/bareClient';
import { Arrivals, waitForArrivals } from '../support/arrivals';
import { RowBatcher } from '../support/rowBatcher';
import { runSection, type Figures } from '../support/section';
import { startSimulatorProcess, type SimulatorProcess } from '../support/simulatorProcess';
import { median, round } from '../support/stats';

const CALLS = 50;
const STALL_MS = 10_000;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface BurstResult {
  perSecond: number;
  received: number;
  p99Ms: number;
}

async function burst(simulator: SimulatorProcess, user: string, count: number, arrivals: () => Arrivals): Promise<BurstResult> {
  collectGarbage();
  const current = arrivals();
  const started = Date.now();
  await simulator.publish({ user, count, calls: CALLS });
  await waitForArrivals(current, count, STALL_MS);
  const elapsed = Math.max(1, current.lastAt - started);
  return { perSecond: (current.received / elapsed) * 1000, received: current.received, p99Ms: current.latencyPercentile(99) };
}

runSection('endToEnd', async ({ quick, log }): Promise<Figures> => {
  const rate = 2_000;
  const pacedCount = quick ? 400 : rate * 10;
  const burstCount = quick ? 1_000 : 20_000;
  const rounds = quick ? 1 : 15;
  const logCapacity = 50_000;
  const simulator = await startSimulatorProcess();
  log(`simulator at ${simulator.url}`);
  const session = new GwsSession({ baseUrl: simulator.url, userName: 'agent1', password: 'agent1' });
  const streamLog = new StreamLog(logCapacity);
  const pipeline = new Pipeline(new CallStore(), streamLog, { noNotificationWarningMs: 5_000 });
  const batcher = new RowBatcher(streamLog, true);
  const bare = new BareClient(simulator.url);
  try {
    pipeline.attach(session);
    let pipelineArrivals = new Arrivals();
    // A message counts once the stream log holds it (the point where the inspector can show it).
    streamLog.onDidAppend((records) => {
      for (const record of records) pipelineArrivals.observe((record.envelope as { data?: unknown } | undefined)?.data);
    });
    await session.signIn();

    let bareArrivals = new Arrivals();
    const login = await bare.login('agent2');
    if (login.status !== 200) throw new Error(`bare client sign-in: HTTP ${login.status}`);
    await bare.connect('long-polling');
    // The bare subscriber keeps nothing: its probe counts each message and empties the list.
    void bare.until(() => {
      for (const notification of bare.notifications) bareArrivals.observe(notification.data);
      bare.notifications.length = 0;
      return false;
    }, 24 * 3600_000);

    log(`paced: ${pacedCount} at ${rate}/s to the pipeline`);
    const published = await simulator.publish({ user: 'agent1', count: pacedCount, ratePerSecond: rate, calls: CALLS });
    await waitForArrivals(pipelineArrivals, published.sent, STALL_MS);
    const paced = pipelineArrivals;
    log(`paced: sent ${published.sent} in ${published.elapsedMs} ms, received ${paced.received}, p99 ${paced.latencyPercentile(99)} ms`);

    const fill = Math.max(0, logCapacity - streamLog.size);
    if (!quick && fill > 0) await burst(simulator, 'agent1', fill, () => (pipelineArrivals = new Arrivals()));
    if (!quick) await burst(simulator, 'agent2', burstCount, () => (bareArrivals = new Arrivals()));
    const pipelineBursts: BurstResult[] = [];
    const bareBursts: BurstResult[] = [];
    for (let i = 0; i < rounds; i++) {
      pipelineBursts.push(await burst(simulator, 'agent1', burstCount, () => (pipelineArrivals = new Arrivals())));
      bareBursts.push(await burst(simulator, 'agent2', burstCount, () => (bareArrivals = new Arrivals())));
      log(`burst ${i + 1}: pipeline ${Math.round(pipelineBursts[i].perSecond)}/s, bare ${Math.round(bareBursts[i].perSecond)}/s`);
    }
    const pipelinePerSecond = median(pipelineBursts.map((b) => b.perSecond));
    const barePerSecond = median(bareBursts.map((b) => b.perSecond));
    return {
      sent: published.sent,
      received: paced.received,
      p50Ms: paced.latencyPercentile(50),
      p99Ms: paced.latencyPercentile(99),
      burstRatioToBareCometd: round(pipelinePerSecond / barePerSecond),
      duplicates: paced.duplicates,
      burstPipelinePerSecond: Math.round(pipelinePerSecond),
      burstBarePerSecond: Math.round(barePerSecond),
      burstPipelineReceived: Math.min(...pipelineBursts.map((b) => b.received)),
      burstBareReceived: Math.min(...bareBursts.map((b) => b.received)),
      burstCount,
      burstPipelineP99Ms: median(pipelineBursts.map((b) => b.p99Ms)),
      burstBareP99Ms: median(bareBursts.map((b) => b.p99Ms)),
      postsToPage: batcher.stats.posts,
    };
  } finally {
    batcher.dispose();
    await bare.disconnect().catch(() => undefined);
    await session.signOut().catch(() => undefined);
    session.dispose();
    await simulator.stop();
  }
});
