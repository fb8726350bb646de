// The inspector page in a real Chromium, inside the panel's strict CSP (see inspectorHarness).
// Run: node esbuild.js --tests && npx mocha --timeout 60000 out/test/e2e/inspector-page.test.js
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CallStore } from '../../src/model/callStore';
import { compareMessages } from '../../src/model/compare';
import { diffCalls } from '../../src/model/diff';
import { Pipeline } from '../../src/model/pipeline';
import { StreamLog } from '../../src/model/streamLog';
import { buildDetail, compareCallWithLatest, toRowDto } from '../../src/webviews/inspector/rows';
import type { CallDiff, EntityDiff } from '../../src/model/diffTypes';
import { flatten } from '../../src/webviews/inspector/payloadText';
import type { DetailDto, InspectorSettings, RowDto, ToExtension, ToPage } from '../../src/webviews/inspector/protocol';
import { readGwsFixture } from '../support/fixtures';
import { openInspectorPage, type InspectorPage } from '../support/inspectorHarness';
import { XSS_CORPUS, XSS_PAYLOADS } from '../support/xssCorpus';

const settings: InspectorSettings = { maxEvents: 100_000, noNotificationWarningMs: 5000 };
const T0 = Date.UTC(2025, 0, 6, 9, 30, 0);
const CALL_A = '01RCC3N118B1V0SL8O7GK2LAES00000V';
const CALL_B = '01RCC3N118B1V0SL8O7GK2LAES00000W';
const CALL_C = '01RCC3N118B1V0SL8O7GK2LAES00000X';
const CALL_D = '01RCC3N118B1V0SL8O7GK2LAES00000Y';

/** The documented CallRecordingStateChange notification (test/fixtures/gws, sample 03). */
function sampleNotification(): { data: { call: Record<string, unknown> } & Record<string, unknown> } {
  return readGwsFixture('03-call-recording-state-change-notification.json');
}

function notification(seq: number, overrides: Partial<RowDto> = {}): RowDto {
  return {
    seq,
    time: T0 + seq * 250,
    kind: 'notification',
    channel: '/v2/me/calls',
    type: 'StatusChange',
    messageType: 'CallStateChangeMessage',
    callId: CALL_A,
    state: 'Established',
    recordingState: 'Stopped',
    summary: `userData +0 ~0 −0 · row ${seq}`,
    changed: true,
    ...overrides,
  };
}

function operation(seq: number, overrides: Partial<RowDto> = {}): RowDto {
  return {
    seq,
    time: T0 + seq * 250,
    kind: 'operation',
    channel: 'REST',
    type: 'StartCallRecording',
    callId: CALL_A,
    summary: `POST /api/v2/me/calls/${CALL_A}`,
    changed: true,
    httpStatus: 200,
    statusCode: 0,
    rttMs: 41,
    ...overrides,
  };
}

function reset(rows: RowDto[], extra: Partial<Extract<ToPage, { type: 'reset' }>> = {}): ToPage {
  return { type: 'reset', rows, dropped: 0, view: { kind: 'live' }, settings, ...extra };
}

function emptyDiff(): CallDiff {
  return { first: false, userData: { added: {}, removed: {}, changed: {} }, capabilities: { gained: [], lost: [] }, fields: {} };
}

const isRequestDetail = (m: ToExtension): m is Extract<ToExtension, { type: 'requestDetail' }> => m.type === 'requestDetail';

async function renderedSeqs(inspector: InspectorPage): Promise<number[]> {
  return inspector.page.$$eval('.vlist-body .row', (rows) => rows.map((r) => Number((r as unknown as { dataset: { seq: string } }).dataset.seq)));
}

