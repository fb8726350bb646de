// The directions the code may depend in (README "Layout"): a move that breaks one fails here,
// not in a review. Reads the sources' import lines; runs nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');

/** Folder under src/ → the src/ folders (and packages) its files may import. */
const ALLOWED: Record<string, { folders: string[]; vscode: boolean }> = {
  base: { folders: ['base'], vscode: false },
  wire: { folders: ['wire', 'base'], vscode: false },
  model: { folders: ['model', 'wire', 'base'], vscode: false },
  gws: { folders: ['gws', 'wire', 'base', 'types'], vscode: false },
  simulator: { folders: ['simulator'], vscode: false },
  proxy: { folders: ['proxy', 'wire', 'base'], vscode: false },
  scenario: { folders: ['scenario', 'gws', 'model', 'wire', 'base'], vscode: false },
  common: { folders: ['common', 'base'], vscode: true },
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]);
}

function resolveRelative(file: string, specifier: string): string {
  const base = path.resolve(path.dirname(file), specifier);
  for (const candidate of [`${base}.ts`, `${base}.d.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return base;
}

function folderOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

const files = sourceFiles(SRC);
const edges = files.flatMap((file) => importsOf(file).map((specifier) => ({ file, specifier })));

describe('architecture: who may import what', () => {
  it('finds the sources', () => {
    assert.ok(files.length > 50, `only ${files.length} files under src/`);
  });

  for (const [folder, rule] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only ${rule.folders.map((f) => `src/${f}`).join(', ')}${rule.vscode ? ' and vscode' : ', never vscode'}`, () => {
      const wrong = edges
        .filter(({ file }) => folderOf(file) === folder)
        .filter(({ file, specifier }) => {
          if (specifier === 'vscode') return !rule.vscode;
          if (!specifier.startsWith('.')) return false;
          return !rule.folders.includes(folderOf(resolveRelative(file, specifier)));
        })
        .map(({ file, specifier }) => `${path.relative(ROOT, file)} → ${specifier}`);
      assert.deepEqual(wrong, []);
    });
  }

  it('the page (src/webview-ui) imports only its webview protocol.ts, the UI toolkit and @vscode/l10n', () => {
    const wrong = edges
      .filter(({ file }) => folderOf(file) === 'webview-ui')
      .filter(({ file, specifier }) => {
        if (!specifier.startsWith('.')) return specifier !== '@vscode/webview-ui-toolkit' && specifier !== '@vscode/l10n';
        const target = resolveRelative(file, specifier);
        return folderOf(target) !== 'webview-ui' && !/webviews[\\/][^\\/]+[\\/]protocol\.ts$/.test(target);
      })
      .map(({ file, specifier }) => `${path.relative(ROOT, file)} → ${specifier}`);
    assert.deepEqual(wrong, []);
  });

  it('src/extension.ts only wires: it imports no GWS client, wire format or simulator', () => {
    const wrong = edges
      .filter(({ file }) => file === path.join(SRC, 'extension.ts'))
      .filter(({ file, specifier }) => specifier.startsWith('.') && ['gws', 'wire', 'simulator'].includes(folderOf(resolveRelative(file, specifier))))
      .map(({ specifier }) => specifier);
    assert.deepEqual(wrong, []);
  });

  it('axios and tough-cookie are loaded with the first session, never when the extension loads (bench: bundle.extensionLoadMs)', () => {
    // Under src/, only type imports at a module's top: the values come through import() /
    // require() in a function (src/gws/restClient.ts loadAxios, newCookieJar).
    const eager = files.flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+['"](axios|tough-cookie)['"]/gm)].map((m) => `${path.relative(ROOT, file)}: ${m[1]}`),
    );
    assert.deepEqual(eager, []);
  });

  it('no two modules import each other, directly or in a circle', () => {
    const graph = new Map<string, string[]>();
    for (const { file, specifier } of edges) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(file, specifier);
      if (!graph.has(file)) graph.set(file, []);
      if (fs.existsSync(target)) graph.get(file)!.push(target);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const stack: string[] = [];
    const visit = (node: string): void => {
      state.set(node, 'open');
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)).join(' → '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    assert.deepEqual(cycles, []);
  });
});
