import * as assert from 'node:assert/strict';
import { inBackground } from '../../../src/common/background';

/** Collects unhandled rejections while `body` runs and its rejections are being tracked. */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await body();
    // Node reports an unhandled rejection once the microtasks have run: after one macrotask.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

describe('inBackground: work nobody awaits', () => {
  it('logs a rejection, and leaves no unhandled rejection', async () => {
    const logged: string[] = [];
    const unhandled = await unhandledDuring(async () => {
      inBackground(Promise.reject(new Error('stop failed')), (message) => logged.push(message));
      inBackground(Promise.reject('a plain string'), (message) => logged.push(message));
      await new Promise((resolve) => setImmediate(resolve));
    });
    assert.deepEqual(logged, ['stop failed', 'a plain string']);
    assert.deepEqual(unhandled, []);
  });

  it('takes any thenable (VS Code returns Thenables), and logs nothing when it resolves', async () => {
    const logged: string[] = [];
    const rejecting: PromiseLike<boolean> = { then: (_ok, fail) => Promise.resolve(fail?.(new Error('webview disposed'))) as never };
    const unhandled = await unhandledDuring(async () => {
      inBackground(rejecting, (message) => logged.push(message));
      inBackground(Promise.resolve(true), (message) => logged.push(message));
      await new Promise((resolve) => setImmediate(resolve));
    });
    assert.deepEqual(logged, ['webview disposed']);
    assert.deepEqual(unhandled, []);
  });

  it('survives a log that throws', async () => {
    const unhandled = await unhandledDuring(async () => {
      inBackground(Promise.reject(new Error('x')), () => {
        throw new Error('the log is gone');
      });
      await new Promise((resolve) => setImmediate(resolve));
    });
    assert.deepEqual(unhandled, []);
  });
});
