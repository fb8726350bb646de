// The extension host's own strings go through vscode.l10n.t, and l10n/bundle.l10n.json (what
// `npx @vscode/l10n-dev export --outDir ./l10n ./src` writes; package.json `l10n` points at it)
// must hold each one, so that a translated bundle.l10n.<lang>.json can cover them all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/fixtures';

const root = repoRoot();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The first argument of every `l10n.t(` call of `source`: its text, or null when it is no plain string literal. */
function l10nMessages(source: string): Array<string | null> {
  return Array.from(source.matchAll(/\bl10n\.t\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|)/g), (m) => {
    const body = m[1] ?? m[2];
    if (body === undefined) return null;
    return body.replace(/\\(.)/g, '$1');
  });
}

describe('l10n bundle', () => {
  const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const bySource = new Map(sourceFiles(path.join(root, 'src')).map((file) => [path.relative(root, file), l10nMessages(fs.readFileSync(file, 'utf8'))]));

  it('is where package.json says', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(manifest.l10n, './l10n');
  });

  it('holds every vscode.l10n.t message of src/, each a string literal', () => {
    let count = 0;
    for (const [file, messages] of bySource) {
      for (const message of messages) {
        assert.notEqual(message, null, `${file}: l10n.t takes a string literal (placeholders as {0}), so the export finds it`);
        assert.equal(bundle[message as string], message, `${file}: l10n/bundle.l10n.json holds "${message}" (run npx @vscode/l10n-dev export --outDir ./l10n ./src)`);
        count++;
      }
    }
    assert.ok(count > 50, `${count} messages`);
  });

  it('holds no message the code no longer uses', () => {
    const used = new Set([...bySource.values()].flat());
    assert.deepEqual(Object.keys(bundle).filter((message) => !used.has(message)), []);
  });

  it('reads the messages as the export does (the check itself can fail)', () => {
    assert.deepEqual(l10nMessages("vscode.l10n.t('It\\'s {0}', x); l10n.t(\"a 'b'\"); vscode.l10n.t(`x${y}`)"), ["It's {0}", "a 'b'", null]);
  });
});
