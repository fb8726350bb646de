// mocha root hooks for the e2e suite (loaded with --require by test/host/run-e2e.js): when a test
// fails while a workbench is open, keep a screenshot and print the browser console, so a red run
// says what the screen showed.
import { openWorkbenches } from './workbench';

function fileNameFor(title: string): string {
  return `failed-${title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 80)}`;
}

export const mochaHooks = {
  async afterEach(this: Mocha.Context): Promise<void> {
    const test = this.currentTest;
    if (!test || test.state !== 'failed') return;
    let index = 0;
    for (const workbench of openWorkbenches()) {
      const name = fileNameFor(test.fullTitle()) + (index++ > 0 ? `-${index}` : '');
      try {
        const file = await workbench.screenshot(name);
        console.log(`    screenshot of the failed test: ${file}`);
      } catch (error) {
        console.log(`    (no screenshot: ${error instanceof Error ? error.message : String(error)})`);
      }
      // Errors and warnings only: the workbench logs hundreds of info lines on every start.
      const problems = workbench.console.filter((line) => /^\[(error|warning|pageerror)\]/.test(line));
      console.log(`    ---- browser console: last 40 of ${problems.length} errors/warnings ----\n${problems.slice(-40).join('\n')}`);
    }
  },
};
