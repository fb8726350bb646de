import type * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import type { PrompterHolder } from '../common/prompter';
import type { CallStore } from '../model/callStore';
import type { ProfileStore } from '../profiles/profileStore';
import type { LocalSimulator } from '../session/localSimulator';
import type { RecordingProxies } from '../session/recordingProxies';
import type { SessionController } from '../session/sessionController';
import type { Sessions } from '../session/sessions';
import type { InspectorDeps } from '../webviews/inspector/inspectorPanel';

/** What the command handlers need; built once in extension.ts. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  /** Every signed-in session of the window; commands act on the session of their item. */
  sessions: Sessions;
  /** The latest session (`sessions.primary`): for single-session code and the tests. */
  readonly controller: SessionController;
  profiles: ProfileStore;
  /** The calls of `controller`. */
  readonly store: CallStore;
  logger: Logger;
  prompter: PrompterHolder;
  simulator: LocalSimulator;
  proxies: RecordingProxies;
  inspector: InspectorDeps;
}
