// The page's selection and filtered rows as seq runs (protocol.ts) and their use on the host
// (pageSelection.ts): compact for 100,000 rows, checked like any input, and answered once.
import * as assert from 'node:assert/strict';
import type { StreamRecord } from '../../../../src/model/streamLog';
import { checkSelection, checkSeqRanges, recordsInRanges, SelectionRequests } from '../../../../src/webviews/inspector/pageSelection';
import { countOfSeqRanges, toSeqRanges } from '../../../../src/webviews/inspector/protocol';

function record(seq: number): StreamRecord {
  return { seq, time: seq, kind: 'notification', channel: '/v2/me/calls', type: 'StatusChange', summary: '', changed: true };
}

describe('inspector: selection as seq runs', () => {
  it('turns ascending seqs into runs of consecutive seqs', () => {
    assert.deepEqual(toSeqRanges([]), []);
    assert.deepEqual(toSeqRanges([7]), [[7, 7]]);
    assert.deepEqual(toSeqRanges([1, 2, 3, 5, 7, 8, 8, 9, 20]), [[1, 3], [5, 5], [7, 9], [20, 20]]);
  });

  it('names 100,000 consecutive rows in one pair, and counts what the runs name', () => {
    const seqs = Array.from({ length: 100_000 }, (_, i) => i + 11);
    const ranges = toSeqRanges(seqs);
    assert.deepEqual(ranges, [[11, 100_010]]);
    assert.equal(countOfSeqRanges(ranges), 100_000);
    const everyOther = toSeqRanges(seqs.filter((seq) => seq % 2 === 0));
    assert.equal(everyOther.length, 50_000);
    assert.equal(countOfSeqRanges(everyOther), 50_000);
  });

  it('picks the records the runs name, in one pass, whatever the width of a run', () => {
    const records = [1, 2, 3, 4, 6, 7, 10, 11].map(record);
    assert.deepEqual(recordsInRanges(records, [[2, 3], [5, 6], [9, 1e12]]).map((r) => r.seq), [2, 3, 6, 10, 11]);
    assert.deepEqual(recordsInRanges(records, []), []);
    assert.deepEqual(recordsInRanges(records, [[-3, 0], [12, 14]]), []);
    // Round trip: the runs of some records name exactly those records.
    const some = [1, 3, 4, 7, 11];
    assert.deepEqual(recordsInRanges(records, toSeqRanges(some)).map((r) => r.seq), some);
  });

  it('refuses a malformed answer, saying what is wrong', () => {
    assert.throws(() => checkSeqRanges('1-3', 'selected'), /selected rows are not a list of \[first, last\] seq ranges/);
    assert.throws(() => checkSeqRanges([[3, 1]], 'selected'), /range 0 is not an ascending \[first, last\] pair/);
    assert.throws(() => checkSeqRanges([[1, 4], [4, 6]], 'filtered'), /filtered rows: range 1/);
    assert.throws(() => checkSeqRanges([[1, 2.5]]), /range 0/);
    assert.throws(() => checkSeqRanges([[1, 2, 3]]), /range 0/);
    assert.deepEqual(checkSelection({ selected: [[1, 2]], filtered: [], filterActive: true }), { selected: [[1, 2]], filtered: [], filterActive: true });
  });

  it('resolves a request with the answer that carries its id, once; a page that goes away answers nothing', async () => {
    const requests = new SelectionRequests();
    const posted: number[] = [];
    const first = requests.ask((id) => posted.push(id));
    const second = requests.ask((id) => posted.push(id));
    assert.equal(posted.length, 2);
    assert.notEqual(posted[0], posted[1]);
    requests.answer(posted[1], { selected: [[4, 5]], filtered: [[1, 9]], filterActive: false });
    requests.answer(posted[1], { selected: [[6, 6]], filtered: [], filterActive: false });
    assert.deepEqual(await second, { selected: [[4, 5]], filtered: [[1, 9]], filterActive: false });
    requests.cancelAll();
    assert.equal(await first, undefined);
  });

  it('ends a request whose answer is malformed (and says why), and one never answered', async () => {
    const requests = new SelectionRequests();
    let id = 0;
    const bad = requests.ask((requestId) => (id = requestId));
    assert.throws(() => requests.answer(id, { selected: [[2, 1]], filtered: [] }), /range 0/);
    assert.equal(await bad, undefined);
    const unanswered = requests.ask(() => undefined, 1);
    assert.equal(await unanswered, undefined);
  });
});
