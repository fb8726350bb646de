import * as assert from 'node:assert/strict';
import { MAX_MESSAGE_LINES, messageKey, plainLines } from '../../../src/testing/messageText';

describe('scenario failure texts for the Testing view', () => {
  it('keeps one received notification per line, each line plain text', () => {
    const received = '+12 ms StatusChange call 1: state Established\n+30 ms AttachedDataChanged call 1: userData +[x](command:gws.signOut)\u202e';
    const shown = plainLines(received);
    assert.equal(shown.split('\n').length, 2, 'the diff editor shows them line by line');
    assert.match(shown, /^\+12 ms StatusChange call 1: state Established\n/);
    assert.doesNotMatch(shown, /\]\(command:/, 'no link');
    assert.doesNotMatch(shown, /\u202e/, 'no bidi override');
  });

  it('shows at most MAX_MESSAGE_LINES lines and counts the rest', () => {
    const shown = plainLines(Array.from({ length: MAX_MESSAGE_LINES + 5 }, (_, i) => `line ${i}`).join('\n')).split('\n');
    assert.equal(shown.length, MAX_MESSAGE_LINES + 1);
    assert.equal(shown[shown.length - 1], '… 5 more lines');
  });

  it('keys a failure message by its text and place, so that a copy of it finds the same call', () => {
    const location = { uri: { toString: () => 'file:///w/a.gws-scenario.json' }, range: { start: { line: 7 } } };
    const original = { message: 'step 4: expected a CallRecordingStateChange', location, contextValue: 'gwsScenarioEvent' };
    const copy = { message: 'step 4: expected a CallRecordingStateChange', location: { uri: { toString: () => 'file:///w/a.gws-scenario.json' }, range: { start: { line: 7 } } } };
    assert.equal(messageKey(copy), messageKey(original));
    assert.notEqual(messageKey({ ...copy, location: { ...location, range: { start: { line: 8 } } } }), messageKey(original), 'another step');
    assert.equal(messageKey({ message: { value: 'markdown' } }), messageKey({ message: 'markdown' }));
    for (const nothing of [undefined, null, 'text', {}, { message: 3 }]) assert.equal(messageKey(nothing), undefined);
  });
});
