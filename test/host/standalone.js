// Detection logic of `node test/host/check-standalone.js`: the repository must stand on its
// own. A file may not name a place outside the repository, and a citation of a repository path
// (`docs/gws-notes.md#csrf`, `test/fixtures/gws/README.md`, a Markdown link) must lead to a
// file, folder or heading that exists. Plain CommonJS with no dependencies: it runs before
// `npm ci` in CI.
//
// The patterns below are written so that they do not match their own source text, so this file
// passes its own check; the unit test builds its forbidden strings the same way.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Files that are not checked: the changelog may name what the project used before. */
const EXEMPT_FILES = new Set(['CHANGELOG.md']);

/** Names of places outside the repository, each with what it is. */
const OUTSIDE_PATTERNS = [
  { pattern: /\.\.\/shared\b/g, what: 'a folder beside the repository' },
  { pattern: /(?<![\w.:/-])\/work\//g, what: 'an absolute path of the machine the project was written on' },
  { pattern: /gws-sample[s]/g, what: 'the sample folder outside the repository (the payloads are in test/fixtures/gws)' },
  {
    pattern: /(?<![\w.-])(?<!docs\/)(?:gws-api|cometd-notes|vscode-host|style)\.md\b/g,
    what: 'a notes file outside the repository (cite a section of docs/ instead)',
  },
  { pattern: /\bhouse[ \t]+styl[e]/gi, what: 'a style guide outside the repository' },
];

/** A Markdown link or image `[text](target "title")`; group 1 is the target. */
const MARKDOWN_LINK = /\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;

/** Top-level folders whose paths are always checked, present or not (a removed docs/ is a broken citation). */
const KNOWN_TOP_FOLDERS = ['src', 'test', 'bench', 'docs', 'media', '.ci', '.vscode'];

/** File name endings that make a token a file path. */
const FILE_EXTENSIONS = 'ts|js|mjs|cjs|json|md|css|svg|png|txt|sh|yml|yaml';

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A repository path in running text: `<top folder>/<folders>/` or `<top folder>/.../<name>.<ext>`,
 * optionally with `#anchor`. Not preceded by a path character (so `out/test/x.js` and
 * `../src/x` are not read as citations) and not followed by one (so globs such as
 * `test/unit/**` and template strings are skipped).
 */
function pathTokenPattern(topFolders) {
  const tops = topFolders.map(escapeRegExp).join('|');
  return new RegExp(
    `(?<![\\w./-])((?:${tops})\\/(?:[\\w.-]+\\/)*)([\\w.-]*\\.(?:${FILE_EXTENSIONS}))?(#[\\w-]+)?(?![\\w/*{<$])`,
    'g',
  );
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Line number (1-based) of a character offset. */
function lineAt(text, offset) {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** The lines of a Markdown text with fenced code blocks blanked (their line count kept). */
function withoutFences(markdown) {
  let fence = null;
  return markdown.split('\n').map((line) => {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && open) {
      fence = open[1];
      return '';
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      return '';
    }
    return line;
  });
}

/**
 * The anchor GitHub gives a heading (its rule, simplified): the rendered text in lower case,
 * punctuation other than `-` and `_` removed, each space a hyphen.
 */
function slugify(heading) {
  return heading
    .replace(/<[^>]*>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown text defines: its headings' slugs (repeats numbered -1, -2...) and `<a id>`/`name`. */
function headingAnchors(markdown) {
  const anchors = new Set();
  const seen = new Map();
  for (const line of withoutFences(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (heading) {
      const base = slugify(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
  }
  return anchors;
}

/** Top-level folders of the listed files, plus the known ones. */
function topFoldersOf(paths) {
  const tops = new Set(KNOWN_TOP_FOLDERS);
  for (const file of paths) {
    const slash = file.indexOf('/');
    if (slash > 0) tops.add(file.slice(0, slash));
  }
  return [...tops].sort((a, b) => b.length - a.length);
}

function folderSet(paths) {
  const folders = new Set();
  for (const file of paths) {
    for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) folders.add(file.slice(0, slash));
  }
  return folders;
}

/**
 * The problems in a set of files, read from memory: `files` maps repository-relative paths
 * (with `/`) to their text, or to `null` for a file that exists but is not text. Existence is
 * judged against the same map, so the function needs no disk.
 * @param {Map<string, string | null>} files
 * @returns {{ file: string, line: number, message: string }[]}
 */
function findProblems(files) {
  const paths = [...files.keys()];
  const folders = folderSet(paths);
  const tokenPattern = pathTokenPattern(topFoldersOf(paths));
  const anchorCache = new Map();
  const anchorsOf = (file) => {
    if (!anchorCache.has(file)) anchorCache.set(file, headingAnchors(files.get(file) ?? ''));
    return anchorCache.get(file);
  };
  const problems = [];

  /** The problem with a reference to `target` (a file or `folder/`) and `anchor`, or undefined. */
  const checkTarget = (target, anchor, cited) => {
    const folder = target.endsWith('/') ? target.slice(0, -1) : undefined;
    if (folder !== undefined ? !folders.has(folder) : !files.has(target) && !folders.has(target)) {
      return `cites ${cited}, which does not exist in the repository`;
    }
    if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor)) {
      return `cites ${cited}, but ${target} has no heading with the anchor #${anchor}`;
    }
    return undefined;
  };

  for (const [file, text] of files) {
    if (text === null || EXEMPT_FILES.has(file)) continue;

    for (const { pattern, what } of OUTSIDE_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        problems.push({ file, line: lineAt(text, match.index), message: `names ${what}: "${match[0]}"` });
      }
    }

    // In Markdown, link targets are checked as links below (relative to their file), not here.
    const prose = file.endsWith('.md') ? text.replace(MARKDOWN_LINK, (link) => link.replace(/\(.*\)$/s, (target) => `(${' '.repeat(target.length - 2)})`)) : text;
    for (const match of prose.matchAll(tokenPattern)) {
      const target = match[1] + (match[2] ?? '');
      const problem = checkTarget(target, match[3]?.slice(1), match[0]);
      if (problem) problems.push({ file, line: lineAt(text, match.index), message: problem });
    }

    if (file.endsWith('.md')) {
      const lines = withoutFences(text);
      lines.forEach((line, index) => {
        for (const match of line.matchAll(MARKDOWN_LINK)) {
          const link = match[1];
          if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
          const hash = link.indexOf('#');
          const linkPath = hash === -1 ? link : link.slice(0, hash);
          const anchor = hash === -1 ? undefined : safeDecode(link.slice(hash + 1));
          const joined = linkPath === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), linkPath));
          if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) {
            problems.push({ file, line: index + 1, message: `links to ${link}, outside the repository` });
            continue;
          }
          const target = linkPath.endsWith('/') && !joined.endsWith('/') ? `${joined}/` : joined;
          const problem = checkTarget(target, anchor, link);
          if (problem) problems.push({ file, line: index + 1, message: problem });
        }
      });
    }
  }
  return problems.sort(byPlace);
}

