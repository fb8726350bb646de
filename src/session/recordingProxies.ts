// The VS Code side of the recording proxies (issue 13): reads the settings and the profile's
// TLS choices, starts each proxy from the separate bundle dist/proxy.js (src/proxy/index.ts),
// and makes every running proxy a source of the inspector (src/model/sources.ts), next to the
// window's own session. Several may run at once, one per port; stopping one closes its source
// but leaves its rows in the stream.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContextKeys, setContext } from '../common/contextKeys';
import { Emitter } from '../base/emitter';
import { inBackground } from '../common/background';
import type { Logger } from '../common/logger';
import { readCaFile, tlsRequestOptions } from '../gws/tlsTrust';
import type { PipelineAttachment } from '../model/pipeline';
import type { Sources } from '../model/sources';
import type { ServerProfile } from '../profiles/profile';
import type { ApplicationFacts, RecordingProxy, RecordingProxyOptions } from '../proxy/proxyTraffic';

/** The part of dist/proxy.js the extension uses. */
interface ProxyModule {
  startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy>;
}

/** One proxy this window runs. */
export interface RunningProxy {
  /** The inspector source's id, "proxy:<port>": also how commands name the proxy. */
  readonly id: string;
  /** "http://127.0.0.1:40123": what the integration points at. */
  readonly url: string;
  /** The profile's GWS server it forwards to. */
  readonly target: string;
  readonly profileName: string;
  /** The inspector's label for its rows. */
  readonly label: string;
  facts(): ApplicationFacts[];
  readonly onDidChangeFacts: RecordingProxy['onDidChangeFacts'];
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

/** `gws.proxy.host`: a loopback address, else a sentence saying why not. */
export function checkProxyHost(value: unknown): { host: string } | { error: string } {
  const host = typeof value === 'string' ? value.trim() : '';
  if (!host) return { error: vscode.l10n.t('The setting gws.proxy.host is empty: set it to 127.0.0.1 (the default), ::1 or localhost.') };
  if (LOOPBACK_NAMES.has(host.toLowerCase())) return { host: host === '[::1]' ? '::1' : host.toLowerCase() };
  const ipv4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (ipv4 && ipv4.slice(1).every((part) => Number(part) <= 255)) return { host };
  return {
    error: vscode.l10n.t(
      'The setting gws.proxy.host is "{0}", which is not a loopback address. The recording proxy passes on your integration\'s session cookies and CSRF tokens, so it listens only on this machine: set gws.proxy.host to 127.0.0.1 (the default), ::1 or localhost.',
      host,
    ),
  };
}

/** `gws.proxy.port`: 0 (a free port) to 65535, else a sentence saying why not. */
export function checkProxyPort(value: unknown): { port: number } | { error: string } {
  if (value === undefined || value === null) return { port: 0 };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535) return { port: value };
  return { error: vscode.l10n.t('The setting gws.proxy.port is {0}: use a whole number from 1 to 65535, or 0 for any free port.', JSON.stringify(value)) };
}

interface Entry extends RunningProxy {
  proxy: RecordingProxy;
  attachment: PipelineAttachment;
}

export class RecordingProxies implements vscode.Disposable {
  private readonly running = new Map<string, Entry>();
  private readonly changeEmitter = new Emitter<readonly RunningProxy[]>();
  /** A proxy started or stopped. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly sources: Pick<Sources, 'open' | 'close'>,
    private readonly logger: Logger,
  ) {}

  list(): RunningProxy[] {
    return [...this.running.values()];
  }

  get(id: string): RunningProxy | undefined {
    return this.running.get(id);
  }

  /** Starts a proxy to `profile`'s server. Throws an Error whose text says what to change. */
  async start(profile: ServerProfile): Promise<RunningProxy> {
    const options = this.optionsFor(profile);
    const modulePath = path.join(this.extensionPath, 'dist', 'proxy.js');
    // A run-time require of the separate bundle (not bundled into extension.js), as
    // localSimulator.ts does for dist/simulator.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(modulePath) as ProxyModule;
    let proxy: RecordingProxy;
    try {
      proxy = await module.startRecordingProxy(options);
    } catch (error) {
      throw new Error(listenFailure(error, options), { cause: error });
    }
    const port = new URL(proxy.url).port;
    const id = `proxy:${port}`;
    const label = `Proxied app :${port} → ${hostOf(profile.url)}`;
    const model = this.sources.open({ id, kind: 'proxy', label });
    const entry: Entry = {
      id,
      url: proxy.url,
      target: profile.url,
      profileName: profile.name,
      label,
      facts: () => proxy.facts(),
      onDidChangeFacts: proxy.onDidChangeFacts,
      proxy,
      attachment: model.pipeline.attach(proxy),
    };
    this.running.set(id, entry);
    void setContext(ContextKeys.proxyRunning, true);
    this.logger.info('proxy', `Recording proxy ${proxy.url} → ${profile.url} (profile ${profile.name}) started`);
    this.changeEmitter.fire(this.list());
    return entry;
  }

