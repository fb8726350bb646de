// The recording proxy's commands (issue 13): start one for a server profile, stop it, copy its
// URL, and show what it learnt about each proxied application. The proxies themselves live in
// src/session/recordingProxies.ts; the status bar items in src/views/proxyStatusBar.ts.
import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { plainText } from '../common/plainText';
import type { ServerProfile } from '../profiles/profile';
import type { ApplicationFacts } from '../proxy/proxyTraffic';
import type { RecordingProxies, RunningProxy } from '../session/recordingProxies';
import { PROXY_ACTIONS_COMMAND } from '../views/proxyStatusBar';
import type { CommandDeps } from './commandDeps';
import { showError } from './errorToasts';
import { pickProfile } from './profileCommands';

export interface StartProxyArgs {
  /** Start for this saved profile without asking which. */
  profileId?: string;
}

const COPY_URL = vscode.l10n.t('Copy URL');
const SHOW_FACTS = vscode.l10n.t('Show Facts');
const STOP = vscode.l10n.t('Stop');

export function registerProxyCommands(deps: CommandDeps): vscode.Disposable[] {
  const facts = new ProxyFactsDocuments(deps.proxies);
  return [
    facts,
    vscode.workspace.registerTextDocumentContentProvider(FACTS_SCHEME, facts),
    vscode.commands.registerCommand('gws.proxy.start', (args?: StartProxyArgs) => startProxy(deps, args)),
    vscode.commands.registerCommand('gws.proxy.stop', (id?: string) => stopProxy(deps, id)),
    vscode.commands.registerCommand('gws.proxy.copyUrl', (id?: string) => copyUrl(deps, id)),
    vscode.commands.registerCommand('gws.proxy.showFacts', (id?: string) => showFacts(deps, id)),
    vscode.commands.registerCommand(PROXY_ACTIONS_COMMAND, (id?: string) => proxyActions(deps, id)),
  ];
}

/** Resolves to the proxy's URL when it runs. */
async function startProxy(deps: CommandDeps, args?: StartProxyArgs): Promise<string | undefined> {
  const profile = await profileFor(deps, args);
  if (!profile) return undefined;
  let running: RunningProxy;
  try {
    running = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: plainText(vscode.l10n.t('GWS: Starting a recording proxy for {0}…', profile.name)) },
      () => deps.proxies.start(profile),
    );
  } catch (error) {
    showError(vscode.l10n.t('Starting the recording proxy failed'), error, deps);
    return undefined;
  }
  const offered = vscode.window.showInformationMessage(
    plainText(vscode.l10n.t("GWS: Recording proxy for {0} at {1}. Point your integration's GWS base URL at it.", profile.name, running.url)),
    COPY_URL,
  );
  // Not awaited: the command is done when the proxy listens.
  void offered.then((choice) => (choice === COPY_URL ? copyUrl(deps, running.id) : undefined));
  return running.url;
}

async function profileFor(deps: CommandDeps, args?: StartProxyArgs): Promise<ServerProfile | undefined> {
  if (args?.profileId) {
    const profile = deps.profiles.get(args.profileId);
    if (!profile) void deps.prompter.current.error(plainText(vscode.l10n.t('GWS: no saved server profile with id "{0}". Check the gws.profiles setting.', args.profileId)));
    return profile;
  }
  const profiles = deps.profiles.list();
  if (profiles.length === 1) return profiles[0];
  if (profiles.length === 0) {
    void deps.prompter.current.error(vscode.l10n.t('GWS: no server profile yet. Add one with "GWS: Add Server Profile" (or start the local simulator), then start the recording proxy.'));
    return undefined;
  }
  return (await pickProfile(deps, vscode.l10n.t('Record the traffic to which GWS server?'), false))?.profile;
}

