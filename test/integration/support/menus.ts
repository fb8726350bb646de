import * as fs from 'node:fs';
import * as path from 'node:path';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

/**
 * The commands package.json puts in the Calls view's context menu (or inline) for an item with
 * this contextValue: the same `when` evaluation VS Code does for our clauses
 * (`view == X`, `viewItem =~ /re/`, joined by &&).
 */
export function contextMenuCommands(extensionPath: string, contextValue: string, options: { inline?: boolean } = {}): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, MenuEntry[]> };
  };
  const entries = manifest.contributes.menus['view/item/context'] ?? [];
  return entries
    .filter((entry) => (options.inline ? entry.group === 'inline' : entry.group !== 'inline'))
    .filter((entry) => whenHolds(entry.when ?? '', { view: 'gws.calls', viewItem: contextValue }))
    .map((entry) => entry.command);
}

function whenHolds(when: string, context: Record<string, string>): boolean {
  return when.split('&&').every((term) => {
    const t = term.trim();
    if (!t) return true;
    let m = /^(\w+) == (\S+)$/.exec(t);
    if (m) return context[m[1]] === m[2];
    m = /^(\w+) =~ \/(.*)\/$/.exec(t);
    if (m) return new RegExp(m[2]).test(context[m[1]] ?? '');
    throw new Error(`the test's when-evaluator does not understand "${t}"`);
  });
}
