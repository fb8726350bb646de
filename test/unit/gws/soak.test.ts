// Soak under faults (issue 11): one signed-in session, fed by the real pipeline (store, diffs,
// stream), while the simulator publishes ~500 notifications/s to the user, goes through 10
// restarts, 10 dropped connections and 5 expired sessions, interleaved. After each fault:
//   - back within 5 s of the server being back: state 'connected' after a resync snapshot;
//   - the stream has exactly one gapStart row and one gapEnd row for it;
//   - the client's calls equal the server's (GET /sim/state) once resynced;
//   - notifications flow again, none is shown twice (each carries a unique call id +
//     userData.BenchSeq from /sim/publish), and every CometD client the simulator saw
//     subscribed to each channel exactly once (its request log, GET /sim/requests).
// Faults go through the /sim/ HTTP API; the notifications are published in-process
// (sim.control.publish): a restart cuts every open connection, which would cut a long
// POST /sim/publish too. Waits are on conditions, bounded; traffic is loopback only.
// The figures are printed as one "[soak]" line.
import * as assert from 'node:assert/strict';
import { GwsSession } from '../../../src/gws/gwsSession';
import { CallStore } from '../../../src/model/callStore';
import { Pipeline, type PipelineAttachment } from '../../../src/model/pipeline';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import { startSimulator, type LoggedRequest, type RunningSimulator, type SimState, type SimulatorControl } from '../../../src/simulator';
import type { ConnectionState, GapEndDetail } from '../../../src/wire/sessionEvents';
import { SimControl, waitFor } from './support';

type Fault = 'restart' | 'drop-connections' | 'expire-sessions';

/** 10 restarts, 10 drops, 5 expiries, interleaved. */
const FAULTS: Fault[] = Array.from({ length: 5 }, () => ['restart', 'drop-connections', 'restart', 'drop-connections', 'expire-sessions'] as Fault[]).flat();
const RATE_PER_SECOND = 500;
/** The requirement: connected and resynced this soon after the server is back. */
const BACK_WITHIN_MS = 5_000;
/** How long any one wait may take before the soak fails (generous: a loaded 2-core machine). */
const WAIT_MS = 20_000;
const CHANNELS = ['/v2/me/*'];
/** Steady traffic between faults: this many notifications received (about 2 s) before the next. */
const STEADY_NOTIFICATIONS = 1_000;

/** Publishes ~RATE_PER_SECOND notifications/s in half-second batches until stopped. */
class Publisher {
  published = 0;
  private running = true;
  private readonly done: Promise<void>;

  constructor(control: SimulatorControl) {
    this.done = (async () => {
      while (this.running) {
        const { sent } = await control.publish({ user: 'agent1', count: RATE_PER_SECOND / 2, ratePerSecond: RATE_PER_SECOND, calls: 5 });
        this.published += sent;
      }
    })();
  }

  /** Resolves once the last batch was handed to the Bayeux server. */
  stop(): Promise<void> {
    this.running = false;
    return this.done;
  }
}

/** What the soak watches: state changes and snapshots with their times, and the stream's rows. */
class Watch {
  readonly states: Array<{ state: ConnectionState; at: number }> = [];
  readonly resyncs: number[] = [];
  readonly gapRows: StreamRecord[] = [];
  readonly seen = new Set<string>();
  duplicates: string[] = [];
  /** Bench notifications shown in the stream (unique). */
  received = 0;
  otherNotifications = 0;

  constructor(session: GwsSession, log: StreamLog) {
    session.onDidChangeConnectionState((state) => this.states.push({ state, at: Date.now() }));
    session.onSnapshot((snapshot) => {
      if (snapshot.reason === 'resync') this.resyncs.push(snapshot.time);
    });
    log.onDidAppend((records) => {
      for (const record of records) {
        if (record.kind === 'notification') this.countNotification(record);
        else if (record.type === 'gapStart' || record.type === 'gapEnd') this.gapRows.push(record);
      }
    });
  }

  private countNotification(record: StreamRecord): void {
    const call = (record.envelope as { data?: { call?: { id?: string; userData?: { BenchSeq?: number } } } } | undefined)?.data?.call;
    const seq = call?.userData?.BenchSeq;
    if (typeof call?.id !== 'string' || !call.id.startsWith('BENCH') || typeof seq !== 'number') {
      this.otherNotifications++;
      return;
    }
    // Each /sim/publish batch makes calls with new random ids; BenchSeq counts within the batch.
    const key = `${call.id}#${seq}`;
    if (this.seen.has(key)) this.duplicates.push(key);
    else {
      this.seen.add(key);
      this.received++;
    }
  }
}

interface FaultResult {
  fault: Fault;
  /** ms from the server being back (the fault's answer) to 'connected' after the resync. */
  reconnectMs: number;
  gapMs: number;
  handshakes: number;
  /** The store already equalled the server's calls when the session was back (no notification needed). */
  matchedWhenBack: boolean;
}

