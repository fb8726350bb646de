// Opens the inspector page (dist/webview/inspector.js + media/inspector.css) in Debian's
// Chromium, inside the same strict CSP the panel uses, with a stand-in acquireVsCodeApi().
// Used by the page tests (test/e2e/inspector-page*.ts) and the benchmark.
//
//   const inspector = await openInspectorPage();
//   await inspector.post({ type: 'reset', rows, dropped: 0, view: { kind: 'live' }, settings });
//   const sent = await inspector.sent();   // messages the page posted to the "extension"
//   await inspector.close();
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RowDto, ToExtension, ToPage } from '../../src/webviews/inspector/protocol';
import { inspectorPageCsp } from '../../src/webviews/inspector/pageCsp';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';


/** Colours of VS Code's "Dark Modern" theme, as VS Code sets them on a webview's <html>. */
export const darkModernTheme: Record<string, string> = {
  'font-family': "-apple-system, BlinkMacSystemFont, 'Segoe WPC', 'Segoe UI', 'Ubuntu', 'Droid Sans', sans-serif",
  'font-weight': 'normal',
  'font-size': '13px',
  'editor-font-family': "'Droid Sans Mono', 'monospace', monospace",
  'editor-font-size': '14px',
  foreground: '#cccccc',
  descriptionForeground: '#9d9d9d',
  disabledForeground: 'rgba(204, 204, 204, 0.5)',
  errorForeground: '#f85149',
  focusBorder: '#0078d4',
  'icon-foreground': '#cccccc',
  'editor-background': '#1f1f1f',
  'editor-foreground': '#cccccc',
  'sideBar-background': '#181818',
  'sideBarSectionHeader-background': '#181818',
  'sideBarSectionHeader-foreground': '#cccccc',
  'sideBarSectionHeader-border': '#2b2b2b',
  'panel-background': '#181818',
  'panel-border': '#2b2b2b',
  'panelTitle-activeBorder': '#0078d4',
  'panelTitle-activeForeground': '#cccccc',
  'panelTitle-inactiveForeground': '#9d9d9d',
  'widget-border': '#313131',
  'button-background': '#0078d4',
  'button-foreground': '#ffffff',
  'button-hoverBackground': '#026ec1',
  'button-border': 'rgba(255, 255, 255, 0.07)',
  'button-secondaryBackground': '#313131',
  'button-secondaryForeground': '#cccccc',
  'button-secondaryHoverBackground': '#3c3c3c',
  'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
  'input-background': '#313131',
  'input-border': '#3c3c3c',
  'input-foreground': '#cccccc',
  'input-placeholderForeground': '#989898',
  'inputOption-activeBackground': 'rgba(36, 137, 219, 0.51)',
  'inputOption-activeBorder': '#2488db',
  'inputOption-activeForeground': '#ffffff',
  'inputValidation-errorBackground': '#5a1d1d',
  'inputValidation-errorBorder': '#be1100',
  'inputValidation-errorForeground': '#cccccc',
  'dropdown-background': '#313131',
  'dropdown-border': '#3c3c3c',
  'dropdown-foreground': '#cccccc',
  'dropdown-listBackground': '#1f1f1f',
  'settings-dropdownListBorder': '#454545',
  'checkbox-background': '#313131',
  'checkbox-border': '#3c3c3c',
  'checkbox-foreground': '#cccccc',
  'badge-background': '#616161',
  'badge-foreground': '#f8f8f8',
  'list-activeSelectionBackground': '#04395e',
  'list-activeSelectionForeground': '#ffffff',
  'list-inactiveSelectionBackground': '#37373d',
  'list-hoverBackground': '#2a2d2e',
  'list-focusOutline': '#0078d4',
  'textLink-foreground': '#4daafc',
  'textLink-activeForeground': '#4daafc',
  'textCodeBlock-background': '#2b2b2b',
  'textBlockQuote-background': '#2b2b2b',
  'editorInfo-background': 'rgba(0, 120, 212, 0.12)',
  'editorWarning-foreground': '#cca700',
  'progressBar-background': '#0078d4',
  'scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
  'scrollbarSlider-hoverBackground': 'rgba(100, 100, 100, 0.7)',
  'scrollbarSlider-activeBackground': 'rgba(191, 191, 191, 0.4)',
  'symbolIcon-methodForeground': '#b180d7',
  'debugTokenExpression-name': '#c586c0',
  'debugTokenExpression-string': '#ce9178',
  'debugTokenExpression-number': '#b5cea8',
  'debugTokenExpression-boolean': '#4e94ce',
  'gitDecoration-addedResourceForeground': '#81b88b',
  'gitDecoration-deletedResourceForeground': '#c74e39',
  'gitDecoration-modifiedResourceForeground': '#e2c08d',
  'testing-iconPassed': '#73c991',
  'charts-foreground': '#cccccc',
  'charts-red': '#f14c4c',
  'charts-blue': '#3794ff',
  'charts-yellow': '#cca700',
  'charts-orange': '#d18616',
  'charts-green': '#89d185',
  'charts-purple': '#b180d7',
  contrastBorder: '',
  contrastActiveBorder: '',
};

