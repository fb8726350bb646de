// Links REST operations to the notifications they caused, for the inspector: an operation's
// row lists the notifications it caused with the delay of the first, a notification's row
// names its operation. What an operation is recognised by (its "subject") is linkSubjects.ts;
// this module keeps the bookkeeping bounded (a link window, a cap on links per operation,
// operations that never complete given up on) and raises the "no notification within N s"
// warning with one timer, never one per operation.
import type { OperationRecord } from '../wire/sessionEvents';
import { ANY_DEVICE, deviceSubject, NEW_CALL } from './linkSubjects';
import type { StreamLog, StreamRecord } from './streamLog';

export const DEFAULT_NO_NOTIFICATION_WARNING_MS = 5_000;
/** Notifications for a call later than this after an operation on it are not attributed to it. */
export const DEFAULT_LINK_WINDOW_MS = 30_000;
/** An operation row lists at most this many caused notifications (memory stays bounded). */
export const MAX_LINKS_PER_OPERATION = 1_000;

export interface LinkTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OperationLinkOptions {
  noNotificationWarningMs: number;
  linkWindowMs?: number;
  now: () => number;
  timers: LinkTimers;
}

/** An operation still able to collect notifications. */
export interface OperationLink {
  record: StreamRecord;
  /** What its notifications are recognised by (linkSubjects.ts). */
  subject?: string;
  startedAt: number;
  linkedCount: number;
  completed: boolean;
  /** The operation this one took the call from: it gets the call back if this one is refused. */
  previous?: OperationLink;
}

export class OperationLinks {
  private warningMs: number;
  private readonly linkWindowMs: number;
  private readonly now: () => number;
  private readonly timers: LinkTimers;

  /** Operation id → its row, until it completes and its link window has passed. */
  private readonly operations = new Map<number, OperationLink>();
  /** Subject (a call id, a device, "new call"…) → the latest operation on it: it owns the notifications that follow. */
  private readonly latestOperationBySubject = new Map<string, OperationLink>();
  /** Operations with a subject and no notification yet (insertion order = start order). */
  private readonly awaitingNotification = new Set<OperationLink>();
  /** The one timer that checks `awaitingNotification`; never one timer per operation. */
  private warningTimer: unknown;

  constructor(
    private readonly log: StreamLog,
    options: OperationLinkOptions,
  ) {
    this.warningMs = positiveOr(options.noNotificationWarningMs, DEFAULT_NO_NOTIFICATION_WARNING_MS);
    this.linkWindowMs = positiveOr(options.linkWindowMs, DEFAULT_LINK_WINDOW_MS);
    this.now = options.now;
    this.timers = options.timers;
  }

  get noNotificationWarningMs(): number {
    return this.warningMs;
  }

  setNoNotificationWarningMs(ms: number): void {
    this.warningMs = positiveOr(ms, DEFAULT_NO_NOTIFICATION_WARNING_MS);
    this.rearmWarningTimer();
  }

  /** The link of an operation already started (its id), if it is still kept. */
  known(operationId: number): OperationLink | undefined {
    return this.operations.get(operationId);
  }

  /** A new operation's row was appended: from now on it collects what its subject causes. */
  started(operationId: number, record: StreamRecord, subject: string | undefined, startedAt: number): OperationLink {
    this.forgetExpiredOperations();
    const link: OperationLink = { record, subject, startedAt, linkedCount: 0, completed: false };
    this.operations.set(operationId, link);
    if (subject !== undefined) {
      // "Until the next operation on X": a newer operation takes over X's notifications.
      link.previous = this.latestOperationBySubject.get(subject);
      this.latestOperationBySubject.set(subject, link);
      this.awaitingNotification.add(link);
      if (this.warningTimer === undefined) this.rearmWarningTimer();
    }
    return link;
  }

  /**
   * The operation completed. A refused one caused nothing: it stops waiting for a
   * notification, and the operation it took its subject from gets the subject back.
   */
  completed(link: OperationLink, operation: OperationRecord, failed: boolean): void {
    const record = link.record;
    link.completed = true;
    if (failed) {
      // GWS did not act on a refused request: later notifications are not its doing, and
      // "no notification" is expected rather than worth a warning.
      this.awaitingNotification.delete(link);
      record.warning = undefined;
      const subject = link.subject;
      if (subject !== undefined && link.linkedCount === 0 && this.latestOperationBySubject.get(subject) === link) {
        // The refused request took nothing over: the earlier operation keeps its notifications.
        const previous = link.previous;
        if (previous && (operation.completedAt ?? this.now()) - previous.startedAt <= this.linkWindowMs) {
          this.latestOperationBySubject.set(subject, previous);
        } else {
          this.latestOperationBySubject.delete(subject);
        }
      }
    }
    // A completed operation no longer needs its predecessor: no chain of old operations is kept alive.
    link.previous = undefined;
  }

