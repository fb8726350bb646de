// The integration suite's entry point, loaded by VS Code's extension host as `extensionTestsPath`
// (the @vscode/test-electron convention): runs mocha over every bundled *.test.js beside it.
// The same module serves both runners in test/host/run-integration.js (desktop VS Code via
// @vscode/test-electron, or the VS Code server inside code-server driven through Chromium).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Every `*.test.js` under `dir`, sorted so runs are reproducible. */
function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTestFiles(full);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

export function run(): Promise<void> {
  // esbuild bundles this file to out/test/integration/index.js, so __dirname is that folder.
  const testsRoot = __dirname;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: 'spec', color: false });
  const files = findTestFiles(testsRoot);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js under ${testsRoot}: was the suite built (node esbuild.js --tests)?`));
  }
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
