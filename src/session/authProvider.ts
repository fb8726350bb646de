import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import type { SessionController } from './sessionController';
import type { Sessions } from './sessions';
import {
  HEARTBEAT_MS,
  foreignSessionId,
  foreignSessions,
  parseForeignSessionId,
  takeSignOutRequests,
  withSignOutRequest,
  withWindow,
  type SharedAccounts,
  type SharedSession,
} from './sharedAccounts';
import type { SharedAccountsStore } from './sharedAccountsStore';

/** The provider's id (package.json `contributes.authentication`). */
export const AUTH_PROVIDER_ID = 'gws';

/**
 * The GWS sessions signed in in this window and in the profile's other windows, in VS Code's
 * Accounts menu (issue 15): one account per session, "agent1 @ Lab server", signed out from
 * there like "GWS: Sign Out" does, except that it never logs the agent out of voice (no
 * EndContactCenterSession, docs/gws-notes.md#session-modes): the Accounts menu asks only
 * whether to sign out. Signing in from the menu is "GWS: Sign In".
 *
 * A session's id is its inspector source (`session:<profile id>`) and its access token an
 * opaque random id made at sign-in: GWS sessions live in a cookie the extension keeps to itself,
 * and the password never leaves secret storage (README "Security").
 *
 * Windows keep in step through the shared list of src/session/sharedAccounts.ts: each window
 * publishes its own sessions under its window id, lists the others' too, and carries out the
 * sign-out requests other windows write for its sessions.
 */