  /** The operation that caused this notification, if any (see linkSubjects.ts). */
  causeOf(record: StreamRecord, data: Record<string, unknown>, receivedAt: number): OperationLink | undefined {
    if (record.callId !== undefined) {
      const link = this.linkFor(record.callId, receivedAt);
      if (link || record.messageType !== 'CallStateChangeMessage' || !record.diff?.first || record.state !== 'Dialing') return link;
      // A call seen for the first time, dialling: the call a pending Dial made. From now on
      // its notifications belong to that Dial, until another operation on the call.
      const dial = this.linkFor(NEW_CALL, receivedAt);
      if (dial) {
        this.latestOperationBySubject.delete(NEW_CALL);
        this.latestOperationBySubject.set(record.callId, dial);
      }
      return dial;
    }
    if (record.messageType === 'DeviceStateChangeMessage' && Array.isArray(data.devices)) {
      for (const device of data.devices) {
        const id = isObject(device) && typeof device.id === 'string' ? device.id : undefined;
        const link = id !== undefined ? this.linkFor(deviceSubject(id), receivedAt) : undefined;
        if (link) return link;
      }
      return this.linkFor(ANY_DEVICE, receivedAt);
    }
    return undefined;
  }

  private linkFor(subject: string, receivedAt: number): OperationLink | undefined {
    const link = this.latestOperationBySubject.get(subject);
    if (!link) return undefined;
    if (receivedAt - link.startedAt > this.linkWindowMs) {
      this.latestOperationBySubject.delete(subject);
      return undefined;
    }
    return link;
  }

  /** Records that `notification` was caused by `link`'s operation (the notification row already names it). */
  addLink(link: OperationLink, notification: StreamRecord): void {
    const operation = link.record;
    if (link.linkedCount === 0) {
      operation.delayMs = notification.delayMs;
      if (this.awaitingNotification.delete(link) && this.awaitingNotification.size === 0) this.rearmWarningTimer();
      if (operation.warning !== undefined) {
        operation.warning = `First notification after ${formatMs(notification.delayMs ?? 0)} (over ${formatMs(this.warningMs)})`;
      }
    }
    link.linkedCount++;
    if (link.linkedCount <= MAX_LINKS_PER_OPERATION) (operation.linkedSeqs ??= []).push(notification.seq);
    this.log.updated([operation]);
  }

  /** Drops bookkeeping for operations whose link window is over (bounded memory). */
  private forgetExpiredOperations(): void {
    const horizon = this.now() - this.linkWindowMs;
    for (const [id, link] of this.operations) {
      // An operation that never completes is kept 10 windows, then given up on.
      const stale = link.startedAt < horizon - 9 * this.linkWindowMs;
      if ((link.completed && link.startedAt < horizon) || stale) this.operations.delete(id);
    }
    for (const [subject, link] of this.latestOperationBySubject) {
      if (link.startedAt < horizon) this.latestOperationBySubject.delete(subject);
    }
  }

  // ---- the single "no notification" timer ------------------------------------------------

  private rearmWarningTimer(): void {
    if (this.warningTimer !== undefined) this.timers.clearTimeout(this.warningTimer);
    this.warningTimer = undefined;
    const oldest = this.awaitingNotification.values().next();
    if (oldest.done) return;
    let earliest = oldest.value.startedAt;
    for (const link of this.awaitingNotification) earliest = Math.min(earliest, link.startedAt);
    const wait = Math.max(0, earliest + this.warningMs - this.now());
    this.warningTimer = this.timers.setTimeout(() => {
      this.warningTimer = undefined;
      this.checkAwaitingNotification();
    }, wait);
  }

  private checkAwaitingNotification(): void {
    const now = this.now();
    const warned: StreamRecord[] = [];
    for (const link of this.awaitingNotification) {
      if (now - link.startedAt < this.warningMs) continue;
      this.awaitingNotification.delete(link);
      link.record.warning = `No notification within ${formatMs(this.warningMs)}`;
      warned.push(link.record);
    }
    if (warned.length > 0) this.log.updated(warned);
    this.rearmWarningTimer();
  }

  dispose(): void {
    if (this.warningTimer !== undefined) this.timers.clearTimeout(this.warningTimer);
    this.warningTimer = undefined;
    this.awaitingNotification.clear();
    this.latestOperationBySubject.clear();
    this.operations.clear();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
