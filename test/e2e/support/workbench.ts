// Drives the real VS Code workbench (code-server + Debian's Chromium through playwright-core) the
// way a person uses it: palette, activity bar, tree rows, context menus, notifications, webviews.
// test/host/run-e2e.js packages and installs the extension and tells this module where
// everything is through GWS_E2E_* variables. Every wait here waits for a selector or a
// condition with a deadline; nothing sleeps.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, type FrameLocator, type Locator, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium';
import { codeServerArgs, freePort } from '../../host/codeServer.js';

export interface LaunchOptions {
  /** User settings written to settings.json before the workbench starts. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server; its extension host inherits it. */
  env?: Record<string, string>;
}

export interface Workbench {
  page: Page;
  url: string;
  /** Browser console and page errors so far, oldest first. */
  console: readonly string[];
  /**
   * Saves test-results/<name>.png (`name` may hold a folder) and returns its path: the window,
   * only `part` of it, or the smallest rectangle around several parts (a cropped picture).
   */
  screenshot(name: string, part?: Locator | Locator[]): Promise<string>;
  /**
   * Opens another browser tab on the same code-server (same browser profile): a second VS Code
   * window of the same VS Code profile. Its close() closes only that tab.
   */
  openWindow(): Promise<Workbench>;
  /** Process ids of the extension hosts code-server runs now (one per connected window). */
  extensionHosts(): Promise<number[]>;
  close(): Promise<void>;
}

/** Generous: this is a 2-core machine running a VS Code server and a browser. */
export const UI_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 90_000;

const VIEW_CONTAINER = '[id="workbench.view.extension.gwsCallInspector"]';
// The view container's title is "GWS" (package.json): short, so the header has room for "user @ server".
const ACTIVITY_ICON = '.part.activitybar a.action-label[aria-label^="GWS"]';
const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const QUICK_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
const CONTEXT_MENU_ITEMS = '.context-view .monaco-menu [role="menuitem"]';

/** Settings that keep first-run UI (welcome page, tips, update checks) out of the way. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
};

/** Where test/host/run-e2e.js put things; a clear error when run any other way. */
function environment(): { entry: string; extensionsDir: string; chromiumPath: string; resultsDir: string } {
  const entry = process.env.GWS_E2E_CODE_SERVER_ENTRY;
  const extensionsDir = process.env.GWS_E2E_EXTENSIONS_DIR;
  if (!entry || !extensionsDir) {
    throw new Error('GWS_E2E_CODE_SERVER_ENTRY / GWS_E2E_EXTENSIONS_DIR are not set: run the e2e suite with `npm run test:e2e`.');
  }
  return {
    entry,
    extensionsDir,
    chromiumPath: CHROMIUM_PATH,
    resultsDir: process.env.GWS_E2E_RESULTS_DIR ?? path.resolve('test-results'),
  };
}

// Workbenches still open, shared through globalThis because every test file is its own bundle
// with its own copy of this module; support/hooks.ts reads it to capture failures.
const OPEN_WORKBENCHES = Symbol.for('gws.e2e.openWorkbenches');
type Registry = Set<Workbench>;
export function openWorkbenches(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  holder[OPEN_WORKBENCHES] ??= new Set<Workbench>();
  return holder[OPEN_WORKBENCHES];
}

/** Polls `condition` until it holds; the interval only spaces the checks. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForHealthz(baseUrl: string, server: ChildProcess, log: () => string): Promise<void> {
  await waitUntil(
    async () => {
      if (server.exitCode !== null) throw new Error(`code-server exited with code ${server.exitCode}:\n${log()}`);
      try {
        return (await fetch(`${baseUrl}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    `code-server ${baseUrl}/healthz`,
    START_TIMEOUT_MS,
  );
}

/** Stops code-server and everything it started (it runs in its own process group). */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup('SIGKILL');
      resolve();
    }, 5000);
  });
  await Promise.race([exited, forced]);
  clearTimeout(timer);
  // Members of the group that outlived the leader (extension host, file watcher).
  signalGroup('SIGKILL');
}

/**
 * Starts code-server with the installed extension and a fresh user-data-dir, opens it in
 * Chromium and waits until the workbench shows the GWS Call Inspector activity-bar icon.
 */
