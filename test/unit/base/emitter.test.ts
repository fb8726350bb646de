import * as assert from 'node:assert/strict';
import { Emitter, type Disposable } from '../../../src/base/emitter';

describe('Emitter', () => {
  it('calls every listener in subscription order until it is disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = emitter.event((value) => seen.push(`a${value}`));
    emitter.event((value) => seen.push(`b${value}`));
    emitter.fire(1);
    a.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
  });

  it('lets a listener dispose itself or subscribe another during fire without skipping or adding to that event', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const once: Disposable = emitter.event((value) => {
      seen.push(`once${value}`);
      once.dispose();
      emitter.event((later) => seen.push(`late${later}`));
    });
    emitter.event((value) => seen.push(`steady${value}`));
    emitter.fire(1);
    emitter.fire(2);
    assert.deepEqual(seen, ['once1', 'steady1', 'steady2', 'late2']);
  });

  it('keeps notifying the others when one listener throws', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      emitter.event(() => {
        throw new Error('broken listener');
      });
      emitter.event((value) => seen.push(value));
      emitter.fire(3);
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(seen, [3]);
  });
});