async function waitForRowCount(inspector: InspectorPage, count: number): Promise<void> {
  await inspector.page.waitForFunction(
    (n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.vlist-body .row').length === n,
    count,
  );
}

/** The values of a filter dropdown's options, in DOM order ('' is "All …"). */
async function optionValues(inspector: InspectorPage, dropdown: string): Promise<(string | null)[]> {
  return inspector.page.locator(`${dropdown} vscode-option`).evaluateAll((options) => options.map((o) => o.getAttribute('value')));
}

/** The values of a multi-select filter's checkboxes, in DOM order (grouped). */
async function checkboxValues(inspector: InspectorPage, filter: string): Promise<string[]> {
  return inspector.page.locator(`${filter} input[type="checkbox"]`).evaluateAll((boxes) => boxes.map((b) => (b as unknown as { value: string }).value));
}

async function dropdownValue(inspector: InspectorPage, dropdown: string): Promise<string> {
  return inspector.page.locator(dropdown).evaluate((d) => (d as unknown as { value: string }).value);
}

async function requestsFor(inspector: InspectorPage, seq: number): Promise<number> {
  return (await inspector.sent()).filter((m) => isRequestDetail(m) && m.seq === seq).length;
}

async function typeFilter(inspector: InspectorPage, text: string): Promise<void> {
  await inspector.page.locator('.filter-text input').fill(text);
}

describe('Inspector page (Chromium)', function () {
  this.timeout(60_000);
  let inspector: InspectorPage;

  beforeEach(async () => {
    inspector = await openInspectorPage();
  });

  afterEach(async () => {
    const errors = inspector.pageErrors();
    const violations = await inspector.cspViolations();
    await inspector.close();
    assert.deepEqual(errors, [], 'no errors thrown in the page');
    assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
  });

  it('posts ready before anything else and renders the rows of a reset', async () => {
    const sent = await inspector.sent();
    assert.deepEqual(sent[0], { type: 'ready' });
    await inspector.post(reset([notification(1, { state: 'Ringing' }), notification(2), operation(3)]));
    await waitForRowCount(inspector, 3);
    const first = inspector.page.locator('#row-1');
    assert.equal(await first.locator('.c-time').textContent(), new Date(T0 + 250).toTimeString().slice(0, 8) + '.250');
    assert.equal(await first.locator('.c-channel').textContent(), '/v2/me/calls');
    assert.equal(await first.locator('.c-call').textContent(), 'call 00000V', 'a row without a call name: the short id');
    assert.equal(await first.locator('.c-state').textContent(), 'Ringing');
    assert.equal(await inspector.page.locator('.counts').textContent(), '3 rows');
  });

  it("is built in the translations of the first reset's bundle (vscode.l10n.bundle), placeholders filled, server text untouched", async () => {
    const bundle = { Pause: 'Pausieren', '{0} rows': '{0} Zeilen', Time: 'Zeit', 'Changes only': 'Nur Änderungen' };
    await inspector.post(reset([notification(1, { state: 'Ringing' }), notification(2)], { bundle }));
    await waitForRowCount(inspector, 2);
    assert.equal(await inspector.page.locator('.counts').textContent(), '2 Zeilen');
    assert.equal(await inspector.page.locator('.pause-button').getAttribute('aria-label'), 'Pausieren');
    assert.equal(await inspector.page.locator('.row.header .c-time').textContent(), 'Zeit');
    assert.equal(await inspector.page.locator('.changes-only').textContent(), 'Nur Änderungen');
    assert.equal(await inspector.page.locator('.row.header .c-state').textContent(), 'State', 'a message the bundle lacks stays English');
    assert.equal(await inspector.page.locator('#row-1 .c-state').textContent(), 'Ringing');
  });

  it('renders server strings as text: no markup, no script', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    await inspector.post(reset([notification(1, { summary: evil, type: '<b>k</b>', state: evil })]));
    await waitForRowCount(inspector, 1);
    assert.equal(await inspector.page.locator('#row-1 .summary-text').textContent(), evil);
    await inspector.page.locator('#row-1').click();
    await inspector.waitForSent(isRequestDetail);
    const diff = emptyDiff();
    diff.userData.added['<b>k</b>'] = evil;
    diff.userData.changed[evil] = { old: '<b>old</b>', new: evil };
    diff.capabilities.gained.push('<img src=x onerror="window.__pwned=2">');
    await inspector.post({ type: 'detail', seq: 1, detail: { seq: 1, kind: 'notification', diff, message: { userData: { '<b>k</b>': evil } } } });
    await inspector.page.locator('.diff-key', { hasText: '<b>k</b>' }).waitFor();
    assert.equal(await inspector.page.locator('.diff-added .diff-new').textContent(), JSON.stringify(evil));
    assert.equal(await inspector.page.locator('.json-tree .jt-key', { hasText: '<b>k</b>' }).count(), 1);
    assert.equal(await inspector.page.locator('#app img').count(), 0, 'no <img> element');
    assert.equal(await inspector.page.locator('#app b').count(), 0, 'no <b> element');
    assert.equal(await inspector.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('keeps at most 300 row elements in the DOM with 100,000 rows', async () => {
    await inspector.postSynthetic({ type: 'reset', startSeq: 1, count: 100_000 });
    await inspector.page.locator('.counts', { hasText: '100,000 rows' }).waitFor();
    const atBottom = await renderedSeqs(inspector);
    assert.ok(atBottom.length > 10 && atBottom.length <= 300, `rows in DOM: ${atBottom.length}`);
    assert.ok(atBottom.includes(100_000), 'following: the newest row is shown');
    await inspector.page.locator('.vlist-viewport').evaluate((viewport) => {
      (viewport as unknown as { scrollTop: number }).scrollTop = 50_000 * 22;
    });
    await inspector.page.waitForFunction(
      () => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('#row-50001') !== null,
    );
    assert.ok((await inspector.page.locator('.row').count()) <= 300);
    assert.equal(await inspector.page.locator('.follow-button').getAttribute('aria-pressed'), 'false', 'scrolling up stops following');
  });

  it('filters by text and by regex, and shows an invalid regex as an error', async () => {
    await inspector.post(
      reset([
        notification(1, { state: 'Ringing', summary: 'alpha' }),
        notification(2, { state: 'Established', summary: 'Beta' }),
        notification(3, { state: 'Held', summary: 'gamma beta' }),
        notification(4, { state: 'Established', summary: 'held music' }),
      ]),
    );
    await waitForRowCount(inspector, 4);
    await typeFilter(inspector, 'BETA');
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [2, 3]);

    await inspector.page.locator('.regex-toggle').click();
    await typeFilter(inspector, '^held$');
    await inspector.page.waitForFunction(() => {
      const rows = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ id: string }> } }).document.querySelectorAll('.vlist-body .row');
      return rows.length === 1 && rows[0].id === 'row-3';
    });
    assert.equal(await inspector.page.locator('.regex-toggle').getAttribute('aria-pressed'), 'true');

    await typeFilter(inspector, 'held(');
    await inspector.page.locator('.filter-error').waitFor({ state: 'visible' });
    assert.match((await inspector.page.locator('.filter-error').textContent()) ?? '', /Invalid regular expression/);
    assert.equal(await inspector.page.locator('.filter-text').getAttribute('aria-invalid'), 'true');

    await typeFilter(inspector, 'ringing|music');
    await inspector.page.locator('.filter-error').waitFor({ state: 'hidden' });
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [1, 4]);
  });

  it('buffers rows while paused, counts them, and applies them on resume', async () => {
    await inspector.post(reset([notification(1), notification(2)]));
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('.pause-button').click();
    await inspector.post({ type: 'append', rows: [notification(3), notification(4), operation(5)], dropped: 0 });
    await inspector.post({ type: 'append', rows: [notification(6)], dropped: 0 });
    await inspector.page.locator('.new-count', { hasText: '4 new' }).waitFor();
    assert.deepEqual(await renderedSeqs(inspector), [1, 2]);
    await inspector.page.locator('.pause-button').click();
    await waitForRowCount(inspector, 6);
    assert.equal(await inspector.page.locator('.new-count').isVisible(), false);
    assert.deepEqual(await renderedSeqs(inspector), [1, 2, 3, 4, 5, 6]);
  });

  it('on resume, applies the rows buffered while paused before rows that arrived with the click', async () => {
    await inspector.post(reset([notification(1), notification(2)]));
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('.pause-button').click();
    await inspector.post({ type: 'append', rows: [notification(3), notification(4)], dropped: 0 });
    await inspector.page.locator('.new-count', { hasText: '2 new' }).waitFor();
    // An append and the Resume click in one task: the append still waits for the next frame.
    await inspector.postAll([{ type: 'append', rows: [notification(5), notification(6)], dropped: 0 }], { thenClick: '.pause-button' });
    await waitForRowCount(inspector, 6);
    assert.deepEqual(await renderedSeqs(inspector), [1, 2, 3, 4, 5, 6]);
    await inspector.post({ type: 'update', rows: [notification(3, { summary: 'updated row 3' })] });
    await inspector.page.locator('#row-3 .summary-text', { hasText: 'updated row 3' }).waitFor();
    assert.deepEqual(await renderedSeqs(inspector), [1, 2, 3, 4, 5, 6]);
    assert.equal(await inspector.page.locator('.counts').textContent(), '6 rows');
  });

  it('moves the selection with the keyboard, opens the detail with Enter and closes it with Escape', async () => {
    await inspector.post(reset([notification(1), notification(2), notification(3), notification(4)]));
    await waitForRowCount(inspector, 4);
    await inspector.page.locator('.stream').focus();
    await inspector.page.keyboard.press('Home');
    await inspector.page.keyboard.press('ArrowDown');
    await inspector.page.keyboard.press('ArrowDown');
    await inspector.page.locator('#row-3[aria-selected="true"]').waitFor();
    assert.equal(await inspector.page.locator('.stream').getAttribute('aria-activedescendant'), 'row-3');
    assert.equal((await inspector.sent()).filter(isRequestDetail).length, 0, 'moving does not open the detail');
    await inspector.page.keyboard.press('ArrowUp');
    await inspector.page.locator('#row-2[aria-selected="true"]').waitFor();
    await inspector.page.keyboard.press('Enter');
    const request = await inspector.waitForSent(isRequestDetail);
    assert.equal(request.seq, 2);
    await inspector.page.locator('.detail').waitFor({ state: 'visible' });
    await inspector.page.keyboard.press('Escape');
    await inspector.page.locator('.detail').waitFor({ state: 'hidden' });
  });

  it('shows the diffs first, then the message and the envelope, and a timeline of the call', async () => {
    const sample = sampleNotification();
    await inspector.post(
      reset([
        notification(1, { state: 'Ringing' }),
        notification(2, { state: 'Established' }),
        notification(3, { state: 'Established', recordingState: 'Recording', type: 'CallRecordingStateChange' }),
        notification(4, { state: 'Held', recordingState: 'Recording', linkedSeqs: [5], delayMs: 84 }),
        notification(5, { callId: CALL_B, state: 'Ringing' }),
        operation(6, { callId: CALL_B, type: 'Answer', linkedSeqs: [7], delayMs: 84 }),
        notification(7, { callId: CALL_B, state: 'Established', summary: 'userData +1 ~0 −0 · caps +Hold −Answer' }),
        operation(8, { warning: 'No notification within 5 s', rttMs: 1204 }),
        operation(9, { type: 'HoldCall', httpStatus: 200, statusCode: 1, statusMessage: 'Invalid operation', error: true }),
        { seq: 10, time: T0 + 2500, kind: 'meta', channel: '/meta/connect', type: 'connect', summary: 'successful', changed: false },
      ]),
    );
    await waitForRowCount(inspector, 10);
    await inspector.page.locator('#row-3').click();
    assert.equal((await inspector.waitForSent(isRequestDetail)).seq, 3);
    const diff: CallDiff = {
      first: false,
      userData: { added: { GSIP_RECORD: 'ON' }, removed: { Old: 'x' }, changed: { IW_CaseUid: { old: 'a', new: 'b' } } },
      capabilities: { gained: ['PauseCallRecording', 'StopCallRecording'], lost: ['StartCallRecording'] },
      fields: { recordingState: { old: 'Stopped', new: 'Recording' } },
    };
    const detail: DetailDto = { seq: 3, kind: 'notification', diff, message: sample.data, envelope: { channel: '/v2/me/calls', data: sample.data } };
    await inspector.post({ type: 'detail', seq: 3, detail });
    await inspector.page.locator('.section summary', { hasText: 'Changes' }).waitFor();
    const sections = await inspector.page.locator('.detail-content > .section > summary').allTextContents();
    assert.deepEqual(sections, ['Changes', 'Message', 'Bayeux envelope']);
    assert.equal(await inspector.page.locator('.diff-added .diff-key').textContent(), 'GSIP_RECORD');
    assert.equal(await inspector.page.locator('.diff-removed .diff-key').textContent(), 'Old');
    assert.equal(await inspector.page.locator('.diff-group').first().locator('.diff-changed .diff-value').textContent(), '"a" → "b"');
    assert.deepEqual(await inspector.page.locator('.chip').allTextContents(), ['+PauseCallRecording', '+StopCallRecording', '−StartCallRecording']);

    // JSON tree: keyboard expand/collapse.
    const root = inspector.page.locator('.json-tree[aria-label="Message"] > [role="treeitem"]');
    assert.equal(await root.getAttribute('aria-expanded'), 'true');
    await root.focus();
    await inspector.page.keyboard.press('ArrowLeft');
    assert.equal(await root.getAttribute('aria-expanded'), 'false');
    await inspector.page.keyboard.press('ArrowRight');
    assert.equal(await root.getAttribute('aria-expanded'), 'true');

    // Timeline of call A: Ringing → Established → Held, recording Stopped → Recording.
    const states = await inspector.page.locator('.tl-track').first().locator('.tl-value').allTextContents();
    assert.deepEqual(states, ['Ringing', 'Established', 'Held']);
    const durations = await inspector.page.locator('.tl-track').first().locator('.tl-duration').allTextContents();
    assert.deepEqual(durations.slice(0, 2), ['250 ms', '500 ms']);
    assert.match(durations[2], /\(ongoing\)$/);
    assert.deepEqual(await inspector.page.locator('.tl-track').nth(1).locator('.tl-value').allTextContents(), ['Stopped', 'Recording']);
    await inspector.page.screenshot({ path: screenshotPath() });
  });

  it('shows operation results, links to the caused notification, and asks the extension to copy', async () => {
    await inspector.post(
      reset([
        operation(1, { linkedSeqs: [2], delayMs: 84 }),
        notification(2, { linkedSeqs: [1], delayMs: 84 }),
        operation(3, { warning: 'No notification within 5 s' }),
      ]),
    );
    await waitForRowCount(inspector, 3);
    assert.equal(await inspector.page.locator('#row-1 .op-status').textContent(), 'HTTP 200');
    assert.equal(await inspector.page.locator('#row-1 .op-rtt').textContent(), '41 ms');
    assert.equal(await inspector.page.locator('#row-1 .row-link').textContent(), '→ #2 +84 ms');
    assert.equal(await inspector.page.locator('#row-3 .row-warning').textContent(), '⚠ No notification within 5 s');
    await inspector.page.locator('#row-1 .row-link').click();
    assert.equal((await inspector.waitForSent(isRequestDetail)).seq, 2);
    await inspector.page.locator('#row-2[aria-selected="true"]').waitFor();
    await inspector.page.locator('.detail-links .link-button', { hasText: '#1' }).click();
    await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === 1);
    await inspector.page.locator('.detail vscode-button', { hasText: 'Copy as curl' }).click();
    await inspector.page.locator('.detail vscode-button', { hasText: 'Copy JSON' }).click();
    const copies = (await inspector.sent()).filter((m) => m.type === 'copyCurl' || m.type === 'copyJson');
    assert.deepEqual(copies, [{ type: 'copyCurl', seq: 1 }, { type: 'copyJson', seq: 1 }]);
  });

  it('asks for the detail again when the shown operation completes, once per frame', async () => {
    const pending = operation(2, { pending: true, httpStatus: undefined, statusCode: undefined, rttMs: undefined });
    await inspector.post(reset([notification(1), pending]));
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('#row-2').click();
    assert.equal((await inspector.waitForSent(isRequestDetail)).seq, 2);
    const request = { method: 'POST', url: `https://gws.example/api/v2/me/calls/${CALL_A}/record`, requestHeaders: { Authorization: 'Bearer ••••' } };
    await inspector.post({ type: 'detail', seq: 2, detail: { seq: 2, kind: 'operation', operation: request } });
    await inspector.page.locator('.detail-content', { hasText: 'No response yet.' }).waitFor();

    // The result arrives in two updates that land in the same frame: one new request.
    await inspector.postAll([
      { type: 'update', rows: [operation(2, { pending: false, rttMs: 55 })] },
      { type: 'update', rows: [operation(2, { pending: false, rttMs: 55, linkedSeqs: [3], delayMs: 70 })] },
    ]);
    await inspector.page.locator('.detail-links .link-button', { hasText: '#3' }).waitFor();
    assert.equal(await requestsFor(inspector, 2), 2);
    await inspector.post({ type: 'detail', seq: 2, detail: { seq: 2, kind: 'operation', operation: { ...request, httpStatus: 200, statusCode: 0, rttMs: 55 } } });
    await inspector.page.locator('.detail-content dt', { hasText: 'HTTP status' }).waitFor();
    assert.equal(await inspector.page.locator('.detail-content', { hasText: 'No response yet.' }).count(), 0);

    // Another row changing does not ask again.
    await inspector.post({ type: 'update', rows: [notification(1, { summary: 'other row changed' })] });
    await inspector.page.locator('#row-1 .summary-text', { hasText: 'other row changed' }).waitFor();
    assert.equal(await requestsFor(inspector, 2), 2);
  });

  it('shows at most 20 linked rows in the detail header and counts the rest', async () => {
    const linked = Array.from({ length: 1000 }, (_, i) => i + 2);
    await inspector.post(reset([operation(1, { linkedSeqs: linked, delayMs: 12 })]));
    await waitForRowCount(inspector, 1);
    await inspector.page.locator('#row-1').click();
    await inspector.waitForSent(isRequestDetail);
    await inspector.page.locator('.detail-links', { hasText: '+980 more' }).waitFor();
    assert.equal(await inspector.page.locator('.detail-links .link-button').count(), 20);
    assert.equal(await inspector.page.locator('.detail-links .link-button').first().textContent(), '#2');
    await inspector.post({ type: 'update', rows: [operation(1, { linkedSeqs: [...linked, 1002], delayMs: 12 })] });
    await inspector.page.locator('.detail-links', { hasText: '+981 more' }).waitFor();
    assert.equal(await inspector.page.locator('.detail-links .link-button').count(), 20);
  });

  it('lists only the calls, channels and types of the rows it holds in the filter dropdowns', async () => {
    await inspector.post(reset([notification(1), notification(2, { callId: CALL_B })], { settings: { ...settings, maxEvents: 3 } }));
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await optionValues(inspector, '.filter-call'), ['', CALL_B, CALL_A], 'newest first');

    // Eviction: the only row of call A leaves the page's buffer, and its option goes.
    await inspector.post({ type: 'append', rows: [notification(3, { callId: CALL_B }), notification(4, { callId: CALL_C })], dropped: 0 });
    await inspector.page.locator('#row-4').waitFor();
    assert.deepEqual(await renderedSeqs(inspector), [2, 3, 4]);
    assert.deepEqual(await optionValues(inspector, '.filter-call'), ['', CALL_C, CALL_B]);

    // Clear / import / back to live: a reset. The selected call stays selectable, the others go.
    await inspector.post({ type: 'focusCall', callId: CALL_B });
    await waitForRowCount(inspector, 2);
    const devices = { callId: CALL_D, channel: '/v2/me/devices', type: 'DeviceStateChange' };
    await inspector.post(reset([notification(10, { callId: CALL_C }), notification(11, devices)]));
    await inspector.page.locator('.counts', { hasText: '0 of 2 rows' }).waitFor();
    assert.deepEqual(await optionValues(inspector, '.filter-call'), ['', CALL_D, CALL_C, CALL_B], 'the selected call, no longer in a row, last');
    assert.deepEqual(await checkboxValues(inspector, '.filter-channel'), ['/v2/me/calls', '/v2/me/devices']);
    assert.deepEqual(await checkboxValues(inspector, '.filter-type'), ['StatusChange', 'DeviceStateChange']);
    assert.equal(await dropdownValue(inspector, '.filter-call'), CALL_B);

    // Choosing "All calls" drops the stale option.
    await inspector.page.locator('.filter-call').click();
    await inspector.page.locator('.filter-call vscode-option[value=""]').click();
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await optionValues(inspector, '.filter-call'), ['', CALL_D, CALL_C]);
  });

  it('names each call in the call filter by its number, short id and state: live calls first, then released, newest first', async () => {
    const named = (seq: number, callId: string, callName: string, state: string) => notification(seq, { callId, callName, state });
    await inspector.post(
      reset([
        named(1, CALL_A, '5551234 · 00000V', 'Established'),
        named(2, CALL_B, '5559999 · 00000W', 'Ringing'),
        named(3, CALL_B, '5559999 · 00000W', 'Released'),
        // An operation names its call by the short id alone; the call's notification names the party.
        operation(4, { callId: CALL_C, callName: 'call 00000X', type: 'Dial' }),
      ]),
    );
    await waitForRowCount(inspector, 4);
    const labels = () => inspector.page.locator('.filter-call vscode-option').allTextContents();
    assert.deepEqual(await optionValues(inspector, '.filter-call'), ['', CALL_C, CALL_A, CALL_B]);
    assert.deepEqual(await labels(), ['All calls', 'call 00000X', '5551234 · 00000V · Established', '5559999 · 00000W · Released']);
    assert.equal(await inspector.page.locator('#row-4 .c-call').textContent(), 'call 00000X');

    await inspector.post({ type: 'append', rows: [named(5, CALL_C, '5550100 · 00000X', 'Dialing'), named(6, CALL_A, '5551234 · 00000V', 'Released')], dropped: 0 });
    await inspector.page.locator('#row-4 .c-call', { hasText: '5550100 · 00000X' }).waitFor();
    assert.equal(await inspector.page.locator('#row-1 .c-call').textContent(), '5551234 · 00000V', 'the rows show the same name');
    assert.deepEqual(await optionValues(inspector, '.filter-call'), ['', CALL_C, CALL_B, CALL_A], 'live first; released, newest first');
    assert.deepEqual(await labels(), ['All calls', '5550100 · 00000X · Dialing', '5559999 · 00000W · Released', '5551234 · 00000V · Released']);

    // Choosing a call by its name filters the stream to its rows.
    await inspector.page.locator('.filter-call').click();
    await inspector.page.locator(`.filter-call vscode-option[value="${CALL_C}"]`).click();
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [4, 5]);
  });

  it('shows a Source column and filter only once rows come from two sources, with the sources\' labels', async () => {
    const sources = [
      { id: 'session', kind: 'session', label: 'agent1 @ gws.example' },
      { id: 'proxy:1', kind: 'proxy', label: 'my app' },
    ];
    await inspector.post(reset([notification(1, { source: 'session' }), notification(2, { source: 'session' })], { sources }));
    await waitForRowCount(inspector, 2);
    const sourceCell = inspector.page.locator('#row-1 .c-source');
    assert.equal(await sourceCell.isVisible(), false, 'one source: no Source column');
    assert.equal(await inspector.page.locator('.filter-source').isVisible(), false, 'one source: no Source filter');

    await inspector.post({ type: 'append', rows: [operation(3, { source: 'proxy:1' }), notification(4, { source: 'proxy:1' })], dropped: 0 });
    await inspector.page.locator('#row-4').waitFor();
    await inspector.page.locator('.filter-source').waitFor({ state: 'visible' });
    assert.equal(await sourceCell.textContent(), 'agent1 @ gws.example');
    assert.equal(await sourceCell.isVisible(), true);
    assert.ok(((await sourceCell.boundingBox())?.width ?? 0) >= 60, 'the Source column has room');
    assert.equal(await inspector.page.locator('#row-4 .c-source').textContent(), 'my app');
    assert.deepEqual(await optionValues(inspector, '.filter-source'), ['', 'session', 'proxy:1']);
    assert.equal(await inspector.page.locator('.filter-source vscode-option[value="proxy:1"]').textContent(), 'my app');

    // A relabelled source (sign-in to another user) shows its new label on the rows.
    await inspector.post({ type: 'sources', sources: [{ ...sources[0], label: 'agent2 @ gws.example' }, sources[1]] });
    await inspector.page.locator('#row-1 .c-source', { hasText: 'agent2 @ gws.example' }).waitFor();

    // Filtering by source shows that source's rows only.
    await inspector.page.locator('.filter-source').click();
    await inspector.page.locator('.filter-source vscode-option[value="proxy:1"]').click();
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [3, 4]);
  });

  it('after a reset shows the new rows\' text even where they have the seqs of the old ones (another file)', async () => {
    await inspector.post(reset([notification(1, { summary: 'live row one' }), notification(2, { summary: 'live row two' })]));
    await inspector.page.locator('#row-2 .summary-text', { hasText: 'live row two' }).waitFor();
    await inspector.post(reset([notification(1, { summary: 'file row one' }), notification(2, { summary: 'file row two' })], { view: { kind: 'file', name: 'other.ndjson' } }));
    await inspector.page.locator('.source-banner', { hasText: 'other.ndjson' }).waitFor();
    await inspector.page.locator('#row-2 .summary-text', { hasText: 'file row two' }).waitFor();
    assert.equal(await inspector.page.locator('#row-1 .summary-text').textContent(), 'file row one');
  });

  it('lists at most the 500 calls seen last in the call dropdown', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => notification(i + 1, { callId: `CALL-${String(i + 1).padStart(4, '0')}` }));
    await inspector.post(reset(rows));
    await inspector.page.locator('.counts', { hasText: '600 rows' }).waitFor();
    const values = await optionValues(inspector, '.filter-call');
    assert.equal(values.length, 501);
    assert.deepEqual([values[0], values[1], values[500]], ['', 'CALL-0600', 'CALL-0101'], 'the newest first');
  });

  it('with the detail open during a 2,000 rows/s stream, redraws the timeline at most 4 times a second', async () => {
    // Frame times are the benchmark's job (npm run bench, webview section), not a test's.
    // 5 calls: every call has 10,000 rows and as many state changes.
    await inspector.postSynthetic({ type: 'reset', startSeq: 1, count: 50_000, calls: 5 });
    await inspector.page.locator('.counts', { hasText: '50,000 rows' }).waitFor();
    await inspector.page.locator('#row-50000').click();
    await inspector.waitForSent(isRequestDetail);
    await inspector.page.locator('.tl-track').first().waitFor();
    assert.ok((await inspector.page.locator('.tl-item').count()) <= 100, 'at most 50 segments a track');
    assert.match((await inspector.page.locator('.tl-more').first().textContent()) ?? '', /^9,9\d\d earlier changes not shown$/);
    await inspector.page.evaluate(() => {
      const g = globalThis as unknown as {
        __redraws: number;
        document: { querySelector(s: string): unknown };
        MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean }): void };
      };
      g.__redraws = 0;
      new g.MutationObserver(() => g.__redraws++).observe(g.document.querySelector('.timeline-slot'), { childList: true });
    });

    // 2 s: 40 batches of 100 rows, 20 a second.
    const started = Date.now();
    const frames = await inspector.streamSynthetic({ startSeq: 50_001, batches: 40, batchSize: 100, intervalMs: 50, calls: 5 });
    const seconds = (Date.now() - started) / 1000;
    await inspector.page.locator('.counts', { hasText: '54,000 rows' }).waitFor();
    const redraws = await inspector.page.evaluate(() => (globalThis as unknown as { __redraws: number }).__redraws);
    assert.ok(frames.length >= 10, `batches applied: ${frames.length}`);
    assert.ok(redraws >= 1 && redraws <= Math.ceil(seconds * 4) + 1, `timeline redraws in ${seconds.toFixed(1)} s: ${redraws}`);
  });

  it('keeps its buffer within maxEvents and counts the dropped rows', async () => {
    await inspector.post(reset([notification(1), notification(2)], { settings: { ...settings, maxEvents: 3 }, dropped: 5 }));
    await waitForRowCount(inspector, 2);
    assert.equal(await inspector.page.locator('.dropped-count').textContent(), '5 dropped');
    await inspector.post({ type: 'append', rows: [notification(3), notification(4), notification(5)], dropped: 5 });
    await inspector.page.locator('.dropped-count', { hasText: '7 dropped' }).waitFor();
    assert.deepEqual(await renderedSeqs(inspector), [3, 4, 5]);
  });

  it('follows a call on focusCall, shows the connection, and sends the toolbar commands', async () => {
    await inspector.post(reset([notification(1), notification(2, { callId: CALL_B }), notification(3)]));
    await waitForRowCount(inspector, 3);
    await inspector.post({ type: 'focusCall', callId: CALL_B });
    await waitForRowCount(inspector, 1);
    assert.deepEqual(await renderedSeqs(inspector), [2]);
    await inspector.post({ type: 'connection', state: 'connected', text: 'Connected to 127.0.0.1' });
    assert.equal(await inspector.page.locator('.connection').textContent(), 'Connected to 127.0.0.1');
    for (const label of ['Clear the stream', 'Export the stream (NDJSON)', 'Import a stream file']) {
      await inspector.page.locator(`vscode-button[aria-label="${label}"]`).click();
    }
    const commands = (await inspector.sent()).filter((m) => m.type === 'clear' || m.type === 'export' || m.type === 'import');
    assert.deepEqual(commands, [{ type: 'clear' }, { type: 'export' }, { type: 'import' }]);
  });

  it('keeps the expanded JSON, the open sections and the scroll position when the shown row\'s detail comes again', async () => {
    const sample = sampleNotification();
    await inspector.post(reset([notification(1), notification(2)]));
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('#row-1').click();
    await inspector.waitForSent(isRequestDetail);
    const detail: DetailDto = { seq: 1, kind: 'notification', diff: emptyDiff(), message: sample.data, envelope: { channel: '/v2/me/calls', data: sample.data } };
    await inspector.post({ type: 'detail', seq: 1, detail });
    const userData = inspector.page.locator('.json-tree[aria-label="Message"] [role="treeitem"]', { has: inspector.page.locator(':scope > .jt-line > .jt-key', { hasText: /^userData$/ }) });
    assert.equal(await userData.getAttribute('aria-expanded'), 'false', 'deeper than the default depth: closed');
    await userData.locator(':scope > .jt-line').click();
    assert.equal(await userData.getAttribute('aria-expanded'), 'true');
    const call = inspector.page.locator('.json-tree[aria-label="Message"] [role="treeitem"]', { has: inspector.page.locator(':scope > .jt-line > .jt-key', { hasText: /^capabilities$/ }) });
    await call.locator(':scope > .jt-line').click();
    const envelope = inspector.page.locator('.detail-content > details.section', { hasText: 'Bayeux envelope' });
    assert.equal(await envelope.evaluate((d) => (d as unknown as { open: boolean }).open), false);
    await envelope.locator('summary').click();
    const scroller = inspector.page.locator('.detail-scroll');
    const scrolled = await scroller.evaluate((e) => {
      const element = e as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
      element.scrollTop = Math.max(0, element.scrollHeight - element.clientHeight) / 2;
      return element.scrollTop;
    });

    // The same row's detail again (as when an operation completes): nothing the user opened closes.
    await inspector.post({ type: 'detail', seq: 1, detail: { ...detail } });
    await inspector.page.waitForFunction(
      () => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.json-tree').length === 2,
    );
    assert.equal(await userData.getAttribute('aria-expanded'), 'true');
    assert.equal(await call.getAttribute('aria-expanded'), 'true');
    assert.equal(await envelope.evaluate((d) => (d as unknown as { open: boolean }).open), true);
    assert.equal(await scroller.evaluate((e) => (e as unknown as { scrollTop: number }).scrollTop), scrolled);

    // Another row starts from the defaults.
    await inspector.page.locator('#row-2').click();
    await inspector.post({ type: 'detail', seq: 2, detail: { ...detail, seq: 2 } });
    const otherUserData = inspector.page.locator('.json-tree[aria-label="Message"] [role="treeitem"]', { has: inspector.page.locator(':scope > .jt-line > .jt-key', { hasText: /^userData$/ }) });
    await otherUserData.waitFor();
    assert.equal(await otherUserData.getAttribute('aria-expanded'), 'false');
  });

  it('closes the detail when a reset leaves the shown row out (Clear), instead of describing a row that is gone', async () => {
    await inspector.post(reset([notification(1), notification(2)]));
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('#row-2').click();
    await inspector.waitForSent(isRequestDetail);
    await inspector.page.locator('.detail').waitFor();
    await inspector.post(reset([notification(3)]));
    await waitForRowCount(inspector, 1);
    await inspector.page.locator('.detail').waitFor({ state: 'hidden' });
    assert.equal((await inspector.savedState() as { detailOpen?: boolean }).detailOpen, false);
  });

  it('restores filters and the open detail from getState after the panel is shown again', async () => {
    const rows = [notification(1, { summary: 'alpha' }), notification(2, { summary: 'beta' }), notification(3, { summary: 'alphabet' })];
    await inspector.post(reset(rows));
    await waitForRowCount(inspector, 3);
    await typeFilter(inspector, 'alpha');
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('#row-3').click();
    await inspector.waitForSent(isRequestDetail);
    const saved = await inspector.savedState();

    const again = await openInspectorPage({ initialState: saved });
    try {
      await again.post(reset(rows));
      await waitForRowCount(again, 2);
      assert.deepEqual(await renderedSeqs(again), [1, 3]);
      assert.equal(await again.page.locator('.filter-text input').inputValue(), 'alpha');
      assert.equal((await again.waitForSent(isRequestDetail)).seq, 3);
      await again.page.locator('#row-3[aria-selected="true"]').waitFor();
      assert.equal(await again.page.locator('.detail').isVisible(), true);
    } finally {
      await again.close();
    }
  });

  it('shows a chat\'s diff like a call\'s, headed by its kind and id, and each entity of a message in turn', async () => {
    const chatData = readGwsFixture<{ chat: { id: string } }>('06-chat-status-change-chatting-notification.json');
    const chatId = chatData.chat.id;
    const summary = `chat ${chatId}: attachedData +1 ~0 −0 · caps +Complete −Accept · state Invited→Chatting`;
    const chatRow = notification(1, { channel: '/v2/me/chats', messageType: 'ChatStateChangeMessage', callId: undefined, state: 'Chatting', recordingState: undefined, summary });
    await inspector.post(reset([chatRow]));
    await waitForRowCount(inspector, 1);
    assert.equal(await inspector.page.locator('#row-1 .summary-text').textContent(), summary);
    await inspector.page.locator('#row-1').click();
    assert.equal((await inspector.waitForSent(isRequestDetail)).seq, 1);
    const chat: EntityDiff = {
      kind: 'chat',
      id: chatId,
      dataKey: 'attachedData',
      first: false,
      userData: { added: { Language: 'fr' }, removed: {}, changed: {} },
      capabilities: { gained: ['Complete'], lost: ['Accept'] },
      fields: { state: { old: 'Invited', new: 'Chatting' } },
    };
    const channel: EntityDiff = {
      kind: 'channel',
      id: 'chat',
      first: true,
      userData: { added: {}, removed: {}, changed: {} },
      capabilities: { gained: [], lost: [] },
      fields: {},
    };
    await inspector.post({ type: 'detail', seq: 1, detail: { seq: 1, kind: 'notification', entities: [chat, channel], message: chatData } });
    await inspector.page.locator('.diff-heading', { hasText: `chat ${chatId}` }).waitFor();
    assert.deepEqual(await inspector.page.locator('.detail-content > .section > summary').allTextContents(), ['Changes', 'Message']);
    assert.deepEqual(await inspector.page.locator('.diff-heading').allTextContents(), [`chat ${chatId}`, 'channel chat']);
    const chatDiff = inspector.page.locator('.diff').first();
    assert.equal(await chatDiff.locator('.diff-caption').first().textContent(), 'attachedData');
    assert.equal(await chatDiff.locator('.diff-added .diff-key').textContent(), 'Language');
    assert.deepEqual(await chatDiff.locator('.chip').allTextContents(), ['+Complete', '−Accept']);
    assert.equal(await chatDiff.locator('.diff-changed .diff-key').textContent(), 'state');
    assert.equal(await chatDiff.locator('.diff-changed .diff-value').textContent(), '"Invited" → "Chatting"');
    assert.equal(await inspector.page.locator('.diff').nth(1).locator('.note').textContent(), 'First notification for this channel: everything is new.');
  });

  it('finds a userData value that is in no summary by a payload search, and marks it in the detail', async () => {
    const message = sampleNotification().data;
    const withCase = { ...message, call: { ...message.call, userData: { CaseId: 'C-42', Tier: 'Gold' } } };
    const other = { ...message, call: { ...message.call, userData: { CaseId: 'C-7' } } };
    await inspector.post(
      reset([
        notification(1, { payload: flatten(other) }),
        notification(2, { summary: 'userData +2 ~0 −0', payload: flatten(withCase) }),
        operation(3),
        notification(4, { payload: flatten(other) }),
      ]),
    );
    await waitForRowCount(inspector, 4);
    await typeFilter(inspector, 'c-42');
    await waitForRowCount(inspector, 1);
    assert.deepEqual(await renderedSeqs(inspector), [2]);
    assert.equal(await inspector.page.locator('.counts').textContent(), '1 of 4 rows');

    await inspector.page.locator('#row-2').click();
    await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === 2);
    const diff: CallDiff = { ...emptyDiff(), userData: { added: { CaseId: 'C-42', Tier: 'Gold' }, removed: {}, changed: {} } };
    await inspector.post({ type: 'detail', seq: 2, detail: { seq: 2, kind: 'notification', diff, message: withCase } });
    await inspector.page.locator('.diff-added mark.match').waitFor();
    assert.deepEqual(await inspector.page.locator('.diff-table mark.match').allTextContents(), ['C-42']);
    // The message tree opens down to the match (call → userData → CaseId), three levels deep.
    assert.deepEqual(await inspector.page.locator('.json-tree[aria-label="Message"] mark.match').allTextContents(), ['C-42']);

    // A regex typed as /…/ searches the payloads too; the marks follow the filter.
    await typeFilter(inspector, '/c-(42|7)\\b/');
    await waitForRowCount(inspector, 3);
    assert.deepEqual(await renderedSeqs(inspector), [1, 2, 4]);
    await inspector.page.locator('.json-tree[aria-label="Message"] mark.match', { hasText: 'C-42' }).waitFor();
  });

  it('finds a Held call by a field query (call.state = Held), matching the end of a path and one whole value', async () => {
    const held = sampleNotification().data;
    const heldData = { ...held, call: { ...held.call, state: 'Held', participants: [{ phoneNumber: '+16175550199' }] } };
    const established = { ...held, call: { ...held.call, state: 'Established', participants: [{ phoneNumber: '15001' }] }, note: 'Held later' };
    await inspector.post(
      reset([
        notification(1, { state: 'Established', payload: flatten(established) }),
        notification(2, { state: 'Established', summary: 'held music', payload: flatten(established) }),
        notification(3, { state: 'Held', payload: flatten(heldData) }),
        operation(4, { type: 'HoldCall', payload: flatten({ operationName: 'Hold' }) }),
      ]),
    );
    await waitForRowCount(inspector, 4);
    await typeFilter(inspector, 'call.state = Held');
    await waitForRowCount(inspector, 1);
    assert.deepEqual(await renderedSeqs(inspector), [3]);
    await typeFilter(inspector, 'state = "held"');
    await waitForRowCount(inspector, 1);
    assert.deepEqual(await renderedSeqs(inspector), [3]);
    await typeFilter(inspector, 'participants.phoneNumber ~ 617');
    await waitForRowCount(inspector, 1);
    assert.deepEqual(await renderedSeqs(inspector), [3]);
    await typeFilter(inspector, 'call.state != Held');
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [1, 2]);

    await inspector.page.locator('#row-1').click();
    await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === 1);
    await inspector.post({ type: 'detail', seq: 1, detail: { seq: 1, kind: 'notification', message: established } });
    await inspector.page.locator('.json-tree mark.match').first().waitFor();
    // Only the field: its key and its value, not "Held later" elsewhere in the message.
    assert.deepEqual(await inspector.page.locator('.json-tree mark.match').allTextContents(), ['state', '"Established"']);
  });

  it('filters by several types and channels at once, their options grouped into GWS messages, operations and session events', async () => {
    await inspector.post(
      reset([
        notification(1),
        notification(2, { type: 'CallRecordingStateChange' }),
        operation(3, { type: 'HoldCall' }),
        { seq: 4, time: T0 + 1000, kind: 'meta', channel: '/meta/handshake', type: 'handshake', summary: 'successful', changed: false },
        notification(5, { channel: '/v2/me/devices', type: 'DeviceStateChange' }),
      ]),
    );
    await waitForRowCount(inspector, 5);
    const types = inspector.page.locator('.filter-type');
    await types.locator('summary').click();
    const grouped = await types.locator('fieldset:not([hidden])').evaluateAll((sets) =>
      sets.map((set) => Array.from(set.querySelectorAll('legend, .ms-option')).map((e) => (e as unknown as { textContent: string }).textContent)),
    );
    assert.deepEqual(grouped, [
      ['GWS messages', 'StatusChange', 'CallRecordingStateChange', 'DeviceStateChange'],
      ['Operations', 'HoldCall'],
      ['Session events', 'handshake'],
    ]);
    await types.locator('.ms-option', { hasText: 'CallRecordingStateChange' }).click();
    await types.locator('.ms-option', { hasText: 'HoldCall' }).click();
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [2, 3]);
    assert.equal(await types.locator('summary').textContent(), '2 types');

    const channels = inspector.page.locator('.filter-channel');
    await channels.locator('summary').click();
    assert.deepEqual(await channels.locator('fieldset:not([hidden]) legend').allTextContents(), ['GWS messages', 'Operations', 'Session events']);
    await channels.locator('.ms-option', { hasText: '/v2/me/calls' }).click();
    await waitForRowCount(inspector, 1);
    assert.deepEqual(await renderedSeqs(inspector), [2]);

    // One popup at a time: opening the channels closed the types.
    assert.equal(await types.locator('.ms-panel').isVisible(), false);
    await types.locator('summary').click();
    await types.locator('.ms-all').click();
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [1, 2]);
    assert.equal(await types.locator('summary').textContent(), 'All types');
    assert.deepEqual((await inspector.savedState() as { filters: { channels: string[]; types: string[] } }).filters.channels, ['/v2/me/calls']);

    // The state a page saved before multi-select ({ type, channel } strings) still restores.
    const oldFilters = { callId: '', source: '', channel: '', type: 'HoldCall', text: '', regex: false, changesOnly: false };
    const again = await openInspectorPage({ initialState: { version: 1, filters: oldFilters, follow: true, detailOpen: false } });
    try {
      await again.post(reset([notification(1), operation(3, { type: 'HoldCall' })]));
      await waitForRowCount(again, 1);
      assert.deepEqual(await renderedSeqs(again), [3]);
      assert.equal(await again.page.locator('.filter-type summary').textContent(), 'HoldCall');
    } finally {
      await again.close();
    }
  });

  it('shows a 503 row\'s message at 1,000 px, one status per REST row, row numbers, and no width for empty columns', async () => {
    const narrow = await openInspectorPage({ width: 1000, height: 600 });
    try {
      const message = 'Voice service unavailable';
      await narrow.post(
        reset([
          notification(18, { callId: undefined, state: undefined, recordingState: undefined, channel: '/v2/me/devices', type: 'DeviceStateChange' }),
          operation(19, { linkedSeqs: [20], delayMs: 84, summary: 'HTTP 200 · statusCode 0 · 4 ms', rttMs: 4 }),
          notification(20, { linkedSeqs: [19], delayMs: 84, recordingState: undefined }),
          operation(21, {
            type: 'HoldCall',
            httpStatus: 503,
            statusCode: 4,
            statusMessage: message,
            error: true,
            rttMs: 3,
            summary: 'HTTP 503 · statusCode 4 · 3 ms',
            warning: 'No notification within 5 s',
          }),
        ]),
      );
      await waitForRowCount(narrow, 4);
      const page = narrow.page;
      assert.equal(await page.locator('#row-19 .op-status').textContent(), 'HTTP 200');
      assert.equal(await page.locator('#row-19 .summary-text').textContent(), '', 'the status is said once');
      assert.equal(await page.locator('#row-21 .op-status').textContent(), 'HTTP 503 · statusCode 4');
      assert.equal(await page.locator('#row-21 .summary-text').textContent(), message);
      assert.equal(await page.locator('#row-20 .row-link').textContent(), '← #19 +84 ms');
      assert.equal(await page.locator('#row-19 .c-seq').textContent(), '19');
      assert.equal(await page.locator('.row.header .c-seq').textContent(), '#');

      // Every character of the message is inside the summary cell's visible box, with the detail closed and open.
      const messageShown = (): Promise<string> =>
        page.locator('#row-21 .summary-text').evaluate((element, length) => {
          const text = element.firstChild;
          if (!text) return 'no text';
          const range = element.ownerDocument.createRange();
          range.setStart(text, 0);
          range.setEnd(text, length);
          const shown = range.getBoundingClientRect();
          const cell = element.getBoundingClientRect();
          return shown.width > 0 && shown.right <= cell.right + 0.5 && element.scrollWidth <= element.clientWidth
            ? 'shown'
            : `cut: text ${shown.left}–${shown.right}, cell ${cell.left}–${cell.right}, scrollWidth ${element.scrollWidth} > ${element.clientWidth}`;
        }, message.length);
      assert.equal(await messageShown(), 'shown', 'the message is not cut at 1,000 px');
      // No row has a recording state: the column gives its width away.
      assert.equal(await page.locator('.row.header .c-rec').evaluate((e) => e.getBoundingClientRect().width), 0);
      await page.locator('#row-21').click();
      await narrow.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === 21);
      await page.locator('.detail').waitFor();
      assert.equal(await messageShown(), 'shown', 'the message is not cut with the detail open');
      await page.screenshot({ path: screenshotPath('inspector-page-1000px.png') });
    } finally {
      await narrow.close();
    }
  });

  it('keeps the newest row in view after a resize while following', async () => {
    await inspector.page.setViewportSize({ width: 1280, height: 900 });
    await inspector.post(reset(Array.from({ length: 200 }, (_, i) => notification(i + 1))));
    await inspector.page.locator('#row-200').waitFor();
    const newestInView = (): Promise<boolean> =>
      inspector.page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { top: number; bottom: number } } | null } }).document;
        const row = doc.querySelector('#row-200');
        const viewport = doc.querySelector('.vlist-viewport');
        if (!row || !viewport) return false;
        const r = row.getBoundingClientRect();
        const v = viewport.getBoundingClientRect();
        return r.top >= v.top && r.bottom <= v.bottom + 0.5;
      });
    assert.equal(await newestInView(), true);
    await inspector.page.setViewportSize({ width: 1280, height: 400 });
    await inspector.page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { top: number; bottom: number } } | null } }).document;
        const row = doc.querySelector('#row-200');
        const viewport = doc.querySelector('.vlist-viewport');
        return row !== null && viewport !== null && row.getBoundingClientRect().bottom <= viewport.getBoundingClientRect().bottom + 0.5;
      },
      undefined,
      { timeout: 10_000 },
    );
    assert.equal(await newestInView(), true);
    assert.equal(await inspector.page.locator('.follow-button').getAttribute('aria-pressed'), 'true');
  });

  it('shows a conference\'s joined party in the participants diff, party by party, not as raw JSON', async () => {
    const base = sampleNotification().data.call;
    const before = { ...base, participants: [{ phoneNumber: '15001', role: 'RoleDestination' }] };
    const after = { ...base, participants: [{ phoneNumber: '15001', role: 'RoleConferenceMember' }, { phoneNumber: '+16175550199', role: 'RoleConferenceMember' }] };
    // The model's own diff of the two notifications (src/model/diff.ts, participantsDiff.ts).
    const diff = diffCalls(before as never, after as never);
    await inspector.post(reset([notification(1), notification(2, { type: 'ParticipantsUpdated' })]));
    await waitForRowCount(inspector, 2);
    await inspector.page.locator('#row-2').click();
    await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === 2);
    await inspector.post({ type: 'detail', seq: 2, detail: { seq: 2, kind: 'notification', diff, message: { call: after } } });
    const group = inspector.page.locator('.diff-group', { has: inspector.page.locator('.diff-caption', { hasText: 'Participants' }) });
    await group.waitFor();
    assert.equal(await group.locator('.diff-added .diff-key').textContent(), '+16175550199');
    assert.match((await group.locator('.diff-added .diff-value').textContent()) ?? '', /^joined /);
    assert.equal(await group.locator('.diff-changed .diff-key').textContent(), '15001');
    assert.equal(await group.locator('.diff-changed .diff-value').textContent(), 'role: "RoleDestination" → "RoleConferenceMember"');
    const otherFields = await inspector.page.locator('.diff-group', { has: inspector.page.locator('.diff-caption', { hasText: 'Other fields' }) }).locator('.diff-key').allTextContents();
    assert.ok(!otherFields.includes('participants'), 'the raw lists are not repeated');
  });

  it('names the joined party in a ParticipantsUpdated row right after the change, and in its detail', async () => {
    // The model's rows for a completed conference (the simulator's order: StatusChange with the new list, then ParticipantsUpdated).
    const base = sampleNotification().data;
    const log = new StreamLog(10);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const customer = { phoneNumber: '5550100', digits: '5550100' };
    const lists: Array<[string, string, unknown[]]> = [
      ['StatusChange', 'Held', [customer]],
      ['StatusChange', 'Established', [customer, { phoneNumber: '15001', digits: '15001' }]],
      ['ParticipantsUpdated', 'Established', [customer, { phoneNumber: '15001', digits: '15001' }]],
    ];
    for (const [i, [notificationType, state, participants]] of lists.entries()) {
      const data = { ...base, notificationType, call: { ...base.call, id: CALL_A, state, participants } };
      pipeline.ingestNotification({ message: { channel: '/v2/me/calls', data }, receivedAt: T0 + i * 250 });
    }
    pipeline.dispose();
    const rows = log.rows().map((record) => toRowDto(record, false));
    await inspector.post(reset(rows));
    await waitForRowCount(inspector, 3);
    assert.equal(await inspector.page.locator('#row-3 .summary-text').textContent(), 'participants as in #2: 15001 joined');
    await inspector.page.locator('#row-3').click();
    await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === 3);
    await inspector.post({ type: 'detail', seq: 3, detail: buildDetail(log.get(3)!) });
    const group = inspector.page.locator('.diff-group', { has: inspector.page.locator('.diff-caption', { hasText: 'Participants as in #2' }) });
    await group.waitFor();
    assert.equal(await group.locator('.diff-added .diff-key').textContent(), '15001');
    assert.match((await group.locator('.note').textContent()) ?? '', /^Unchanged since #2/);
  });

  it('compares any two events (Ctrl+click): the keys that differ, userData and capabilities first', async () => {
    const base = sampleNotification().data;
    const a = { ...base, call: { ...base.call, state: 'Established', userData: { CaseId: 'C-42', Tier: 'Gold' } } };
    const b = { ...base, notificationType: 'StatusChange', call: { ...base.call, state: 'Held', userData: { CaseId: 'C-43', Tier: 'Gold', Note: 'x' } } };
    await inspector.post(reset([notification(1), notification(2), notification(3)]));
    await waitForRowCount(inspector, 3);
    await inspector.page.locator('#row-1').click();
    await inspector.page.locator('#row-3').click({ modifiers: ['Control'] });
    const request = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'requestCompare' }> => m.type === 'requestCompare');
    assert.deepEqual([request.a, request.b], [1, 3]);
    await inspector.page.locator('.detail-title', { hasText: 'Compare #1 → #3' }).waitFor();
    await inspector.post({ type: 'compare', a: 1, b: 3, diff: compareMessages(a, b) });
    const captions = await inspector.page.locator('.detail-content .diff-caption').allTextContents();
    assert.deepEqual(captions.slice(0, 2), ['userData', 'Capabilities']);
    assert.deepEqual(await inspector.page.locator('.detail-content .diff-group').first().locator('.diff-key').allTextContents(), ['Note', 'CaseId']);
    const fieldKeys = await inspector.page.locator('.diff-group', { has: inspector.page.locator('.diff-caption', { hasText: 'Other fields' }) }).locator('.diff-key').allTextContents();
    assert.ok(fieldKeys.includes('state'), fieldKeys.join());
    assert.ok(!fieldKeys.includes('Tier') && !fieldKeys.includes('id'), 'only the keys that differ');
    // The selection stayed on the first row.
    assert.equal(await inspector.page.locator('#row-1').getAttribute('aria-selected'), 'true');
  });

  it('shows a REST row\'s response, headers and body, with the Authorization and cookie values masked', async () => {
    // The extension's side builds the detail from a record that still holds the secrets (as an
    // imported file may): what the page gets is masked there (rows.ts buildDetail).
    const log = new StreamLog(10);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const operationRecord = {
      id: 1,
      operationName: 'StartCallRecording',
      method: 'POST',
      url: `https://gws.example/api/v2/me/calls/${CALL_A}`,
      callId: CALL_A,
      requestBody: { operationName: 'StartCallRecording' },
      requestHeaders: { Authorization: 'Basic YWdlbnQxOlNlY3JldA==', Cookie: 'JSESSIONID=c00k1eV4lue', 'Content-Type': 'application/json' },
      startedAt: T0,
    };
    const record = pipeline.ingestOperation({ ...operationRecord, phase: 'sent' });
    pipeline.ingestOperation({
      ...operationRecord,
      phase: 'completed',
      completedAt: T0 + 41,
      httpStatus: 503,
      statusCode: 4,
      statusMessage: 'Voice service is not available at this time',
      responseHeaders: { 'Content-Type': 'application/json', 'Set-Cookie': 'JSESSIONID=n3wC00k1e; Path=/; HttpOnly' },
      responseBody: { statusCode: 4, statusMessage: 'Voice service is not available at this time' },
    });
    pipeline.dispose();
    await inspector.post(reset([operation(1, { httpStatus: 503, statusCode: 4, statusMessage: 'Voice service is not available at this time', error: true })]));
    await waitForRowCount(inspector, 1);
    await inspector.page.locator('#row-1').click();
    await inspector.waitForSent(isRequestDetail);
    await inspector.post({ type: 'detail', seq: 1, detail: { ...buildDetail(record), seq: 1 } });
    const response = inspector.page.locator('.detail-content > .section', { has: inspector.page.locator('summary', { hasText: 'Response' }) });
    await response.waitFor();
    const body = response.locator('.json-tree[aria-label="Response body"]');
    assert.match((await body.textContent()) ?? '', /statusMessage.*"Voice service is not available at this time"/);
    const shown = (await inspector.page.locator('.detail-content').textContent()) ?? '';
    assert.match(shown, /Set-CookieJSESSIONID=\[redacted\]; Path=\/; HttpOnly/);
    assert.match(shown, /AuthorizationBasic \[redacted\]/);
    assert.match(shown, /CookieJSESSIONID=\[redacted\]/);
    for (const secret of ['YWdlbnQxOlNlY3JldA==', 'c00k1eV4lue', 'n3wC00k1e']) assert.ok(!shown.includes(secret), `${secret} is not shown`);
    assert.deepEqual(await inspector.page.locator('.detail-content > .section > summary').allTextContents(), ['Request', 'Response']);
  });

  it('compares a call at a point of its timeline with now: a userData key changed since', async () => {
    // The extension's half is the real one (rows.ts compareCallWithLatest over a pipeline's log).
    const base = sampleNotification().data;
    const log = new StreamLog(10);
    const pipeline = new Pipeline(new CallStore(), log, { noNotificationWarningMs: 5_000, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const states: Array<[string, Record<string, unknown>]> = [
      ['Ringing', { CaseId: 'C-42' }],
      ['Established', { CaseId: 'C-42' }],
      ['Held', { CaseId: 'C-43', Tier: 'Gold' }],
    ];
    for (const [i, [state, userData]] of states.entries()) {
      const data = { ...base, notificationType: 'StatusChange', call: { ...base.call, id: CALL_A, state, userData } };
      pipeline.ingestNotification({ message: { channel: '/v2/me/calls', data }, receivedAt: T0 + i * 250 });
    }
    pipeline.dispose();
    await inspector.post(reset([notification(1, { state: 'Ringing' }), notification(2), notification(3, { state: 'Held' })]));
    await waitForRowCount(inspector, 3);
    await inspector.page.locator('#row-3').click();
    await inspector.waitForSent(isRequestDetail);
    const points = inspector.page.locator('.tl-track').first().locator('.tl-point');
    await points.nth(2).waitFor();
    assert.equal(await points.nth(2).locator('.tl-compare').count(), 0, 'the latest point has nothing to compare');
    await points.first().locator('.tl-compare').click();
    const request = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'requestCompareNow' }> => m.type === 'requestCompareNow');
    assert.deepEqual(request, { type: 'requestCompareNow', seq: 1, callId: CALL_A });
    await inspector.page.locator('.detail-title', { hasText: '#1 → now' }).waitFor();
    await inspector.post({ type: 'compareNow', seq: 1, callId: CALL_A, ...compareCallWithLatest(log, request.seq, request.callId) });
    const userData = inspector.page.locator('.detail-content .diff-group', { has: inspector.page.locator('.diff-caption', { hasText: 'userData' }) });
    await userData.waitFor();
    assert.equal(await userData.locator('.diff-changed .diff-key').textContent(), 'CaseId');
    assert.equal(await userData.locator('.diff-changed .diff-value').textContent(), '"C-42" → "C-43"');
    assert.equal(await userData.locator('.diff-added .diff-key').textContent(), 'Tier');
    const fields = inspector.page.locator('.diff-group', { has: inspector.page.locator('.diff-caption', { hasText: 'Other fields' }) });
    assert.equal(await fields.locator('.diff-changed .diff-value').first().textContent(), '"Ringing" → "Held"');
    assert.equal(await inspector.page.locator('.detail-content .diff-heading').textContent(), 'The call at #1 → now (#3)');
    assert.equal(await inspector.page.locator('.tl-track').count(), 2, 'the timeline stays, to pick another point');

    // The row is there but its diff could not be serialised, or the row left the log: two messages.
    await inspector.post({ type: 'compareNow', seq: 1, callId: CALL_A, latest: 3 });
    await inspector.page.locator('.detail-content', { hasText: 'The difference between #1 and #3 cannot be shown' }).waitFor();
    assert.ok(!((await inspector.page.locator('.detail-content').textContent()) ?? '').includes('no longer in the stream log'));
    await inspector.post({ type: 'compareNow', seq: 1, callId: CALL_A });
    await inspector.page.locator('.detail-content', { hasText: 'This row is no longer in the stream log.' }).waitFor();
  });

  it('selects rows with click, Shift+click and Ctrl+click, and says which (and which the filters show) only when asked', async () => {
    await inspector.post(reset([1, 2, 3, 4, 5, 6, 7, 8].map((seq) => notification(seq, { summary: seq % 2 === 0 ? 'even' : 'odd' }))));
    await waitForRowCount(inspector, 8);
    await inspector.page.locator('#row-2').click();
    await inspector.page.locator('#row-5').click({ modifiers: ['Shift'] });
    await inspector.page.locator('#row-7').click({ modifiers: ['Control'] });
    const compare = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'requestCompare' }> => m.type === 'requestCompare');
    assert.deepEqual([compare.a, compare.b], [5, 7], 'Ctrl+click still compares the focused row with the clicked one');
    await inspector.page.locator('.selected-count', { hasText: '5 selected' }).waitFor();
    assert.deepEqual(await inspector.page.locator('.vlist-body .row.selected').evaluateAll((rows) => rows.map((r) => r.id)), ['row-2', 'row-3', 'row-4', 'row-5', 'row-7']);
    assert.equal((await inspector.sent()).filter((m) => m.type === 'selection').length, 0, 'nothing posted while selecting');
    const context = JSON.parse((await inspector.page.locator('.stream').getAttribute('data-vscode-context')) ?? '{}');
    assert.deepEqual(context, { webviewSection: 'stream', gwsSelectedRows: 5, gwsFilterActive: false });

    const isSelection = (id: number) => (m: ToExtension): m is Extract<ToExtension, { type: 'selection' }> => m.type === 'selection' && m.requestId === id;
    await inspector.post({ type: 'requestSelection', requestId: 1 });
    const first = await inspector.waitForSent(isSelection(1));
    assert.deepEqual(first.selection, { selected: [[2, 5], [7, 7]], filtered: [[1, 8]], filterActive: false });

    // A second Ctrl+click takes the row out; a filter leaves the selection as it was.
    await inspector.page.locator('#row-7').click({ modifiers: ['Control'] });
    await typeFilter(inspector, 'even');
    await waitForRowCount(inspector, 4);
    await inspector.post({ type: 'requestSelection', requestId: 2 });
    const second = await inspector.waitForSent(isSelection(2));
    assert.deepEqual(second.selection, { selected: [[2, 5]], filtered: [[2, 2], [4, 4], [6, 6], [8, 8]], filterActive: true });
    const filtered = JSON.parse((await inspector.page.locator('.stream').getAttribute('data-vscode-context')) ?? '{}');
    assert.equal(filtered.gwsFilterActive, true);
  });

  it('extends the selection with Shift+arrows, selects every shown row with Ctrl+A, and a right-click outside it selects that row', async () => {
    await inspector.post(reset([1, 2, 3, 4, 5, 6].map((seq) => notification(seq))));
    await waitForRowCount(inspector, 6);
    await inspector.page.locator('#row-3').click();
    await inspector.page.keyboard.press('Shift+ArrowDown');
    await inspector.page.keyboard.press('Shift+ArrowDown');
    await inspector.page.keyboard.press('Shift+ArrowUp');
    await inspector.post({ type: 'requestSelection', requestId: 7 });
    const shifted = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'selection' }> => m.type === 'selection' && m.requestId === 7);
    assert.deepEqual(shifted.selection.selected, [[3, 4]]);
    await inspector.page.keyboard.press('Control+A');
    await inspector.page.locator('.selected-count', { hasText: '6 selected' }).waitFor();
    // A right-click inside the selection keeps it (the context menu acts on it), outside picks that row.
    await inspector.page.locator('#row-2').click({ button: 'right' });
    await inspector.post({ type: 'requestSelection', requestId: 8 });
    const kept = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'selection' }> => m.type === 'selection' && m.requestId === 8);
    assert.deepEqual(kept.selection.selected, [[1, 6]]);
    await inspector.page.locator('#row-1').click();
    await inspector.page.locator('#row-5').click({ button: 'right' });
    await inspector.post({ type: 'requestSelection', requestId: 9 });
    const single = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'selection' }> => m.type === 'selection' && m.requestId === 9);
    assert.deepEqual(single.selection.selected, [[5, 5]]);
  });

  it('answers for 100,000 selected rows with one seq run', async () => {
    await inspector.postSynthetic({ type: 'reset', startSeq: 1, count: 100_000 });
    await inspector.page.locator('.counts', { hasText: '100,000 rows' }).waitFor();
    await inspector.page.locator('.vlist-body .row').last().click();
    await inspector.page.keyboard.press('Control+A');
    await inspector.page.locator('.selected-count', { hasText: '100,000 selected' }).waitFor();
    await inspector.post({ type: 'requestSelection', requestId: 3 });
    const answer = await inspector.waitForSent((m): m is Extract<ToExtension, { type: 'selection' }> => m.type === 'selection' && m.requestId === 3);
    assert.deepEqual(answer.selection, { selected: [[1, 100_000]], filtered: [[1, 100_000]], filterActive: false });
  });

  it('hides unchanged rows with "changes only"', async () => {
    await inspector.post(reset([notification(1), notification(2, { changed: false }), notification(3), notification(4, { changed: false })]));
    await waitForRowCount(inspector, 4);
    await inspector.page.locator('.changes-only').click();
    await waitForRowCount(inspector, 2);
    assert.deepEqual(await renderedSeqs(inspector), [1, 3]);
    assert.equal(await inspector.page.locator('.counts').textContent(), '2 of 4 rows');
    assert.match((await inspector.page.locator('.changes-only').getAttribute('title')) ?? '', /hides every row whose diff is empty/);
  });
});

