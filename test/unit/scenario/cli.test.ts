// `npm run scenario` as CI runs it: dist/scenario-cli.js in a real child process, starting a
// fresh built-in simulator per file; its exit code and its JUnit XML report.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Scenario } from '../../../src/scenario/types';
import { ANSWER_AND_RECORD } from '../../support/answerAndRecordScenario';
import { startSimulator } from '../../../src/simulator';

// The test bundle runs from out/test/unit/scenario/; the CLI bundle is dist/scenario-cli.js.
const CLI = path.resolve(__dirname, '../../../../dist/scenario-cli.js');

const RECORDING = ANSWER_AND_RECORD;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GWS_PASSWORD: '', ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('scenario CLI', function () {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-scenario-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, scenario: unknown): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof scenario === 'string' ? scenario : JSON.stringify(scenario, null, 2));
    return file;
  }

  it('exits 0 when the scenario passes, and writes a JUnit report with one testcase per step', async () => {
    const file = write('record.gws-scenario.json', RECORDING);
    const junit = path.join(dir, 'pass.xml');
    const { code, output } = await run([file, '--junit', junit]);
    assert.equal(code, 0, output);
    assert.match(output, /PASSED .*record\.gws-scenario\.json/);
    const xml = fs.readFileSync(junit, 'utf8');
    assert.match(xml, /<testsuites name="gws-scenarios" tests="7" failures="0" skipped="0"/);
    assert.equal(xml.match(/<testcase /g)?.length, 7);
    assert.match(xml, /name="7\. expect CallRecordingStateChange for \$call1"/);
  });

  it('exits 1 when the simulator drops the recording notification, with expected and received in the report', async () => {
    const broken: Scenario = {
      ...RECORDING,
      steps: [RECORDING.steps[0], { do: 'fault', fault: 'drop-notifications', params: { types: ['CallRecordingStateChange'] } }, ...RECORDING.steps.slice(1)],
    };
    const file = write('dropped.gws-scenario.json', broken);
    const junit = path.join(dir, 'fail.xml');
    const { code, output } = await run([file, '--junit', junit]);
    assert.equal(code, 1, output);
    assert.match(output, /✘ 8\. expect CallRecordingStateChange for \$call1/);
    assert.match(output, /expected: within 2,000 ms a CallRecordingStateChange for \$call1 with recordingState Recording/);
    const xml = fs.readFileSync(junit, 'utf8');
    assert.match(xml, /failures="1"/);
    assert.match(xml, /<failure message="step 8: expected within 2,000 ms a CallRecordingStateChange for \$call1[^"]*">expected: /);
  });

  it('exits 1 on a bad file, naming the step and what is wrong', async () => {
    const file = write('bad.gws-scenario.json', { name: 'bad', steps: [{ do: 'signIn' }, { do: 'operation', call: '$nobody', operation: 'Answer' }] });
    const junit = path.join(dir, 'bad.xml');
    const { code, output } = await run([file, '--junit', junit]);
    assert.equal(code, 1, output);
    assert.match(output, /step 2: '\$nobody' is not bound by an earlier step/);
    assert.match(fs.readFileSync(junit, 'utf8'), /failures="1"/);
  });

  it('--profile signs in to that server with GWS_PASSWORD; simulator steps there fail, saying why', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      const settings = write('settings.json', { 'gws.profiles': [{ id: 'lab', name: 'Lab', url: sim.url, user: 'agent2' }] });
      const file = write('profile.gws-scenario.json', RECORDING);
      const withoutPassword = await run([file, '--profile', 'lab', '--settings', settings]);
      assert.equal(withoutPassword.code, 1);
      assert.match(withoutPassword.output, /set GWS_PASSWORD to the password of agent2 \(profile 'lab'\)/);
      const { code, output } = await run([file, '--profile', 'Lab', '--settings', settings], { GWS_PASSWORD: 'agent2' });
      assert.equal(code, 1, output);
      assert.match(output, /✔ 1\. sign in to profile Lab/);
      assert.match(output, /step 2: a simulator step needs the built-in simulator, and the scenario signed in to http:\/\/127\.0\.0\.1:\d+ as agent2/);
    } finally {
      await sim.stop();
    }
  });

  it('--profile refuses a settings URL with a user and password, and never prints or reports it', async () => {
    const settings = write('secret-settings.json', { 'gws.profiles': [{ id: 'lab', url: 'http://agent2:topsecret@127.0.0.1:9', user: 'agent2' }] });
    const file = write('secret.gws-scenario.json', RECORDING);
    const junit = path.join(dir, 'secret.xml');
    const { code, output } = await run([file, '--profile', 'lab', '--settings', settings, '--junit', junit], { GWS_PASSWORD: 'agent2' });
    assert.equal(code, 1, output);
    assert.match(output, /profile 'lab' in gws\.profiles of .*: its url must not hold a user name or password/);
    const xml = fs.readFileSync(junit, 'utf8');
    assert.match(xml, /failures="1"/);
    assert.ok(!output.includes('topsecret') && !xml.includes('topsecret'), output);
  });

  it('exits 1 without a file, with its usage', async () => {
    const { code, output } = await run([]);
    assert.equal(code, 1);
    assert.match(output, /Usage: npm run scenario -- FILE/);
  });
});
