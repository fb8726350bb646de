import * as assert from 'node:assert/strict';
import { StringPool } from '../../../src/model/stringPool';

describe('StringPool', () => {
  it('returns the first copy of a value for every later equal value', () => {
    const pool = new StringPool();
    const first = pool.intern(['CallState', 'ChangeMessage'].join(''));
    assert.equal(pool.intern(JSON.parse('"CallStateChangeMessage"') as string), first);
    assert.equal(pool.size, 1);
  });

  it('stops growing at its capacity and leaves long strings alone', () => {
    const pool = new StringPool(2);
    pool.intern('a');
    pool.intern('b');
    assert.equal(pool.intern('c'), 'c');
    assert.equal(pool.size, 2);
    pool.intern('x'.repeat(200));
    assert.equal(pool.size, 2);
  });

  it('pools strings of up to 64 characters, not longer ones', () => {
    const pool = new StringPool();
    pool.intern('x'.repeat(64));
    assert.equal(pool.size, 1);
    pool.intern('y'.repeat(65));
    assert.equal(pool.size, 1);
  });
});
