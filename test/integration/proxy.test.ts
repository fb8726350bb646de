// The recording proxy in the real VS Code (issue 13): started by its command for a simulator
// profile, with the test application (test/support/integrationApp.ts: axios and the cometd
// client, as an integration developer writes them) signing in, dialling, recording and hanging
// up through it, over long-polling and over websocket. The extension's own session is signed in
// too, so the inspector has two sources: the session's rows and the proxied application's.
//
// The application runs in a Node process of its own, as a developer's integration does. Inside
// the extension host it could not: VS Code patches http.request for its proxy support and
// rebuilds the options of a request given as a URL object from the URL alone, so the cometd
// Node client's long polls (a URL object carrying method and headers) would leave as bare GETs.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import type { StreamRecord } from '../../src/model/streamLog';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import type { IntegrationAppOptions, TranscriptEntry } from '../support/integrationApp';
import { file, pick, ScriptedPrompter } from './support/scriptedPrompter';
import { lastRequestSeq, requestsSince } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const PROFILE_ID = 'proxy-sim';

/** Runs the test application (its bundle beside this one) in a Node process; resolves to its transcript. */
function runIntegrationApp(options: IntegrationAppOptions): Promise<TranscriptEntry[]> {
  const app = path.join(__dirname, '..', 'support', 'integrationApp.js');
  const script =
    `require(${JSON.stringify(app)}).runIntegrationApp(${JSON.stringify(options)}).then(` +
    '(t) => process.stdout.write(JSON.stringify(t), () => process.exit(0)), ' +
    '(e) => process.stderr.write(String((e && e.stack) || e), () => process.exit(1)))';
  return new Promise((resolve, reject) => {
    // The extension host's executable is Node, or Electron that runs as Node with this variable.
    execFile(process.execPath, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the test application failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as TranscriptEntry[]);
    });
  });
}

