// HTTP sessions (the JSESSIONID cookie) with an idle timeout, and their CSRF tokens.
// A session dies after `idleTimeoutMs` without a request, on EndContactCenterSession,
// on the expire-sessions fault and on a restart; listeners hear about each death so
// the Bayeux side can drop that session's CometD clients.
import type { IdFactory } from './ids';
import type { SimUser } from './users';

export interface Session {
  readonly id: string;
  readonly user: SimUser;
  readonly csrfToken: string;
  lastAccess: number;
  alive: boolean;
}

export const SESSION_COOKIE = 'JSESSIONID';

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners: Array<(session: Session) => void> = [];
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly ids: IdFactory,
    private readonly idleTimeoutMs: number,
  ) {
    // Expire idle sessions even when nobody asks, so their CometD clients go too.
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.min(idleTimeoutMs / 2, 60_000)));
    this.sweeper.unref();
  }

  create(user: SimUser): Session {
    const session: Session = { id: this.ids.secret(), user, csrfToken: this.ids.secret(), lastAccess: Date.now(), alive: true };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session for this cookie value, or undefined (expiring it if idle too long). */
  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.isIdle(session)) {
      this.invalidate(session);
      return undefined;
    }
    return session;
  }

  /** Still valid (not invalidated and not idle too long), without touching it. */
  isValid(session: Session): boolean {
    return this.find(session.id) === session;
  }

  touch(session: Session): void {
    session.lastAccess = Date.now();
  }

  invalidate(session: Session): void {
    if (!this.sessions.delete(session.id)) return;
    session.alive = false;
    for (const listener of this.listeners) listener(session);
  }

  invalidateAll(): void {
    for (const session of [...this.sessions.values()]) this.invalidate(session);
  }

  count(): number {
    this.sweep();
    return this.sessions.size;
  }

  /** Live sessions of one user (one per JSESSIONID: the user's applications side by side). */
  countOf(user: SimUser): number {
    this.sweep();
    let count = 0;
    for (const session of this.sessions.values()) if (session.user === user) count += 1;
    return count;
  }

  onInvalidate(listener: (session: Session) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private isIdle(session: Session): boolean {
    return Date.now() - session.lastAccess >= this.idleTimeoutMs;
  }

  private sweep(): void {
    for (const session of [...this.sessions.values()]) if (this.isIdle(session)) this.invalidate(session);
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
