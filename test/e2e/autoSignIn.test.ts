// What `npm start` relies on: a window whose settings name a profile in gws.autoSignIn is
// signed in as soon as it is up, without the user touching the GWS view.
import { startSimulator, type RunningSimulator } from '../../src/simulator';
import { launchWorkbench, UI_TIMEOUT_MS, type Workbench } from './support/workbench';

describe('sign-in at startup (gws.autoSignIn)', function () {
  this.timeout(180_000);
  let sim: RunningSimulator;
  let workbench: Workbench;

  before(async () => {
    sim = await startSimulator({ port: 0 });
    await sim.control.createInboundCall({ to: 'agent1', from: '5550101', state: 'Established' });
    workbench = await launchWorkbench({
      settings: {
        'gws.profiles': [{ id: 'startup-sim', name: 'Startup simulator', url: sim.url, user: 'agent1', simulator: true }],
        'gws.autoSignIn': 'startup-sim',
      },
    });
  });

  after(async () => {
    await workbench?.close();
    await sim?.stop();
  });

  it('shows the signed-in user, the session mode, the agent state and the live call count in the status bar without any click', async () => {
    // A simulator profile logs the agent in (agent mode).
    await workbench.page
      .locator('.statusbar-item', { hasText: /GWS agent1 · agent · (NotReady|Ready) · 1 call\b/ })
      .first()
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS * 2 });
    await workbench.screenshot('auto-sign-in');
  });
});