function screenshotPath(name = 'inspector-page.png'): string {
  const dir = path.resolve(__dirname, '../../../test-results');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

// ---- the XSS corpus -------------------------------------------------------------------------

/**
 * Installed before the page's own scripts: a payload that runs calls alert()/confirm()/prompt()
 * or sets window.__xss, and each of those records itself in window.__xssHits.
 */
const XSS_HOOKS = `
  window.__xssHits = [];
  Object.defineProperty(window, '__xss', {
    configurable: false,
    get() { return undefined; },
    set(value) { window.__xssHits.push('__xss = ' + String(value)); },
  });
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    window[name] = function (...args) { window.__xssHits.push(name + '(' + args.map(String).join(', ') + ')'); };
  }
`;

/** The containers server text is rendered into. */
const TEXT_CONTAINERS = ['.vlist-body', '.detail-title', '.detail-links', '.detail-content', '.timeline-slot', '.source-banner', '.connection', '.filters'];
/** Elements a payload would bring with it; counted in the whole document. */
const ACTIVE_ELEMENTS = 'script, img, svg, iframe, object, embed, video, audio, source, form, base, meta, link, style, math, input, textarea, a, body body, noscript';

interface Markup {
  /** Tag and attribute names used inside TEXT_CONTAINERS. */
  tags: string[];
  attributes: string[];
  /** Count of ACTIVE_ELEMENTS in the whole document, by tag. */
  active: Record<string, number>;
}

interface MarkupGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<MarkupElement> };
}
interface MarkupElement {
  tagName: string;
  attributes: ArrayLike<{ name: string }>;
  querySelectorAll(selector: string): ArrayLike<MarkupElement>;
}

