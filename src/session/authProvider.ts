import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import type { SessionController } from './sessionController';
import type { Sessions } from './sessions';

/** The provider's id (package.json `contributes.authentication`). */
export const AUTH_PROVIDER_ID = 'gws';

/**
 * The window's signed-in GWS sessions in VS Code's Accounts menu (issue 15): one account per
 * session, "agent1 @ Lab server", signed out from there like "GWS: Sign Out" does, except that
 * it never logs the agent out of voice (no EndContactCenterSession, docs/gws-notes.md#session-modes):
 * the Accounts menu asks only whether to sign out. Signing in from the menu is "GWS: Sign In".
 *
 * A session's id is its inspector source (`session:<profile id>`) and its access token an
 * opaque random id made at sign-in: GWS sessions live in a cookie the extension keeps to itself,
 * and the password never leaves secret storage (README "Security").
 */
export class GwsAuthenticationProvider extends Disposable implements vscode.AuthenticationProvider {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>());
  readonly onDidChangeSessions = this.changeEmitter.event;
  /** Session id → what the Accounts menu shows now; its token is made once per sign-in. */
  private shown = new Map<string, vscode.AuthenticationSession>();

  constructor(private readonly sessions: Sessions) {
    super();
    this.shown = this.current();
    // Sign-ins, sign-outs and lost sessions all change the window's sessions.
    this.register(sessions.onDidChange(() => this.update()));
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    return [...this.shown.values()];
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

  /** "Sign out" from the Accounts menu: that session only, and the agent stays logged in to voice. */
  async removeSession(sessionId: string): Promise<void> {
    if (!this.sessions.forSource(sessionId)?.profile) {
      this.update();
      return;
    }
    await vscode.commands.executeCommand<boolean>('gws.signOut', { source: sessionId, keepAgentLogin: true });
    this.update();
  }

  /** Tells VS Code which sessions came and went since the last time. */
  private update(): void {
    const next = this.current();
    const added = [...next.values()].filter((s) => !this.shown.has(s.id));
    const removed = [...this.shown.values()].filter((s) => !next.has(s.id));
    const changed = [...next.values()].filter((s) => this.shown.has(s.id) && this.shown.get(s.id)?.account.label !== s.account.label);
    this.shown = next;
    if (added.length + removed.length + changed.length > 0) this.changeEmitter.fire({ added, removed, changed });
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
