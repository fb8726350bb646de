import * as assert from 'node:assert/strict';
import { callContextValue, callIdOf, displayValue, sourceOf } from '../../../src/views/callNodes';

describe('calls tree nodes', () => {
  it('encodes the current capabilities in contextValue', () => {
    assert.equal(callContextValue({ id: 'x', capabilities: ['Hold', 'StartCallRecording'] }), 'call+Hold+StartCallRecording');
    assert.equal(callContextValue({ id: 'x' }), 'call', 'no capabilities field: no operations');
    assert.equal(callContextValue({ id: 'x', capabilities: ['Hold', 42 as unknown as string] }), 'call+Hold', 'ignores junk');
  });

  it('finds the call id of a node, a string or a call', () => {
    assert.equal(callIdOf({ kind: 'call', callId: 'abc' }), 'abc');
    assert.equal(callIdOf('abc'), 'abc');
    assert.equal(callIdOf({ id: 'abc', state: 'Held' }), 'abc');
    assert.equal(callIdOf(undefined), undefined);
  });

  it('finds the session of a node: the source id it carries, none for a bare call id or a call', () => {
    assert.equal(sourceOf({ kind: 'session', source: 'session:p1' }), 'session:p1');
    assert.equal(sourceOf({ kind: 'call', callId: 'abc', source: 'session:p2' }), 'session:p2');
    assert.equal(sourceOf({ kind: 'entry', callId: 'abc', group: 'userData', key: 'k', value: 'v', source: 'session:p2' }), 'session:p2');
    assert.equal(sourceOf('abc'), undefined);
    assert.equal(sourceOf({ id: 'abc', state: 'Held' }), undefined);
    assert.equal(sourceOf({ source: '' }), undefined);
    assert.equal(callIdOf({ kind: 'session', source: 'session:p1' }), undefined, 'a session node is no call');
  });

  it('shows non-string userData values as JSON', () => {
    assert.equal(displayValue('text'), 'text');
    assert.equal(displayValue(42), '42');
    assert.equal(displayValue(['a', 'b']), '["a","b"]');
    assert.equal(displayValue({ a: 1 }), '{"a":1}');
  });
});
