// What a person sees: sign in from the palette, a call appears in the Calls view, Start Call
// Recording from its context menu, and the notification inspector shows what that changed.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import {
  answerDialog,
  answerInput,
  clickContextMenuItem,
  contextMenu,
  inspectorFrame,
  launchWorkbench,
  openGwsView,
  pickQuickItem,
  pressEscape,
  runCommand,
  UI_TIMEOUT_MS,
  waitForTreeItem,
  waitUntil,
  type Workbench,
} from './support/workbench';

async function simPost<T = Record<string, unknown>>(sim: RunningSimulator, path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `POST ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  body: unknown;
}

async function requestsSince(sim: RunningSimulator, since: number): Promise<LoggedRequest[]> {
  const response = await fetch(`${sim.url}/sim/requests?since=${since}`);
  return ((await response.json()) as { requests: LoggedRequest[] }).requests;
}

async function lastRequestSeq(sim: RunningSimulator): Promise<number> {
  return (await requestsSince(sim, 0)).at(-1)?.seq ?? 0;
}

function operationOf(request: LoggedRequest): string | undefined {
  return request.method === 'POST' ? (request.body as { operationName?: string } | undefined)?.operationName : undefined;
}

/** The few DOM globals read inside the page (the test project has no DOM lib on purpose). */
interface PageGlobals {
  document: { querySelector(selector: string): unknown; querySelectorAll(selector: string): { length: number } };
  __pwned?: unknown;
}

/** The frame that holds the inspector page (inside VS Code's webview iframes). */
async function inspectorPageFrame(workbench: Workbench): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(async () => {
    for (const frame of workbench.page.frames()) {
      const hasStream = await frame.evaluate(() => !!(globalThis as unknown as PageGlobals).document.querySelector('.stream')).catch(() => false);
      if (hasStream) {
        found = frame;
        return true;
      }
    }
    return false;
  }, 'the inspector page frame');
  return found!;
}

describe('calls and the notification inspector in the real workbench', function () {
  this.timeout(240_000);
  let sim: RunningSimulator;
  let workbench: Workbench;
  let callId: string;

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    workbench = await launchWorkbench({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  });

  after(async () => {
    await workbench?.close();
    await sim?.stop();
  });

  it('signs in from the palette by typing a new server profile', async () => {
    const { page } = workbench;
    await openGwsView(page);
    await runCommand(page, 'GWS: Sign In');
    await pickQuickItem(page, 'New server profile…');
    await answerInput(page, sim.url, { prompt: 'Base URL' });
    await answerInput(page, 'agent1', { prompt: 'User name' });
    await answerInput(page, 'agent1', { prompt: 'Password' });
    await answerInput(page, 'E2E simulator', { prompt: 'Name of this profile' });
    // A new profile is in auto mode: agent1 is logged out in the simulator, so it asks.
    await answerDialog(page, /agent1 is not logged in to voice/, 'Log In to Voice');
    await page.locator('.statusbar-item', { hasText: /GWS agent1 · agent · (NotReady|Ready) · \d+ calls?/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  });

  it('shows the user and the server in the calls view\'s header, whole, at the default sidebar width', async () => {
    const { page } = workbench;
    const header = page.locator('.part.sidebar .composite.title h2');
    const host = new URL(sim.url).host;
    assert.match(host, /^127\.0\.0\.1:\d{4,5}$/, 'a realistic long host:port');
    const expected = `GWS: AGENT1 @ ${host}`.toUpperCase();
    await waitUntil(async () => (await header.innerText()).toUpperCase() === expected, `the header "${expected}"`);
    // Cut text ends in an ellipsis: the heading (or the label around it) is narrower than its
    // text. With four title buttons it was, by 42 px, at "agent1 @ 127.0.0.1:NNNNN".
    const widths = await header.evaluate((h) => {
      interface Box {
        scrollWidth: number;
        clientWidth: number;
        parentElement: Box;
      }
      const heading = h as unknown as Box;
      return { heading: [heading.scrollWidth, heading.clientWidth], label: [heading.parentElement.scrollWidth, heading.parentElement.clientWidth] };
    });
    await workbench.screenshot('calls-header', page.locator('.part.sidebar .composite.title'));
    assert.ok(widths.heading[0] <= widths.heading[1] && widths.label[0] <= widths.label[1], `the header is cut (scroll, client width): ${JSON.stringify(widths)}`);
  });

  it('offers Refresh Calls in the header\'s "..." menu, which re-reads the calls', async () => {
    const { page } = workbench;
    const title = page.locator('.part.sidebar .composite.title');
    const inline = await title.locator('.actions-container .action-label').evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(!inline.some((label) => /Refresh|Collapse/.test(label)), `inline buttons: ${inline.join(', ')}`);
    const since = await lastRequestSeq(sim);
    await title.locator('.action-label.codicon-toolbar-more').click();
    await clickContextMenuItem(page, 'Refresh Calls');
    await waitUntil(
      async () => (await requestsSince(sim, since)).some((r) => r.method === 'GET' && r.path.startsWith('/api/v2/me/calls')),
      'GET /api/v2/me/calls after Refresh Calls',
    );
  });

  it('shows a call created by the simulator in the Calls view', async () => {
    ({ id: callId } = await simPost<{ id: string }>(sim, '/sim/calls', {
      to: 'agent1',
      from: '5551234',
      state: 'Established',
      userData: { Segment: 'Gold', CustomerId: '42' },
    }));
    const row = await waitForTreeItem(workbench.page, (r) => r.label === '5551234', 'the new call');
    assert.match(row.description, /Established/);
  });

  it('starts call recording from the context menu, then offers Pause and Stop instead of Start', async () => {
    const { page } = workbench;
    const before = await contextMenu(page, '5551234');
    assert.ok(before.includes('Start Call Recording'), `menu: ${before.join(', ')}`);
    assert.ok(!before.includes('Pause Call Recording'));
    await clickContextMenuItem(page, 'Start Call Recording');

    await waitForTreeItem(page, (r) => r.label === '5551234' && /Recording/.test(r.description), 'the call recording');
    const after = await contextMenu(page, '5551234');
    assert.ok(after.includes('Pause Call Recording'), `menu: ${after.join(', ')}`);
    assert.ok(after.includes('Stop Call Recording'));
    assert.ok(!after.includes('Start Call Recording'));
    await pressEscape(page);
    await workbench.screenshot('calls-recording');
  });

  it('shows the CallRecordingStateChange row with its diffs, linked to the StartCallRecording operation', async () => {
    const { page } = workbench;
    await runCommand(page, 'GWS: Open Notification Inspector');
    const frame = inspectorFrame(page);
    const recordingRow = frame.locator('.row.kind-notification', { hasText: 'CallRecordingStateChange' }).first();
    await recordingRow.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const summary = await recordingRow.locator('.summary-text').innerText();
    assert.match(summary, /caps .*\+PauseCallRecording/);
    assert.match(summary, /\+StopCallRecording/);
    assert.match(summary, /\u2212StartCallRecording/);
    assert.match(summary, /userData \+2 ~0 \u22120/, 'the simulator added GSIP_RECORD and GSIP_REC_FN');

    const operationRow = frame.locator('.row.kind-operation', { hasText: 'StartCallRecording' }).first();
    await operationRow.waitFor({ state: 'visible' });
    const link = await operationRow.locator('.row-link').innerText();
    assert.match(link, /^→ #\d+ \+\d+ ms/, `operation link: ${link}`);
    assert.match(await operationRow.locator('.op-status').innerText(), /HTTP 200/);

    await recordingRow.click();
    const detail = frame.locator('.detail');
    await detail.locator('.diff-key', { hasText: 'GSIP_RECORD' }).first().waitFor({ state: 'visible' });
    await detail.locator('.chip-gained', { hasText: '+PauseCallRecording' }).waitFor({ state: 'visible' });
    await detail.locator('.chip-gained', { hasText: '+StopCallRecording' }).waitFor({ state: 'visible' });
    await detail.locator('.chip-lost', { hasText: '\u2212StartCallRecording' }).waitFor({ state: 'visible' });
    await workbench.screenshot('inspector-recording');
  });

  it('renders a userData value that looks like HTML as text and runs nothing', async () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    await simPost(sim, `/sim/calls/${callId}/user-data`, { userData: { Note: payload }, mode: 'update' });
    const frame = inspectorFrame(workbench.page);
    const row = frame.locator('.row.kind-notification', { hasText: 'AttachedDataChanged' }).last();
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await row.click();
    // Shown as its JSON string, quotes escaped: text, never markup.
    const value = frame.locator('.detail .diff-value', { hasText: '<img src=x onerror=' }).first();
    await value.waitFor({ state: 'visible' });
    assert.equal(await value.innerText(), JSON.stringify(payload));

    const page = await inspectorPageFrame(workbench);
    const verdict = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return { pwned: g.__pwned, images: g.document.querySelectorAll('img').length };
    });
    assert.equal(verdict.pwned, undefined);
    assert.equal(verdict.images, 0);
    await workbench.screenshot('inspector-untrusted-text');
  });

  it('shows a server statusMessage holding a markdown command link as text in the error notification, not as a link', async () => {
    const { page } = workbench;
    const statusMessage = '[Click](command:workbench.action.quit)';
    await simPost(sim, '/sim/faults/fail-next', { count: 1, httpStatus: 400, statusCode: 2, statusMessage });
    await runCommand(page, 'GWS: Refresh Calls');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Refreshing calls failed' }).first();
    await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const message = toast.locator('.notification-list-item-message');
    const text = (await message.innerText()).trim();
    // Before: VS Code showed "Click" as a link that would quit the workbench.
    assert.match(text, /\[Click\] \(command: workbench\.action\.quit\)/, `the toast says: ${text}`);
    assert.equal(await message.locator('a').count(), 0, 'no link element in the message');
    assert.equal(await toast.locator('a[href^="command:"], [data-href^="command:"]').count(), 0, 'no command link anywhere in the toast');
    await workbench.screenshot('error-toast-plain-text');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await toast.waitFor({ state: 'hidden' });
  });

  it('after a window reload, restores the inspector panel and signs in again, logging the agent neither out nor in', async () => {
    const { page } = workbench;
    const before = await lastRequestSeq(sim);
    await runCommand(page, 'Developer: Reload Window');
    // A new extension host: the panel comes back through its serializer, and the window signs
    // in again to the profile it used (its password is in secret storage).
    await page.locator('.tab', { hasText: 'GWS Notifications' }).first().waitFor({ state: 'visible', timeout: 90_000 });
    const connection = inspectorFrame(page).locator('.connection');
    await connection.waitFor({ state: 'visible', timeout: 90_000 });
    await waitUntil(async () => /Connected to E2E simulator/.test(await connection.innerText()), 'the restored panel to show the new session');
    await openGwsView(page);
    await waitForTreeItem(page, (r) => r.label === '5551234' && /Recording/.test(r.description), 'the call, resynced after the reload');
    // The agent login of before the reload is still this window's own: the status bar says
    // agent, and the reload sent neither EndContactCenterSession nor a second Start.
    await page.locator('.statusbar-item', { hasText: /GWS agent1 · agent · / }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const logins = (await requestsSince(sim, before)).map(operationOf).filter((name) => /ContactCenterSession$/.test(name ?? ''));
    assert.deepEqual(logins, []);
    await workbench.screenshot('inspector-restored');
  });
});
