// Two agents in one window, by clicking (issue 14): agent1 and agent2 of the built-in simulator
// signed in side by side, each a session node with its device and calls; a caller's call to
// agent1 is transferred to agent2 in two steps from the tree's context menus: Initiate Transfer
// to agent2's number, agent2 answers the consult call, Complete Transfer. One screenshot per
// step in test-results/, and calls-sessions.png of the side bar for the README.
import * as assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import {
  answerInput,
  callsTreeParts,
  clickContextMenuItem,
  contextMenu,
  openGwsView,
  pickQuickItem,
  pressEscape,
  runCommand,
  setSidebarWidth,
  treeItems,
  UI_TIMEOUT_MS,
  waitForTreeItem,
  waitUntil,
  type TreeRow,
  type Workbench,
  launchWorkbench,
} from './support/workbench';

const CALLER = '5551234';
/** The simulator's numbers (src/simulator/users.ts). */
const AGENT1_NUMBER = '15000';
const AGENT2_NUMBER = '15001';

/** The rows under a session node (until the next top-level row). */
function rowsOfSession(rows: readonly TreeRow[], user: string): TreeRow[] {
  const start = rows.findIndex((r) => r.level === 1 && r.label.startsWith(`${user} @ `));
  if (start < 0) return [];
  const end = rows.findIndex((r, i) => i > start && r.level === 1);
  return rows.slice(start + 1, end < 0 ? undefined : end);
}

describe('two agents in one window: a two-step transfer by clicking', function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let workbench: Workbench;

  before(async () => {
    sim = await startSimulator({ port: 0, answerDelayMs: 50 });
    workbench = await launchWorkbench({
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'gws.profiles': [
          { id: 'e2e-agent1', name: 'E2E agent1', url: sim.url, user: 'agent1', simulator: true },
          { id: 'e2e-agent2', name: 'E2E agent2', url: sim.url, user: 'agent2', simulator: true },
        ],
        'gws.autoSignIn': 'e2e-agent1',
      },
    });
  });

  after(async () => {
    await workbench?.close();
    await sim?.stop();
  });

  it('signs in as agent2 beside agent1: each session shows its device, and the status bar sums them up', async () => {
    const { page } = workbench;
    await page.locator('.statusbar-item', { hasText: /GWS agent1 · agent · / }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS * 2 });
    await openGwsView(page);
    await runCommand(page, 'GWS: Sign In');
    await pickQuickItem(page, 'E2E agent2');
    await page.locator('.statusbar-item', { hasText: /GWS 2 sessions · 0 calls/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    await sim.control.createInboundCall({ to: 'agent1', from: CALLER, state: 'Established' });
    await waitForTreeItem(page, (r) => r.label === CALLER && /Established/.test(r.description), 'the caller\'s call under agent1');
    let rows: TreeRow[] = [];
    await waitUntil(async () => {
      rows = await treeItems(page);
      return rowsOfSession(rows, 'agent1').some((r) => r.label === AGENT1_NUMBER) && rowsOfSession(rows, 'agent2').some((r) => r.label === AGENT2_NUMBER);
    }, 'each session\'s device under its node');
    assert.deepEqual(
      rowsOfSession(rows, 'agent1').map((r) => r.label),
      [AGENT1_NUMBER, CALLER],
      'agent1: its device, then its call',
    );
    assert.deepEqual(rowsOfSession(rows, 'agent2').map((r) => r.label), [AGENT2_NUMBER], 'agent2: its device only');
    assert.match(rows.find((r) => r.label.startsWith('agent1 @ '))?.description ?? '', /^Connected · agent · 1 call$/);
    await workbench.screenshot('transfer-1-two-sessions');
  });

  it('Initiate Transfer to agent2 from the call\'s context menu rings agent2 with the consult call', async () => {
    const { page } = workbench;
    const menu = await contextMenu(page, CALLER);
    assert.ok(menu.includes('Initiate Transfer...'), `menu: ${menu.join(', ')}`);
    await workbench.screenshot('transfer-2-context-menu');
    await clickContextMenuItem(page, 'Initiate Transfer...');
    await answerInput(page, AGENT2_NUMBER, { prompt: /number/i });
    const rows = await waitUntilRows(workbench, (all) => rowsOfSession(all, 'agent2').some((r) => r.label === AGENT1_NUMBER && /Ringing/.test(r.description)), 'the consult call ringing under agent2');
    assert.ok(rowsOfSession(rows, 'agent1').some((r) => r.label === AGENT2_NUMBER && /Dialing/.test(r.description)), 'agent1 dials the consult call');
    await workbench.screenshot('transfer-3-consult-ringing');
    // The README's picture of the tree: its header and rows only (README.md, media/calls-sessions.png,
    // copied by test/host/screenshots.js).
    await setSidebarWidth(page, 460);
    await workbench.screenshot('calls-sessions', callsTreeParts(page));
  });

  it('agent2 answers the consult call from its own item', async () => {
    const { page } = workbench;
    const menu = await contextMenu(page, AGENT1_NUMBER, /Ringing/);
    assert.ok(menu.includes('Answer'), `menu: ${menu.join(', ')}`);
    await clickContextMenuItem(page, 'Answer');
    await waitUntilRows(workbench, (all) => rowsOfSession(all, 'agent2').some((r) => r.label === AGENT1_NUMBER && /Established/.test(r.description)), 'the consult call established under agent2');
    await workbench.screenshot('transfer-4-consult-answered');
  });

  it('Complete Transfer leaves the call under agent2 only', async () => {
    const { page } = workbench;
    await waitUntil(async () => {
      const menu = await contextMenu(page, CALLER);
      const offered = menu.includes('Complete Transfer');
      if (!offered) await pressEscape(page);
      return offered;
    }, 'Complete Transfer in the call\'s menu');
    await clickContextMenuItem(page, 'Complete Transfer');
    const rows = await waitUntilRows(
      workbench,
      (all) =>
        rowsOfSession(all, 'agent1').every((r) => r.label === AGENT1_NUMBER) &&
        rowsOfSession(all, 'agent2').some((r) => r.label === CALLER && /Established/.test(r.description)),
      'the call to move to agent2',
    );
    assert.deepEqual(rowsOfSession(rows, 'agent1').map((r) => r.label), [AGENT1_NUMBER], 'agent1: no call left');
    assert.deepEqual(rowsOfSession(rows, 'agent2').map((r) => r.label), [AGENT2_NUMBER, CALLER], 'agent2: the caller only, the consult call is gone');
    await page.locator('.statusbar-item', { hasText: /GWS 2 sessions · 1 call\b/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await workbench.screenshot('transfer-5-completed');
  });
});

/** Polls the Calls tree until `match` holds for its rows; returns them. */
async function waitUntilRows(workbench: Workbench, match: (rows: TreeRow[]) => boolean, what: string): Promise<TreeRow[]> {
  let rows: TreeRow[] = [];
  await waitUntil(async () => {
    rows = await treeItems(workbench.page);
    return match(rows);
  }, what);
  return rows;
}