/**
 * Synthetic rows, generated INSIDE the page (this function is sent there as source), so that
 * loading 100,000 rows costs no serialisation. Self-contained on purpose: no imports, no helpers.
 */
export function syntheticRows(startSeq: number, count: number, startTime: number, calls: number): RowDto[] {
  const states = ['Ringing', 'Established', 'Held', 'Established'];
  const recording = ['Stopped', 'Recording', 'Paused', 'Recording'];
  const rows: RowDto[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const seq = startSeq + i;
    const call = seq % calls;
    const step = Math.floor(seq / calls) % states.length;
    const isOperation = seq % 10 === 3;
    rows[i] = isOperation
      ? {
          seq,
          time: startTime + seq * 5,
          kind: 'operation',
          channel: 'REST',
          type: 'StartCallRecording',
          callId: `00d1a2b3c4d5e6f7${String(call).padStart(8, '0')}`,
          summary: `POST /api/v2/me/calls/…${String(call).padStart(8, '0')}`,
          changed: true,
          httpStatus: 200,
          statusCode: 0,
          rttMs: 12 + (seq % 40),
          linkedSeqs: [seq + 1],
          delayMs: 30 + (seq % 70),
          payload: 'operationname = startcallrecording',
        }
      : {
          seq,
          time: startTime + seq * 5,
          kind: 'notification',
          channel: '/v2/me/calls',
          type: seq % 4 === 0 ? 'CallRecordingStateChange' : 'StatusChange',
          messageType: 'CallStateChangeMessage',
          callId: `00d1a2b3c4d5e6f7${String(call).padStart(8, '0')}`,
          state: states[step],
          recordingState: recording[step],
          summary: `userData +${seq % 3} ~${seq % 2} −0 · caps +Hold −Answer · agent-${seq % 97}`,
          changed: seq % 5 !== 0,
          // What payloadText.ts makes of a ~2 KB call notification (sample 04 with userData): ~1.3 KB.
          payload: [
            'notificationtype = statuschange',
            `call.id = 00d1a2b3c4d5e6f7${String(call).padStart(8, '0')}`,
            `call.state = ${states[step].toLowerCase()}`,
            `call.calluuid = 01rcc3n118b1v0sl8o7gk2laes${String(call).padStart(6, '0')}`,
            `call.connid = 007102719260b${String(call % 1000).padStart(3, '0')}`,
            'call.deviceuri = http://127.0.0.1:8080/api/v2/devices/631608b3-ceb1-472b-ba05-2ae39555b0d1',
            'call.participants.e164number = ',
            `call.participants.formattedphonenumber = +1 617-555-${String(call).padStart(4, '0')}`,
            `call.participants.phonenumber = +1617555${String(call).padStart(4, '0')}`,
            `call.participants.digits = 617555${String(call).padStart(4, '0')}`,
            'call.dnis = 15000',
            'call.calltype = inbound',
            'call.capabilities = singlesteptransfer',
            'call.capabilities = initiateconference',
            'call.capabilities = retrieve',
            'call.capabilities = singlestepconference',
            'call.capabilities = initiatetransfer',
            'call.capabilities = deleteuserdata',
            'call.capabilities = attachuserdata',
            'call.capabilities = hangup',
            'call.capabilities = updateuserdata',
            `call.duration = ${seq % 600}`,
            'call.mute = off',
            'call.supervisorlisteningin = false',
            'call.monitoredusermuted = false',
            'call.monitoring = false',
            `call.uri = http://127.0.0.1:8080/api/v2/me/calls/00d1a2b3c4d5e6f7${String(call).padStart(8, '0')}`,
            `call.path = /calls/00d1a2b3c4d5e6f7${String(call).padStart(8, '0')}`,
            `call.userdata.caseid = c-${seq}`,
            `call.userdata.tier = ${seq % 7 === 0 ? 'gold' : 'silver'}`,
            `call.userdata.gsip_record = ${recording[step] === 'Recording' ? 'on' : 'off'}`,
            `call.userdata.iw_caseuid = 8f2a61c0-4b7e-4d59-9c1e-${String(seq).padStart(12, '0')}`,
            'phonenumber = 15000',
            'extensions.businesscall = 0',
            'messagetype = callstatechangemessage',
          ].join('\n'),
        };
  }
  return rows;
}

