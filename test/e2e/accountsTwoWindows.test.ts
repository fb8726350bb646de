// The Accounts menu kept in step across two real windows (issue 15): two tabs of one browser on
// one code-server are two VS Code windows of the same profile, each with its own extension host.
// Window A signs in; window B's Accounts menu lists A's session, and signing it out there by
// clicking signs A's session out (the Calls view and the status bar say so) while the agent
// stays logged in to voice on the simulator. test/integration/accountsSync.test.ts covers the
// shared list's rules in one window.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import {
  answerDialog,
  launchWorkbench,
  openGwsView,
  pickQuickItem,
  runCommand,
  UI_TIMEOUT_MS,
  waitUntil,
  welcomeButtons,
  type Workbench,
} from './support/workbench';

const PROFILE = { id: 'e2e-two-windows', name: 'E2E simulator', url: '', user: 'agent1', simulator: true };
const ACCOUNT = `agent1 @ ${PROFILE.name}`;
const ACCOUNTS_ICON = '.part.activitybar a.action-label.codicon-accounts-view-bar-icon';
const MENU_ITEMS = '.context-view .monaco-menu [role="menuitem"]';

/** What the simulator says about agent1 (its /sim/ API over real HTTP). */
async function agent1(sim: RunningSimulator): Promise<{ loggedIn: boolean; sessions: number }> {
  const response = await fetch(`${sim.url}/sim/state`);
  assert.ok(response.ok, `GET /sim/state: HTTP ${response.status}`);
  const state = (await response.json()) as { users: Array<{ userName: string; loggedIn: boolean; sessions: number }> };
  const user = state.users.find((u) => u.userName === 'agent1');
  assert.ok(user, 'agent1 in /sim/state');
  return user;
}

/**
 * Opens the Accounts menu (the person icon at the bottom of the activity bar) and returns its
 * entries; the menu stays open. With no account and no other entry VS Code shows no menu at all:
 * that reads as no entries.
 */
async function openAccountsMenu(page: Page): Promise<string[]> {
  await page.locator(ACCOUNTS_ICON).click();
  const items = page.locator(MENU_ITEMS);
  const shown = await items.first().waitFor({ state: 'visible', timeout: 2000 }).then(
    () => true,
    () => false,
  );
  if (!shown) return [];
  return (await items.locator('.action-label').allInnerTexts()).map((label) => label.trim()).filter((label) => label.length > 0);
}

async function closeMenu(page: Page): Promise<void> {
  const items = page.locator(MENU_ITEMS);
  if (!(await items.first().isVisible())) return;
  await page.keyboard.press('Escape');
  await items.first().waitFor({ state: 'hidden' });
}

/** Opens the Accounts menu until its entries are as `expected` says (the menu reads the accounts when it opens); the menu stays open. */
async function waitForAccountsMenu(page: Page, expected: (entries: string[]) => boolean, what: string): Promise<string[]> {
  let entries: string[] = [];
  await waitUntil(async () => {
    entries = await openAccountsMenu(page);
    if (expected(entries)) return true;
    await closeMenu(page);
    return false;
  }, `${what} (last seen: ${JSON.stringify(entries)})`);
  return entries;
}

const listsAccount = (entries: string[]) => entries.some((entry) => entry.startsWith(ACCOUNT));

describe('the Accounts menu across two real windows', function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let windowA: Workbench;
  let windowB: Workbench;

  before(async () => {
    sim = await startSimulator({ port: 0 });
    windowA = await launchWorkbench({ settings: {
        'gws.profiles': [{ ...PROFILE, url: sim.url }],
        // The simulator's and code-server's ports are not for forwarding: no toast over the menus.
        'remote.autoForwardPorts': false,
      },
    });
  });

  after(async () => {
    await windowB?.close();
    await windowA?.close();
    await sim?.stop();
  });

  it('gives each window its own extension host', async () => {
    let before: number[] = [];
    await waitUntil(async () => (before = await windowA.extensionHosts()).length === 1, 'the first window\'s extension host');
    windowB = await windowA.openWindow();
    let both: number[] = [];
    await waitUntil(async () => (both = await windowA.extensionHosts()).length === 2, `a second extension host (now ${JSON.stringify(both)})`);
    assert.ok(both.includes(before[0]), 'the first window keeps its host');
  });

  it("signs in in window A; window B's Accounts menu lists A's session", async () => {
    const page = windowA.page;
    await openGwsView(page);
    await runCommand(page, 'GWS: Sign In');
    await pickQuickItem(page, PROFILE.name);
    // A simulator profile logs the agent in (agent mode): the login is A's own.
    await page.locator('.statusbar-item', { hasText: /GWS agent1 · agent · / }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal((await agent1(sim)).loggedIn, true, 'agent1 logged in to voice');
    await waitForAccountsMenu(page, listsAccount, "A's Accounts menu listing its own session");
    await closeMenu(page);

    await waitForAccountsMenu(windowB.page, listsAccount, `window B's Accounts menu listing ${ACCOUNT}`);
    await windowB.screenshot('accounts-two-windows/1-window-b-lists-a');
    await closeMenu(windowB.page);
  });

  it("signs A's session out from B's Accounts menu by clicking; A says it is signed out and the agent stays logged in", async () => {
    const page = windowB.page;
    await waitForAccountsMenu(page, listsAccount, `window B's Accounts menu listing ${ACCOUNT}`);
    // Each account is a submenu, "agent1 @ E2E simulator (GWS)": hovering it opens its actions.
    await page.locator(MENU_ITEMS).filter({ has: page.locator('.action-label', { hasText: `${ACCOUNT} (GWS)` }) }).first().hover();
    const signOut = page.locator(MENU_ITEMS).filter({ has: page.locator('.action-label', { hasText: /^\s*Sign Out\s*$/ }) }).first();
    await signOut.hover();
    await windowB.screenshot('accounts-two-windows/2-window-b-sign-out');
    await signOut.click();
    await answerDialog(page, `Sign out of '${ACCOUNT}'?`, 'Sign Out');

    // Window A: signed out, in the status bar and the Calls view (its welcome content).
    const pageA = windowA.page;
    await pageA.locator('.statusbar-item', { hasText: /GWS signed out/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await openGwsView(pageA);
    assert.ok((await welcomeButtons(pageA)).includes('Sign In'), 'the Calls view offers Sign In again');
    await waitForAccountsMenu(pageA, (e) => !listsAccount(e), "A's Accounts menu without the account");
    await closeMenu(pageA);
    await waitForAccountsMenu(page, (e) => !listsAccount(e), "B's Accounts menu without the account");
    await closeMenu(page);
    await windowA.screenshot('accounts-two-windows/3-window-a-signed-out');

    const agent = await agent1(sim);
    assert.equal(agent.loggedIn, true, 'agent1 stays logged in to voice');
  });
});
