// The walkthrough (package.json `contributes.walkthroughs`) names commands and context keys by
// string: a renamed command or key would leave a dead button or a step that never completes,
// and VS Code reports neither. This checks every name against what the extension contributes
// and what its code sets (src/common/contextKeys.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../../support/manifest';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    walkthroughs: Array<{ id: string; title: string; steps: Step[] }>;
  };
}

const root = path.resolve(__dirname, '../../../..');
const manifest = readManifest<Manifest>(root);

/** Commands a link may run: the contributed ones, and the `<view>.focus` VS Code makes for each view. */
const runnable = new Set([
  ...manifest.contributes.commands.map((c) => c.command),
  ...Object.values(manifest.contributes.views)
    .flat()
    .map((v) => `${v.id}.focus`),
]);

/** Context key names by their ContextKeys property, read from the source (it imports vscode). */
function contextKeys(): Map<string, string> {
  const source = fs.readFileSync(path.join(root, 'src/common/contextKeys.ts'), 'utf8');
  return new Map(Array.from(source.matchAll(/^\s*(\w+): '([\w.]+)',$/gm), (m) => [m[2], m[1]]));
}

/** ContextKeys properties some code under src/ sets. */
function keysSetInSource(): Set<string> {
  const set = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.ts')) for (const m of fs.readFileSync(file, 'utf8').matchAll(/setContext\(ContextKeys\.(\w+)/g)) set.add(m[1]);
    }
  };
  visit(path.join(root, 'src'));
  return set;
}

function commandLinks(markdown: string): string[] {
  return Array.from(markdown.matchAll(/\]\(command:([\w.]+)/g), (m) => m[1]);
}

describe('the walkthrough', () => {
  const walkthroughs = manifest.contributes.walkthroughs;
  const steps = walkthroughs.flatMap((w) => w.steps);

  it('goes from a server to the inspected recording in order', () => {
    assert.equal(walkthroughs.length, 1);
    assert.deepEqual(
      steps.map((s) => s.id),
      ['server', 'signIn', 'call', 'record', 'inspect'],
    );
  });

  it('gives every step a button that runs a command the extension contributes', () => {
    for (const step of steps) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has a command link`);
      for (const command of links) assert.ok(runnable.has(command), `${step.id}: ${command} is a contributed command`);
    }
    assert.deepEqual(commandLinks(steps[0].description), ['gws.startSimulator', 'gws.addProfile']);
    assert.ok(commandLinks(steps[3].description).includes('gws.call.startRecording'));
  });

  it('completes every step on a contributed command or on a context key the code sets', () => {
    const keys = contextKeys();
    const set = keysSetInSource();
    assert.ok(keys.get('gws.hasCall') && keys.get('gws.recordingStarted'), 'the keys are declared in ContextKeys');
    for (const step of steps) {
      assert.ok((step.completionEvents ?? []).length > 0, `${step.id} has completion events`);
      for (const event of step.completionEvents ?? []) {
        const [kind, name] = event.split(/:(.*)/s);
        if (kind === 'onCommand') {
          assert.ok(runnable.has(name), `${step.id}: ${name} is a contributed command`);
        } else {
          assert.equal(kind, 'onContext', `${step.id}: ${event} is onCommand or onContext`);
          const property = keys.get(name);
          assert.ok(property, `${step.id}: ${name} is declared in src/common/contextKeys.ts`);
          assert.ok(set.has(property), `${step.id}: ContextKeys.${property} is set by the code`);
        }
      }
    }
    const completes = (id: string) => steps.find((s) => s.id === id)?.completionEvents;
    assert.deepEqual(completes('call'), ['onContext:gws.hasCall']);
    assert.deepEqual(completes('record'), ['onContext:gws.recordingStarted']);
  });

  it('shows a local markdown file per step, with no remote images', () => {
    for (const step of steps) {
      assert.ok(step.media.markdown?.startsWith('media/walkthrough/'), `${step.id} has markdown media`);
      const text = fs.readFileSync(path.join(root, step.media.markdown ?? ''), 'utf8');
      assert.ok(text.trim().length > 0, step.media.markdown);
      assert.doesNotMatch(text, /!\[[^\]]*\]\(\s*https?:|<img/i, `${step.media.markdown} has no remote image`);
    }
  });
});
