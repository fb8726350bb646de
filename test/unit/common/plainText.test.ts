import * as assert from 'node:assert/strict';
import { PLAIN_TEXT_MAX_LENGTH, plainText } from '../../../src/common/plainText';
import { activeMarkup, XSS_CORPUS } from '../../support/xssCorpus';

describe('plainText: server text for VS Code UI', () => {
  it('has a corpus of at least 50 payloads, and the corpus is not inert to begin with', () => {
    assert.ok(XSS_CORPUS.length >= 50, `corpus size ${XSS_CORPUS.length}`);
    const active = XSS_CORPUS.filter(({ payload }) => activeMarkup(payload) !== undefined);
    // The detector must see what the helper removes: links, command URIs, icons, bidi, controls.
    assert.ok(active.length >= 20, `payloads the detector flags before plainText: ${active.length}`);
  });

  for (const { name, payload } of XSS_CORPUS) {
    it(`leaves no link, command URI, icon or invisible character: ${name}`, () => {
      const shown = plainText(payload);
      assert.equal(activeMarkup(shown), undefined, `plainText(${JSON.stringify(payload.slice(0, 80))}) = ${JSON.stringify(shown.slice(0, 120))}`);
      assert.ok(shown.length <= PLAIN_TEXT_MAX_LENGTH, `length ${shown.length}`);
      assert.equal(plainText(shown), shown, 'idempotent');
      const whole = plainText(payload, Infinity);
      assert.equal(activeMarkup(whole), undefined, `uncut: ${JSON.stringify(whole.slice(-120))}`);
    });
  }

  it('keeps ordinary text and HTML-looking text exactly as it is', () => {
    for (const text of ['5551234', 'agent1 @ 127.0.0.1:8090', 'Recording cannot be resumed on this trunk', '<img src=x onerror=alert(1)>', 'a < b & c > d', '日本語 ☎']) {
      assert.equal(plainText(text), text);
    }
  });

  it('stays readable: a link shows its label and target, a codicon its name, a control its code', () => {
    assert.equal(plainText('[Click](command:workbench.action.quit)'), '[Click] (command: workbench.action.quit)');
    assert.equal(plainText('$(alert) done'), '$ (alert) done');
    assert.equal(plainText('COMMAND:x'), 'COMMAND: x');
    assert.equal(plainText('invoice\u202Efdp.exe'), 'invoice\\u202Efdp.exe');
    assert.equal(plainText('a\u200Bb'), 'a\\u200Bb');
    assert.equal(plainText('line1\r\nline2\tend'), 'line1 line2 end');
    assert.equal(plainText('tag\u{E0041}'), 'tag\\u{E0041}');
  });

  it('cuts long text with an ellipsis, never inside a surrogate pair', () => {
    assert.equal(plainText('x'.repeat(20), 10), `${'x'.repeat(9)}…`);
    const emoji = `${'x'.repeat(8)}\u{1F600}rest`;
    const cut = plainText(emoji, 10);
    assert.equal(cut, `${'x'.repeat(8)}…`);
    assert.equal(plainText('short', 10), 'short');
  });

  it('accepts any value: undefined and null are empty, numbers are their digits', () => {
    assert.equal(plainText(undefined), '');
    assert.equal(plainText(null), '');
    assert.equal(plainText(42), '42');
  });
});
