#!/usr/bin/env node
// The repository stands on its own: no file (CHANGELOG.md aside) names a place outside it,
// and every cited repository path, docs/ section and Markdown link leads somewhere that exists.
// Exits 1 with one `file:line: problem` line per finding. The rules: test/host/standalone.js.
//   node test/host/check-standalone.js [repository folder]   (default: this repository)
'use strict';

const path = require('node:path');
const { checkRepository, formatProblem } = require('./standalone.js');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
const { fileCount, problems } = checkRepository(root);
if (problems.length > 0) {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`standalone check: ${problems.length} problem(s) in ${fileCount} files of ${root}`);
  process.exit(1);
}
console.log(`standalone check: ${fileCount} files of ${root} name nothing outside the repository; every cited path and anchor exists`);
