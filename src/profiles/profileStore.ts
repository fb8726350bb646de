import * as vscode from 'vscode';
import { Emitter } from '../base/emitter';
import { entriesToWriteBack, readProfiles, secretKeyFor, ServerProfile } from './profile';

/** Reads and writes server profiles (settings) and their passwords (SecretStorage only). */
export class ProfileStore implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  /**
   * `reportProblems` hears what is wrong with the setting at every read (the caller says each
   * problem once: src/common/settingProblems.ts), so a bad value is explained where it is
   * read instead of surfacing later as a missing profile.
   */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly reportProblems: (problems: string[]) => void = () => undefined,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gws.profiles')) this.changed.fire();
    });
  }

  list(): ServerProfile[] {
    const { profiles, problems } = readProfiles(vscode.workspace.getConfiguration('gws').get('profiles'));
    if (problems.length > 0) this.reportProblems(problems);
    return profiles;
  }

  get(id: string): ServerProfile | undefined {
    return this.list().find((p) => p.id === id);
  }

  async save(profile: ServerProfile): Promise<void> {
    await this.write([...entriesToWriteBack(this.setting(), profile.id), plainEntry(profile)]);
  }

  async remove(id: string): Promise<void> {
    await this.write(entriesToWriteBack(this.setting(), id));
    await this.secrets.delete(secretKeyFor(id));
  }

  getPassword(id: string): Thenable<string | undefined> {
    return this.secrets.get(secretKeyFor(id));
  }

  setPassword(id: string, password: string): Thenable<void> {
    return this.secrets.store(secretKeyFor(id), password);
  }

  deletePassword(id: string): Thenable<void> {
    return this.secrets.delete(secretKeyFor(id));
  }

  /**
   * The setting as the user wrote it. Saving or removing one profile rewrites only that one:
   * the others stay as they were, minus credential keys (entriesToWriteBack in ./profile.ts).
   */
  private setting(): unknown {
    return vscode.workspace.getConfiguration('gws').get<unknown>('profiles');
  }

  private async write(entries: unknown[]): Promise<void> {
    // Profiles are per user, not per workspace: a server list follows the developer.
    await vscode.workspace.getConfiguration('gws').update('profiles', entries, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A profile as the setting holds it: what differs from the defaults, never a password. */
function plainEntry(p: ServerProfile): Record<string, unknown> {
  const entry: Record<string, unknown> = { id: p.id, name: p.name, url: p.url, user: p.user };
  if (p.transport && p.transport !== 'long-polling') entry.transport = p.transport;
  if (p.rejectUnauthorized === false) entry.rejectUnauthorized = false;
  if (p.caFile) entry.caFile = p.caFile;
  if (p.simulator) entry.simulator = true;
  for (const key of ['sessionMode', 'place', 'queue', 'loginCode', 'devicePath', 'channels', 'origin'] as const) {
    if (p[key] !== undefined) entry[key] = p[key];
  }
  return entry;
}