function byPlace(a, b) {
  return a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
}

/** Folder names and `*.ext` endings from .gitignore lines such as `out/` and `*.vsix` (enough for this repository). */
function ignoreRules(root) {
  const rules = { folders: new Set(['.git']), endings: [] };
  const file = path.join(root, '.gitignore');
  if (!fs.existsSync(file)) return rules;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    if (/^\*\.[^/*]+$/.test(line)) rules.endings.push(line.slice(1));
    else if (/^\/?[^/*]+\/?$/.test(line)) rules.folders.add(line.replace(/^\/|\/$/g, ''));
  }
  return rules;
}

function isGitTopLevel(root) {
  try {
    const top = childProcess.execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return fs.realpathSync(top.trim()) === fs.realpathSync(root);
  } catch {
    return false;
  }
}

/**
 * The repository's files, relative with `/`: what git tracks plus untracked files it does not
 * ignore (deleted ones skipped), or, outside a git checkout (the isolated CI copy), every file
 * but the ignored folders. Ignored folders are skipped in both cases, which also drops a
 * `node_modules` symlink that `.gitignore`'s `node_modules/` does not match.
 */
function listRepositoryFiles(root) {
  const rules = ignoreRules(root);
  const ignored = (relative) =>
    relative.split('/').some((part) => rules.folders.has(part)) || rules.endings.some((ending) => relative.endsWith(ending));
  let listed;
  if (isGitTopLevel(root)) {
    const output = childProcess.execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    listed = [...new Set(output.split('\0').filter(Boolean))];
  } else {
    listed = [];
    const walk = (relative) => {
      for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (ignored(child)) continue;
        if (entry.isDirectory()) walk(child);
        else listed.push(child);
      }
    };
    walk('');
  }
  return listed.filter((relative) => !ignored(relative) && exists(path.join(root, relative))).sort();
}

function exists(file) {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads the listed files (null for binary ones); symbolic links are checked, not followed. */
function readRepository(root, listed) {
  const files = new Map();
  const problems = [];
  const realRoot = fs.realpathSync(root);
  for (const relative of listed) {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full);
    if (stat.isSymbolicLink()) {
      const target = path.resolve(path.dirname(full), fs.readlinkSync(full));
      const inside = path.relative(realRoot, exists(target) ? fs.realpathSync(target) : target);
      if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
        problems.push({ file: relative, line: 1, message: 'is a symbolic link to a path outside the repository' });
      }
      files.set(relative, null);
      continue;
    }
    if (!stat.isFile()) continue;
    const buffer = fs.readFileSync(full);
    files.set(relative, buffer.subarray(0, 8000).includes(0) ? null : buffer.toString('utf8'));
  }
  return { files, problems };
}

/** Lists, reads and checks the repository at `root`. */
function checkRepository(root) {
  const listed = listRepositoryFiles(root);
  const { files, problems } = readRepository(root, listed);
  return { fileCount: files.size, problems: [...problems, ...findProblems(files)].sort(byPlace) };
}

function formatProblem(problem) {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

module.exports = {
  EXEMPT_FILES,
  slugify,
  headingAnchors,
  findProblems,
  listRepositoryFiles,
  checkRepository,
  formatProblem,
};