/** The proxy `id` names, the only one running, or the one the user picks. */
async function whichProxy(deps: CommandDeps, id: string | undefined, placeHolder: string): Promise<RunningProxy | undefined> {
  const running = deps.proxies.list();
  if (id !== undefined) {
    const found = running.find((p) => p.id === id || p.url === id);
    if (!found) vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: no recording proxy {0} is running', id)), 3000);
    return found;
  }
  if (running.length === 0) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('GWS: no recording proxy is running'), 3000);
    return undefined;
  }
  if (running.length === 1) return running[0];
  const items = running.map((proxy) => ({
    label: `$(radio-tower) ${plainText(proxy.url)}`,
    description: plainText(`→ ${proxy.target}`),
    detail: plainText(proxy.profileName),
    proxy,
  }));
  return (await deps.prompter.current.quickPick(items, { title: vscode.l10n.t('GWS: Recording Proxies'), placeHolder }))?.proxy;
}

/** Resolves true when a proxy stopped. */
async function stopProxy(deps: CommandDeps, id?: string): Promise<boolean> {
  const proxy = await whichProxy(deps, id, vscode.l10n.t('Stop which recording proxy?'));
  if (!proxy) return false;
  try {
    await deps.proxies.stop(proxy.id);
  } catch (error) {
    showError(vscode.l10n.t('Stopping the recording proxy {0} failed', proxy.url), error, deps);
    return false;
  }
  vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: recording proxy {0} stopped', proxy.url)), 3000);
  return true;
}

/** Resolves to the URL copied. */
async function copyUrl(deps: CommandDeps, id?: string): Promise<string | undefined> {
  const proxy = await whichProxy(deps, id, vscode.l10n.t('Copy the URL of which recording proxy?'));
  if (!proxy) return undefined;
  await vscode.env.clipboard.writeText(proxy.url);
  vscode.window.setStatusBarMessage(plainText(vscode.l10n.t('GWS: copied {0}', proxy.url)), 3000);
  return proxy.url;
}

/** Opens the facts as a read-only plain-text document; resolves to it. */
async function showFacts(deps: CommandDeps, id?: string): Promise<vscode.TextDocument | undefined> {
  const proxy = await whichProxy(deps, id, vscode.l10n.t('Show the facts of which recording proxy?'));
  if (!proxy) return undefined;
  const document = await vscode.workspace.openTextDocument(factsUri(proxy.id));
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}

/** The status bar item's click. */
async function proxyActions(deps: CommandDeps, id?: string): Promise<void> {
  const proxy = await whichProxy(deps, id, vscode.l10n.t('Which recording proxy?'));
  if (!proxy) return;
  const items = [
    { label: `$(copy) ${COPY_URL}`, action: COPY_URL, description: plainText(proxy.url) },
    { label: `$(list-flat) ${SHOW_FACTS}`, action: SHOW_FACTS, description: vscode.l10n.t('subscriptions, notifications, long polls, errors') },
    { label: `$(debug-stop) ${STOP}`, action: STOP, description: vscode.l10n.t('ends its connections') },
  ];
  const choice = await deps.prompter.current.quickPick(items, { title: plainText(vscode.l10n.t('GWS: Recording Proxy {0}', proxy.url)), placeHolder: plainText(`→ ${proxy.target}`) });
  if (choice?.action === COPY_URL) await copyUrl(deps, proxy.id);
  if (choice?.action === SHOW_FACTS) await showFacts(deps, proxy.id);
  if (choice?.action === STOP) await stopProxy(deps, proxy.id);
}

// ---- the facts document ------------------------------------------------------------------------

const FACTS_SCHEME = 'gws-proxy-facts';
/** An open facts document is rewritten at most this often while traffic flows. */
const FACTS_REFRESH_MS = 1000;

function factsUri(proxyId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FACTS_SCHEME, path: `/${proxyId.replace(/[^\w-]/g, '-')}-facts.txt`, query: proxyId });
}

/**
 * The facts of each proxy as plain text in a read-only document (a content provider's
 * documents cannot be edited). A stopped proxy's document keeps its last facts.
 */
class ProxyFactsDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changeEmitter.event;
  private readonly watched = new Map<string, vscode.Disposable>();
  private readonly last = new Map<string, string>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly proxies: RecordingProxies) {
    super();
    this.register(proxies.onDidChange((running) => this.watch(running)));
    this.register({ dispose: () => this.unwatchAll() });
    this.watch(proxies.list());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const proxy = this.proxies.get(uri.query);
    if (proxy) {
      const text = factsText(proxy, proxy.facts(), new Date());
      this.last.set(proxy.id, text);
      return text;
    }
    return this.last.get(uri.query) ?? `${vscode.l10n.t('No recording proxy {0} ran in this window.', plainText(uri.query))}\n`;
  }

  private watch(running: readonly RunningProxy[]): void {
    const ids = new Set(running.map((p) => p.id));
    for (const [id, subscription] of this.watched) {
      if (ids.has(id)) continue;
      subscription.dispose();
      this.watched.delete(id);
      clearTimeout(this.pending.get(id));
      this.pending.delete(id);
      const last = this.last.get(id);
      if (last !== undefined) this.last.set(id, `${last}\n${vscode.l10n.t('The proxy has stopped: these are its last facts.')}\n`);
      this.changeEmitter.fire(factsUri(id));
    }
    for (const proxy of running) {
      if (this.watched.has(proxy.id)) continue;
      this.watched.set(proxy.id, proxy.onDidChangeFacts(() => this.schedule(proxy.id)));
    }
  }

  /** At most one rewrite per FACTS_REFRESH_MS, and only while the document is open. */
  private schedule(id: string): void {
    if (this.pending.has(id)) return;
    const uri = factsUri(id);
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    this.pending.set(
      id,
      setTimeout(() => {
        this.pending.delete(id);
        this.changeEmitter.fire(uri);
      }, FACTS_REFRESH_MS),
    );
  }

  private unwatchAll(): void {
    this.watched.forEach((s) => s.dispose());
    this.watched.clear();
    this.pending.forEach((t) => clearTimeout(t));
    this.pending.clear();
  }
}

/** Plain text, one block per application. Server strings (channels, errors) are made plain. */
export function factsText(proxy: RunningProxy, facts: readonly ApplicationFacts[], now: Date): string {
  const lines = [
    vscode.l10n.t('GWS recording proxy {0} → {1} ({2})', proxy.url, proxy.target, plainText(proxy.profileName)),
    vscode.l10n.t('Facts as of {0}; the inspector\'s "{1}" rows hold the traffic itself.', now.toLocaleString(), plainText(proxy.label)),
    '',
  ];
  if (facts.length === 0) lines.push(vscode.l10n.t('No application has sent anything through this proxy yet.'));
  for (const app of facts) {
    const transport = app.transport ? `, ${app.transport}` : '';
    lines.push(vscode.l10n.t('Application {0} (from {1}{2})', plainText(app.id), plainText(app.client), transport));
    lines.push(vscode.l10n.t('  Subscribed to:                     {0}', app.subscriptions.length ? app.subscriptions.map((c) => plainText(c)).join(', ') : vscode.l10n.t('nothing')));
    for (const refused of app.refusedSubscriptions) lines.push(vscode.l10n.t('  Refused subscription:              {0}: {1}', plainText(refused.channel), plainText(refused.error)));
    lines.push(vscode.l10n.t('  Notifications delivered:           {0}', app.notificationsDelivered));
    lines.push(vscode.l10n.t('  REST requests / errors:            {0} / {1}', app.restRequests, app.restErrors));
    const polls = app.connectRoundTrips;
    lines.push(vscode.l10n.t('  Long-poll round trips:             {0}{1}', polls.count, polls.count ? vscode.l10n.t(' (median {0} ms, longest {1} ms)', Math.round(polls.p50Ms), Math.round(polls.maxMs)) : ''));
    lines.push(vscode.l10n.t('  Poll gaps (no /meta/connect out):  longest {0} ms, {1} slow', Math.round(app.pollGaps.maxMs), app.pollGaps.slow));
    lines.push(vscode.l10n.t('  Operations without notification:   {0}', app.operationsWithoutNotification));
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