export async function launchWorkbench(options: LaunchOptions = {}): Promise<Workbench> {
  const env = environment();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gws-e2e-'));
  const userData = path.join(runDir, 'user-data');
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(workspace);
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  const port = await freePort();

  const serverLog: string[] = [];
  const server = spawn(
    process.execPath,
    codeServerArgs({ entry: env.entry, runDir, port, userDataDir: userData, extensionsDir: env.extensionsDir, folder: workspace }),
    { cwd: runDir, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const keepLog = (chunk: Buffer) => serverLog.push(...chunk.toString().split('\n').filter(Boolean));
  server.stdout?.on('data', keepLog);
  server.stderr?.on('data', keepLog);
  // If mocha exits without close(), do not leave a code-server behind.
  const killOnExit = () => {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killOnExit);

  const baseUrl = `http://127.0.0.1:${port}`;
  const url = `${baseUrl}/?folder=${encodeURIComponent(workspace)}`;
  const consoleLines: string[] = [];
  let context: BrowserContext | undefined;

  /** Windows opened with openWindow(): their tabs close with the browser. */
  const windows: Workbench[] = [];
  const close = async () => {
    for (const other of windows) openWorkbenches().delete(other);
    openWorkbenches().delete(workbench);
    await context?.close().catch(() => undefined);
    await stopProcessGroup(server);
    process.removeListener('exit', killOnExit);
    fs.rmSync(runDir, { recursive: true, force: true });
  };

  const workbench: Workbench = {
    page: undefined as unknown as Page,
    url,
    console: consoleLines,
    screenshot: (name: string, part?: Locator | Locator[]) => screenshotOf(workbench.page, env.resultsDir, name, part),
    async openWindow() {
      if (!context) throw new Error('openWindow: the browser is not running');
      const other = await openPage(context, url, env.resultsDir);
      windows.push(other);
      return other;
    },
    extensionHosts: () => extensionHostsOf(server),
    close,
  };

  try {
    await waitForHealthz(baseUrl, server, () => serverLog.slice(-40).join('\n'));
    context = await chromium.launchPersistentContext(path.join(runDir, 'browser'), {
      executablePath: env.chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: CHROMIUM_ARGS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    workbench.page = page;
    listenToConsole(page, consoleLines);
    openWorkbenches().add(workbench);
    await loadWorkbench(page, url);
    return workbench;
  } catch (error) {
    const details = [
      `launchWorkbench failed: ${error instanceof Error ? error.message : String(error)}`,
      '---- code-server log ----',
      ...serverLog.slice(-40),
      '---- browser console ----',
      ...consoleLines.slice(-40),
    ].join('\n');
    await close();
    throw new Error(details, { cause: error });
  }
}

function listenToConsole(page: Page, lines: string[]): void {
  page.on('console', (message) => lines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
  page.setDefaultTimeout(UI_TIMEOUT_MS);
}

/** Opens the workbench at `url` in `page` and waits until the extension's activity-bar icon shows. */
async function loadWorkbench(page: Page, url: string): Promise<void> {
  // The page's load is part of the start: on a loaded machine it takes longer than a UI step.
  await page.goto(url, { timeout: START_TIMEOUT_MS });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: START_TIMEOUT_MS });
  // The icon appears once the extension's contributions are known to the workbench.
  await page.locator(ACTIVITY_ICON).waitFor({ state: 'visible', timeout: START_TIMEOUT_MS });
}

/** See Workbench.screenshot. */
async function screenshotOf(page: Page, resultsDir: string, name: string, part?: Locator | Locator[]): Promise<string> {
  const file = path.join(resultsDir, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (Array.isArray(part)) await page.screenshot({ path: file, clip: await unionBox(part) });
  else if (part) await part.screenshot({ path: file });
  else await page.screenshot({ path: file });
  return file;
}

/** A second window: a new tab of the same browser on the same code-server. */
async function openPage(context: BrowserContext, url: string, resultsDir: string): Promise<Workbench> {
  const page = await context.newPage();
  const lines: string[] = [];
  listenToConsole(page, lines);
  const window: Workbench = {
    page,
    url,
    console: lines,
    screenshot: (name: string, part?: Locator | Locator[]) => screenshotOf(page, resultsDir, name, part),
    openWindow: () => Promise.reject(new Error('openWindow: call it on the first window')),
    extensionHosts: () => Promise.reject(new Error('extensionHosts: call it on the first window')),
    async close() {
      openWorkbenches().delete(window);
      await page.close().catch(() => undefined);
    },
  };
  openWorkbenches().add(window);
  await loadWorkbench(page, url);
  return window;
}

/**
 * The extension host processes in code-server's process group: VS Code's server forks one
 * (`--type=extensionHost`) for each window that connects (Linux `ps`).
 */
async function extensionHostsOf(server: ChildProcess): Promise<number[]> {
  const output = await new Promise<string>((resolve, reject) => {
    execFile('ps', ['-e', '-o', 'pid=,pgid=,args='], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
  return output
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === server.pid && /--type=extensionHost\b/.test(m[3]))
    .map((m) => Number(m[1]));
}

/** The smallest rectangle holding every part (each must be visible), in page pixels. */
async function unionBox(parts: Locator[]): Promise<{ x: number; y: number; width: number; height: number }> {
  const boxes = [];
  for (const part of parts) {
    const box = await part.boundingBox();
    if (!box) throw new Error(`screenshot: ${String(part)} is not visible`);
    boxes.push(box);
  }
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Runs a command from the palette by its full title, e.g. 'GWS: Sign In'. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(QUICK_INPUT_BOX);
  // F1 is handled once the workbench has keyboard focus; press again until the palette shows.
  await waitUntil(async () => {
    if (await input.isVisible()) return true;
    await page.keyboard.press('F1');
    return input.waitFor({ state: 'visible', timeout: 2000 }).then(
      () => true,
      () => false,
    );
  }, 'the command palette to open');
  await input.fill(`>${title}`);
  const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exactly(title) }) }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await row.waitFor({ state: 'hidden' });
}

/**
 * Types `text` into the open input box and presses Enter. `prompt` (text of the box's title,
 * prompt or placeholder) makes sure it is the expected box, not a leftover one.
 */
export async function answerInput(page: Page, text: string, options: { prompt?: string | RegExp } = {}): Promise<void> {
  const input = page.locator(QUICK_INPUT_BOX);
  await input.waitFor({ state: 'visible' });
  if (options.prompt !== undefined) {
    const prompt = options.prompt;
    await waitUntil(async () => {
      const shown = `${await page.locator(QUICK_INPUT).innerText()} ${(await input.getAttribute('placeholder')) ?? ''}`;
      return typeof prompt === 'string' ? shown.includes(prompt) : prompt.test(shown);
    }, `an input box showing ${String(prompt)}`);
  }
  await input.fill(text);
  await input.press('Enter');
}

/** Clicks the quick-pick entry whose label is exactly `label`. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exactly(label) }) }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** Labels of the entries of the open quick pick. */
export async function quickItems(page: Page): Promise<string[]> {
  await page.locator(QUICK_ROWS).first().waitFor({ state: 'visible' });
  return (await page.locator(`${QUICK_ROWS} .label-name`).allInnerTexts()).map((label) => label.trim());
}

/** Shows the GWS Call Inspector view container (clicking its icon only when it is not shown). */
export async function openGwsView(page: Page): Promise<Locator> {
  const container = page.locator(VIEW_CONTAINER);
  if (!(await container.isVisible())) {
    await page.locator(ACTIVITY_ICON).click();
  }
  await container.waitFor({ state: 'visible' });
  // The sidebar's progress bar runs while the view's extension activates; wait it out so the
  // view shows its settled content.
  await page.locator('.part.sidebar > .content > .monaco-progress-container').waitFor({ state: 'hidden' });
  return container;
}

/**
 * Drags the side bar's edge until the side bar is `width` pixels wide, as a user widens it to
 * read long rows (the pictures the README shows).
 */
export async function setSidebarWidth(page: Page, width: number): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  if (!box) throw new Error('setSidebarWidth: the side bar is not visible');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  await waitUntil(async () => Math.abs(((await sidebar.boundingBox())?.width ?? 0) - width) <= 8, `the side bar to be ${width} px wide`);
}

/** The region of the Calls view's header and its tree rows (not the empty space below): a cropped picture. */
export function callsTreeParts(page: Page): Locator[] {
  return [page.locator('.part.sidebar > .composite.title'), callsPane(page).locator('.monaco-list-rows')];
}

/** The Calls view's pane (header, welcome content, tree). */
export function callsPane(page: Page): Locator {
  // The only view of its container; its header's label is its title, which names the session.
  return page.locator(`${VIEW_CONTAINER} .pane`).first();
}

/** Buttons of the welcome content the Calls view shows while signed out. */
export async function welcomeButtons(page: Page): Promise<string[]> {
  const buttons = callsPane(page).locator('.welcome-view-content a.monaco-button');
  await buttons.first().waitFor({ state: 'visible' });
  return (await buttons.allInnerTexts()).map((text) => text.trim());
}

export interface TreeRow {
  label: string;
  description: string;
  /** 1 for top-level rows. */
  level: number;
}

function treeRows(page: Page): Locator {
  return callsPane(page).locator('.monaco-list[role="tree"] .monaco-list-row');
}

/** The rows the Calls tree shows now (label, description, nesting level). */
export async function treeItems(page: Page): Promise<TreeRow[]> {
  return treeRows(page).evaluateAll((rows) =>
    rows.map((row) => ({
      label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      level: Number(row.getAttribute('aria-level') ?? '1'),
    })),
  );
}

/** Waits until a row satisfies `match` and returns it. */
export async function waitForTreeItem(page: Page, match: (row: TreeRow) => boolean, what: string, timeoutMs = UI_TIMEOUT_MS): Promise<TreeRow> {
  let found: TreeRow | undefined;
  await waitUntil(async () => {
    found = (await treeItems(page)).find(match);
    return found !== undefined;
  }, `a Calls tree row: ${what}`, timeoutMs);
  return found!;
}

/**
 * The tree row whose label is `label` (first match); with `description`, the first whose
 * description matches too (two sessions show the same numbers: a device and a call party).
 */
export function treeRow(page: Page, label: string, description?: RegExp): Locator {
  let rows = treeRows(page).filter({ has: page.locator('.label-name', { hasText: exactly(label) }) });
  if (description) rows = rows.filter({ has: page.locator('.label-description', { hasText: description }) });
  return rows.first();
}

/** Right-clicks the row labelled `itemLabel` (and described as `description`) and returns the context menu's entries (menu stays open). */
export async function contextMenu(page: Page, itemLabel: string, description?: RegExp): Promise<string[]> {
  const row = treeRow(page, itemLabel, description);
  await row.waitFor({ state: 'visible' });
  await row.click({ button: 'right' });
  const items = page.locator(CONTEXT_MENU_ITEMS);
  await items.first().waitFor({ state: 'visible' });
  const labels = await items.evaluateAll((elements) =>
    elements.map((element) => element.querySelector('.action-label')?.textContent?.trim() ?? ''),
  );
  return labels.filter((label) => label.length > 0);
}

/** Clicks an entry of the open context menu by its label. */
export async function clickContextMenuItem(page: Page, label: string): Promise<void> {
  const item = page.locator(CONTEXT_MENU_ITEMS).filter({ has: page.locator('.action-label', { hasText: exactly(label) }) }).first();
  await item.waitFor({ state: 'visible' });
  // VS Code's menu ignores a synthetic click that arrives right after it opened (it guards
  // against the opening right-click's own mouseup); hovering focuses the entry, Enter runs it.
  await item.hover();
  await waitUntil(() => item.evaluate((element) => element.closest('.action-item')?.classList.contains('focused') ?? false), `menu entry "${label}" to take focus`);
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden' });
}

/** Closes an open context menu or quick input. */
export async function pressEscape(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

/** The content frame of the (active) webview, e.g. the inspector panel. */
export function inspectorFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Waits for a notification toast containing `text` and returns its message. */
export async function waitForNotificationToast(page: Page, text: string | RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<string> {
  const message = page.locator('.notifications-toasts .notification-toast .notification-list-item-message').filter({ hasText: text }).first();
  await message.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await message.innerText()).trim();
}

/** Waits for a modal dialog whose message contains `text` and clicks its button `label`. */
export async function answerDialog(page: Page, text: string | RegExp, label: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: text }).first();
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: exactly(label) }).first().click();
  await dialog.waitFor({ state: 'hidden' });
}
