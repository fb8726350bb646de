import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { ContextKeys, setContext } from '../common/contextKeys';
import type { Logger } from '../common/logger';

/** The profile the "Start Local Simulator" command signs in with. */
export const LOCAL_SIMULATOR_PROFILE_ID = 'local-simulator';

/** The part of dist/simulator.js that the extension uses. */
interface SimulatorModule {
  startSimulator(options: {
    port?: number;
    host?: string;
    scenario?: 'none' | 'demo';
    log?: (line: string) => void;
  }): Promise<{ url: string; stop(): Promise<void> }>;
}

/**
 * The built-in GWS simulator running inside this extension host. It is a separate bundle
 * (dist/simulator.js) loaded only when the user starts it, so the extension bundle stays
 * small and activation fast, and so the simulator shares no code with the client.
 */
export class LocalSimulator implements vscode.Disposable {
  private running: { url: string; stop(): Promise<void> } | undefined;
  private starting: Promise<string> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly logger: Logger,
  ) {}

  get url(): string | undefined {
    return this.running?.url;
  }

  start(): Promise<string> {
    if (this.running) return Promise.resolve(this.running.url);
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<string> {
    const config = vscode.workspace.getConfiguration('gws.simulator');
    const modulePath = path.join(this.extensionPath, 'dist', 'simulator.js');
    // A run-time require of the separate bundle (not bundled into extension.js).
    const simulator = require(modulePath) as SimulatorModule;
    // A hand-edited settings.json is read as it is: say which value is wrong before listening.
    const port = config.get<unknown>('port', 0);
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(vscode.l10n.t('The setting gws.simulator.port is {0}: use a whole number from 1 to 65535, or 0 for any free port.', JSON.stringify(port)));
    }
    const scenario = config.get<unknown>('scenario', 'demo');
    if (scenario !== 'demo' && scenario !== 'none') {
      throw new Error(vscode.l10n.t('The setting gws.simulator.scenario is {0}: use "demo" or "none".', JSON.stringify(scenario)));
    }
    this.running = await simulator.startSimulator({
      port,
      host: '127.0.0.1',
      scenario,
      log: (line) => this.logger.debug('simulator', line),
    });
    this.logger.info('simulator', `Built-in GWS simulator listening on ${this.running.url}`);
    void setContext(ContextKeys.simulatorRunning, true);
    return this.running.url;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    void setContext(ContextKeys.simulatorRunning, false);
    if (running) {
      await running.stop();
      this.logger.info('simulator', 'Built-in GWS simulator stopped');
    }
  }

  dispose(): void {
    inBackground(this.stop(), (message) => this.logger.error('simulator', `Stopping the built-in simulator failed: ${message}`));
  }
}