async function markupOf(inspector: InspectorPage): Promise<Markup> {
  return inspector.page.evaluate(
    ([containers, active]) => {
      const g = globalThis as unknown as MarkupGlobals;
      const tags = new Set<string>();
      const attributes = new Set<string>();
      for (const selector of containers) {
        for (const root of Array.from(g.document.querySelectorAll(selector))) {
          for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
            tags.add(element.tagName.toLowerCase());
            for (const attribute of Array.from(element.attributes)) attributes.add(attribute.name);
          }
        }
      }
      const counts: Record<string, number> = {};
      for (const element of Array.from(g.document.querySelectorAll(active))) {
        const tag = element.tagName.toLowerCase();
        counts[tag] = (counts[tag] ?? 0) + 1;
      }
      return { tags: [...tags].sort(), attributes: [...attributes].sort(), active: counts };
    },
    [TEXT_CONTAINERS, ACTIVE_ELEMENTS] as const,
  );
}

/** The payloads' markup is no more than the same view with harmless text shows. */
function assertNoNewMarkup(withPayloads: Markup, baseline: Markup): void {
  assert.deepEqual(withPayloads.tags.filter((t) => !baseline.tags.includes(t)), [], 'no element kinds that harmless text does not produce');
  assert.deepEqual(withPayloads.attributes.filter((a) => !baseline.attributes.includes(a)), [], 'no attributes that harmless text does not produce');
  assert.deepEqual(withPayloads.active, baseline.active, `script/img/svg/iframe/… elements in the document: ${JSON.stringify(withPayloads.active)}`);
}

