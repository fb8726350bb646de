// cometd's `window` in the extension (src/gws/cometdWindow.ts): only what cometd reads, and no
// XMLHttpRequest implementation from cometd-nodejs-client in the extension bundle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CookieLongPollingTransport } from '../../../src/gws/cometdTransports';
import { cometdWindow, XHR_STATES } from '../../../src/gws/cometdWindow';
import { NodeXhr } from '../../../src/gws/nodeXhr';

const ROOT = path.resolve(__dirname, '../../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe('cometd window', () => {
  it('holds the XMLHttpRequest readyState constants, not an XMLHttpRequest class', () => {
    assert.deepEqual(cometdWindow.XMLHttpRequest, { UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 });
    assert.notEqual(typeof cometdWindow.XMLHttpRequest, 'function');
  });

  it("cometd's abortXHR reads UNSENT from it: an opened request counts as aborted, an unsent one does not", () => {
    const transport = new CookieLongPollingTransport({ cookieHeader: () => '', agentFor: () => undefined as never });
    const abortXHR = (transport as unknown as { abortXHR(xhr: unknown): boolean }).abortXHR.bind(transport);
    const unsent = new NodeXhr({ cookieHeader: () => '', agentFor: () => undefined as never });
    assert.equal(unsent.readyState, XHR_STATES.UNSENT);
    assert.equal(abortXHR(unsent), false);
    const opened = new NodeXhr({ cookieHeader: () => '', agentFor: () => undefined as never });
    let aborted = false;
    opened.onabort = () => (aborted = true);
    opened.open('POST', 'http://127.0.0.1:9/api/v2/notifications');
    assert.equal(abortXHR(opened), true);
    assert.ok(aborted, 'the request was aborted');
  });

  it('cometd-nodejs-client is neither imported by src/ nor a run-time dependency (only the tests use it)', () => {
    const importing = sourceFiles(path.join(ROOT, 'src')).filter((file) => /from\s+['"]cometd-nodejs-client/.test(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(importing.map((file) => path.relative(ROOT, file)), []);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    assert.equal(pkg.dependencies['cometd-nodejs-client'], undefined);
    assert.ok(pkg.devDependencies['cometd-nodejs-client'], 'the bare test client still has it');
  });
});
