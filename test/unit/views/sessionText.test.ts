import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { statusBarText, type SessionSummary } from '../../../src/views/sessionText';

const session = (overrides: Partial<SessionSummary>): SessionSummary => ({
  label: 'agent1 @ 127.0.0.1:8090',
  user: 'agent1',
  url: 'http://127.0.0.1:8090',
  state: 'connected',
  mode: 'agent',
  loginText: 'logged in to voice',
  calls: 1,
  ...overrides,
});

describe('the status bar over the window\'s sessions', () => {
  it('with one session says what it always said', () => {
    assert.equal(statusBarText([session({})]).text, '$(pass-filled) GWS agent1 · agent · 1 call');
    assert.equal(statusBarText([session({ mode: 'observe', calls: 2 })]).text, '$(pass-filled) GWS agent1 · observing · 2 calls');
    assert.equal(statusBarText([session({ state: 'reconnecting' })]).tone, 'warning');
    assert.equal(statusBarText([session({ state: 'failed' })]).text, '$(error) GWS session lost');
    assert.equal(statusBarText([]).text, '$(debug-disconnect) GWS signed out');
  });

  it('with several sums them up, one tooltip line per session', () => {
    const shown = statusBarText([
      session({ calls: 2 }),
      session({ label: 'agent2 @ 127.0.0.1:8090', user: 'agent2', mode: 'observe', calls: 1 }),
    ]);
    assert.equal(shown.text, '$(pass-filled) GWS 2 sessions · 3 calls');
    assert.equal(shown.tone, undefined);
    assert.deepEqual(shown.tooltip.split('\n'), [
      'agent1 @ 127.0.0.1:8090: Connected, agent, 2 calls',
      'agent2 @ 127.0.0.1:8090: Connected, observing, 1 call',
      'Click to open the notification inspector.',
    ]);
  });

  it('shows the agent state its devices report: before the calls with one session, in its tooltip line with several', () => {
    const one = statusBarText([session({ agentState: 'NotReady (Break)' })]);
    assert.equal(one.text, '$(pass-filled) GWS agent1 · agent · NotReady (Break) · 1 call');
    assert.match(one.tooltip, /NotReady \(Break\) · 1 call\./);
    const several = statusBarText([
      session({ agentState: 'Ready' }),
      session({ label: 'agent2 @ 127.0.0.1:8090', user: 'agent2', agentState: '$(alert) AfterCallWork', calls: 0 }),
    ]);
    assert.equal(several.text, '$(pass-filled) GWS 2 sessions · 1 call');
    const [first, second] = several.tooltip.split('\n');
    assert.equal(first, 'agent1 @ 127.0.0.1:8090: Connected, agent, Ready, 1 call');
    // The server's text, as plain text: never an icon.
    assert.match(second, /^agent2 @ 127\.0\.0\.1:8090: Connected, agent, .*AfterCallWork, 0 calls$/);
    assert.doesNotMatch(second, /\$\(alert\)/);
  });

  it('with several, one lost or reconnecting session colours the item', () => {
    const lost = statusBarText([session({}), session({ label: 'agent2', state: 'failed' }), session({ label: 'agent3', state: 'reconnecting' })]);
    assert.equal(lost.text, '$(error) GWS 3 sessions · 3 calls');
    assert.equal(lost.tone, 'error');
    const reconnecting = statusBarText([session({}), session({ label: 'agent2', state: 'reconnecting' })]);
    assert.match(reconnecting.text, /^\$\(sync~spin\) GWS 2 sessions/);
    assert.equal(reconnecting.tone, 'warning');
  });

  it('shows a profile\'s text as plain text, never an icon or a link', () => {
    const shown = statusBarText([session({ user: '$(alert) [x](command:evil)' }), session({ label: '$(zap) agent2\u202E' })]);
    assert.doesNotMatch(shown.tooltip, /\$\(zap\)|\u202E/);
    const one = statusBarText([session({ user: '$(alert) [x](command:evil)' })]);
    assert.doesNotMatch(one.text.slice('$(pass-filled) '.length), /\$\(alert\)|\]\(command:/);
  });

  it('speaks the language of the bundle the host hands @vscode/l10n at activation (extension.ts), placeholders filled', () => {
    l10n.config({ contents: { '{0} calls': '{0} appels', 'GWS {0}{1} · {2}': 'GWS {0}{1} — {2}', observing: 'observation' } });
    try {
      assert.equal(statusBarText([session({ mode: 'observe', calls: 2 })]).text, '$(pass-filled) GWS agent1 · observation — 2 appels');
    } finally {
      l10n.config({ contents: {} });
    }
    assert.equal(statusBarText([session({ mode: 'observe', calls: 2 })]).text, '$(pass-filled) GWS agent1 · observing · 2 calls');
  });
});
