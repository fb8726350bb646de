// The rules of test/host/check-standalone.js. The forbidden names and the made-up repository
// paths below are assembled from pieces: written out whole, they would make this very file fail
// the check it tests (which scans every file of the repository).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkRepository, findProblems, formatProblem, headingAnchors, listRepositoryFiles, slugify, type StandaloneProblem } from '../../host/standalone.js';

/** A repository path from its parts: `at('docs', 'notes.md')`. */
const at = (...parts: string[]): string => parts.join('/');

const BESIDE = at('..', 'shared');
const MACHINE = at('', 'work', 'x');
const SAMPLES = ['gws', 'samples'].join('-');
const NOTES_FILE = ['gws-api', 'md'].join('.');
const STYLE_FILE = ['style', 'md'].join('.');
const HOUSE = ['house', 'style'].join(' ');

function where(problems: StandaloneProblem[]): string[] {
  return problems.map((p) => `${p.file}:${p.line}`);
}

describe('standalone check', () => {
  describe('heading anchors', () => {
    it('makes GitHub-style anchors from heading text', () => {
      assert.equal(slugify('CSRF'), 'csrf');
      assert.equal(slugify('Sign-in sequence'), 'sign-in-sequence');
      assert.equal(slugify('No globals in the extension host'), 'no-globals-in-the-extension-host');
      assert.equal(slugify('`Origin` header (8.5.2)'), 'origin-header-852');
      assert.equal(slugify('[Dial](#dial) and *more*'), 'dial-and-more');
    });

    it('numbers repeated headings, skips fenced code, reads <a id> and closing hashes', () => {
      const anchors = headingAnchors(
        ['# Notes', '## Sources', '```sh', '# not a heading', '```', '## Sources', '### Title ##', '<a id="legacy"></a>'].join('\n'),
      );
      assert.deepEqual([...anchors].sort(), ['legacy', 'notes', 'sources', 'sources-1', 'title']);
    });
  });

  describe('names of places outside the repository', () => {
    it('reports each, with file and line, everywhere but the changelog', () => {
      const files = new Map<string, string | null>([
        [at('src', 'a.ts'), `// ok\nconst dir = '${BESIDE}/x';`],
        [at('src', 'b.ts'), `// under ${MACHINE}\n// see ${NOTES_FILE} §3\n// ${HOUSE} §4`],
        [at('test', 'c.ts'), `path.join(dir, 'shared', '${SAMPLES}')`],
        ['CHANGELOG.md', `- moved from ${BESIDE}/${SAMPLES}, ${NOTES_FILE}, ${HOUSE}`],
        ['README.md', 'Links such as https://example.com/work/x are not local paths.'],
      ]);
      const problems = findProblems(files);
      assert.deepEqual(where(problems), [at('src', 'a.ts:2'), at('src', 'b.ts:1'), at('src', 'b.ts:2'), at('src', 'b.ts:3'), at('test', 'c.ts:1')]);
      assert.match(problems[0].message, /folder beside the repository/);
      assert.match(formatProblem(problems[2]), new RegExp(`^src/b\\.ts:2: names a notes file .*"${NOTES_FILE.replace('.', '\\.')}"$`));
    });

    it('accepts a notes file name inside docs/ if that file exists, and reports it when it does not', () => {
      const files = new Map<string, string | null>([
        [at('docs', 'gws-notes.md'), '# GWS notes\n'],
        [at('src', 'a.ts'), `// ${at('docs', 'gws-notes.md')}\n// ${at('docs', STYLE_FILE)}`],
      ]);
      const problems = findProblems(files);
      assert.deepEqual(where(problems), [at('src', 'a.ts:2')]);
      assert.match(problems[0].message, /does not exist/);
    });
  });

  describe('citations of repository paths', () => {
    const notes = ['# Notes', '', '## CSRF', '', 'See [CSRF](#csrf) and [codes](#status-codes).'].join('\n');

    it('checks that a cited file, folder and docs anchor exist', () => {
      const files = new Map<string, string | null>([
        [at('docs', 'notes.md'), notes],
        [at('media', 'logo.png'), null],
        [
          at('src', 'a.ts'),
          [
            `// ${at('docs', 'notes.md')}#csrf and ${at('docs', 'notes.md')}.`,
            `// ${at('docs', 'notes.md')}#origin`,
            `// ${at('src', 'gone.ts')}, ${at('media', 'logo.png')}, ${at('src')}/ and ${at('src', 'missing')}/`,
            `import x from '../../${at('src', 'gone')}'; // ${at('out', 'test', 'gone.js')} ${at('test', 'unit', '**')}`,
          ].join('\n'),
        ],
      ]);
      const problems = findProblems(files);
      assert.deepEqual(
        problems.map((p) => `${p.file}:${p.line}: ${p.message.replace(/,.*$/, '')}`),
        [
          `${at('docs', 'notes.md')}:5: cites #status-codes`,
          `${at('src', 'a.ts')}:2: cites ${at('docs', 'notes.md')}#origin`,
          `${at('src', 'a.ts')}:3: cites ${at('src', 'gone.ts')}`,
          `${at('src', 'a.ts')}:3: cites ${at('src', 'missing')}/`,
        ],
      );
      assert.match(problems[1].message, /has no heading with the anchor #origin/);
    });

    it('follows Markdown links relative to their file, outside fenced code, and refuses links out of the repository', () => {
      const files = new Map<string, string | null>([
        [at('docs', 'notes.md'), `${notes.split('\n').slice(0, 4).join('\n')}\n[readme](../README.md#developing) [up](../../elsewhere.md)`],
        [
          'README.md',
          [
            '## Developing',
            `[ok](${at('docs', 'notes.md')}#csrf) [folder](${at('docs')}/) [web](https://example.com/x.md#y)`,
            `[bad anchor](${at('docs', 'notes.md')}#nope) [missing](${at('docs', 'gone.md')})`,
            '```md',
            '[in code](gone.md)',
            '```',
          ].join('\n'),
        ],
      ]);
      const problems = findProblems(files);
      assert.deepEqual(where(problems), ['README.md:3', 'README.md:3', `${at('docs', 'notes.md')}:5`]);
      assert.match(problems[0].message, /no heading with the anchor #nope/);
      assert.match(problems[1].message, /does not exist/);
      assert.match(problems[2].message, /outside the repository/);
    });
  });

  describe('a repository on disk', () => {
    let root: string;
    let outside: string;

    beforeEach(() => {
      outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-standalone-'));
      root = path.join(outside, 'repo');
      const write = (relative: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        fs.writeFileSync(path.join(root, relative), text);
      };
      write('.gitignore', 'out/\n*.log\n');
      write(at('docs', 'notes.md'), '# Notes\n## CSRF\n');
      write(at('src', 'a.ts'), `// ${at('docs', 'notes.md')}#csrf\n`);
      write(at('out', 'bundle.js'), `// ${BESIDE}\n`);
      write('debug.log', `${BESIDE}\n`);
      write(at('media', 'logo.png'), '\0PNG');
      fs.writeFileSync(path.join(outside, 'beside.json'), '{}');
    });

    afterEach(() => {
      fs.rmSync(outside, { recursive: true, force: true });
    });

    it('lists every file but the ignored ones, and finds nothing wrong in a clean tree', () => {
      assert.deepEqual(listRepositoryFiles(root), ['.gitignore', at('docs', 'notes.md'), at('media', 'logo.png'), at('src', 'a.ts')]);
      assert.deepEqual(checkRepository(root), { fileCount: 4, problems: [] });
    });

    it('reports a symbolic link that leads outside the repository, and a file naming a place outside it', () => {
      fs.symlinkSync(path.join(outside, 'beside.json'), path.join(root, 'beside.json'));
      fs.symlinkSync(at('docs', 'notes.md'), path.join(root, 'notes.md'));
      fs.appendFileSync(path.join(root, at('src', 'a.ts')), `const data = '${BESIDE}/x.json';\n`);
      const { problems } = checkRepository(root);
      assert.deepEqual(
        problems.map((p) => `${p.file}:${p.line}`),
        ['beside.json:1', at('src', 'a.ts:2')],
      );
      assert.match(problems[0].message, /symbolic link to a path outside the repository/);
    });
  });
});