export interface InspectorPage {
  readonly page: Page;
  readonly browser: Browser;
  readonly url: string;
  /** Delivers one message to the page the way the panel's postMessage does. */
  post(message: ToPage): Promise<void>;
  /**
   * Delivers several messages in ONE task, so they are applied in the same animation frame;
   * `thenClick` (a selector) is clicked in that same task, after the messages.
   */
  postAll(messages: ToPage[], options?: { thenClick?: string }): Promise<void>;
  /**
   * A live stream generated inside the page: `batches` appends of `batchSize` synthetic rows,
   * one every `intervalMs` (the extension batches the same way). Resolves once the page has
   * applied the last batch, with the durations of the frames (User Timing 'inspector:frame')
   * measured during the stream.
   */
  streamSynthetic(options: { startSeq: number; batches: number; batchSize: number; intervalMs: number; calls?: number }): Promise<number[]>;
  /** reset/append with `count` synthetic rows built inside the page (cheap for 100,000 rows). */
  postSynthetic(options: { type: 'reset' | 'append'; startSeq: number; count: number; maxEvents?: number; calls?: number }): Promise<void>;
  /** Every message the page posted so far, oldest first. */
  sent(): Promise<ToExtension[]>;
  /** Waits until the page posted a message matching `predicate` and returns it. */
  waitForSent<T extends ToExtension>(predicate: (m: ToExtension) => m is T, timeoutMs?: number): Promise<T>;
  /** What the page last passed to setState(). */
  savedState(): Promise<unknown>;
  /** Content-Security-Policy violations reported by the page. */
  cspViolations(): Promise<string[]>;
  /** Errors thrown in the page. */
  pageErrors(): string[];
  close(): Promise<void>;
}

/** The harness globals of the page, seen from Node code that runs inside it (no DOM lib here). */
interface PageGlobals {
  __sent: ToExtension[];
  __state: unknown;
  __cspViolations: string[];
  __syntheticRows: typeof syntheticRows;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  dispatchEvent(event: unknown): boolean;
  document: { querySelector(selector: string): { click(): void } | null };
  performance: {
    now(): number;
    getEntriesByName(name: string): { startTime: number; duration: number }[];
  };
  setTimeout(callback: () => void, ms: number): unknown;
  requestAnimationFrame(callback: () => void): unknown;
}

export interface OpenOptions {
  /** Returned by getState() at startup (to test hide/show persistence). */
  initialState?: unknown;
  /** Script run in the page before any of its own scripts (outside its CSP), e.g. to install hooks. */
  initScript?: string;
  width?: number;
  height?: number;
}

function findRepoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'gws-call-inspector') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('inspectorHarness: repository root not found');
    dir = parent;
  }
}

function themeCss(): string {
  return Object.entries(darkModernTheme)
    .map(([name, value]) => `--vscode-${name}: ${value};`)
    .join('\n    ');
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/</g, '\\u003c');
}

function pageHtml(origin: string, nonce: string, initialState: unknown): string {
  // The panel's own policy (pageCsp.ts), with this server as the resource origin.
  const csp = inspectorPageCsp(nonce, origin);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta property="csp-nonce" content="${nonce}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <style nonce="${nonce}">
  html {
    ${themeCss()}
  }
  </style>
  <link rel="stylesheet" href="${origin}/media/inspector.css">
  <title>GWS Inspector</title>
  <script nonce="${nonce}">
    window.__sent = [];
    window.__cspViolations = [];
    window.__state = ${scriptJson(initialState)};
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + (e.sample || ''));
    });
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
      acquired = true;
      return {
        postMessage: (m) => { window.__sent.push(JSON.parse(JSON.stringify(m))); },
        getState: () => window.__state,
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); return s; },
      };
    };
  </script>
</head>
<body class="vscode-dark" data-vscode-theme-kind="vscode-dark" data-vscode-theme-name="Dark Modern">
  <div id="app"></div>
  <script nonce="${nonce}" src="${origin}/dist/webview/inspector.js"></script>