async function xssHits(inspector: InspectorPage): Promise<string[]> {
  return inspector.page.evaluate(() => (globalThis as unknown as { __xssHits: string[] }).__xssHits);
}

/** The diff view's rendering of a value: its JSON, cut at 160 characters (format.ts). */
function shownValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

/**
 * One row per text: notifications and failed operations alternately, each text in every field
 * it can be. The harmless baseline uses other seqs than the corpus: the page keeps a rendered
 * row whose seq and position did not change across a reset.
 */
function corpusRows(texts: readonly string[], firstSeq: number): RowDto[] {
  return texts.map((text, i) =>
    i % 2 === 0
      ? notification(firstSeq + i, { source: `s${i}`, type: text, messageType: text, channel: text, state: text, recordingState: text, summary: text })
      : operation(firstSeq + i, { source: `s${i}`, type: text, channel: text, state: text, recordingState: text, httpStatus: 400, statusCode: 2, statusMessage: text, error: true }),
  );
}

function corpusSources(texts: readonly string[]): { id: string; kind: string; label: string }[] {
  return texts.map((text, i) => ({ id: `s${i}`, kind: 'session', label: text }));
}

/** Every text as a key and a value; built with defineProperty so "__proto__" is a key like any other. */
function corpusObject(texts: readonly string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (const text of texts) Object.defineProperty(object, text, { value: text, enumerable: true, writable: true, configurable: true });
  return object;
}

