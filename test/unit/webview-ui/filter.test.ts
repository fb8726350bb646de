// The inspector page's filter (src/webview-ui/inspector/filter.ts): pure, so tested here too
// (the page tests in test/e2e/inspector-page.test.ts drive it through the real field).
import * as assert from 'node:assert/strict';
import { compileFilter, emptyCriteria, finder, parseFieldQuery } from '../../../src/webview-ui/inspector/filter';
import type { RowEntry } from '../../../src/webview-ui/inspector/rowStore';
import { flatten } from '../../../src/webviews/inspector/payloadText';
import type { RowDto } from '../../../src/webviews/inspector/protocol';

function entry(seq: number, summary: string, payload?: unknown): RowEntry {
  const row: RowDto = { seq, time: 0, kind: 'notification', channel: '/v2/me/calls', type: 'StatusChange', summary, changed: true };
  if (payload !== undefined) row.payload = flatten(payload);
  return { row, search: undefined, version: 0 };
}

const rows = [
  entry(1, 'userData +2 ~0 −0', { call: { state: 'Held', userData: { CaseId: 'C-42', Tier: 'Gold' }, participants: [{ phoneNumber: '+16175550199' }] } }),
  entry(2, 'userData +1 ~0 −0', { call: { state: 'Established', userData: { CaseId: 'C-420' }, participants: [{ phoneNumber: '15001' }] } }),
  entry(3, 'held music', { call: { state: 'Established' }, note: 'call.state = held' }),
  entry(4, 'no payload'),
];

function passing(text: string, regex = false): number[] {
  const filter = compileFilter({ ...emptyCriteria, text, regex });
  assert.equal(filter.error, undefined);
  return rows.filter(filter.test).map((e) => e.row.seq);
}

describe('inspector page filter', () => {
  it('finds a needle from its rarest character exactly where includes() does', () => {
    const texts = ['call.userdata.caseid = c-42', 'c-4', 'cc-42c-42', '-42', 'xc-42', ''];
    for (const needle of ['c-42', 'call', '-42', 'q', 'caseid = c-42', 'c-42c']) {
      const contains = finder(needle);
      for (const text of texts) assert.equal(contains(text), text.includes(needle), `${needle} in ${text}`);
    }
  });

  it('searches payloads for plain text and /regex/, not only the summary', () => {
    assert.deepEqual(passing('C-42'), [1, 2]);
    assert.deepEqual(passing('gold'), [1]);
    assert.deepEqual(passing('/c-42$/'), [1]);
    assert.deepEqual(passing('6175550199'), [1]);
    assert.deepEqual(passing('^call\\.state = held$', true), [1]);
  });

  it('reads field queries: the end of a path, = a whole value, ~ a part, != another value', () => {
    assert.deepEqual(parseFieldQuery('userData.CaseId = "C-42"'), { path: 'userdata.caseid', op: '=', value: 'c-42' });
    assert.deepEqual(parseFieldQuery('state!=Held'), { path: 'state', op: '!=', value: 'held' });
    assert.equal(parseFieldQuery('http 200'), undefined);
    assert.equal(parseFieldQuery('= C-42'), undefined);
    assert.deepEqual(passing('userData.CaseId = C-42'), [1]);
    assert.deepEqual(passing('call.state = Held'), [1], 'not the row whose note mentions the text');
    assert.deepEqual(passing('participants.phoneNumber ~ 617'), [1]);
    assert.deepEqual(passing('call.state != Held'), [2, 3]);
    assert.deepEqual(passing('ate = held'), [], 'a path matches at a key boundary only');
  });

  it('marks the field of a field query only, and every occurrence of a text', () => {
    const field = compileFilter({ ...emptyCriteria, text: 'call.state = Held' }).highlight!;
    assert.deepEqual(field.key('state'), [[0, 5]]);
    assert.deepEqual(field.key('note'), []);
    assert.deepEqual(field.value('"Held"', 'state'), [[0, 6]]);
    assert.deepEqual(field.value('"Held"', 'note'), []);
    const text = compileFilter({ ...emptyCriteria, text: 'c-4' }).highlight!;
    assert.deepEqual(text.value('"C-42 C-43"', 'x'), [[1, 4], [6, 9]]);
    const zeroLength = compileFilter({ ...emptyCriteria, text: 'x*', regex: true }).highlight!;
    assert.deepEqual(zeroLength.value('axxb', 'k'), [[1, 3]]);
  });
});
