// Clear asks first, naming how many rows go; dismissing the question keeps every row.
import * as assert from 'node:assert/strict';
import type { Prompter } from '../../../../src/common/prompter';
import { StreamLog } from '../../../../src/model/streamLog';
import { clearStreamConfirmed } from '../../../../src/webviews/inspector/clearStream';

/** Answers every confirmation with `answer` and records what was asked. */
function answering(answer: boolean): { prompter: Prompter; asked: string[][] } {
  const asked: string[][] = [];
  const prompter = {
    confirm: async (message: string, detail: string, action: string) => {
      asked.push([message, detail, action]);
      return answer;
    },
  } as unknown as Prompter;
  return { prompter, asked };
}

function logWith(count: number): StreamLog {
  const log = new StreamLog();
  for (let i = 0; i < count; i++) log.append({ time: 1_000, kind: 'meta', channel: 'session', type: 'connect', summary: `m${i}`, changed: true });
  return log;
}

describe('clearing the inspector stream', () => {
  it('asks "Clear N rows" and keeps every row when dismissed', async () => {
    const log = logWith(1234);
    const { prompter, asked } = answering(false);
    assert.equal(await clearStreamConfirmed(log, prompter), false);
    assert.equal(log.size, 1234);
    assert.deepEqual(asked.map(([, , action]) => action), ['Clear 1,234 rows']);
    assert.match(asked[0][0], /Clear 1,234 rows/);
    assert.match(asked[0][1], /Export/);
  });

  it('clears once confirmed', async () => {
    const log = logWith(1);
    const { prompter, asked } = answering(true);
    assert.equal(await clearStreamConfirmed(log, prompter), true);
    assert.equal(log.size, 0);
    assert.equal(asked[0][2], 'Clear 1 row');
  });

  it('asks nothing when there is nothing to clear', async () => {
    const { prompter, asked } = answering(false);
    assert.equal(await clearStreamConfirmed(logWith(0), prompter), true);
    assert.equal(asked.length, 0);
  });
});
