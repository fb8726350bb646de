// bundle: the minified sizes of the extension and the webview page bundles (what the .vsix
// ships after `node esbuild.js --production`) and the time to load the extension bundle:
// require() in a fresh node process with `vscode` stubbed through a resolve hook, median of
// several runs. A development build (source map comment at the end) is reported as such.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/repo';
import { runSection, type Figures } from '../support/section';
import { median, round } from '../support/stats';

function isMinified(file: string): boolean {
  const text = fs.readFileSync(file, 'utf8');
  // Production: no source map, and the code starts with one long line (legal comments,
  // which esbuild keeps, come at the end).
  return !/\/\/# sourceMappingURL=/.test(text.slice(-2000)) && text.indexOf('\n') > 1000;
}

runSection('bundle', async ({ quick, log }): Promise<Figures> => {
  const root = repoRoot();
  const extension = path.join(root, 'dist', 'extension.js');
  const webview = path.join(root, 'dist', 'webview', 'inspector.js');
  for (const file of [extension, webview]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "node esbuild.js --production"`);
  const minified = isMinified(extension) && isMinified(webview);
  if (!minified) log('WARNING: dist/ holds a development build; sizes and load time are not those of the .vsix');
  const loader = path.join(__dirname, '..', 'support', 'loadExtension.js');
  const runs = quick ? 3 : 11;
  const times: number[] = [];
  // One unmeasured run first: the OS file cache, not the bundle, would decide the first.
  for (let i = 0; i <= runs; i++) {
    const output = execFileSync(process.execPath, [loader, extension], { encoding: 'utf8' });
    if (i > 0) times.push(Number(output.trim()));
  }
  log(`load times: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
  return {
    extensionBytes: fs.statSync(extension).size,
    webviewBytes: fs.statSync(webview).size,
    extensionLoadMs: round(median(times)),
    minified,
    extensionLoadMinMs: round(Math.min(...times)),
  };
});
