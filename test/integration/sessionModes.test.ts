// Session modes in the real VS Code (docs/gws-notes.md#session-modes): what each mode sends,
// checked in the simulator's request log, next to another HTTP session of the same agent that
// stands in for the developer's integration.
//
// A window reload: a real `workbench.action.reloadWindow` would also end this test run (the
// suite runs inside the extension host that reloads). `api.testing.reload()` runs what a reload
// runs in this extension: its real deactivate() (which VS Code awaits before the old host goes),
// then activate()'s startup sign-in, which reads the window's memory from workspace state as a
// new host would. The controller object survives here, but shutdown leaves it holding nothing
// (no session, no profile, no agent-login outcome), as a new one would. The e2e suite reloads
// the real window (test/e2e/callsAndInspector.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GwsCallInspectorApi } from '../../src/extension';
import type { ServerProfile } from '../../src/profiles/profile';
import { rememberOwnAgentLogin, rememberSignedInProfile } from '../../src/session/windowMemory';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { OtherApplication } from './support/otherApplication';
import { pick, ScriptedPrompter } from './support/scriptedPrompter';
import { lastRequestSeq, requestsSince, simGet, simPost, type RecordedRequest } from './support/simulatorHttp';
import { waitFor } from './support/wait';

const LOGIN_OPERATIONS = new Set(['StartContactCenterSession', 'EndContactCenterSession']);

function operationOf(request: RecordedRequest): string | undefined {
  if (request.method !== 'POST') return undefined;
  const body = typeof request.body === 'string' ? (JSON.parse(request.body) as unknown) : request.body;
  return (body as { operationName?: string } | undefined)?.operationName;
}

