import * as vscode from 'vscode';
import { Logger } from './common/logger';
import { PrompterHolder } from './common/prompter';
import type { CommandDeps } from './commands/commandDeps';
import { registerInspectorCommands, registerInspectorSerializer } from './commands/inspector';
import { InspectorPanel } from './webviews/inspector/inspectorPanel';
import { registerCommands } from './commands/registerCommands';
import { signInOnStartup } from './commands/startup';
import { CallStore } from './model/callStore';
import { Pipeline } from './model/pipeline';
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
  const inspectorConfig = vscode.workspace.getConfiguration('gws.inspector');
  const store = new CallStore();
  const streamLog = new StreamLog(inspectorConfig.get<number>('maxEvents', 50_000));
  const pipeline = new Pipeline(store, streamLog, {
    noNotificationWarningMs: inspectorConfig.get<number>('noNotificationWarningMs', 5_000),
  });
  const controller = new SessionController(store, pipeline, logger);
  const profiles = new ProfileStore(context.secrets);
  const simulator = new LocalSimulator(context.extensionPath, logger);
  const tree = new CallsTreeProvider(store);
  const deps: CommandDeps = { context, controller, profiles, store, logger, prompter: new PrompterHolder(), simulator };
  const inspectorDeps = { extensionUri: context.extensionUri, log: streamLog, pipeline, controller, logger };

  context.subscriptions.push(
    logger,
    profiles,
    simulator,
    controller,
    tree,
    createCallsView(tree, controller, store),
    new GwsStatusBar(controller, store),
    ...registerCommands(deps),
    ...registerInspectorCommands(inspectorDeps),
    registerInspectorSerializer(inspectorDeps),
  );
  void signInOnStartup(deps);
  return { testing: { deps, tree, streamLog, inspector: () => InspectorPanel.current } };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the session signs out as it is disposed.
}
