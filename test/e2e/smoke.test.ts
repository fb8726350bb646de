import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { type Workbench, launchWorkbench, openGwsView, welcomeButtons } from './support/workbench';

describe('workbench smoke', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await launchWorkbench();
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the GWS Call Inspector view with its signed-out welcome content', async () => {
    await openGwsView(workbench.page);
    const title = await workbench.page.locator('.part.sidebar .composite.title h2').innerText();
    assert.equal(title.toUpperCase(), 'GWS: CALLS', 'signed out: the container\'s title and the view\'s name');
    assert.deepEqual(await welcomeButtons(workbench.page), ['Sign In', 'Start Local Simulator']);
    const file = await workbench.screenshot('smoke');
    assert.ok(fs.statSync(file).size > 0, `${file} is empty`);
  });
});
