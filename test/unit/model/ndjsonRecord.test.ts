// One NDJSON line read back into a stream record (src/model/ndjsonRecord.ts): what a file from
// anywhere may hold in a conference's party list and a proxied operation's answer headers.
import * as assert from 'node:assert/strict';
import { lineToRecord } from '../../../src/model/ndjsonRecord';

const line = (fields: Record<string, unknown>) => ({ seq: 1, time: 1_000, kind: 'notification', channel: '/v2/me/calls', ...fields });

describe('an NDJSON line back into a record', () => {
  it('reads who joined, left or changed, skipping entries that are not parties', () => {
    const record = lineToRecord(
      line({
        diff: {
          participants: {
            joined: [{ party: '15003', value: { phoneNumber: '15003' } }, null, 'x', { value: 1 }, { party: 7 }],
            left: [{ party: '15001', value: '15001' }, [1]],
            changed: [{ party: '15002', changes: { role: { old: 'RoleDestination', new: 'RoleConferenceMember' } } }, { changes: {} }],
          },
        },
      }),
    );
    assert.deepEqual(record.diff?.participants, {
      joined: [{ party: '15003', value: { phoneNumber: '15003' } }],
      left: [{ party: '15001', value: '15001' }],
      changed: [{ party: '15002', changes: { role: { old: 'RoleDestination', new: 'RoleConferenceMember' } } }],
    });
    const noLists = lineToRecord(line({ diff: { participants: { joined: 'x', left: { party: '1' } } } }));
    assert.deepEqual(noLists.diff?.participants, { joined: [], left: [], changed: [] });
  });

  it("keeps a proxied operation's answer headers that are text, and only those", () => {
    const record = lineToRecord(
      line({ kind: 'operation', operation: { method: 'POST', url: 'http://gws/api/v2/me', responseHeaders: { 'Content-Type': 'application/json', 'X-Count': 3, 'X-List': ['a'] } } }),
    );
    assert.deepEqual(record.operation?.responseHeaders, { 'Content-Type': 'application/json' });
  });
});
