// The GWS accounts signed in across the windows of a VS Code profile (issue 15): what each
// window publishes in one shared document (src/session/sharedAccountsStore.ts keeps it in a
// file all the windows share, src/session/sharedAccountsFile.ts), and the pure rules for
// reading it. Only ids, labels and window ids go in: never a password, cookie, CSRF token or
// access token (README "Security").

/** One signed-in session as another window sees it. */
export interface SharedSession {
  /** The session's id in its own window (its inspector source, `session:<profile id>`). */
  id: string;
  accountId: string;
  label: string;
}

/** What one window publishes: its sessions and when it last said it is alive. */
export interface SharedWindow {
  sessions: SharedSession[];
  /** Epoch ms of the window's last write; an old one means the window is gone (crashed). */
  heartbeat: number;
}

/** "Sign out this session", written by the window whose Accounts menu was used, carried out by `windowId`. */
export interface SignOutRequest {
  windowId: string;
  sessionId: string;
  requestedAt: number;
}

export interface SharedAccounts {
  windows: Record<string, SharedWindow>;
  signOutRequests: SignOutRequest[];
}

/** A session of another window, as this window lists it. */
export interface ForeignSession extends SharedSession {
  windowId: string;
}

/** How often a window with sessions rewrites its heartbeat. */
export const HEARTBEAT_MS = 2 * 60_000;
/**
 * An entry (or a request) older than this belongs to a window that ended without removing it
 * (a crash, a killed extension host): three missed heartbeats, so a slow host is not dropped.
 */
export const EXPIRY_MS = 3 * HEARTBEAT_MS;

const FOREIGN_PREFIX = 'window:';

export function emptySharedAccounts(): SharedAccounts {
  return { windows: {}, signOutRequests: [] };
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the stored text. Whatever does not have the expected shape (another version's format,
 * a hand edit) is skipped, never thrown: a bad entry must not hide the good ones.
 */
export function parseSharedAccounts(text: string | undefined): SharedAccounts {
  const out = emptySharedAccounts();
  if (!text) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return out;
  }
  if (!isRecord(raw)) return out;
  if (isRecord(raw.windows)) {
    for (const [windowId, entry] of Object.entries(raw.windows)) {
      if (!isString(windowId) || !isRecord(entry) || typeof entry.heartbeat !== 'number' || !Array.isArray(entry.sessions)) continue;
      const sessions = entry.sessions.filter(
        (s): s is SharedSession => isRecord(s) && isString(s.id) && isString(s.accountId) && isString(s.label),
      );
      out.windows[windowId] = { heartbeat: entry.heartbeat, sessions: sessions.map((s) => ({ id: s.id, accountId: s.accountId, label: s.label })) };
    }
  }
  if (Array.isArray(raw.signOutRequests)) {
    out.signOutRequests = raw.signOutRequests
      .filter((r): r is SignOutRequest => isRecord(r) && isString(r.windowId) && isString(r.sessionId) && typeof r.requestedAt === 'number')
      .map((r) => ({ windowId: r.windowId, sessionId: r.sessionId, requestedAt: r.requestedAt }));
  }
  return out;
}

/** The stored text, in one key order whatever built the list, so an unchanged list reads as unchanged text. */
export function serializeSharedAccounts(doc: SharedAccounts): string {
  const windows: Record<string, SharedWindow> = {};
  for (const id of Object.keys(doc.windows).sort()) {
    const entry = doc.windows[id];
    windows[id] = { sessions: entry.sessions.map((s) => ({ id: s.id, accountId: s.accountId, label: s.label })), heartbeat: entry.heartbeat };
  }
  const signOutRequests = doc.signOutRequests.map((r) => ({ windowId: r.windowId, sessionId: r.sessionId, requestedAt: r.requestedAt }));
  return JSON.stringify({ windows, signOutRequests });
}

/** Drops the entries and requests of windows not heard from for EXPIRY_MS. */
export function pruneExpired(doc: SharedAccounts, now: number): SharedAccounts {
  const windows: Record<string, SharedWindow> = {};
  for (const [id, entry] of Object.entries(doc.windows)) if (now - entry.heartbeat < EXPIRY_MS) windows[id] = entry;
  const signOutRequests = doc.signOutRequests.filter((r) => now - r.requestedAt < EXPIRY_MS && windows[r.windowId] !== undefined);
  return { windows, signOutRequests };
}

/** The window's own entry set to its sessions now (no sessions: no entry), expired ones dropped. */
export function withWindow(doc: SharedAccounts, windowId: string, sessions: readonly SharedSession[], now: number): SharedAccounts {
  const pruned = pruneExpired(doc, now);
  const windows = { ...pruned.windows };
  delete windows[windowId];
  if (sessions.length > 0) windows[windowId] = { sessions: sessions.map((s) => ({ ...s })), heartbeat: now };
  // A request for a session the window no longer has is done (or moot).
  const own = new Set(sessions.map((s) => s.id));
  const signOutRequests = pruned.signOutRequests.filter((r) => r.windowId !== windowId || own.has(r.sessionId));
  return { windows, signOutRequests };
}

/** The sessions of every other live window. */
export function foreignSessions(doc: SharedAccounts, windowId: string, now: number): ForeignSession[] {
  const live = pruneExpired(doc, now);
  const out: ForeignSession[] = [];
  for (const [id, entry] of Object.entries(live.windows)) {
    if (id === windowId) continue;
    for (const s of entry.sessions) out.push({ ...s, windowId: id });
  }
  return out;
}

/** Asks `windowId` to sign out its session `sessionId` (once, however often asked). */
export function withSignOutRequest(doc: SharedAccounts, windowId: string, sessionId: string, now: number): SharedAccounts {
  const pruned = pruneExpired(doc, now);
  // Nobody would carry out a request for a window that is gone or a session it no longer has.
  if (!pruned.windows[windowId]?.sessions.some((s) => s.id === sessionId)) return pruned;
  const others = pruned.signOutRequests.filter((r) => r.windowId !== windowId || r.sessionId !== sessionId);
  return { windows: pruned.windows, signOutRequests: [...others, { windowId, sessionId, requestedAt: now }] };
}

/** The requests addressed to `windowId`, and the document without them (the window carries them out). */
export function takeSignOutRequests(doc: SharedAccounts, windowId: string): { doc: SharedAccounts; sessionIds: string[] } {
  const mine = doc.signOutRequests.filter((r) => r.windowId === windowId);
  if (mine.length === 0) return { doc, sessionIds: [] };
  return {
    doc: { windows: doc.windows, signOutRequests: doc.signOutRequests.filter((r) => r.windowId !== windowId) },
    sessionIds: [...new Set(mine.map((r) => r.sessionId))],
  };
}

/**
 * The id another window's session has in this window's Accounts menu: the owner's window id
 * with the session's own id, so removeSession knows which window to ask. Two windows signed in
 * to the same profile then list two sessions of one account, and signing the account out from
 * the menu signs out both.
 */
export function foreignSessionId(windowId: string, sessionId: string): string {
  return `${FOREIGN_PREFIX}${windowId}/${sessionId}`;
}

export function parseForeignSessionId(id: string): { windowId: string; sessionId: string } | undefined {
  if (!id.startsWith(FOREIGN_PREFIX)) return undefined;
  const rest = id.slice(FOREIGN_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { windowId: rest.slice(0, slash), sessionId: rest.slice(slash + 1) };
}
