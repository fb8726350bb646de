import * as assert from 'node:assert/strict';
import { median, percentile } from '../../../bench/support/stats';
import { REQUIRED_KEYS, SECTIONS, TARGETS } from '../../../bench/support/targets';

describe('bench figures', () => {
  it('takes percentiles by nearest rank: always a value that was observed', () => {
    const frames = [4, 1, 3, 2, 100, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    assert.equal(percentile(frames, 95), 19);
    assert.equal(percentile(frames, 100), 100);
    assert.equal(median([3, 1, 2]), 2);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('checks received = sent, and retained memory against three times the raw size', () => {
    const received = TARGETS.find((t) => t.key === 'received')!;
    assert.equal(received.met(20_000, { sent: 20_000 }), true);
    assert.equal(received.met(19_999, { sent: 20_000 }), false);
    assert.equal(received.met(0, { sent: 0 }), false, 'nothing sent is no proof of anything');
    const retained = TARGETS.find((t) => t.key === 'retainedBytesPerEvent')!;
    assert.equal(retained.met(5_838, { rawBytesPerEvent: 1_946 }), true);
    assert.equal(retained.met(5_839, { rawBytesPerEvent: 1_946 }), false);
  });

  it('checks a payload search over 100,000 events, beside the text filter, at 100 ms at most', () => {
    const keys = REQUIRED_KEYS.webview;
    assert.equal(keys.indexOf('payloadFilterMs'), keys.indexOf('filterMs') + 1);
    const payload = TARGETS.find((t) => t.section === 'webview' && t.key === 'payloadFilterMs')!;
    assert.equal(payload.met(100, {}), true);
    assert.equal(payload.met(100.1, {}), false);
    assert.equal(payload.describe({}), '≤ 100');
  });

  it('has a target only for figures the JSON line carries, and the issue\'s exact keys', () => {
    for (const target of TARGETS) assert.ok(REQUIRED_KEYS[target.section].includes(target.key), `${target.section}.${target.key}`);
    assert.deepEqual([...SECTIONS].sort(), ['bundle', 'endToEnd', 'import', 'memory', 'pipeline', 'proxy', 'webview']);
    assert.deepEqual(REQUIRED_KEYS.import, ['eventsPerSecond', 'peakHeapMB', 'heapAtCapacityMB', 'replayLagP99Ms']);
    assert.deepEqual(REQUIRED_KEYS.endToEnd, ['sent', 'received', 'p50Ms', 'p99Ms', 'burstRatioToBareCometd']);
    assert.deepEqual(REQUIRED_KEYS.proxy, ['addedLatencyP50Ms', 'addedLatencyP99Ms', 'notificationRatioToDirect']);
  });

  it('holds the recording proxy to issue 13: ≤ 2 ms added at p50, ≤ 10 ms at p99, ≥ 0.9 of direct throughput', () => {
    const target = (key: string) => TARGETS.find((t) => t.section === 'proxy' && t.key === key)!;
    assert.equal(target('addedLatencyP50Ms').met(2, {}), true);
    assert.equal(target('addedLatencyP50Ms').met(2.001, {}), false);
    assert.equal(target('addedLatencyP99Ms').met(10, {}), true);
    assert.equal(target('addedLatencyP99Ms').met(10.001, {}), false);
    assert.equal(target('notificationRatioToDirect').met(0.9, {}), true);
    assert.equal(target('notificationRatioToDirect').met(0.89, {}), false);
  });

  it('checks an import\'s peak heap against twice the heap holding maxEvents, its rate and its replay lag', () => {
    const peak = TARGETS.find((t) => t.section === 'import' && t.key === 'peakHeapMB')!;
    assert.equal(peak.met(200, { heapAtCapacityMB: 100 }), true);
    assert.equal(peak.met(200.1, { heapAtCapacityMB: 100 }), false);
    assert.equal(peak.met(0, { heapAtCapacityMB: 0 }), false, 'no heap reading is no proof');
    const rate = TARGETS.find((t) => t.section === 'import' && t.key === 'eventsPerSecond')!;
    assert.equal(rate.met(50_000, {}), true);
    assert.equal(rate.met(49_999, {}), false);
    const lag = TARGETS.find((t) => t.section === 'import' && t.key === 'replayLagP99Ms')!;
    assert.equal(lag.met(10, {}), true);
    assert.equal(lag.met(10.01, {}), false);
  });
});
