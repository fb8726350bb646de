// A newcomer's first screen and first clicks. The window `npm start` sets up shows the Calls view
// and the inspector (gws.showOnStartup). From a fresh profile (no server profile, not signed in)
// the walkthrough "Inspect Your First GWS Call" is followed to the inspected recording by
// clicking alone: the Welcome page, each step's button, tree rows, the inline Answer button,
// the call's context menu and the inspector's rows; no palette, no typing, no API call drives
// the product. Each step must show its checkmark (package.json `walkthroughs`, its
// completionEvents, src/views/callContextKeys.ts). One screenshot per step goes to
// test-results/walkthrough/NN-step.png; cropped ones (`*.crop-*.png`) are what
// `npm run screenshots` (test/host/screenshots.js) copies into media/ for the README.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
  callsPane,
  callsTreeParts,
  clickContextMenuItem,
  contextMenu,
  inspectorFrame,
  launchWorkbench,
  pickQuickItem,
  setSidebarWidth,
  treeRow,
  UI_TIMEOUT_MS,
  waitForTreeItem,
  waitUntil,
  type Workbench,
} from './support/workbench';

const WALKTHROUGH = 'Inspect Your First GWS Call';

/** A step of the walkthrough, by its id in package.json (VS Code prefixes extension and walkthrough ids). */
function step(page: Page, id: string): Locator {
  return page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
}

