import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_EVENTS, StreamLog, type NewStreamRecord, type StreamRecord } from '../../../src/model/streamLog';

function meta(text: string): NewStreamRecord {
  return { time: 1_000, kind: 'meta', channel: 'session', type: 'connect', summary: text, changed: true };
}

function seqs(records: StreamRecord[]): number[] {
  return records.map((r) => r.seq);
}

describe('StreamLog', () => {
  it('defaults to 50,000 events and numbers records from 1', () => {
    const log = new StreamLog();
    assert.equal(log.capacity, DEFAULT_MAX_EVENTS);
    assert.equal(log.append(meta('a')).seq, 1);
    assert.equal(log.append(meta('b')).seq, 2);
    assert.deepEqual(seqs(log.rows()), [1, 2]);
  });

  it('wraps around: keeps the newest records in order and counts the dropped ones', () => {
    const log = new StreamLog(3);
    for (let i = 1; i <= 8; i++) log.append(meta(`m${i}`));
    assert.equal(log.size, 3);
    assert.equal(log.dropped, 5);
    assert.deepEqual(seqs(log.rows()), [6, 7, 8]);
    assert.deepEqual(log.rows().map((r) => r.summary), ['m6', 'm7', 'm8']);
    assert.equal(log.get(5), undefined, 'an evicted record is gone');
    assert.equal(log.get(7)?.summary, 'm7');
    assert.deepEqual(seqs(log.rows(7)), [7, 8]);
  });

  it('fires onDidAppend with each record, and onDidUpdate only for records still held', () => {
    const log = new StreamLog(2);
    const appended: number[] = [];
    const updated: number[][] = [];
    log.onDidAppend((records) => appended.push(...seqs(records)));
    log.onDidUpdate((records) => updated.push(seqs(records)));
    const first = log.append(meta('a'));
    const second = log.append(meta('b'));
    log.updated([first]);
    log.append(meta('c')); // evicts `first`
    log.updated([first]);
    log.updated([first, second]);
    assert.deepEqual(appended, [1, 2, 3]);
    assert.deepEqual(updated, [[1], [2]], 'no event when none of the records is still held');
  });

  it('finds nothing in an empty log, and stops telling listeners once disposed', () => {
    const log = new StreamLog(2);
    assert.equal(log.get(1), undefined);
    assert.equal(log.nextSequence, 1);
    let events = 0;
    log.onDidAppend(() => events++);
    log.onDidUpdate(() => events++);
    log.onDidReset(() => events++);
    log.dispose();
    const record = log.append(meta('after'));
    log.updated([record]);
    log.clear();
    assert.equal(events, 0);
    assert.equal(log.nextSequence, 2);
  });

  it('setCapacity() to the same capacity keeps everything and resets nothing', () => {
    const log = new StreamLog(3);
    let resets = 0;
    log.onDidReset(() => resets++);
    for (let i = 0; i < 5; i++) log.append(meta(`m${i + 1}`));
    log.setCapacity(3);
    assert.equal(resets, 0);
    assert.deepEqual(seqs(log.rows()), [3, 4, 5]);
    assert.equal(log.dropped, 2);
  });

  it('clear() empties the log, resets dropped, keeps seqs increasing and fires onDidReset', () => {
    const log = new StreamLog(2);
    let resets = 0;
    log.onDidReset(() => resets++);
    for (let i = 0; i < 5; i++) log.append(meta('x'));
    log.clear();
    assert.equal(log.size, 0);
    assert.equal(log.dropped, 0);
    assert.deepEqual(log.rows(), []);
    assert.equal(log.append(meta('after')).seq, 6);
    assert.equal(resets, 1);
  });

  it('setCapacity() keeps the newest records that fit and counts the rest as dropped', () => {
    const log = new StreamLog(5);
    let resets = 0;
    log.onDidReset(() => resets++);
    for (let i = 0; i < 7; i++) log.append(meta(`m${i + 1}`)); // holds 3..7, dropped 2
    log.setCapacity(2);
    assert.deepEqual(seqs(log.rows()), [6, 7]);
    assert.equal(log.dropped, 5);
    log.append(meta('m8'));
    assert.deepEqual(seqs(log.rows()), [7, 8]);
    log.setCapacity(4);
    for (let i = 0; i < 2; i++) log.append(meta('more'));
    assert.deepEqual(seqs(log.rows()), [7, 8, 9, 10]);
    assert.equal(log.capacity, 4);
    assert.equal(resets, 2);
  });

  it('falls back to the default for a nonsense capacity, and rounds a fractional one down', () => {
    assert.equal(new StreamLog(0).capacity, DEFAULT_MAX_EVENTS);
    assert.equal(new StreamLog(Number.NaN).capacity, DEFAULT_MAX_EVENTS);
    assert.equal(new StreamLog(Number.POSITIVE_INFINITY).capacity, DEFAULT_MAX_EVENTS);
    assert.equal(new StreamLog(1).capacity, 1);
    assert.equal(new StreamLog(2.7).capacity, 2);
  });

  it('load() sorts records by seq, and get() finds every loaded seq and no other, at any position', () => {
    const log = new StreamLog(10);
    const loaded = [31, 3, 17, 5, 8, 40, 12].map((seq) => ({ ...meta(`s${seq}`), seq }));
    log.load(loaded);
    assert.deepEqual(seqs(log.rows()), [3, 5, 8, 12, 17, 31, 40]);
    for (const seq of [3, 5, 8, 12, 17, 31, 40]) assert.equal(log.get(seq)?.summary, `s${seq}`, `seq ${seq}`);
    for (const seq of [0, 1, 2, 4, 6, 7, 9, 13, 30, 32, 39, 41, 100]) assert.equal(log.get(seq), undefined, `seq ${seq}`);
    // After the ring wrapped, too.
    for (let i = 0; i < 6; i++) log.append(meta('more'));
    assert.deepEqual(seqs(log.rows()), [12, 17, 31, 40, 41, 42, 43, 44, 45, 46]);
    for (const seq of [12, 17, 31, 40, 41, 46]) assert.equal(log.get(seq)?.seq, seq);
    for (const seq of [8, 13, 39, 47]) assert.equal(log.get(seq), undefined);
  });

  it('load() takes records with their own (gapped) seqs and still finds each by seq', () => {
    const log = new StreamLog(3);
    const records = [10, 12, 20, 21].map((seq) => ({ ...meta(`s${seq}`), seq }));
    log.load(records, 7);
    assert.deepEqual(seqs(log.rows()), [12, 20, 21], 'the newest that fit');
    assert.equal(log.dropped, 8, 'the file said 7 were dropped, one more did not fit');
    assert.equal(log.get(20)?.summary, 's20');
    assert.equal(log.get(10), undefined);
    assert.equal(log.get(13), undefined);
    assert.equal(log.append(meta('next')).seq, 22);
  });
});