describe('recording proxy (real VS Code, built-in simulator, a test application through the proxy)', function () {
  this.timeout(120_000);
  let api: GwsCallInspectorApi;
  let sim: RunningSimulator;
  let prompter: ScriptedPrompter;
  let dir: string;

  const log = () => api.testing.streamLog;
  const proxies = () => api.testing.deps.proxies;
  const idOf = (url: string) => `proxy:${new URL(url).port}`;
  const fromSource = (source: string, since: number) => log().rows(since).filter((r) => r.source === source);

  /** waitFor a row of `source`; a failure lists the source's rows, to say what came instead. */
  async function rowOf(source: string, since: number, what: string, match: (r: StreamRecord) => boolean): Promise<StreamRecord> {
    try {
      return await waitFor(what, () => fromSource(source, since).find(match));
    } catch (error) {
      const seen = fromSource(source, since).map((r) => `${r.kind} ${r.channel} ${r.type} ${r.httpStatus ?? ''} ${r.summary}`);
      throw new Error(`${error instanceof Error ? error.message : String(error)}; rows of ${source}:\n${seen.join('\n')}`, { cause: error });
    }
  }

  async function startProxy(args: { profileId?: string } = { profileId: PROFILE_ID }): Promise<string> {
    const url = await vscode.commands.executeCommand<string | undefined>('gws.proxy.start', args);
    assert.ok(url, `the proxy did not start: ${prompter.errors.join(' | ')}`);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    return url;
  }

  before(async () => {
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
    sim = await startSimulator({ port: 0, answerDelayMs: 20 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-proxy-'));
    await api.testing.deps.profiles.save({ id: PROFILE_ID, name: 'Proxy simulator', url: sim.url, user: 'agent1', simulator: true });
    // The extension's own session (a simulator profile logs the agent in, so the application can dial).
    api.testing.deps.prompter.current = new ScriptedPrompter();
    assert.equal(await vscode.commands.executeCommand('gws.signIn', { profileId: PROFILE_ID }), true);
  });

  beforeEach(() => {
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  afterEach(async () => {
    await proxies().stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    const signOut = new ScriptedPrompter();
    signOut.answers.push(pick('Log Out of Voice and Sign Out'));
    api.testing.deps.prompter.current = signOut;
    await vscode.commands.executeCommand('gws.signOut');
    await api.testing.deps.profiles.remove(PROFILE_ID);
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const transport of ['long-polling', 'websocket'] as const) {
    it(`${transport}: the application's REST rows, subscriptions, notifications with diffs and operation links are a source of their own`, async () => {
      const url = await startProxy();
      const id = idOf(url);
      const item = api.testing.proxyStatusBar.shown.get(id);
      assert.ok(item, 'a status bar item for the proxy');
      assert.ok(item.text.includes(url), `the item shows the URL: ${item.text}`);
      const source = api.testing.deps.inspector.sources.list().find((s) => s.id === id);
      assert.equal(source?.kind, 'proxy');
      assert.match(source?.label ?? '', /^Proxied app :\d+ → 127\.0\.0\.1:\d+$/);

      const since = log().nextSequence;
      const simSince = await lastRequestSeq(sim.url);
      const transcript = await runIntegrationApp({ baseUrl: url, user: 'agent1', password: 'agent1', transport, destination: '5551212' });
      const started = transcript.find((e) => e.kind === 'rest' && (e.body as { statusCode?: number } | undefined)?.statusCode === 0 && e.path.includes('/calls/'));
      assert.ok(started, `the application's operations succeeded through the proxy: ${JSON.stringify(transcript)}`);

      // REST: every request with its answer.
      const me = await rowOf(id, since, 'the GET /api/v2/me row of the proxy', (r) => r.kind === 'operation' && r.operation?.method === 'GET' && /\/api\/v2\/me$/.test(r.operation.url) && !r.pending);
      assert.equal(me.httpStatus, 200);
      const recording = await rowOf(id, since, 'the StartCallRecording row, completed', (r) => r.kind === 'operation' && r.type === 'StartCallRecording' && !r.pending);
      assert.equal(recording.httpStatus, 200);
      assert.equal(recording.statusCode, 0);

      // CometD: its subscriptions, as the application made them.
      for (const channel of ['/v2/me/calls', '/v2/me/devices']) {
        await rowOf(id, since, `the subscription to ${channel}`, (r) => r.kind === 'meta' && r.channel === '/meta/subscribe' && r.summary.includes(`subscribed ${channel}`));
      }

      // The notifications as the application got them, with diffs, and the operation → notification link.
      const recorded = await rowOf(id, since, 'the CallRecordingStateChange of the proxy', (r) => r.kind === 'notification' && r.type === 'CallRecordingStateChange');
      assert.ok(recorded.diff?.capabilities.gained.includes('PauseCallRecording'), JSON.stringify(recorded.diff?.capabilities));
      assert.ok(recorded.diff?.capabilities.lost.includes('StartCallRecording'));
      await waitFor('the link from StartCallRecording to its notification', () => log().get(recording.seq)?.linkedSeqs?.includes(recorded.seq));
      assert.deepEqual(recorded.linkedSeqs, [recording.seq]);
      // Decoding may still be behind the application (src/proxy/tapQueue.ts gives way to its traffic).
      await waitFor('the call from Dialing to Released', () => {
        const dialled = fromSource(id, since).filter((r) => r.kind === 'notification' && r.callId === recorded.callId);
        return dialled.some((r) => r.state === 'Established') && dialled.some((r) => r.state === 'Released');
      });

      // The extension's own session saw the same call, as a different source.
      await waitFor("the session's own row for the call", () =>
        log().rows(since).find((r) => r.source?.startsWith('session') === true && r.kind === 'notification' && r.callId === recorded.callId),
      );

      // Facts per application.
      const document = await vscode.commands.executeCommand<vscode.TextDocument>('gws.proxy.showFacts', id);
      const facts = document.getText();
      const subscribed = facts.split('\n').filter((line) => line.includes('Subscribed to:'));
      assert.ok(subscribed.some((line) => line.includes('/v2/me/calls') && line.includes('/v2/me/devices')), facts);
      assert.match(facts, /Notifications delivered: +[1-9]/);
      assert.match(facts, new RegExp(`from 127\\.0\\.0\\.1(:\\d+)?, ${transport}\\)`));

      // The export holds no credential of the application (nor of the session).
      const exported = path.join(dir, `${transport}.ndjson`);
      prompter.answers.push(file(exported));
      await vscode.commands.executeCommand('gws.inspector.export');
      const text = fs.readFileSync(exported, 'utf8');
      assert.ok(text.includes(`"source":"${id}"`), 'the export holds the proxy rows');
      assertNoCredentials(text, await requestsSince(sim.url, simSince));
    });
  }

  it('Stop ends it: the status bar item goes, the source closes, its rows stay, the port is closed', async () => {
    const url = await startProxy();
    const id = idOf(url);
    const since = log().nextSequence;
    const answer = await fetch(`${url}/api/v2/diagnostics/version`);
    assert.equal(answer.status, 200, 'a request passes through');
    const row = await waitFor('the proxy row', () => fromSource(id, since).find((r) => r.kind === 'operation' && !r.pending));

    assert.equal(await vscode.commands.executeCommand('gws.proxy.stop'), true);
    assert.equal(api.testing.proxyStatusBar.shown.has(id), false, 'the status bar item is gone');
    assert.equal(proxies().list().length, 0);
    assert.equal(api.testing.deps.inspector.sources.get(id), undefined, 'the source is closed');
    assert.equal(log().get(row.seq)?.source, id, 'its rows stay');
    await assert.rejects(fetch(`${url}/api/v2/diagnostics/version`), 'nothing listens on the port any more');
  });

  it('asks for the profile when there are several, and which proxy to stop when several run; Copy URL copies it', async () => {
    await api.testing.deps.profiles.save({ id: 'proxy-other', name: 'Other server', url: 'http://127.0.0.1:9', user: 'agent2' });
    try {
      prompter.answers.push(pick('Proxy simulator'));
      const first = await startProxy({});
      assert.ok(prompter.offered[0].some((label) => label.includes('Other server')), 'both profiles were offered');
      prompter.answers.push(pick('Other server'));
      const second = await startProxy({});
      assert.notEqual(first, second);
      assert.equal(api.testing.proxyStatusBar.shown.size, 2, 'one status bar item per proxy');

      prompter.answers.push(pick(second));
      assert.equal(await vscode.commands.executeCommand('gws.proxy.copyUrl'), second, 'copies the one picked');

      prompter.answers.push(pick(first));
      assert.equal(await vscode.commands.executeCommand('gws.proxy.stop'), true);
      assert.deepEqual(
        proxies().list().map((p) => p.url),
        [second],
      );
      assert.deepEqual(prompter.offered.at(-1)?.map((label) => label.replace(/^\$\([^)]*\) /, '')).sort(), [first, second].sort());
      // One left: no question.
      assert.equal(await vscode.commands.executeCommand('gws.proxy.stop'), true);
      assert.equal(api.testing.proxyStatusBar.shown.size, 0);
    } finally {
      await api.testing.deps.profiles.remove('proxy-other');
    }
  });

  it('a gws.proxy.host that is not a loopback address is refused with the reason, and nothing starts', async () => {
    const config = vscode.workspace.getConfiguration('gws.proxy');
    await config.update('host', '0.0.0.0', vscode.ConfigurationTarget.Global);
    try {
      const url = await vscode.commands.executeCommand<string | undefined>('gws.proxy.start', { profileId: PROFILE_ID });
      assert.equal(url, undefined);
      await waitFor('the error message', () => prompter.errors.length > 0);
      assert.match(prompter.errors[0], /gws\.proxy\.host is "0\.0\.0\.0", which is not a loopback address/);
      assert.equal(proxies().list().length, 0);
    } finally {
      await config.update('host', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a gws.proxy.port in use is refused with what to change, and nothing starts', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const config = vscode.workspace.getConfiguration('gws.proxy');
    await config.update('port', port, vscode.ConfigurationTarget.Global);
    try {
      const url = await vscode.commands.executeCommand<string | undefined>('gws.proxy.start', { profileId: PROFILE_ID });
      assert.equal(url, undefined);
      await waitFor('the error message', () => prompter.errors.length > 0);
      assert.equal(prompter.errors[0], `Starting the recording proxy failed: Port ${port} on 127.0.0.1 is in use. Set gws.proxy.port to another port, or to 0 for any free port.`);
      assert.equal(proxies().list().length, 0);
    } finally {
      await config.update('port', undefined, vscode.ConfigurationTarget.Global);
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

/** No Basic credential, cookie value or CSRF token that went to the server appears in `text`. */
function assertNoCredentials(text: string, requests: Array<{ headers: Record<string, string> }>): void {
  assert.doesNotMatch(text, /Basic (?!\[redacted\])[A-Za-z0-9+/=]{8,}/, 'no Basic credential');
  assert.ok(!text.includes(Buffer.from('agent1:agent1').toString('base64')), 'no encoded password');
  const secrets = new Set<string>();
  for (const { headers } of requests) {
    for (const pair of (headers.cookie ?? '').split(';')) {
      const value = pair.split('=')[1]?.trim();
      if (value) secrets.add(value);
    }
    const token = headers['x-csrf-token'];
    if (token) secrets.add(token);
  }
  assert.ok(secrets.size > 0, 'the requests carried cookies and CSRF tokens');
  for (const secret of secrets) assert.ok(!text.includes(secret), `the export holds a credential value (${secret.slice(0, 4)}…)`);
}
