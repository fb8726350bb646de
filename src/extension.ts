import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { inBackground } from './common/background';
import { Logger } from './common/logger';
import { PrompterHolder } from './common/prompter';
import { SettingProblems } from './common/settingProblems';
import type { CommandDeps } from './commands/commandDeps';
import { InspectorPanel } from './webviews/inspector/inspectorPanel';
import { InspectorSettingsWatcher } from './webviews/inspector/settings';
import { registerCommands } from './commands/registerCommands';
import { signInOnStartup } from './commands/startupSignIn';
import { Sources } from './model/sources';
import { StreamLog } from './model/streamLog';
import { ProfileStore } from './profiles/profileStore';
import { AUTH_PROVIDER_ID, GwsAuthenticationProvider } from './session/authProvider';
import { LocalSimulator } from './session/localSimulator';
import { RecordingProxies } from './session/recordingProxies';
import { Sessions } from './session/sessions';
import { SharedAccountsFile } from './session/sharedAccountsFile';
import { SharedAccountsStore } from './session/sharedAccountsStore';
import { ScenarioTesting } from './testing/scenarioTests';
import { trackCallContextKeys } from './views/callContextKeys';
import type { CallsTreeNode } from './views/callNodes';
import { CallsTreeProvider } from './views/callsTree';
import { createCallsView } from './views/callsView';
import { ProxyStatusBar } from './views/proxyStatusBar';
import { showViewsOnStartup } from './views/startupViews';
import { GwsStatusBar } from './views/statusBar';

/** What activate() returns: used by the integration tests, not a public API. */
export interface GwsCallInspectorApi {
  readonly testing: {
    readonly deps: CommandDeps;
    readonly tree: CallsTreeProvider;
    /** The Accounts menu's GWS sessions. */
    readonly authProvider: GwsAuthenticationProvider;
    /** The account list shared with the profile's other windows: a test writes there as another window would. */
    readonly sharedAccounts: SharedAccountsStore;
    /** The Calls view: its title and description say who is signed in. */
    readonly callsView: vscode.TreeView<CallsTreeNode>;
    readonly streamLog: StreamLog;
    /** One status bar item per running recording proxy. */
    readonly proxyStatusBar: ProxyStatusBar;
    /** The Testing view's scenarios (its controller, and what runs report). */
    readonly scenarios: ScenarioTesting;
    /** The open inspector panel, if any (a test bundle has its own copy of the class). */
    inspector(): InspectorPanel | undefined;
    /**
     * What a window reload runs in this extension, in the same extension host: deactivate(),
     * then activate()'s startup sign-in, which finds the window's memory (workspace state) as
     * a new extension host would. A real reload would also end the test run.
     */
    reload(): Promise<void>;
  };
}

export function activate(context: vscode.ExtensionContext): GwsCallInspectorApi {
  // The modules that must not import vscode (src/views/sessionText.ts, src/commands/inputParsing.ts, …)
  // translate through @vscode/l10n: hand it the host's bundle (undefined in English).
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const logger = new Logger();
  const prompter = new PrompterHolder();
  const settingProblems = new SettingProblems(logger, prompter);
  const inspectorSettings = new InspectorSettingsWatcher((problems) => settingProblems.report('gws.inspector', problems));
  const streamLog = new StreamLog(inspectorSettings.current.maxEvents);
  const sources = new Sources(streamLog, { noNotificationWarningMs: inspectorSettings.current.noNotificationWarningMs });
  // One session per signed-in profile, each its own source (`session:<profile id>`).
  const sessions = new Sessions(sources, logger);
  const profiles = new ProfileStore(context.secrets, (problems) => settingProblems.report('gws.profiles', problems));
  const simulator = new LocalSimulator(context.extensionPath, logger);
  const proxies = new RecordingProxies(context.extensionPath, sources, logger);
  const proxyStatusBar = new ProxyStatusBar(proxies);
  const tree = new CallsTreeProvider(sessions);
  const callsView = createCallsView(tree, sessions);
  // Windows keep their Accounts menus in step through a file in global storage (src/session/sharedAccountsFile.ts).
  const sharedAccountsFile = new SharedAccountsFile(context.globalStorageUri.fsPath, (message) => logger.error('accounts', message));
  const sharedAccounts = new SharedAccountsStore(sharedAccountsFile);
  const authProvider = new GwsAuthenticationProvider(sessions, sharedAccounts, logger);
  const inspector = { extensionUri: context.extensionUri, log: streamLog, sources, settings: inspectorSettings, controller: sessions, logger, prompter };
  const deps: CommandDeps = {
    context,
    sessions,
    get controller() {
      return sessions.primary;
    },
    get store() {
      return sessions.primary.store;
    },
    profiles,
    logger,
    prompter,
    simulator,
    proxies,
    inspector,
  };
  const scenarios = new ScenarioTesting({ extensionPath: context.extensionPath, profiles, sources });

  context.subscriptions.push(
    logger,
    inspectorSettings,
    streamLog,
    sources,
    profiles,
    simulator,
    proxies,
    proxyStatusBar,
    sessions,
    tree,
    callsView,
    sharedAccountsFile,
    sharedAccounts,
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'GWS', authProvider, { supportsMultipleAccounts: true }),
    trackCallContextKeys(sessions),
    new GwsStatusBar(sessions),
    scenarios,
    ...registerCommands(deps, scenarios),
  );
  shutdown = async () => {
    await Promise.all([sessions.shutdown(), proxies.stopAll()]);
    // Other windows stop listing this one's accounts (a crashed window's expire instead).
    await authProvider.withdraw();
  };
  inBackground(showViewsOnStartup(logger), (message) => logger.error('startup', `Opening gws.showOnStartup failed: ${message}`));
  inBackground(signInOnStartup(deps), (message) => logger.error('startup', `Signing in at startup failed: ${message}`));
  const reload = async () => {
    await deactivate();
    await signInOnStartup(deps);
  };
  return { testing: { deps, tree, callsView: callsView.view, authProvider, sharedAccounts, streamLog, proxyStatusBar, scenarios, inspector: () => InspectorPanel.current, reload } };
}

/** Set by activate(): disconnects CometD and stops the recording proxies, nothing else. */
let shutdown: (() => Promise<void>) | undefined;

/**
 * VS Code waits for this promise on a reload, a window close or a restart. It only ends the
 * CometD connection and stops the recording proxies: it never logs the agent out of voice (no
 * EndContactCenterSession), because the developer's own integration may use the same agent
 * (docs/gws-notes.md#session-modes).
 */
export function deactivate(): Promise<void> | undefined {
  return shutdown?.();
}
