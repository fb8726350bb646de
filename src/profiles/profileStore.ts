import * as vscode from 'vscode';
import { Emitter } from '../base/emitter';
import { sanitizeProfiles, secretKeyFor, ServerProfile } from './profile';

/** Reads and writes server profiles (settings) and their passwords (SecretStorage only). */
export class ProfileStore implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gws.profiles')) this.changed.fire();
    });
  }

  list(): ServerProfile[] {
    return sanitizeProfiles(vscode.workspace.getConfiguration('gws').get('profiles'));
  }

  get(id: string): ServerProfile | undefined {
    return this.list().find((p) => p.id === id);
  }

  async save(profile: ServerProfile): Promise<void> {
    const all = this.list().filter((p) => p.id !== profile.id);
    all.push(profile);
    await this.write(all);
  }

  async remove(id: string): Promise<void> {
    await this.write(this.list().filter((p) => p.id !== id));
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

  private async write(profiles: ServerProfile[]): Promise<void> {
    // Profiles are per user, not per workspace: a server list follows the developer.
    const plain = profiles.map((p) => {
      const entry: Record<string, unknown> = { id: p.id, name: p.name, url: p.url, user: p.user };
      if (p.transport && p.transport !== 'long-polling') entry.transport = p.transport;
      if (p.rejectUnauthorized === false) entry.rejectUnauthorized = false;
      if (p.caFile) entry.caFile = p.caFile;
      if (p.simulator) entry.simulator = true;
      for (const key of ['sessionMode', 'place', 'queue', 'loginCode', 'devicePath', 'channels', 'origin'] as const) {
        if (p[key] !== undefined) entry[key] = p[key];
      }
      return entry;
    });
    await vscode.workspace.getConfiguration('gws').update('profiles', plain, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
