import * as assert from 'node:assert/strict';
import {
  forgetOwnAgentLogin,
  forgetSession,
  forgetSignedInProfile,
  isOwnAgentLogin,
  rememberOwnAgentLogin,
  rememberSignedInProfile,
  signedInProfiles,
  type WindowState,
} from '../../../src/session/windowMemory';

/** A workspace state as VS Code keeps it: values by key, undefined deletes. */
class MapState implements WindowState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string, defaultValue?: T): T {
    return (this.values.has(key) ? this.values.get(key) : defaultValue) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}

const profile = (id: string) => ({ id, url: 'https://gws.example', user: id.replace('p-', '') });

describe('window memory of several sessions', () => {
  it('remembers every profile signed in, in order, once each; forgets one at a time or all', async () => {
    const state = new MapState();
    assert.deepEqual(signedInProfiles(state), []);
    await rememberSignedInProfile(state, 'p-agent1');
    await rememberSignedInProfile(state, 'p-agent2');
    await rememberSignedInProfile(state, 'p-agent1');
    assert.deepEqual(signedInProfiles(state), ['p-agent2', 'p-agent1'], 'signed in again: once, last');
    await forgetSignedInProfile(state, 'p-agent2');
    assert.deepEqual(signedInProfiles(state), ['p-agent1']);
    await rememberSignedInProfile(state, 'p-agent3');
    await rememberSignedInProfile(state, undefined);
    assert.deepEqual(signedInProfiles(state), []);
    assert.deepEqual(state.keys(), [], 'nothing left behind');
  });

  it('keeps the own agent login per profile: signing out of one keeps the other', async () => {
    const state = new MapState();
    await rememberOwnAgentLogin(state, { profileId: 'p-agent1', url: 'https://gws.example', user: 'agent1' });
    await rememberOwnAgentLogin(state, { profileId: 'p-agent2', url: 'https://gws.example', user: 'agent2' });
    assert.equal(isOwnAgentLogin(state, profile('p-agent1')), true);
    assert.equal(isOwnAgentLogin(state, profile('p-agent2')), true);
    await forgetOwnAgentLogin(state, 'p-agent1');
    assert.equal(isOwnAgentLogin(state, profile('p-agent1')), false);
    assert.equal(isOwnAgentLogin(state, profile('p-agent2')), true);
    // An edited profile (another user or server) is another agent.
    assert.equal(isOwnAgentLogin(state, { id: 'p-agent2', url: 'https://other.example', user: 'agent2' }), false);
    await rememberOwnAgentLogin(state, undefined);
    assert.equal(isOwnAgentLogin(state, profile('p-agent2')), false);
  });

  it('forgets a session whole (signed out, simulator stopped, profile removed): neither restored nor owned', async () => {
    const state = new MapState();
    for (const id of ['p-agent1', 'p-agent2']) {
      await rememberSignedInProfile(state, id);
      await rememberOwnAgentLogin(state, { profileId: id, url: 'https://gws.example', user: id.replace('p-', '') });
    }
    await forgetSession(state, 'p-agent1');
    assert.deepEqual(signedInProfiles(state), ['p-agent2']);
    assert.equal(isOwnAgentLogin(state, profile('p-agent1')), false);
    assert.equal(isOwnAgentLogin(state, profile('p-agent2')), true);
  });

  it('reads what a window remembered when it held one session, and drops it on the next change', async () => {
    const state = new MapState();
    await state.update('gws.lastProfileId', 'p-agent1');
    await state.update('gws.ownAgentLogin', { profileId: 'p-agent1', url: 'https://gws.example', user: 'agent1' });
    assert.deepEqual(signedInProfiles(state), ['p-agent1']);
    assert.equal(isOwnAgentLogin(state, profile('p-agent1')), true);
    await rememberSignedInProfile(state, 'p-agent2');
    assert.deepEqual(signedInProfiles(state), ['p-agent1', 'p-agent2']);
    assert.equal(state.values.has('gws.lastProfileId'), false);
    await forgetOwnAgentLogin(state, 'p-agent2');
    assert.equal(isOwnAgentLogin(state, profile('p-agent1')), true, 'the old login is kept in the new form');
    assert.equal(state.values.has('gws.ownAgentLogin'), false);
  });

  it('ignores junk in the state (a hand-edited or foreign value)', async () => {
    const state = new MapState();
    await state.update('gws.signedInProfileIds', ['p-agent1', 42, '', null]);
    await state.update('gws.ownAgentLogins', [{ profileId: 'p-agent1' }, 'x', { profileId: 'p-agent2', url: 'https://gws.example', user: 'agent2' }]);
    assert.deepEqual(signedInProfiles(state), ['p-agent1']);
    assert.equal(isOwnAgentLogin(state, profile('p-agent1')), false);
    assert.equal(isOwnAgentLogin(state, profile('p-agent2')), true);
  });
});
