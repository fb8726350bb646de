// The simulator's JSESSIONID sessions and their idle timeout, on a fake clock.
import assert from 'node:assert/strict';
import { IdFactory } from '../../../src/simulator/ids';
import { SessionStore, type Session } from '../../../src/simulator/sessions';
import { createDefaultUsers } from '../../../src/simulator/users';
import { FakeSessionClock } from './support';

function setup(idleTimeoutMs: number) {
  const ids = new IdFactory();
  const clock = new FakeSessionClock();
  const store = new SessionStore(ids, idleTimeoutMs, clock);
  const expired: Session[] = [];
  store.onInvalidate((session) => expired.push(session));
  return { store, clock, expired, user: createDefaultUsers(ids)[0] };
}

describe('simulator: sessions', () => {
  it('expires a session idle for the timeout even when nobody asks (the sweeper), and tells listeners once', () => {
    const { store, clock, expired, user } = setup(300);
    const session = store.create(user);
    clock.advance(299);
    assert.deepEqual(expired, [], 'not idle long enough yet');
    // The sweeper runs every 150 ms: the one at 450 ms finds the session idle.
    clock.advance(151);
    assert.deepEqual(expired, [session]);
    assert.equal(session.alive, false);
    assert.equal(store.find(session.id), undefined);
    clock.advance(1_000);
    assert.equal(expired.length, 1);
  });

  it('a touch starts a new idle period; find() expires an idle session without waiting for the sweeper', () => {
    const { store, clock, expired, user } = setup(1_000);
    const session = store.create(user);
    // The sweeper runs every 500 ms: at 500, 1000 and 1500 the session is not idle long enough.
    clock.advance(600);
    store.touch(session);
    clock.advance(999);
    assert.equal(store.find(session.id), session, 'touched 999 ms ago');
    assert.equal(store.isValid(session), true);
    clock.advance(1);
    assert.equal(store.find(session.id), undefined, '1000 ms idle, 400 ms before the next sweep');
    assert.deepEqual(expired, [session]);
  });

  it('stops sweeping when closed', () => {
    const { store, clock, expired, user } = setup(300);
    store.create(user);
    store.close();
    clock.advance(10_000);
    assert.deepEqual(expired, []);
  });
});