export class GwsAuthenticationProvider extends Disposable implements vscode.AuthenticationProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>());
  readonly onDidChangeSessions = this.changeEmitter.event;
  /** Session id → what the Accounts menu shows now; its token is made once per sign-in (made here for other windows' sessions: tokens are never shared). */
  private shown = new Map<string, vscode.AuthenticationSession>();
  /** Other windows' sessions, as last read from the shared list. */
  private foreign: vscode.AuthenticationSession[] = [];
  /** Set on deactivate: the window's entry is gone and must not be put back until it signs in again. */
  private withdrawn = false;
  private readonly windowId: string;
  private readonly now: () => number;

  constructor(
    private readonly sessions: Sessions,
    private readonly shared: SharedAccountsStore,
    private readonly logger: Logger,
    options: { windowId?: string; now?: () => number } = {},
  ) {
    super();
    this.windowId = options.windowId ?? randomUUID();
    this.now = options.now ?? Date.now;
    this.shown = this.current();
    // Sign-ins, sign-outs and lost sessions all change the window's sessions.
    this.register(sessions.onDidChange(() => this.update()));
    // Another window (or this one) changed the shared list.
    this.register(shared.onDidChange(() => this.background(this.refresh())));
    // A heartbeat, so that a window that crashed is dropped from the others' lists (EXPIRY_MS).
    const heartbeat = setInterval(() => {
      if (!this.withdrawn && this.ownSessions().length > 0) this.background(this.publish());
      else this.background(this.refresh());
    }, HEARTBEAT_MS);
    this.register({ dispose: () => clearInterval(heartbeat) });
    this.background(this.publish().then(() => this.refresh()));
  }

  /** This window's id in the shared list. */
  get id(): string {
    return this.windowId;
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    return [...this.shown.values(), ...this.foreign];
  }

  /** "Sign in" from the Accounts menu: the Sign In command, then the session it signed in. */
  async createSession(): Promise<vscode.AuthenticationSession> {
    const before = new Set(this.shown.keys());
    const signedIn = await vscode.commands.executeCommand<boolean>('gws.signIn');
    this.update();
    const added = [...this.shown.values()].find((session) => !before.has(session.id));
    if (!signedIn || !added) throw new Error('GWS: not signed in.');
    return added;
  }

  /**
   * "Sign out" from the Accounts menu: that session only, and the agent stays logged in to
   * voice. Another window's session is signed out by that window, asked through the shared list.
   */
  async removeSession(sessionId: string): Promise<void> {
    const foreign = parseForeignSessionId(sessionId);
    if (foreign) {
      await this.shared.update((doc) => withSignOutRequest(doc, foreign.windowId, foreign.sessionId, this.now()));
      return;
    }
    if (!this.sessions.forSource(sessionId)?.profile) {
      this.update();
      return;
    }
    await this.signOut(sessionId);
  }

  /** For deactivate(): removes the window's entry from the shared list. */
  async withdraw(): Promise<void> {
    this.withdrawn = true;
    await this.shared.update((doc) => withWindow(doc, this.windowId, [], this.now()));
  }

  private async signOut(sessionId: string): Promise<void> {
    await vscode.commands.executeCommand<boolean>('gws.signOut', { source: sessionId, keepAgentLogin: true });
    this.update();
  }

  /** Tells VS Code which sessions came and went since the last time, and the other windows too. */
  private update(): void {
    const next = this.current();
    const added = [...next.values()].filter((s) => !this.shown.has(s.id));
    const removed = [...this.shown.values()].filter((s) => !next.has(s.id));
    const changed = [...next.values()].filter((s) => this.shown.has(s.id) && this.shown.get(s.id)?.account.label !== s.account.label);
    this.shown = next;
    if (added.length + removed.length + changed.length === 0) return;
    this.changeEmitter.fire({ added, removed, changed });
    if (next.size > 0) this.withdrawn = false;
    if (!this.withdrawn) this.background(this.publish());
  }

  /** Writes the window's sessions (and a fresh heartbeat) to the shared list. */
  private async publish(): Promise<void> {
    const own = this.ownSessions();
    await this.shared.update((doc) => withWindow(doc, this.windowId, own, this.now()));
  }

  /** Reads the shared list: others' sessions, sign-out requests for this window, and a lost entry of its own put back. */
  private async refresh(): Promise<void> {
    const doc = await this.shared.read();
    const requested = takeSignOutRequests(doc, this.windowId).sessionIds;
    if (requested.length > 0) {
      await this.shared.update((latest) => takeSignOutRequests(latest, this.windowId).doc);
      for (const sessionId of requested) {
        // Sign-out of the extension's session only, as from this window's own Accounts menu.
        if (this.sessions.forSource(sessionId)?.profile) await this.signOut(sessionId);
      }
    }
    // Two windows writing at once can drop one's entry: put it back (once it matches, no write).
    if (!this.withdrawn && !sameSessions(doc.windows[this.windowId]?.sessions ?? [], this.ownSessions())) await this.publish();
    this.showForeign(doc);
  }

  private showForeign(doc: SharedAccounts): void {
    const known = new Map(this.foreign.map((s) => [s.id, s]));
    const next = foreignSessions(doc, this.windowId, this.now()).map((s): vscode.AuthenticationSession => {
      const id = foreignSessionId(s.windowId, s.id);
      return { id, accessToken: known.get(id)?.accessToken ?? randomUUID(), account: { id: s.accountId, label: s.label }, scopes: [] };
    });
    const nextIds = new Set(next.map((s) => s.id));
    const added = next.filter((s) => !known.has(s.id));
    const removed = this.foreign.filter((s) => !nextIds.has(s.id));
    const changed = next.filter((s) => known.has(s.id) && known.get(s.id)?.account.label !== s.account.label);
    this.foreign = next;
    if (added.length + removed.length + changed.length > 0) this.changeEmitter.fire({ added, removed, changed });
  }

  private ownSessions(): SharedSession[] {
    return [...this.shown.values()].map((s) => ({ id: s.id, accountId: s.account.id, label: s.account.label }));
  }

  private background(work: Promise<void>): void {
    work.catch((error: unknown) => this.logger.error('accounts', `Sharing the signed-in accounts with other windows failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private current(): Map<string, vscode.AuthenticationSession> {
    const out = new Map<string, vscode.AuthenticationSession>();
    for (const controller of this.sessions.list()) {
      const session = this.toSession(controller);
      if (session) out.set(session.id, session);
    }
    return out;
  }

  private toSession(controller: SessionController): vscode.AuthenticationSession | undefined {
    const profile = controller.profile;
    // Signing in is not signed in yet; a lost session stays until it is signed out.
    if (!profile || controller.state === 'signingIn' || controller.state === 'signedOut') return undefined;
    const id = controller.source?.id ?? `session:${profile.id}`;
    const label = `${profile.user} @ ${profile.name}`;
    const known = this.shown.get(id);
    return {
      id,
      accessToken: known?.accessToken ?? randomUUID(),
      account: { id: `${profile.id}/${profile.user}`, label },
      scopes: [],
    };
  }
}

function sameSessions(a: readonly SharedSession[], b: readonly SharedSession[]): boolean {
  return a.length === b.length && a.every((s, i) => s.id === b[i].id && s.accountId === b[i].accountId && s.label === b[i].label);
}