</body>
</html>`;
}

function startServer(root: string, initialState: unknown): Promise<{ server: http.Server; origin: string }> {
  const files: Record<string, { file: string; type: string }> = {
    '/dist/webview/inspector.js': { file: path.join(root, 'dist/webview/inspector.js'), type: 'text/javascript' },
    '/media/inspector.css': { file: path.join(root, 'media/inspector.css'), type: 'text/css' },
  };
  for (const { file } of Object.values(files)) {
    if (!fs.existsSync(file)) throw new Error(`inspectorHarness: ${file} is missing; run "node esbuild.js" first`);
  }
  let origin = '';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(pageHtml(origin, nonce, initialState));
      return;
    }
    const asset = files[url.pathname];
    if (!asset) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
    fs.createReadStream(asset.file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ server, origin });
    });
  });
}

export async function openInspectorPage(options: OpenOptions = {}): Promise<InspectorPage> {
  const { server, origin } = await startServer(findRepoRoot(), options.initialState);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 760 }, colorScheme: 'dark' });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    // The row generator, installed before any page script (CDP scripts are not subject to CSP).
    await page.addInitScript(`window.__syntheticRows = ${syntheticRows.toString()};`);
    if (options.initScript) await page.addInitScript(options.initScript);
    await page.goto(origin);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).__sent.length > 0);
    const openedBrowser = browser;
    return {
      page,
      browser: openedBrowser,
      url: origin,
      // As JSON, like VS Code's postMessage: a key such as "__proto__" stays a key.
      post: async (message) => {
        await page.evaluate((json) => {
          const g = globalThis as unknown as PageGlobals;
          g.dispatchEvent(new g.MessageEvent('message', { data: JSON.parse(json) }));
        }, JSON.stringify(message));
      },
      postAll: async (messages, options = {}) => {
        await page.evaluate(
          ([json, selector]) => {
            const g = globalThis as unknown as PageGlobals;
            for (const m of JSON.parse(json) as unknown[]) g.dispatchEvent(new g.MessageEvent('message', { data: m }));
            if (selector) {
              const target = g.document.querySelector(selector);
              if (!target) throw new Error(`inspectorHarness: no element matches ${selector}`);
              target.click();
            }
          },
          [JSON.stringify(messages), options.thenClick ?? ''] as const,
        );
      },
      streamSynthetic: ({ startSeq, batches, batchSize, intervalMs, calls = 50 }) =>
        page.evaluate(
          ([start, count, size, interval, callCount]) => {
            const g = globalThis as unknown as PageGlobals;
            const startTime = Date.UTC(2025, 0, 6, 9, 0, 0);
            const began = g.performance.now();
            return new Promise<number[]>((resolve) => {
              let sent = 0;
              const next = (): void => {
                const rows = g.__syntheticRows(start + sent * size, size, startTime, callCount);
                g.dispatchEvent(new g.MessageEvent('message', { data: { type: 'append', rows, dropped: 0 } }));
                if (++sent < count) {
                  g.setTimeout(next, interval);
                  return;
                }
                // The page applies a batch in the next animation frame; the one after it has run.
                g.requestAnimationFrame(() =>
                  g.requestAnimationFrame(() =>
                    resolve(g.performance.getEntriesByName('inspector:frame').filter((e) => e.startTime >= began).map((e) => e.duration)),
                  ),
                );
              };
              next();
            });
          },
          [startSeq, batches, batchSize, intervalMs, calls] as const,
        ),
      postSynthetic: async ({ type, startSeq, count, maxEvents = 100_000, calls = 50 }) => {
        await page.evaluate(
          ([t, start, n, max, callCount]) => {
            const g = globalThis as unknown as PageGlobals;
            const rows = g.__syntheticRows(start, n, Date.UTC(2025, 0, 6, 9, 0, 0), callCount);
            const data =
              t === 'reset'
                ? { type: 'reset', rows, dropped: 0, view: { kind: 'live' }, settings: { maxEvents: max, noNotificationWarningMs: 5000 } }
                : { type: 'append', rows, dropped: 0 };
            g.dispatchEvent(new g.MessageEvent('message', { data }));
          },
          [type, startSeq, count, maxEvents, calls] as const,
        );
      },
      sent: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__sent),
      waitForSent: async (predicate, timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const sent = await page.evaluate(() => (globalThis as unknown as PageGlobals).__sent);
          const found = sent.find(predicate);
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`inspectorHarness: expected message not sent; sent: ${JSON.stringify(sent)}`);
          await page.waitForTimeout(25);
        }
      },
      savedState: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__state),
      cspViolations: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations),
      pageErrors: () => errors.slice(),
      close: async () => {
        await openedBrowser.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}