  /** Ends the proxy's connections and closes its source; its rows stay in the inspector. */
  async stop(id: string): Promise<void> {
    const entry = this.running.get(id);
    if (!entry) return;
    this.running.delete(id);
    void setContext(ContextKeys.proxyRunning, this.running.size > 0);
    this.changeEmitter.fire(this.list());
    try {
      await entry.proxy.stop();
    } finally {
      // What the last connections reported is analysed before the source goes.
      entry.attachment.flush();
      entry.attachment.dispose();
      this.sources.close(id);
      this.logger.info('proxy', `Recording proxy ${entry.url} stopped`);
    }
  }

  /** deactivate(): every proxy, without holding the window's shutdown for long. */
  stopAll(): Promise<void> {
    const all = Promise.all(this.list().map((p) => this.stop(p.id).catch((error: unknown) => this.logStopFailure(p, error)))).then(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, 4_000)));
    return Promise.race([all, deadline]).finally(() => clearTimeout(timer));
  }

  dispose(): void {
    inBackground(this.stopAll(), (message) => this.logger.error('proxy', `Stopping the recording proxies failed: ${message}`));
    this.changeEmitter.dispose();
  }

  private logStopFailure(proxy: RunningProxy, error: unknown): void {
    this.logger.error('proxy', `Stopping the recording proxy ${proxy.url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  private optionsFor(profile: ServerProfile): RecordingProxyOptions {
    const config = vscode.workspace.getConfiguration('gws.proxy');
    const host = checkProxyHost(config.get('host', '127.0.0.1'));
    if ('error' in host) throw new Error(host.error);
    const port = checkProxyPort(config.get('port', 0));
    if ('error' in port) throw new Error(port.error);
    // The profile's TLS choices, as for its sign-in (sessionController.ts): its caFile read now
    // (a bad one says what is wrong with it), with Node's and the system's roots beside it,
    // because a `ca` option replaces the default roots.
    const rejectUnauthorized = profile.rejectUnauthorized !== false;
    const caText = profile.caFile ? readCaFile(profile.caFile) : undefined;
    const systemCertificates = vscode.workspace.getConfiguration('http').get<boolean>('systemCertificates') !== false;
    const ca = tlsRequestOptions({ rejectUnauthorized, ca: caText, systemCertificates }).ca?.join('\n');
    return {
      target: profile.url,
      host: host.host,
      port: port.port,
      rejectUnauthorized,
      ...(ca ? { ca } : {}),
      log: (line) => this.logger.info('proxy', line),
    };
  }
}

/** Why listening failed, with the setting to change where one helps. */
function listenFailure(error: unknown, options: RecordingProxyOptions): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${options.host}:${options.port}`;
  if (code === 'EADDRINUSE') return vscode.l10n.t('Port {0} on {1} is in use. Set gws.proxy.port to another port, or to 0 for any free port.', options.port, options.host);
  if (code === 'EACCES') return vscode.l10n.t('Not allowed to listen on {0}. Set gws.proxy.port to a port above 1023, or to 0 for any free port.', where);
  if (code === 'EADDRNOTAVAIL') return vscode.l10n.t('{0} is not an address of this machine. Set gws.proxy.host to 127.0.0.1.', options.host);
  return vscode.l10n.t('Could not listen on {0}: {1}', where, error instanceof Error ? error.message : String(error));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
