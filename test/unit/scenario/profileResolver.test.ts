// One resolver for a scenario's profile (src/scenario/profileResolver.ts), used by the CLI and
// the Testing view: a URL with credentials is refused, the password comes only from its
// source; and the run signal (src/scenario/runSignal.ts) the Testing view cancels runs with.
import * as assert from 'node:assert/strict';
import { resolveProfile, type ProfileSource } from '../../../src/scenario/profileResolver';
import { runSignal, type CancellationLike } from '../../../src/scenario/runSignal';

function source(entries: unknown, password: string | undefined = 'pw'): ProfileSource {
  return { entries, where: 'gws.profiles of test', password: () => password, noPassword: (found, name) => `no password for ${found.user} (${name})` };
}

describe('scenario: profile resolver', () => {
  it('finds a profile by id or name, with the password from its source and the TLS choices', async () => {
    const entries = [{ id: 'lab', name: 'Lab', url: 'https://gws.example.com:8090/api/v2/', user: 'agent2', rejectUnauthorized: false, transport: 'websocket', origin: 'https://desk.example.com' }];
    for (const name of ['lab', 'Lab']) {
      assert.deepEqual(await resolveProfile(name, { ...source(entries), systemCertificates: false }), {
        baseUrl: 'https://gws.example.com:8090',
        userName: 'agent2',
        password: 'pw',
        rejectUnauthorized: false,
        ca: undefined,
        systemCertificates: false,
        origin: 'https://desk.example.com',
        transport: 'websocket',
      });
    }
  });

  it('refuses a URL with a user name or password, without repeating them', async () => {
    for (const url of ['http://agent2:topsecret@127.0.0.1:8090', 'http://topsecret@127.0.0.1:8090']) {
      await assert.rejects(resolveProfile('lab', source([{ id: 'lab', url, user: 'agent2' }])), (error: Error) => {
        assert.match(error.message, /^profile 'lab' in gws\.profiles of test: its url must not hold a user name or password/);
        assert.ok(!error.message.includes('topsecret'), error.message);
        return true;
      });
    }
  });

  it('refuses a URL that is no GWS server address, saying why', async () => {
    await assert.rejects(resolveProfile('lab', source([{ id: 'lab', url: 'ftp://gws', user: 'a' }])), /profile 'lab' in gws\.profiles of test: The GWS server URL must start with http/);
    await assert.rejects(resolveProfile('lab', source([{ id: 'lab', url: 'http://gws?x=1', user: 'a' }])), /its url must not have a query or fragment/);
  });

  it('says which profile is missing, or which password', async () => {
    await assert.rejects(resolveProfile('nope', source([{ id: 'lab', url: 'http://gws', user: 'a' }])), /^Error: no profile 'nope' with a url and a user in gws\.profiles of test$/);
    await assert.rejects(resolveProfile('nope', source({ not: 'a list' })), /no profile 'nope'/);
    await assert.rejects(resolveProfile('lab', source([{ id: 'lab', url: 'http://gws', user: 'a' }], '')), /^Error: no password for a \(lab\)$/);
  });
});

describe('scenario: run signal', () => {
  function token(): CancellationLike & { cancel(): void; listeners: number } {
    const listeners = new Set<() => void>();
    return {
      isCancellationRequested: false,
      get listeners() {
        return listeners.size;
      },
      cancel() {
        this.isCancellationRequested = true;
        for (const listener of listeners) listener();
      },
      onCancellationRequested(listener) {
        listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
    };
  }

  it('aborts on the run’s cancel, and on stop-all (the view disposed)', () => {
    const cancelled = token();
    const first = runSignal(cancelled, new AbortController().signal);
    assert.equal(first.signal.aborted, false);
    cancelled.cancel();
    assert.equal(first.signal.aborted, true);

    const stopAll = new AbortController();
    const second = runSignal(token(), stopAll.signal);
    stopAll.abort();
    assert.equal(second.signal.aborted, true);
    assert.equal(runSignal(token(), stopAll.signal).signal.aborted, true, 'already stopped');
  });

  it('stops listening once disposed', () => {
    const cancelled = token();
    const run = runSignal(cancelled, new AbortController().signal);
    assert.equal(cancelled.listeners, 1);
    run.dispose();
    assert.equal(cancelled.listeners, 0);
    cancelled.cancel();
    assert.equal(run.signal.aborted, false);
  });
});
