// The runner's results are shown (CLI, JUnit XML, Testing view), so what they quote from the
// server or a profile is redacted; and a run can be cancelled (RunOptions.signal), also while
// an expectation waits. Against the real built-in simulator.
import * as assert from 'node:assert/strict';
import { runScenario, type RunningServer } from '../../../src/scenario/runner';
import type { Scenario } from '../../../src/scenario/types';
import { startSimulator } from '../../../src/simulator';

describe('scenario runner: redaction and cancelling', function () {
  const started: RunningServer[] = [];
  const stopped: RunningServer[] = [];
  const freshSimulator = async (): Promise<RunningServer> => {
    const sim = await startSimulator({ port: 0 });
    started.push(sim);
    return { url: sim.url, stop: async () => (await sim.stop(), void stopped.push(sim)) };
  };
  afterEach(async () => {
    for (const sim of started.splice(0)) if (!stopped.includes(sim)) await sim.stop();
    stopped.splice(0);
  });

  it('redacts credentials in a failed expectation: message, expected and received', async () => {
    const scenario: Scenario = {
      name: 'secrets',
      steps: [
        { do: 'signIn', simulator: true },
        { do: 'inboundCall', bind: '$call1', userData: { AgentPassword: 'hunter2' } },
        { do: 'expect', notification: 'StatusChange', call: '$call1', within: 500, fields: { userData: { AgentPassword: 'other-secret' } } },
      ],
    };
    const result = await runScenario(scenario, { startSimulator: freshSimulator });
    const failed = result.steps[2];
    assert.equal(failed.status, 'failed', JSON.stringify(result.steps));
    const shown = JSON.stringify([failed.message, failed.expected, failed.received]);
    assert.match(shown, /AgentPassword/, 'the key is still named');
    assert.ok(!shown.includes('hunter2') && !shown.includes('other-secret'), shown);
  });

  it('shows a profile server without the user info of its URL', async () => {
    const sim = await freshSimulator();
    const url = new URL(sim.url);
    url.username = 'agent1';
    url.password = 'url-secret';
    const result = await runScenario(
      { name: 'profile', steps: [{ do: 'signIn', profile: 'lab' }] },
      { resolveProfile: () => Promise.resolve({ baseUrl: url.toString().replace(/\/$/, ''), userName: 'agent1', password: 'agent1' }) },
    );
    assert.ok(result.server !== undefined);
    assert.ok(!result.server.includes('url-secret'), result.server);
    assert.match(result.server, /\[redacted\]@127\.0\.0\.1/);
  });

  it('stops while an expectation waits when the signal aborts: that step is cancelled, the rest skipped', async () => {
    const controller = new AbortController();
    const scenario: Scenario = {
      name: 'waits',
      steps: [
        { do: 'signIn', simulator: true },
        { do: 'inboundCall', bind: '$call1' },
        // Never arrives: without the abort this waits a minute, past the test's timeout.
        { do: 'expect', notification: 'NoSuchNotification', call: '$call1', within: 60_000 },
        { do: 'remoteHangup', call: '$call1' },
      ],
    };
    const result = await runScenario(scenario, {
      startSimulator: freshSimulator,
      signal: controller.signal,
      // Step 3 starts waiting synchronously after step 2 is reported, so this aborts during its wait.
      onStep: (step) => (step.index === 2 ? void setImmediate(() => controller.abort()) : undefined),
    });
    assert.equal(result.passed, false);
    assert.deepEqual(
      result.steps.map((s) => s.status),
      ['passed', 'passed', 'failed', 'skipped'],
    );
    assert.equal(result.steps[2].message, 'step 3: cancelled');
    assert.equal(stopped.length, 1, 'the simulator of the run is stopped');
  });

  it('runs no step when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runScenario({ name: 'never', steps: [{ do: 'signIn', simulator: true }, { do: 'inboundCall', bind: '$call1' }] }, { startSimulator: freshSimulator, signal: controller.signal });
    assert.deepEqual(
      result.steps.map((s) => [s.status, s.message]),
      [
        ['failed', 'step 1: cancelled'],
        ['skipped', undefined],
      ],
    );
    assert.equal(started.length, 0, 'no simulator started');
  });
});