function corpusDiff(texts: readonly string[]): CallDiff {
  const changed: CallDiff['userData']['changed'] = {};
  const fields: CallDiff['fields'] = {};
  for (const text of texts) {
    Object.defineProperty(changed, text, { value: { old: text, new: text }, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(fields, text, { value: { old: text, new: text }, enumerable: true, writable: true, configurable: true });
  }
  return {
    first: false,
    userData: { added: corpusObject(texts), removed: corpusObject(texts), changed },
    capabilities: { gained: [...texts], lost: [...texts] },
    fields,
  };
}

function corpusMessage(texts: readonly string[]): Record<string, unknown> {
  return { ...corpusObject(texts), userData: corpusObject(texts), participants: [...texts] };
}

/** Short enough for a failure message. */
function clip(text: string | undefined): string {
  if (text === undefined) return 'undefined';
  return JSON.stringify(text.length > 90 ? `${text.slice(0, 60)}…(${text.length} chars)…${text.slice(-20)}` : text);
}

/** deepEqual of two lists of strings, failing with the first difference instead of a 100 KB diff. */
function assertSameTexts(actual: readonly string[], expected: readonly string[], what: string): void {
  const at = actual.findIndex((text, i) => text !== expected[i]);
  if (at >= 0 || actual.length !== expected.length) {
    const i = at >= 0 ? at : Math.min(actual.length, expected.length);
    assert.fail(`${what}: ${actual.length} shown, ${expected.length} expected; #${i} shows ${clip(actual[i])}, expected ${clip(expected[i])}`);
  }
}

async function texts(inspector: InspectorPage, selector: string): Promise<string[]> {
  return inspector.page.locator(selector).evaluateAll((elements) => elements.map((e) => e.textContent ?? ''));
}

async function attributes(inspector: InspectorPage, selector: string, name: string): Promise<string[]> {
  return inspector.page.locator(selector).evaluateAll((elements, attribute) => elements.map((e) => e.getAttribute(attribute) ?? ''), name);
}

describe(`Inspector page against the XSS corpus of ${XSS_CORPUS.length} payloads (Chromium)`, function () {
  this.timeout(120_000);
  let inspector: InspectorPage;
  const benign = XSS_PAYLOADS.map((_, i) => `harmless text ${i}`);

  beforeEach(async () => {
    // Tall enough for one row per payload without scrolling (rows are virtualised).
    inspector = await openInspectorPage({ width: 1600, height: 2600, initScript: XSS_HOOKS });
  });

  afterEach(async () => {
    const hits = await xssHits(inspector);
    const errors = inspector.pageErrors();
    const violations = await inspector.cspViolations();
    await inspector.close();
    assert.deepEqual(hits, [], 'no payload ran');
    assert.deepEqual(errors, [], 'no errors thrown in the page');
    assert.deepEqual(violations, [], 'no Content-Security-Policy violations (nothing even tried to run or load)');
  });

  /** The corpus starts at seq 1; the harmless baseline at BASELINE_SEQ. */
  const BASELINE_SEQ = 1001;

  async function showRows(list: readonly string[], firstSeq: number): Promise<void> {
    await inspector.post(reset(corpusRows(list, firstSeq), { sources: corpusSources(list) }));
    await inspector.page.locator(`#row-${firstSeq + list.length - 1}`).waitFor();
    await waitForRowCount(inspector, list.length);
  }

  it('shows every payload as text in every column of the rows, their titles and the filters', async () => {
    await showRows(benign, BASELINE_SEQ);
    const baseline = await markupOf(inspector);
    await showRows(XSS_PAYLOADS, 1);
    assert.deepEqual(await renderedSeqs(inspector), XSS_PAYLOADS.map((_, i) => i + 1), 'one row per payload, all rendered');

    assertSameTexts(await texts(inspector, '.vlist-body .row .c-type'), XSS_PAYLOADS, '.vlist-body .row .c-type');
    assertSameTexts(await texts(inspector, '.vlist-body .row .c-channel'), XSS_PAYLOADS, '.vlist-body .row .c-channel');
    assertSameTexts(await texts(inspector, '.vlist-body .row .c-state'), XSS_PAYLOADS, '.vlist-body .row .c-state');
    assertSameTexts(await texts(inspector, '.vlist-body .row .c-rec'), XSS_PAYLOADS, '.vlist-body .row .c-rec');
    assertSameTexts(await texts(inspector, '.vlist-body .row .c-source'), XSS_PAYLOADS, '.vlist-body .row .c-source');
    assertSameTexts(await attributes(inspector, '.vlist-body .row .c-channel', 'title'), XSS_PAYLOADS, '.vlist-body .row .c-channel, title');
    const summaries = await texts(inspector, '.vlist-body .row .summary-text');
    XSS_PAYLOADS.forEach((payload, i) => {
      // An operation row says its message first, then its request (streamRow.ts summaryText).
      const request = `POST /api/v2/me/calls/${CALL_A}`;
      const expected = i % 2 === 0 ? payload : payload && !request.includes(payload) ? `${payload} · ${request}` : request;
      assert.equal(summaries[i], expected, `summary of row ${i + 1} (${XSS_CORPUS[i].name})`);
    });
    const typeTitles = await attributes(inspector, '.vlist-body .row .c-type', 'title');
    const statusTitles = await attributes(inspector, '.vlist-body .row .op-status', 'title');
    XSS_PAYLOADS.forEach((payload, i) => {
      if (i % 2 === 0) assert.equal(typeTitles[i], `${payload} (${payload})`, `type title of row ${i + 1}`);
      else assert.ok(statusTitles[i].endsWith(`(${payload})`), `status title of row ${i + 1} (${XSS_CORPUS[i].name})`);
    });
    for (const [filter, option] of [['.filter-channel', '.ms-option'], ['.filter-type', '.ms-option'], ['.filter-source', 'vscode-option']] as const) {
      const all = await texts(inspector, `${filter} ${option}`);
      const labels = option === 'vscode-option' ? all.slice(1) : all;
      assertSameTexts([...labels].sort(), [...XSS_PAYLOADS].sort(), `the options of ${filter}`);
    }
    assertNoNewMarkup(await markupOf(inspector), baseline);
  });

  it('shows every payload as text in the detail: diff, capabilities, JSON tree, timeline and the operation request', async () => {
    const openDetail = async (list: readonly string[], firstSeq: number) => {
      await showRows(list, firstSeq);
      await inspector.page.locator(`#row-${firstSeq}`).click();
      await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === firstSeq);
      const detail: DetailDto = { seq: firstSeq, kind: 'notification', diff: corpusDiff(list), message: corpusMessage(list), envelope: { channel: list[0], data: corpusMessage(list) } };
      await inspector.post({ type: 'detail', seq: firstSeq, detail });
      await inspector.page.locator('.diff-added .diff-key', { hasText: list[list.length - 1] }).waitFor();
    };
    await openDetail(benign, BASELINE_SEQ);
    const baseline = await markupOf(inspector);
    await openDetail(XSS_PAYLOADS, 1);

    assert.equal(await inspector.page.locator('.detail-title').textContent(), `#1 ${XSS_PAYLOADS[0]} · ${new Date(T0 + 250).toTimeString().slice(0, 8)}.250 · call 00000V`);
    assertSameTexts(await texts(inspector, '.diff-added .diff-key'), XSS_PAYLOADS, 'userData keys added');
    assertSameTexts(await texts(inspector, '.diff-added .diff-new'), XSS_PAYLOADS.map(shownValue), 'userData values added');
    assertSameTexts(await texts(inspector, '.diff-removed .diff-key'), XSS_PAYLOADS, 'userData keys removed');
    assertSameTexts(await texts(inspector, '.diff-removed .diff-old'), XSS_PAYLOADS.map(shownValue), 'userData values removed');
    const changedKeys = await texts(inspector, '.diff-changed .diff-key');
    assertSameTexts(changedKeys, [...XSS_PAYLOADS, ...XSS_PAYLOADS], 'userData keys changed, then other fields');
    assertSameTexts(await texts(inspector, '.diff-changed .diff-new'), [...XSS_PAYLOADS, ...XSS_PAYLOADS].map(shownValue), '.diff-changed .diff-new');
    assertSameTexts(await texts(inspector, '.chip-gained'), XSS_PAYLOADS.map((p) => `+${p}`), 'capabilities gained');
    assertSameTexts(await texts(inspector, '.chip-lost'), XSS_PAYLOADS.map((p) => `\u2212${p}`), 'capabilities lost');

    // The message: payloads as top-level keys, as userData keys and values, as participants.
    const message = '.json-tree[aria-label="Message"]';
    const keys = await texts(inspector, `${message} .jt-key`);
    for (const payload of XSS_PAYLOADS) {
      assert.equal(keys.filter((k) => k === payload).length, 2, `key ${JSON.stringify(payload.slice(0, 60))}: top level and in userData`);
    }
    const strings = await texts(inspector, `${message} .jt-string`);
    for (const payload of XSS_PAYLOADS) {
      assert.equal(strings.filter((v) => v === JSON.stringify(payload)).length, 3, `value ${JSON.stringify(payload.slice(0, 60))}: top level, userData, participants`);
    }

    // The call's timeline: the states of its notifications are payloads.
    const notificationStates = XSS_PAYLOADS.filter((_, i) => i % 2 === 0);
    assertSameTexts(await texts(inspector, '.tl-track >> nth=0 >> .tl-value'), notificationStates, 'timeline states');
    assertSameTexts(await attributes(inspector, '.tl-track >> nth=0 >> .tl-seg', 'title'), notificationStates, 'timeline segment titles');
    assertNoNewMarkup(await markupOf(inspector), baseline);

    // An operation's detail: the payloads as URL, headers, body, statusMessage, error and the answer's headers and body.
    const operationDetail = async (list: readonly string[], seq: number) => {
      await showRows(list, seq - 1);
      await inspector.page.locator(`#row-${seq}`).click();
      await inspector.waitForSent((m): m is ToExtension => m.type === 'requestDetail' && m.seq === seq);
      const operation = {
        method: 'POST',
        url: list[1],
        requestHeaders: corpusObject(list),
        requestBody: { operationName: list[1], userData: corpusObject(list) },
        httpStatus: 400,
        statusCode: 2,
        statusMessage: list[1],
        error: list[3],
        rttMs: 12,
        responseHeaders: corpusObject(list),
        responseBody: list[2],
      };
      await inspector.post({ type: 'detail', seq, detail: { seq, kind: 'operation', operation } });
      await inspector.page.locator('.detail-content dt', { hasText: 'statusMessage' }).waitFor();
      await inspector.page.locator('.detail-content .url', { hasText: list[1] }).waitFor();
    };
    await operationDetail(benign, BASELINE_SEQ + 1);
    const operationBaseline = await markupOf(inspector);
    await operationDetail(XSS_PAYLOADS, 2);
    assert.equal(await inspector.page.locator('.detail-content .url').textContent(), XSS_PAYLOADS[1]);
    const terms = await texts(inspector, '.detail-content dt');
    const definitions = await texts(inspector, '.detail-content dd');
    const headerCount = XSS_PAYLOADS.length;
    assertSameTexts(terms.slice(0, headerCount), XSS_PAYLOADS, 'request header names');
    assertSameTexts(definitions.slice(0, headerCount), XSS_PAYLOADS, 'request header values');
    const result = Object.fromEntries(terms.slice(headerCount).map((term, i) => [term, definitions[headerCount + i]]));
    assert.equal(result.statusMessage, XSS_PAYLOADS[1]);
    assert.equal(result.Error, XSS_PAYLOADS[3]);
    assertSameTexts(definitions.slice(-headerCount), XSS_PAYLOADS, 'response header values');
    assert.equal(await inspector.page.locator('.detail-content .body-text').textContent(), XSS_PAYLOADS[2]);
    assertNoNewMarkup(await markupOf(inspector), operationBaseline);
  });

  it('shows every payload as text as the name of an imported file, as the connection text and as a call id', async () => {
    // A new seq each time (see corpusRows).
    let seq = BASELINE_SEQ;
    const show = async (text: string) => {
      seq += 1;
      await inspector.post(reset([notification(seq, { callId: text })], { view: { kind: 'file', name: text } }));
      await inspector.post({ type: 'connection', state: 'connected', text });
      await inspector.page.waitForFunction(
        (expected) => {
          const d = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null } }).document;
          return (
            d.querySelector('.source-name')?.textContent === expected[0] &&
            d.querySelector('.connection')?.textContent === expected[0] &&
            d.querySelector(`#row-${expected[1]} .c-call`)?.getAttribute('title') === expected[0]
          );
        },
        [text, seq] as const,
      );
    };
    await show(benign[0]);
    const baseline = await markupOf(inspector);
    for (const { name, payload } of XSS_CORPUS) {
      await show(payload);
      assert.equal(await inspector.page.locator('.source-name').textContent(), payload, `file name: ${name}`);
      assert.equal(await inspector.page.locator(`#row-${seq} .c-call`).textContent(), `call ${payload.length > 6 ? payload.slice(-6) : payload}`, `call id: ${name}`);
      assertNoNewMarkup(await markupOf(inspector), baseline);
    }
  });
});
