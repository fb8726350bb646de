import type * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import type { PrompterHolder } from '../common/prompter';
import type { CallStore } from '../model/callStore';
import type { DeviceList } from '../model/devices';
import type { ProfileStore } from '../profiles/profileStore';
import type { LocalSimulator } from '../session/localSimulator';
import type { RecordingProxies } from '../session/recordingProxies';
import type { SessionController } from '../session/sessionController';
import type { InspectorDeps } from '../webviews/inspector/inspectorPanel';

/** What the command handlers need; built once in extension.ts. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  controller: SessionController;
  profiles: ProfileStore;
  store: CallStore;
  /** The agent's devices in the window's session (its source's device list). */
  devices: DeviceList;
  logger: Logger;
  prompter: PrompterHolder;
  simulator: LocalSimulator;
  proxies: RecordingProxies;
  inspector: InspectorDeps;
}