describe('session modes (real VS Code, built-in simulator, another session of the agent)', function () {
  this.timeout(90_000);
  let api: GwsCallInspectorApi;
  let sim: RunningSimulator;
  let prompter: ScriptedPrompter;
  let profile: ServerProfile;
  let profileCount = 0;

  const controller = () => api.testing.deps.controller;
  const loggedIn = async () => (await simGet<{ users: Array<{ userName: string; loggedIn: boolean }> }>(sim.url, '/sim/state')).users.find((u) => u.userName === 'agent1')?.loggedIn;

  /** Start/End requests since `since`, except those of `other`. */
  async function loginRequestsOfTheExtension(since: number, other?: OtherApplication): Promise<string[]> {
    return (await requestsSince(sim.url, since))
      .filter((r) => LOGIN_OPERATIONS.has(operationOf(r) ?? '') && !other?.sent(r))
      .map((r) => operationOf(r) as string);
  }

  /** A server profile (not a simulator one: it behaves as against a real GWS) with its password stored. */
  async function serverProfile(fields: Partial<ServerProfile>): Promise<ServerProfile> {
    const saved: ServerProfile = { id: `modes-${++profileCount}`, name: `Modes ${profileCount}`, url: sim.url, user: 'agent1', ...fields };
    await api.testing.deps.profiles.save(saved);
    await api.testing.deps.profiles.setPassword(saved.id, 'agent1');
    return saved;
  }

  async function signIn(): Promise<void> {
    const ok = await vscode.commands.executeCommand<boolean>('gws.signIn', { profileId: profile.id });
    assert.equal(ok, true, `sign-in failed: ${prompter.errors.join(' | ')}`);
    assert.equal(controller().state, 'connected');
  }

  async function reload(): Promise<void> {
    await api.testing.reload();
    assert.equal(controller().state, 'connected', `the session was not restored: ${prompter.errors.join(' | ')}`);
    assert.equal(controller().profile?.id, profile.id);
  }

  /** The other application holds and changes userData; the inspector shows both, with diffs. */
  async function otherApplicationActs(other: OtherApplication): Promise<void> {
    const { id } = await simPost<{ id: string }>(sim.url, '/sim/calls', { to: 'agent1', from: '5553030', state: 'Established', userData: { Case: '1' } });
    await waitFor('the call in the store', () => api.testing.deps.store.get(id));
    const log = api.testing.streamLog;
    const from = log.nextSequence;
    await other.callOperation(id, 'Hold');
    await other.callOperation(id, 'UpdateUserData', { userData: { Case: '2', Agent: 'other' } });
    const held = await waitFor('the Held notification in the inspector', () =>
      log.rows(from).find((r) => r.kind === 'notification' && r.callId === id && r.state === 'Held'),
    );
    assert.ok(held.diff?.capabilities.gained.includes('Retrieve'), `Held gains Retrieve: ${JSON.stringify(held.diff?.capabilities)}`);
    assert.deepEqual(held.diff?.fields.state, { old: 'Established', new: 'Held' });
    const attached = await waitFor('the AttachedDataChanged notification in the inspector', () =>
      log.rows(from).find((r) => r.kind === 'notification' && r.callId === id && r.type === 'AttachedDataChanged'),
    );
    assert.deepEqual(attached.diff?.userData.changed.Case, { old: '1', new: '2' });
    assert.deepEqual(attached.diff?.userData.added, { Agent: 'other' });
  }

  before(async () => {
    api = await vscode.extensions.getExtension<GwsCallInspectorApi>('gws-tools.gws-call-inspector')!.activate();
  });

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 20 });
    prompter = new ScriptedPrompter();
    api.testing.deps.prompter.current = prompter;
  });

  afterEach(async () => {
    // Whatever a failed test left: signed out locally (never End), the window's memory cleared.
    await controller().signOut({ quiet: true });
    await rememberSignedInProfile(api.testing.deps.context.workspaceState, undefined);
    await rememberOwnAgentLogin(api.testing.deps.context.workspaceState, undefined);
    if (profile) await api.testing.deps.profiles.remove(profile.id);
    await sim.stop();
  });

  it('observe: no Start or End, also across a reload; what the other session does shows with diffs', async () => {
    const other = new OtherApplication(sim.url);
    await other.signInAndLogIn();
    profile = await serverProfile({ sessionMode: 'observe' });
    await signIn();
    assert.equal(controller().agentLogin?.effectiveMode, 'observe');
    assert.equal(controller().agentLogin?.reason, 'configured');
    await otherApplicationActs(other);

    await reload();
    assert.equal(controller().agentLogin?.effectiveMode, 'observe');
    await otherApplicationActs(other);

    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.deepEqual(prompter.asked, [], 'nothing was asked');
    assert.deepEqual(await loginRequestsOfTheExtension(0, other), []);
    assert.equal(await loggedIn(), true, 'the other application keeps its agent');
  });

  it('auto, the agent logged in by the other session: observes without asking, also across a reload', async () => {
    const other = new OtherApplication(sim.url);
    await other.signInAndLogIn();
    profile = await serverProfile({ sessionMode: 'auto' });
    await signIn();
    assert.equal(controller().agentLogin?.reason, 'alreadyLoggedIn');
    assert.equal(controller().ownsAgentLogin, false);
    await otherApplicationActs(other);

    await reload();
    assert.equal(controller().agentLogin?.effectiveMode, 'observe');
    await otherApplicationActs(other);
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.deepEqual(prompter.asked, []);
    assert.deepEqual(await loginRequestsOfTheExtension(0, other), []);
    assert.equal(await loggedIn(), true);
  });

  it('auto, the agent logged out, "Observe Only": nothing sent, nothing asked again on reload', async () => {
    profile = await serverProfile({ sessionMode: 'auto' });
    prompter.answers.push(pick('Observe Only'));
    await signIn();
    assert.equal(prompter.asked.length, 1);
    assert.match(prompter.asked[0], /not logged in to voice/);
    assert.equal(controller().agentLogin?.effectiveMode, 'observe');
    await reload();
    assert.equal(prompter.asked.length, 1, 'a restore asks nothing');
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.deepEqual(await loginRequestsOfTheExtension(0), []);
    assert.equal(await loggedIn(), false);
  });

  it('auto, the agent logged out, "Log In to Voice": one Start; a reload sends none; "Sign Out Only" sends no End', async () => {
    profile = await serverProfile({ sessionMode: 'auto' });
    prompter.answers.push(pick('Log In to Voice'));
    await signIn();
    assert.equal(controller().agentLogin?.reason, 'chosen');
    assert.equal(controller().ownsAgentLogin, true);
    assert.deepEqual(await loginRequestsOfTheExtension(0), ['StartContactCenterSession']);

    await reload();
    assert.equal(controller().agentLogin?.reason, 'resumed', 'the restored session knows the login is its own');
    assert.equal(controller().ownsAgentLogin, true);
    assert.deepEqual(await loginRequestsOfTheExtension(0), ['StartContactCenterSession'], 'no second Start');

    prompter.answers.push(pick('Sign Out Only'));
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.match(prompter.asked.at(-1) ?? '', /logs agent1 out of voice/);
    assert.deepEqual(await loginRequestsOfTheExtension(0), ['StartContactCenterSession'], 'Sign Out Only sends no End');
    assert.equal(await loggedIn(), true);

    // The login is nobody's own now: the next sign-in finds the agent logged in and observes.
    await signIn();
    assert.equal(controller().agentLogin?.reason, 'alreadyLoggedIn');
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.deepEqual(await loginRequestsOfTheExtension(0), ['StartContactCenterSession']);
  });

  it('agent: Start at sign-in, none on reload; Sign Out ends the login only after "Log Out of Voice and Sign Out"', async () => {
    profile = await serverProfile({ sessionMode: 'agent' });
    await signIn();
    assert.equal(controller().agentLogin?.effectiveMode, 'agent');
    const afterSignIn = await lastRequestSeq(sim.url);
    assert.deepEqual(await loginRequestsOfTheExtension(0), ['StartContactCenterSession']);

    await reload();
    assert.deepEqual(await loginRequestsOfTheExtension(afterSignIn), [], 'a reload sends neither');
    assert.equal(await loggedIn(), true);

    // Dismissed: still signed in, nothing sent.
    prompter.answers.push(undefined);
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), false);
    assert.equal(controller().state, 'connected');
    assert.deepEqual(await loginRequestsOfTheExtension(afterSignIn), []);

    const beforeSignOut = await lastRequestSeq(sim.url);
    prompter.answers.push(pick('Log Out of Voice and Sign Out'));
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.deepEqual(prompter.offered.at(-1), ['Log Out of Voice and Sign Out', 'Sign Out Only']);
    assert.deepEqual(await loginRequestsOfTheExtension(beforeSignOut), ['EndContactCenterSession']);
    assert.equal(await loggedIn(), false);
    assert.equal(controller().state, 'signedOut');
  });

  it('agent at a place with two ACD positions: signed in all the same, observing, with the server\'s words in a warning and the inspector', async () => {
    profile = await serverProfile({ sessionMode: 'agent', place: 'Place_2ACD' });
    const from = api.testing.streamLog.nextSequence;
    await signIn();
    assert.equal(controller().agentLogin?.effectiveMode, 'observe');
    assert.equal(controller().agentLogin?.reason, 'refused');
    assert.equal(prompter.warnings.length, 1, `warnings: ${prompter.warnings.join(' | ')}`);
    assert.match(prompter.warnings[0], /observing only/);
    assert.match(prompter.warnings[0], /voice: statusCode 1, .*Place_2ACD has 2 ACD positions, 7001 .* and 7002 /);
    const row = api.testing.streamLog.rows(from).find((r) => r.kind === 'meta' && r.type === 'agentLogin');
    assert.ok(row, 'the inspector has the agentLogin row');
    assert.equal(row.warning, 'StartContactCenterSession refused');
    assert.match(row.summary, /Place_2ACD has 2 ACD positions/);
    const start = api.testing.streamLog.rows(from).find((r) => r.kind === 'operation' && r.type === 'StartContactCenterSession');
    assert.equal(start?.statusCode, 1, 'the operation row shows the refusal');
    // Observing: Sign Out asks nothing and sends no End.
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    assert.deepEqual(prompter.asked, []);
    assert.deepEqual(await loginRequestsOfTheExtension(0), ['StartContactCenterSession']);
    assert.equal(await loggedIn(), false);
  });

  it('a server profile without a mode asks once, saves the answer, and signs in with it', async () => {
    profile = await serverProfile({});
    prompter.answers.push(pick('Observe'));
    await signIn();
    assert.match(prompter.asked[0], /treat agent1's voice login/);
    assert.equal(api.testing.deps.profiles.get(profile.id)?.sessionMode, 'observe');
    assert.equal(controller().agentLogin?.effectiveMode, 'observe');
    assert.equal(await vscode.commands.executeCommand('gws.signOut'), true);
    await signIn();
    assert.equal(prompter.asked.length, 1, 'remembered: not asked again');
    assert.deepEqual(await loginRequestsOfTheExtension(0), []);
  });
});