async function waitChecked(page: Page, id: string): Promise<void> {
  await page.locator(`button.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
}

/** Expands a step by clicking its title (a click on an expanded step's title would not hurt, but says nothing). */
async function openStep(page: Page, id: string): Promise<Locator> {
  const element = step(page, id);
  await element.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  if (!/\bexpanded\b/.test((await element.getAttribute('class')) ?? '')) await element.locator('.step-title').click();
  await page.locator(`button.getting-started-step.expanded[data-step-id$="#${id}"]`).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return element;
}

/** Clicks the button a step's description renders for one of its command links. */
async function clickStepButton(page: Page, id: string, label: string): Promise<void> {
  const button = (await openStep(page, id)).locator('.monaco-button', { hasText: label });
  await button.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await button.click();
}

/** The walkthrough editor's content (its step list and the open step's media). */
function walkthroughPage(page: Page): Locator {
  return page.locator('.gettingStartedContainer');
}

describe('the walkthrough in the real workbench', function () {
  this.timeout(240_000);

  describe('in the window npm start sets up', () => {
    let workbench: Workbench;

    before(async () => {
      // What test/host/start.js writes for `npm start`, less the profile.
      workbench = await launchWorkbench({ settings: { 'gws.showOnStartup': ['calls', 'inspector'] } });
    });

    after(async () => {
      await workbench?.close();
    });

    it('opens the Calls view and the inspector at startup when gws.showOnStartup says so', async () => {
      const { page } = workbench;
      await callsPane(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await page.locator('.tab', { hasText: 'GWS Notifications' }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await workbench.screenshot('walkthrough/startup');
    });
  });

  describe('followed by clicking alone, from a fresh profile', () => {
    let workbench: Workbench;
    let page: Page;
    /** The demo call's other party: its label in the Calls view. */
    let caller: string;

    // The steps build on each other: after a failed one, the next ones fail at once instead of
    // each waiting for what can no longer come.
    let failed: string | undefined;
    beforeEach(function () {
      if (failed) throw new Error(`an earlier step failed: ${failed}`);
    });
    afterEach(function () {
      if (this.currentTest?.state === 'failed') failed ??= this.currentTest.title;
    });

    before(async () => {
      // A fresh profile: VS Code's own startup editor, the Welcome page; no gws.* setting at all.
      workbench = await launchWorkbench({ settings: { 'workbench.startupEditor': 'welcomePage' } });
      page = workbench.page;
      // Tall enough for the walkthrough's five steps and the inspector's detail in one picture; a
      // side bar wide enough for a call's row, and an editor still over 950 px, where the
      // walkthrough shows its steps beside their media instead of one long column.
      await page.setViewportSize({ width: 1440, height: 1000 });
      await setSidebarWidth(page, 420);
    });

    after(async () => {
      await workbench?.close();
    });

    it('opens the walkthrough from the Welcome page, nothing done yet', async () => {
      const welcome = page.locator('.gettingStartedContainer');
      await welcome.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      // A fresh profile opens VS Code's own first walkthrough; its "Welcome" link leads back to the list.
      const back = welcome.locator('.prev-button', { hasText: 'Welcome' });
      if (await back.isVisible()) await back.click();
      const entry = welcome.locator('button.getting-started-category', { hasText: WALKTHROUGH }).first();
      await welcome.locator('.gettingStartedSlideCategories').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      if (await entry.isVisible()) {
        await entry.click();
      } else {
        // More walkthroughs than the page lists at once: its "More..." offers them all in a quick pick.
        await welcome.locator('.see-all-walkthroughs').first().click();
        await pickQuickItem(page, WALKTHROUGH);
      }
      await step(page, 'server').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      for (const id of ['server', 'signIn', 'call', 'record', 'inspect']) {
        assert.equal(await step(page, id).getAttribute('aria-checked'), 'false', `a fresh profile has not done the step ${id}`);
      }
      await workbench.screenshot('walkthrough/00-open');
    });

    it('1. starts the local simulator from the first step', async () => {
      await clickStepButton(page, 'server', 'Start Local Simulator');
      await waitChecked(page, 'server');
      await page.locator('.statusbar-item', { hasText: /GWS agent1 · agent/ }).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await workbench.screenshot('walkthrough/01-server');
    });

    it('2. is signed in, and the step explains the session modes', async () => {
      const signIn = await openStep(page, 'signIn');
      await signIn.locator('.monaco-button', { hasText: 'Sign In' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      assert.match(await signIn.innerText(), /observe/);
      await waitChecked(page, 'signIn');
      await workbench.screenshot('walkthrough/02-sign-in');
    });

    it('3. shows the demo call in the Calls view from the step\'s button', async () => {
      await clickStepButton(page, 'call', 'Show Calls');
      await callsPane(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      // The demo scenario rings agent1 1.5 s after the simulator starts (src/simulator/demoScenario.ts).
      const ringing = await waitForTreeItem(page, (row) => /Ringing/.test(row.description) && /Inbound/.test(row.description), 'the demo call ringing');
      caller = ringing.label;
      await waitChecked(page, 'call');
      await workbench.screenshot('walkthrough/03-call');
    });

    it('4. answers the call with its inline button and starts recording from its context menu', async () => {
      const row = treeRow(page, caller, /Ringing/);
      const answer = row.locator('.actions .action-label[aria-label^="Answer"]');
      // Selected, the row shows its inline actions without the pointer on it. And the tree may
      // draw the ringing row again (a new element, not hovered), so hover and click until the
      // click lands, each try bounded.
      await row.click();
      const deadline = Date.now() + UI_TIMEOUT_MS;
      for (;;) {
        await row.hover();
        try {
          await answer.click({ timeout: 2_000 });
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
      await waitForTreeItem(page, (r) => r.label === caller && /Established/.test(r.description), 'the call answered');

      const menu = await contextMenu(page, caller, /Established/);
      assert.ok(menu.includes('Start Call Recording'), `menu: ${menu.join(', ')}`);
      await workbench.screenshot('walkthrough/04-record.crop-menu', [...callsTreeParts(page), page.locator('.context-view .monaco-menu')]);
      await clickContextMenuItem(page, 'Start Call Recording');
      await waitForTreeItem(page, (r) => r.label === caller && /Recording/.test(r.description), 'the call recording');
      await waitChecked(page, 'record');
      await workbench.screenshot('walkthrough/04-record');
      await workbench.screenshot('walkthrough/04-record.crop-walkthrough', [page.locator('.part.sidebar'), walkthroughPage(page)]);
    });

    it('5. opens the inspector from the last step and reads the recording\'s diff', async () => {
      await clickStepButton(page, 'inspect', 'Open Notification Inspector');
      const frame = inspectorFrame(page);
      const recordingRow = frame.locator('.row.kind-notification', { hasText: 'CallRecordingStateChange' }).first();
      await recordingRow.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await recordingRow.click();
      const detail = frame.locator('.detail');
      await detail.locator('.chip-gained', { hasText: '+PauseCallRecording' }).waitFor({ state: 'visible' });
      await detail.locator('.chip-lost', { hasText: '\u2212StartCallRecording' }).waitFor({ state: 'visible' });
      await detail.locator('.diff-key', { hasText: 'GSIP_RECORD' }).first().waitFor({ state: 'visible' });
      // The operation that caused it is named.
      assert.match(await detail.innerText(), /Caused by/);
      await workbench.screenshot('walkthrough/05-inspect');
      await workbench.screenshot('walkthrough/05-inspect.crop-inspector', [page.locator('.part.sidebar'), page.locator('.part.editor')]);
    });

    it('ends with every step checked off', async () => {
      // The inspector opened in the walkthrough's group; back to the walkthrough's tab.
      await page.locator('.tab', { hasText: 'Walkthrough: GWS Call Inspector' }).first().click();
      await walkthroughPage(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      for (const id of ['server', 'signIn', 'call', 'record', 'inspect']) await waitChecked(page, id);
      const editor = page.locator('.part.editor');
      await waitUntil(async () => {
        const area = await editor.boundingBox();
        const first = await step(page, 'server').locator('.step-title').boundingBox();
        const last = await step(page, 'inspect').locator('.step-title').boundingBox();
        return !!area && !!first && !!last && first.y >= area.y && last.y + last.height <= area.y + area.height;
      }, 'every step\'s title in view');
      // The open step's media (media/walkthrough/inspect.md, rendered in a webview of its own) is
      // drawn, and the scroll bar the relayout showed has faded.
      await waitUntil(async () => {
        for (const frame of page.frames()) {
          if (await frame.locator('h1', { hasText: 'Read the diff' }).isVisible().catch(() => false)) return true;
        }
        return false;
      }, 'the last step\'s media');
      await walkthroughPage(page).locator('.scrollbar.visible').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      await workbench.screenshot('walkthrough/06-done');
      await workbench.screenshot('walkthrough/06-done.crop-walkthrough', [editor]);
    });
  });
});
