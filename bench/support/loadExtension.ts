// Run as `node out/bench/support/loadExtension.js <bundle>` in a fresh process: installs a
// resolve hook that maps `vscode` to the stub, then times require(<bundle>) and prints the
// milliseconds. Node's own start-up is not in the figure; everything the bundle does at load
// (evaluating ~all of its modules) is.
import Module from 'node:module';
import * as path from 'node:path';

const bundle = path.resolve(process.argv[2] ?? '');
const stubPath = path.join(__dirname, 'vscodeStub.js');
type Resolve = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const resolve = internals._resolveFilename;
internals._resolveFilename = function (request, parent, isMain, options) {
  return request === 'vscode' ? stubPath : resolve.call(this, request, parent, isMain, options);
};
// require() on purpose, not import: the bundle is a CommonJS file loaded at run time.
const load = Module.createRequire(__filename);
// The stub itself is loaded before the clock starts: VS Code provides `vscode` for free.
load(stubPath);

const started = performance.now();
const extension = load(bundle) as { activate?: unknown };
const elapsed = performance.now() - started;
if (typeof extension.activate !== 'function') throw new Error(`${bundle} exports no activate()`);
process.stdout.write(`${elapsed}\n`);
