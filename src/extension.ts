import * as vscode from 'vscode';
import { inBackground } from './common/background';
import { Logger } from './common/logger';
import { PrompterHolder } from './common/prompter';
import type { CommandDeps } from './commands/commandDeps';
import { InspectorPanel } from './webviews/inspector/inspectorPanel';
import { InspectorSettingsWatcher } from './webviews/inspector/settings';
import { registerCommands } from './commands/registerCommands';
import { signInOnStartup } from './commands/startupSignIn';
import { CallStore } from './model/callStore';
import { Sources } from './model/sources';
import { StreamLog } from './model/streamLog';
import { ProfileStore } from './profiles/profileStore';
import { LocalSimulator } from './session/localSimulator';
import { SessionController } from './session/sessionController';
import { CallsTreeProvider } from './views/callsTree';
import { createCallsView } from './views/callsView';
import { GwsStatusBar } from './views/statusBar';

/** What activate() returns: used by the integration tests, not a public API. */
export interface GwsCallInspectorApi {
  readonly testing: {
    readonly deps: CommandDeps;
    readonly tree: CallsTreeProvider;
    readonly streamLog: StreamLog;
    /** The open inspector panel, if any (a test bundle has its own copy of the class). */
    inspector(): InspectorPanel | undefined;
  };
}

export function activate(context: vscode.ExtensionContext): GwsCallInspectorApi {
  const logger = new Logger();
  const inspectorSettings = new InspectorSettingsWatcher();
  const store = new CallStore();
  const streamLog = new StreamLog(inspectorSettings.current.maxEvents);
  const sources = new Sources(streamLog, { noNotificationWarningMs: inspectorSettings.current.noNotificationWarningMs });
  const controller = new SessionController(sources.open({ id: 'session', kind: 'session', label: 'Session' }, store), sources, logger);
  const profiles = new ProfileStore(context.secrets);
  const simulator = new LocalSimulator(context.extensionPath, logger);
  const tree = new CallsTreeProvider(store);
  const prompter = new PrompterHolder();
  const inspector = { extensionUri: context.extensionUri, log: streamLog, sources, settings: inspectorSettings, controller, logger, prompter };
  const deps: CommandDeps = { context, controller, profiles, store, logger, prompter, simulator, inspector };

  context.subscriptions.push(
    logger,
    inspectorSettings,
    store,
    streamLog,
    sources,
    profiles,
    simulator,
    controller,
    tree,
    createCallsView(tree, controller, store),
    new GwsStatusBar(controller, store),
    ...registerCommands(deps),
  );
  shutdown = () => controller.shutdown();
  inBackground(signInOnStartup(deps), (message) => logger.error('startup', `Signing in at startup failed: ${message}`));
  return { testing: { deps, tree, streamLog, inspector: () => InspectorPanel.current } };
}

/** Set by activate(): signs out of GWS (CometD, then EndContactCenterSession). */
let shutdown: (() => Promise<void>) | undefined;

/** VS Code waits for this promise: the agent is logged out of voice when the window closes. */
export function deactivate(): Promise<void> | undefined {
  return shutdown?.();
}
