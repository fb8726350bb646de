import * as assert from 'node:assert/strict';
import { afterPendingTimers, Inbox, SLICE_MS } from '../../../src/model/inbox';

describe('Inbox', () => {
  function manualInbox() {
    const drains: Array<() => void> = [];
    const inbox = new Inbox({ defer: (drain) => drains.push(drain), sliceMs: 0 });
    return { inbox, drains };
  }

  it('runs nothing when an event is pushed, then every event in order on one scheduled drain', () => {
    const { inbox, drains } = manualInbox();
    const seen: string[] = [];
    const a = (value: number): void => void seen.push(`a${value}`);
    const b = (value: string): void => void seen.push(`b${value}`);
    inbox.push(a, 1);
    inbox.push(b, 'x');
    inbox.push(a, 2);
    assert.deepEqual(seen, []);
    assert.equal(drains.length, 1, 'one drain per batch, not one per event');
    assert.equal(inbox.size, 3);
    drains[0]();
    assert.deepEqual(seen, ['a1', 'bx', 'a2']);
    assert.equal(inbox.size, 0);
    inbox.push(a, 3);
    assert.equal(drains.length, 2, 'the next batch schedules its own drain');
  });

  it('works through a long queue in slices, in order, letting other work run between them', () => {
    const drains: Array<() => void> = [];
    let clock = 0;
    const inbox = new Inbox({ defer: (drain) => drains.push(drain), sliceMs: 5, now: () => clock });
    const seen: number[] = [];
    // Each event "takes" 0.1 ms of the fake clock: 50 fit in a slice, checked every 32.
    const handle = (value: number): void => {
      seen.push(value);
      clock += 0.1;
    };
    for (let i = 0; i < 200; i++) inbox.push(handle, i);
    assert.equal(drains.length, 1);
    drains[0]();
    assert.equal(seen.length, 64, 'the first slice stops at the first clock check past 5 ms');
    assert.equal(inbox.size, 136);
    assert.equal(drains.length, 2, 'and schedules the rest');
    inbox.push(handle, 200);
    assert.equal(drains.length, 2, 'an event queued meanwhile joins the scheduled slice');
    while (inbox.size > 0) drains[drains.length - 1]();
    assert.deepEqual(seen, Array.from({ length: 201 }, (_, i) => i));
    assert.equal(drains.length, 4, '201 events: slices of 64, 64, 64 and 9');
  });

  it('drain() and dispose() do not stop at the slice length', () => {
    let clock = 0;
    const inbox = new Inbox({ defer: () => undefined, sliceMs: 1, now: () => clock });
    const seen: number[] = [];
    for (let i = 0; i < 100; i++) inbox.push((value: number) => void seen.push(value, (clock += 1)), i);
    inbox.drain();
    assert.equal(seen.length, 200);
  });

  it('slices by SLICE_MS by default, and not at all with a slice length of 0', () => {
    let clock = 0;
    const drains: Array<() => void> = [];
    const sliced = new Inbox({ defer: (drain) => drains.push(drain), now: () => clock });
    const seen: number[] = [];
    // Each event takes 1/32 of the default slice on the fake clock.
    const handle = (value: number): void => {
      seen.push(value);
      clock += SLICE_MS / 32;
    };
    for (let i = 0; i < 100; i++) sliced.push(handle, i);
    drains[0]();
    assert.equal(seen.length, 32, `the slice ends at the first check at or past ${SLICE_MS} ms`);

    const whole = new Inbox({ defer: (drain) => drains.push(drain), sliceMs: 0, now: () => clock });
    seen.length = 0;
    for (let i = 0; i < 100; i++) whole.push(handle, i);
    drains.at(-1)!();
    assert.equal(seen.length, 100, 'one drain handles everything');
    assert.equal(whole.size, 0);
  });

  it('schedules no further slice when the queue ran out exactly at a clock check', () => {
    let clock = 0;
    const drains: Array<() => void> = [];
    // Each event takes 1 ms: the clock reaches the 32 ms slice exactly at the check after 32 events.
    const inbox = new Inbox({ defer: (drain) => drains.push(drain), sliceMs: 32, now: () => clock });
    for (let i = 0; i < 64; i++) inbox.push(() => void (clock += 1), i);
    drains[0]();
    assert.equal(inbox.size, 32, 'a slice ends when its time is up, not after');
    assert.equal(drains.length, 2);
    drains[1]();
    assert.equal(inbox.size, 0);
    assert.equal(drains.length, 2, 'nothing left: no empty slice');
  });

  it('counts what is still queued while a handler runs', () => {
    const { inbox, drains } = manualInbox();
    const sizes: number[] = [];
    const record = (): void => void sizes.push(inbox.size);
    inbox.push(record, 1);
    inbox.push(record, 2);
    inbox.push(record, 3);
    drains[0]();
    assert.deepEqual(sizes, [2, 1, 0]);
  });

  it('keeps going past a handler that throws', () => {
    const { inbox, drains } = manualInbox();
    const seen: number[] = [];
    const originalError = console.error;
    const errors: unknown[] = [];
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      inbox.push(() => {
        throw new Error('broken');
      }, 0);
      inbox.push((value: number) => void seen.push(value), 7);
      drains[0]();
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(seen, [7]);
    assert.equal(errors.length, 1);
    assert.match(String((errors[0] as unknown[])[0]), /pipeline event failed/);
    assert.match(String((errors[0] as unknown[])[1]), /broken/);
  });

  it('lets a handler queue more work into the same drain', () => {
    const { inbox, drains } = manualInbox();
    const seen: number[] = [];
    const record = (value: number): void => void seen.push(value);
    inbox.push((value: number) => {
      seen.push(value);
      inbox.push(record, 2);
    }, 1);
    drains[0]();
    assert.deepEqual(seen, [1, 2]);
    assert.equal(drains.length, 1);
  });

  it('drains what is queued when disposed, and ignores what comes after', () => {
    const { inbox } = manualInbox();
    const seen: number[] = [];
    const record = (value: number): void => void seen.push(value);
    inbox.push(record, 1);
    inbox.dispose();
    inbox.push(record, 2);
    assert.deepEqual(seen, [1]);
    assert.equal(inbox.size, 0);
  });

  it('by default runs after a 0 ms timer that was already pending (the next long poll goes out first)', async () => {
    const order: string[] = [];
    const inbox = new Inbox({ defer: afterPendingTimers });
    const done = new Promise<void>((resolve) => {
      inbox.push(() => {
        order.push('analysis');
        resolve();
      }, undefined);
      // Queued after the push, as cometd does when the connect reply follows the messages.
      setTimeout(() => order.push('next poll'), 0);
    });
    await done;
    assert.deepEqual(order, ['next poll', 'analysis']);
  });
});