function agentCalls(state: SimState): string[] {
  return state.calls
    .filter((call) => call.userName === 'agent1')
    .map((call) => `${String(call.id)}:${String(call.state)}`)
    .sort();
}

function storeCalls(store: CallStore): string[] {
  return store
    .list()
    .filter((call) => typeof call.id === 'string' && !call.id.startsWith('BENCH'))
    .map((call) => `${call.id}:${String(call.state)}`)
    .sort();
}

/** /meta/subscribe messages in a slice of the simulator's request log, per clientId and channel. */
function subscriptionsByClient(requests: LoggedRequest[]): Map<string, Map<string, number>> {
  const byClient = new Map<string, Map<string, number>>();
  for (const request of requests) {
    if (!request.path.startsWith('/api/v2/notifications') || !Array.isArray(request.body)) continue;
    for (const message of request.body as Array<{ channel?: string; clientId?: string; subscription?: string }>) {
      if (message.channel !== '/meta/subscribe' || !message.clientId || !message.subscription) continue;
      const channels = byClient.get(message.clientId) ?? new Map<string, number>();
      channels.set(message.subscription, (channels.get(message.subscription) ?? 0) + 1);
      byClient.set(message.clientId, channels);
    }
  }
  return byClient;
}

describe('soak: the session under faults at ~500 notifications/s', function () {
  this.timeout(240_000);

  let sim: RunningSimulator | undefined;
  let session: GwsSession | undefined;
  let publisher: Publisher | undefined;
  let attachment: PipelineAttachment | undefined;

  afterEach(async () => {
    await publisher?.stop();
    attachment?.dispose();
    session?.dispose();
    await sim?.stop();
  });

  it('survives 10 restarts, 10 dropped connections and 5 expired sessions: back within 5 s, gaps marked, calls resynced, nothing twice, no doubled subscription', async () => {
    const started = Date.now();
    sim = await startSimulator({ port: 0 });
    const control = new SimControl(sim.url, { freshConnections: true });
    const gws = new GwsSession({ baseUrl: sim.url, userName: 'agent1', password: 'agent1' });
    session = gws;
    const store = new CallStore();
    const log = new StreamLog(5_000);
    const pipeline = new Pipeline(store, log, { noNotificationWarningMs: 5_000 });
    attachment = pipeline.attach(gws);
    const watch = new Watch(gws, log);
    const state = (): Promise<SimState> => control.get<SimState>('/sim/state');

    const liveCalls: string[] = [];
    for (let i = 0; i < 2; i++) liveCalls.push(await control.createCall({ to: 'agent1', state: 'Established' }));
    await gws.signIn();
    let requestSeq = await control.lastSeq();
    const publishing = new Publisher(sim.control);
    publisher = publishing;
    await waitFor('the first notifications', () => watch.received >= STEADY_NOTIFICATIONS, WAIT_MS);

    const results: FaultResult[] = [];
    for (const [index, fault] of FAULTS.entries()) {
      const what = `${fault} #${index + 1}`;
      const marks = { states: watch.states.length, resyncs: watch.resyncs.length, gaps: watch.gapRows.length };
      await control.post(`/sim/faults/${fault}`);
      const serverBackAt = Date.now();
      // While the client is away (at least for a restart or an expiry): one call ends, one
      // begins. Only the resync can tell it about the first after a restart.
      await control.post(`/sim/calls/${encodeURIComponent(liveCalls.shift()!)}/remote-hangup`);
      liveCalls.push(await control.createCall({ to: 'agent1', state: 'Established' }));

      await waitFor(
        `the session back after ${what}`,
        () => {
          const connected = watch.states.slice(marks.states).some((s) => s.state === 'connected');
          const gapClosed = watch.gapRows.slice(marks.gaps).some((r) => r.type === 'gapEnd');
          return connected && gws.state === 'connected' && watch.resyncs.length > marks.resyncs && gapClosed;
        },
        WAIT_MS,
      );
      const states = watch.states.slice(marks.states);
      const connectedAt = states.filter((s) => s.state === 'connected').at(-1)!.at;
      const lastResyncAt = watch.resyncs.at(-1)!;
      assert.ok(lastResyncAt <= connectedAt, `${what}: connected before the resync`);
      assert.ok(!states.some((s) => s.state === 'failed'), `${what}: the session failed (${states.map((s) => s.state).join(' → ')})`);
      const reconnectMs = Math.max(0, connectedAt - serverBackAt);
      assert.ok(reconnectMs <= BACK_WITHIN_MS, `${what}: back ${reconnectMs} ms after the server, more than ${BACK_WITHIN_MS} ms`);

      const gaps = watch.gapRows.slice(marks.gaps);
      assert.deepEqual(gaps.map((r) => r.type), ['gapStart', 'gapEnd'], `${what}: one gap, marked at its start and its end`);
      const gap = gaps[1].detail as GapEndDetail;
      assert.equal(gap.outcome, 'reconnected');
      assert.match(gaps[1].summary, /^No notifications for \d+\.\d s \(reconnected\)$/);

      // The store holds the server's calls (bench calls aside: the simulator does not list
      // them). A notification sent just after the resync read may still be on its way.
      const server = agentCalls(await state());
      const matchedWhenBack = JSON.stringify(storeCalls(store)) === JSON.stringify(server);
      await waitFor(`${what}: the client's calls equal the server's`, async () => JSON.stringify(storeCalls(store)) === JSON.stringify(agentCalls(await state())), 5_000);

      // Notifications flow on the new subscriptions; some steady traffic before the next fault.
      const before = watch.received;
      await waitFor(`${what}: notifications flowing again`, () => watch.received >= before + STEADY_NOTIFICATIONS, WAIT_MS);
      assert.deepEqual(watch.duplicates, [], `${what}: notifications shown twice`);

      // One subscription per channel per handshake, and a single CometD client left.
      const requests = await control.requests(requestSeq);
      assert.ok(requests.length > 0 && requests[0].seq === requestSeq + 1, `${what}: the simulator's request log overflowed (expected seq ${requestSeq + 1}, got ${requests[0]?.seq})`);
      requestSeq = requests.at(-1)!.seq;
      const clients = subscriptionsByClient(requests);
      assert.ok(clients.size >= 1, `${what}: no subscription after the fault`);
      for (const [clientId, channels] of clients) {
        assert.deepEqual([...channels.keys()].sort(), CHANNELS, `${what}: client ${clientId} subscribed to ${[...channels.keys()].join(', ')}`);
        for (const [channel, count] of channels) assert.equal(count, 1, `${what}: client ${clientId} subscribed to ${channel} ${count} times`);
      }
      await waitFor(`${what}: one CometD client on the server`, async () => (await state()).cometdClients === 1, 5_000);

      results.push({ fault, reconnectMs, gapMs: gap.durationMs, handshakes: clients.size, matchedWhenBack });
    }

    // Drain: a call created after the last batch arrives after every bench notification.
    await publishing.stop();
    const sentinel = await control.createCall({ to: 'agent1', state: 'Ringing' });
    await waitFor('the notifications still on their way', () => store.get(sentinel) !== undefined, WAIT_MS);
    attachment?.flush();

    const published = publishing.published;
    const lost = published - watch.received;
    const totalGapMs = results.reduce((sum, r) => sum + r.gapMs, 0);
    const worst = (fault?: Fault) => Math.max(...results.filter((r) => !fault || r.fault === fault).map((r) => r.reconnectMs));
    const mean = (fault: Fault) => Math.round(results.filter((r) => r.fault === fault).reduce((sum, r) => sum + r.reconnectMs, 0) / results.filter((r) => r.fault === fault).length);
    console.log(
      `      [soak] ${results.length} faults survived (restart ${results.filter((r) => r.fault === 'restart').length}, ` +
        `drop-connections ${results.filter((r) => r.fault === 'drop-connections').length}, expire-sessions ${results.filter((r) => r.fault === 'expire-sessions').length}); ` +
        `back after the server (worst / mean ms): restart ${worst('restart')} / ${mean('restart')}, drop ${worst('drop-connections')} / ${mean('drop-connections')}, ` +
        `expire ${worst('expire-sessions')} / ${mean('expire-sessions')}; worst ${worst()} ms; ` +
        `notifications published ${published}, received ${watch.received} (${((100 * watch.received) / published).toFixed(1)} %), duplicates ${watch.duplicates.length}, ` +
        `lost ${lost} over ${(totalGapMs / 1000).toFixed(1)} s of gaps; ` +
        `handshakes per fault ${Math.min(...results.map((r) => r.handshakes))}–${Math.max(...results.map((r) => r.handshakes))}, each subscribed ${CHANNELS.length} channels once; ` +
        `calls equal to the server's as soon as back ${results.filter((r) => r.matchedWhenBack).length}/${results.length}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    assert.equal(results.length, FAULTS.length);
    assert.deepEqual(watch.duplicates, []);
    assert.ok(watch.received <= published, `received ${watch.received} > published ${published}`);
    // What is lost is what was published while no client was subscribed: about RATE × the
    // gaps, plus what was sent between the server-side break and the client seeing it
    // (bounded here by a generous second per fault).
    const allowedLoss = (RATE_PER_SECOND * (totalGapMs + 1_000 * FAULTS.length)) / 1000;
    assert.ok(lost <= allowedLoss, `lost ${lost} notifications, more than the gaps explain (${Math.round(allowedLoss)})`);
  });
});
