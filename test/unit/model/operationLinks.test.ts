// The bookkeeping that links REST operations to the notifications they caused: the link
// window, the cap on links per operation, giving up on operations that never complete, and
// the one "no notification" timer. Driven directly, with a clock and timers moved by hand.
import * as assert from 'node:assert/strict';
import {
  DEFAULT_LINK_WINDOW_MS,
  DEFAULT_NO_NOTIFICATION_WARNING_MS,
  formatMs,
  MAX_LINKS_PER_OPERATION,
  OperationLinks,
  type LinkTimers,
  type OperationLink,
} from '../../../src/model/operationLinks';
import { ANY_DEVICE, deviceSubject, NEW_CALL } from '../../../src/model/linkSubjects';
import { StreamLog, type StreamRecord } from '../../../src/model/streamLog';
import type { OperationRecord } from '../../../src/wire/sessionEvents';

class FakeTimers implements LinkTimers {
  now = 1_000_000;
  private timers: Array<{ at: number; callback: () => void; handle: number }> = [];
  private nextHandle = 1;
  /** Every delay asked for, in order. */
  readonly requested: number[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.requested.push(ms);
    this.timers.push({ at: this.now + ms, callback, handle });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}

const WINDOW = 1_000;

function setup(options: { warningMs?: number; linkWindowMs?: number } = {}) {
  const time = new FakeTimers();
  const log = new StreamLog(10_000);
  const links = new OperationLinks(log, {
    noNotificationWarningMs: options.warningMs ?? 5_000,
    linkWindowMs: 'linkWindowMs' in options ? options.linkWindowMs : WINDOW,
    now: () => time.now,
    timers: time,
  });
  const updated: StreamRecord[][] = [];
  log.onDidUpdate((records) => updated.push(records));
  let nextId = 1;
  /** An operation row in the log, started now, with its link. */
  const start = (subject: string | undefined, at = time.now): { id: number; row: StreamRecord; link: OperationLink } => {
    const id = nextId++;
    const row = log.append({ time: at, kind: 'operation', channel: 'REST', type: 'Op', summary: '', changed: true, pending: true });
    return { id, row, link: links.started(id, row, subject, at) };
  };
  /** A notification row for `callId`, received now. */
  const notification = (callId: string | undefined, fields: Partial<StreamRecord> = {}): StreamRecord =>
    log.append({ time: time.now, kind: 'notification', channel: '/v2/me/calls', type: 'StatusChange', summary: '', changed: true, callId, ...fields });
  /** What the pipeline does with a notification: find its cause, link it. */
  const receive = (record: StreamRecord, data: Record<string, unknown> = {}): OperationLink | undefined => {
    const link = links.causeOf(record, data, time.now);
    if (link) {
      record.delayMs = time.now - link.startedAt;
      links.addLink(link, record);
    }
    return link;
  };
  return { time, log, links, updated, start, notification, receive };
}

function completion(id: number, fields: Partial<OperationRecord> = {}): OperationRecord {
  return { id, phase: 'completed', operationName: 'Hold', method: 'POST', url: 'http://gws/api/v2/me/calls/c1', requestHeaders: {}, startedAt: 0, ...fields };
}

describe('OperationLinks', () => {
  describe('the cap on links per operation', () => {
    it(`lists at most ${MAX_LINKS_PER_OPERATION} notifications on an operation's row, and still counts the rest`, () => {
      const { start, notification, receive, time } = setup({ linkWindowMs: 60_000 });
      const op = start('c1');
      const seqs: number[] = [];
      for (let i = 0; i < MAX_LINKS_PER_OPERATION + 5; i++) {
        time.advance(1);
        const row = notification('c1');
        assert.equal(receive(row), op.link, `notification ${i + 1} is the operation's`);
        seqs.push(row.seq);
      }
      assert.equal(op.row.linkedSeqs?.length, MAX_LINKS_PER_OPERATION);
      assert.deepEqual(op.row.linkedSeqs, seqs.slice(0, MAX_LINKS_PER_OPERATION), 'the first ones, in order');
      assert.equal(op.link.linkedCount, MAX_LINKS_PER_OPERATION + 5);
      assert.equal(op.row.delayMs, 1, 'the delay stays the first notification\'s');
    });

    it('reports the operation row as updated with each notification it links', () => {
      const { start, notification, receive, updated } = setup();
      const op = start('c1');
      receive(notification('c1'));
      receive(notification('c1'));
      assert.deepEqual(updated, [[op.row], [op.row]]);
    });
  });

  describe('bounded bookkeeping', () => {
    it('gives up on an operation that never completes ten link windows after it started', () => {
      const { links, start, time } = setup();
      const never = start('c1');
      time.advance(10 * WINDOW);
      start('c2');
      assert.equal(links.known(never.id), never.link, 'kept for ten windows');
      time.advance(1);
      start('c3');
      assert.equal(links.known(never.id), undefined, 'dropped after them');
    });

    it('forgets a completed operation one link window after it started, and not before', () => {
      const { links, start, time } = setup();
      const done = start('c1');
      const open = start('c2');
      links.completed(done.link, completion(done.id, { completedAt: time.now + 5 }), false);
      time.advance(WINDOW);
      start('c3');
      assert.equal(links.known(done.id), done.link);
      time.advance(1);
      start('c4');
      assert.equal(links.known(done.id), undefined);
      assert.equal(links.known(open.id), open.link, 'one still running is kept');
    });

    it('checks the horizon on every new operation, whatever its subject', () => {
      const { links, start, time } = setup();
      const done = start('c1');
      links.completed(done.link, completion(done.id), false);
      time.advance(WINDOW + 1);
      start(undefined);
      assert.equal(links.known(done.id), undefined);
    });

    it('links a subject to an operation until its window has passed', () => {
      const { start, notification, receive, time } = setup();
      const op = start('c1');
      time.advance(WINDOW);
      assert.equal(receive(notification('c1')), op.link, 'at the end of the window: still linked');
      time.advance(1);
      assert.equal(receive(notification('c1')), undefined);
      assert.equal(op.link.linkedCount, 1);
    });

    it('uses the default window of 30 s for a missing or nonsense window', () => {
      for (const linkWindowMs of [undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        const { start, notification, receive, time } = setup({ linkWindowMs });
        const op = start('c1');
        time.advance(DEFAULT_LINK_WINDOW_MS);
        assert.equal(receive(notification('c1')), op.link, `window ${linkWindowMs}: linked at 30 s`);
        time.advance(1);
        assert.equal(receive(notification('c1')), undefined, `window ${linkWindowMs}: not after`);
      }
    });

    it('dispose() stops the timer and forgets every operation', () => {
      const { links, start, time, notification, receive } = setup();
      const op = start('c1');
      assert.equal(time.pending, 1);
      links.dispose();
      assert.equal(time.pending, 0);
      assert.equal(links.known(op.id), undefined);
      assert.equal(receive(notification('c1')), undefined);
      time.advance(60_000);
      assert.equal(op.row.warning, undefined);
    });
  });

  describe('who owns a subject', () => {
    it('gives the subject to the newest operation on it, and other subjects stay with theirs', () => {
      const { start, notification, receive } = setup();
      const first = start('c1');
      const onOther = start('c2');
      const second = start('c1');
      assert.equal(receive(notification('c1')), second.link);
      assert.equal(receive(notification('c2')), onOther.link);
      assert.equal(first.link.linkedCount, 0);
      assert.equal(receive(notification(undefined)), undefined, 'a notification without a call has no cause');
    });

    it('gives the subject back to the earlier operation when the later one is refused, within the window', () => {
      const { links, start, notification, receive, time } = setup();
      const first = start('c1');
      time.advance(500);
      const refused = start('c1');
      links.completed(refused.link, completion(refused.id, { completedAt: time.now + 10 }), true);
      assert.equal(receive(notification('c1')), first.link);
      assert.equal(refused.row.warning, undefined);
    });

    it('gives nothing back when the earlier operation\'s window ended before the refusal', () => {
      const { links, start, notification, receive, time } = setup();
      start('c1');
      time.advance(800);
      const refused = start('c1');
      // Refused 201 ms later: 1001 ms after the first operation started.
      links.completed(refused.link, completion(refused.id, { completedAt: time.now + 201 }), true);
      assert.equal(receive(notification('c1')), undefined);
    });

    it('measures that window to now when the refusal has no completion time', () => {
      const { links, start, notification, receive, time } = setup();
      const first = start('c1');
      time.advance(1_000);
      const refused = start('c1');
      links.completed(refused.link, completion(refused.id, { completedAt: undefined }), true);
      assert.equal(receive(notification('c1')), first.link, 'exactly one window after: still the first\'s');
    });

    it('keeps the subject with a refused operation that already caused a notification, or that a newer one replaced', () => {
      const { links, start, notification, receive } = setup();
      start('c1');
      const refusedAfterLink = start('c1');
      assert.equal(receive(notification('c1')), refusedAfterLink.link);
      links.completed(refusedAfterLink.link, completion(refusedAfterLink.id), true);
      assert.equal(receive(notification('c1')), refusedAfterLink.link, 'it did cause something: GWS acted on it');

      const other = setup();
      other.start('c1');
      const refused = other.start('c1');
      const newest = other.start('c1');
      other.links.completed(refused.link, completion(refused.id), true);
      assert.equal(other.receive(other.notification('c1')), newest.link);
    });

    it('takes the subject away from a refused operation that had no predecessor', () => {
      const { links, start, notification, receive } = setup();
      const refused = start('c1');
      links.completed(refused.link, completion(refused.id), true);
      assert.equal(receive(notification('c1')), undefined);
    });

    it('keeps the subject with an operation that succeeded, and forgets its predecessor', () => {
      const { links, start, notification, receive } = setup();
      start('c1');
      const ok = start('c1');
      assert.ok(ok.link.previous);
      links.completed(ok.link, completion(ok.id), false);
      assert.equal(ok.link.completed, true);
      assert.equal(ok.link.previous, undefined, 'no chain of old operations is kept alive');
      assert.equal(receive(notification('c1')), ok.link);
    });
  });

  describe('operations that are not on a call', () => {
    const dialling = (callId: string, fields: Partial<StreamRecord> = {}): Partial<StreamRecord> => ({
      callId,
      messageType: 'CallStateChangeMessage',
      state: 'Dialing',
      diff: { first: true, userData: { added: {}, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: {} },
      ...fields,
    });

    it('links Dial to the first new call seen dialling, then to that call\'s notifications only', () => {
      const { start, notification, receive } = setup();
      const dial = start(NEW_CALL);
      assert.equal(receive(notification('made', dialling('made'))), dial.link);
      assert.equal(receive(notification('made', { state: 'Established' })), dial.link);
      assert.equal(receive(notification('second', dialling('second'))), undefined, 'one Dial, one call');
    });

    it('does not take for the dialled call one that is not new, not dialling, or not a call state change', () => {
      const { start, notification, receive } = setup();
      const dial = start(NEW_CALL);
      const known = dialling('a');
      known.diff = { ...known.diff!, first: false };
      assert.equal(receive(notification('a', known)), undefined);
      assert.equal(receive(notification('b', dialling('b', { state: 'Ringing' }))), undefined);
      assert.equal(receive(notification('c', dialling('c', { messageType: 'ErrorMessage' }))), undefined);
      assert.equal(receive(notification('d', dialling('d', { diff: undefined }))), undefined);
      assert.equal(receive(notification('e', dialling('e'))), dial.link, 'the Dial still waits for its call');
    });

    it('takes a new dialling call for nobody\'s when no Dial is pending, and keeps working', () => {
      const { links, start, notification, receive } = setup();
      assert.equal(receive(notification('out', dialling('out'))), undefined);
      const next = start('other');
      assert.equal(links.known(next.id), next.link);
      assert.equal(receive(notification('out', { state: 'Established' })), undefined);
    });

    it('prefers an operation on the call itself to a pending Dial', () => {
      const { start, notification, receive } = setup();
      start(NEW_CALL);
      const onCall = start('x');
      assert.equal(receive(notification('x', dialling('x'))), onCall.link);
    });

    it('links a device operation to a DeviceStateChangeMessage that lists its device, in any position', () => {
      const { start, notification, receive } = setup();
      const dnd = start(deviceSubject('dev-2'));
      const device = (devices: unknown[]) => receive(notification(undefined, { messageType: 'DeviceStateChangeMessage' }), { devices });
      assert.equal(device([{ id: 'dev-1' }]), undefined);
      assert.equal(device([{ id: 'dev-1' }, null, 'dev-2', { id: 7 }, { id: 'dev-2' }]), dnd.link);
      assert.equal(receive(notification(undefined, { messageType: 'CallStateChangeMessage' }), { devices: [{ id: 'dev-2' }] }), undefined, 'only device messages');
      assert.equal(receive(notification(undefined, { messageType: 'DeviceStateChangeMessage' }), { devices: { id: 'dev-2' } }), undefined, 'devices must be a list');
    });

    it('links an agent-state operation to the next DeviceStateChangeMessage of any device, after a device\'s own', () => {
      const { start, notification, receive } = setup();
      const ready = start(ANY_DEVICE);
      const device = (id: string) => receive(notification(undefined, { messageType: 'DeviceStateChangeMessage' }), { devices: [{ id }] });
      assert.equal(device('dev-9'), ready.link);
      const dnd = start(deviceSubject('dev-2'));
      assert.equal(device('dev-2'), dnd.link);
      assert.equal(device('dev-3'), ready.link);
    });
  });

  describe('the "no notification" warning', () => {
    it('warns an operation with a subject and no notification after the warning time, with one timer armed for the oldest', () => {
      const { start, time, updated } = setup({ warningMs: 2_000, linkWindowMs: 60_000 });
      const a = start('c1');
      time.advance(500);
      const b = start('c2');
      const unknown = start(undefined);
      assert.deepEqual(time.requested, [2_000], 'armed once, for the first operation');
      time.advance(1_499);
      assert.equal(a.row.warning, undefined);
      time.advance(1);
      assert.equal(a.row.warning, 'No notification within 2 s');
      assert.equal(b.row.warning, undefined);
      assert.deepEqual(updated.at(-1), [a.row], 'the warned row is reported as updated');
      assert.deepEqual(time.requested, [2_000, 500], 're-armed for the next one');
      time.advance(500);
      assert.equal(b.row.warning, 'No notification within 2 s');
      assert.equal(time.pending, 0);
      assert.equal(unknown.row.warning, undefined, 'an operation without a subject is never waited for');
    });

    it('warns several operations that fall due together in one update', () => {
      const { start, time, updated } = setup({ warningMs: 1_000 });
      const a = start('c1');
      const b = start('c2');
      time.advance(1_000);
      assert.deepEqual(updated, [[a.row, b.row]]);
    });

    it('keeps one timer for the oldest operation still waiting, and stops it when none is left', () => {
      const { start, notification, receive, time } = setup({ warningMs: 1_000 });
      const first = start('c1');
      time.advance(300);
      const second = start('c2');
      time.advance(100);
      receive(notification('c1'));
      assert.equal(first.row.delayMs, 400);
      time.advance(600);
      assert.equal(second.row.warning, undefined);
      assert.deepEqual(time.requested, [1_000, 300], 'due 1000 ms after the second started');
      time.advance(299);
      assert.equal(second.row.warning, undefined);
      time.advance(1);
      assert.equal(second.row.warning, 'No notification within 1 s');
      assert.equal(first.row.warning, undefined);

      const third = start('c3');
      assert.equal(time.pending, 1);
      receive(notification('c3'));
      assert.equal(time.pending, 0, 'nothing left to wait for');
      time.advance(5_000);
      assert.equal(third.row.warning, undefined);
    });

    it('arms the timer with no delay when an operation is already overdue', () => {
      const { start, time } = setup({ warningMs: 1_000 });
      const op = start('c1', time.now - 5_000);
      assert.deepEqual(time.requested, [0]);
      time.advance(0);
      assert.equal(op.row.warning, 'No notification within 1 s');
    });

    it('rewrites the warning of an operation whose first notification came late, and leaves one in time alone', () => {
      const { start, notification, receive, time } = setup({ warningMs: 1_000, linkWindowMs: 60_000 });
      const late = start('c1');
      time.advance(1_250);
      assert.equal(late.row.warning, 'No notification within 1 s');
      receive(notification('c1'));
      assert.equal(late.row.warning, 'First notification after 1.3 s (over 1 s)');
      time.advance(10);
      receive(notification('c1'));
      assert.equal(late.row.warning, 'First notification after 1.3 s (over 1 s)', 'only the first notification sets it');
      const onTime = start('c2');
      time.advance(10);
      receive(notification('c2'));
      assert.equal(onTime.row.warning, undefined);
      assert.equal(onTime.row.delayMs, 10);
    });

    it('stops waiting for a refused operation and clears its warning', () => {
      const { links, start, time } = setup({ warningMs: 1_000 });
      const refused = start('c1');
      time.advance(1_000);
      assert.equal(refused.row.warning, 'No notification within 1 s');
      const again = start('c1');
      links.completed(again.link, completion(again.id), true);
      time.advance(5_000);
      assert.equal(again.row.warning, undefined);
      refused.row.warning = 'stale';
      links.completed(refused.link, completion(refused.id), true);
      assert.equal(refused.row.warning, undefined);
    });

    it('applies a new warning time to operations already waiting; nonsense means the default', () => {
      const { links, start, time } = setup({ warningMs: 5_000, linkWindowMs: 60_000 });
      const op = start('c1');
      links.setNoNotificationWarningMs(1_500);
      assert.equal(links.noNotificationWarningMs, 1_500);
      assert.equal(time.pending, 1, 'the old timer was replaced');
      time.advance(1_500);
      assert.equal(op.row.warning, 'No notification within 1.5 s');
      const older = start('c2', time.now - 1_000);
      const newer = start('c3');
      links.setNoNotificationWarningMs(2_000);
      time.advance(1_000);
      assert.equal(older.row.warning, 'No notification within 2 s', 'the timer is set for the oldest waiting operation');
      assert.equal(newer.row.warning, undefined);
      for (const ms of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        links.setNoNotificationWarningMs(ms);
        assert.equal(links.noNotificationWarningMs, DEFAULT_NO_NOTIFICATION_WARNING_MS, `for ${ms}`);
      }
      assert.equal(setup({ warningMs: Number.NaN }).links.noNotificationWarningMs, DEFAULT_NO_NOTIFICATION_WARNING_MS);
    });
  });

  it('formats durations: whole milliseconds under a second, seconds with at most one decimal above', () => {
    assert.equal(formatMs(0), '0 ms');
    assert.equal(formatMs(12.4), '12 ms');
    assert.equal(formatMs(999), '999 ms');
    assert.equal(formatMs(1_000), '1 s');
    assert.equal(formatMs(1_500), '1.5 s');
    assert.equal(formatMs(1_234), '1.2 s');
    assert.equal(formatMs(30_000), '30 s');
  });
});
