// A newcomer's first screen and first clicks: the window `npm start` sets up shows the Calls view
// and the inspector (gws.showOnStartup), and the walkthrough's first two steps are done by
// clicking its buttons alone, each checked off by its completion event (package.json
// `walkthroughs`, src/views/callContextKeys.ts).
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { callsPane, launchWorkbench, pickQuickItem, runCommand, UI_TIMEOUT_MS, type Workbench } from './support/workbench';

/** A step of the walkthrough, by its id in package.json (VS Code prefixes extension and walkthrough ids). */
function step(page: Page, id: string): Locator {
  return page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
}

async function waitChecked(page: Page, id: string): Promise<void> {
  await page.locator(`button.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
}

describe('the walkthrough in the real workbench', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    // What test/host/start.js writes for `npm start`, less the profile: this window has no server yet.
    workbench = await launchWorkbench({ settings: { 'gws.showOnStartup': ['calls', 'inspector'] } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens the Calls view and the inspector at startup when gws.showOnStartup says so', async () => {
    const { page } = workbench;
    await callsPane(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await page.locator('.tab', { hasText: 'GWS Notifications' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await workbench.screenshot('walkthrough-0-startup');
  });

  it('starts the local simulator from the first step and is signed in by the second', async () => {
    const { page } = workbench;
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await pickQuickItem(page, 'Inspect Your First GWS Call');
    const first = step(page, 'server');
    await first.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.equal(await first.getAttribute('aria-checked'), 'false', 'a fresh profile has not done the first step');
    assert.equal(await step(page, 'signIn').getAttribute('aria-checked'), 'false');
    await workbench.screenshot('walkthrough-1-server');

    await first.locator('.step-title').click();
    await first.locator('.monaco-button', { hasText: 'Start Local Simulator' }).click();
    await waitChecked(page, 'server');
    await page.locator('.statusbar-item', { hasText: /GWS agent1 · agent/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    const second = step(page, 'signIn');
    await second.locator('.step-title').click();
    await second.locator('.monaco-button', { hasText: 'Sign In' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    assert.match(await second.innerText(), /observe/);
    await waitChecked(page, 'signIn');
    assert.equal(await step(page, 'call').count(), 1, 'the next step is there');
    await workbench.screenshot('walkthrough-2-signed-in');
  });
});
