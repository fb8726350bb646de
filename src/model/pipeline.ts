// Turns what a GwsSession reports into the call store and the inspector's stream:
//   notification → route on data.messageType → store.applyCall → diff → one stream record
//   operation    → one record per operation (updated when it completes), linked to the
//                  notifications that follow it for the same call
//   meta/snapshot → session rows; a snapshot also reconciles the store.
// attach() queues a session's events and analyses them a moment later (inbox.ts says why);
// the ingest* methods work synchronously. Nothing here throws on server input: a message we
// cannot read still becomes a row that says so. The per-notification cost is a small diff:
// the message object is kept as it is (see streamLog.ts for why it is not serialised here).
import type { Disposable, Event } from '../base/emitter';
import type {
  MetaRecord,
  NotificationReceived,
  OperationRecord,
  SnapshotRecord,
} from '../wire/sessionEvents';
import { callIdFromUrl, readErrorMessage } from '../wire/errorMessage';
import type { GwsCall, GwsDevice } from '../wire/types';
import type { CallStore } from './callStore';
import { diffCalls, isEmptyDiff } from './diff';
import { afterPendingTimers, Inbox, type Defer } from './inbox';
import { ANY_DEVICE, deviceSubject, NEW_CALL, operationSubject, pathOf } from './linkSubjects';
import { StringPool } from './stringPool';
import type { StreamLog, StreamRecord } from './streamLog';
import { DeviceTracker, SEPARATOR, summarizeDiff } from './summary';

export const DEFAULT_NO_NOTIFICATION_WARNING_MS = 5_000;
/** Notifications for a call later than this after an operation on it are not attributed to it. */
export const DEFAULT_LINK_WINDOW_MS = 30_000;
/** An operation row lists at most this many caused notifications (memory stays bounded). */
export const MAX_LINKS_PER_OPERATION = 1_000;

export interface PipelineTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PipelineOptions {
  noNotificationWarningMs: number;
  linkWindowMs?: number;
  /** Clock for deadlines (tests inject a fake one). Defaults to Date.now. */
  now?: () => number;
  timers?: PipelineTimers;
  /** When attach()'s queued events are analysed; defaults to after the pending timers. */
  defer?: Defer;
}

/** A followed session; `flush()` analyses the events still queued right now. */
export interface PipelineAttachment extends Disposable {
  flush(): void;
}

/** The part of a GwsSession the pipeline listens to. */
export interface PipelineSource {
  onNotification: Event<NotificationReceived>;
  onOperation: Event<OperationRecord>;
  onMeta: Event<MetaRecord>;
  onSnapshot: Event<SnapshotRecord>;
}

/** An operation still able to collect notifications. */
interface OperationLink {
  record: StreamRecord;
  /** What its notifications are recognised by (linkSubjects.ts). */
  subject?: string;
  startedAt: number;
  linkedCount: number;
  completed: boolean;
  /** The operation this one took the call from: it gets the call back if this one is refused. */
  previous?: OperationLink;
}

const defaultTimers: PipelineTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Pipeline implements Disposable {
  private warningMs: number;
  private readonly linkWindowMs: number;
  private readonly now: () => number;
  private readonly timers: PipelineTimers;
  private readonly defer: Defer;
  private readonly devices = new DeviceTracker();
  private readonly repeated = new StringPool();

  /** Operation id → its row, until it completes and its link window has passed. */
  private readonly operations = new Map<number, OperationLink>();
  /** Subject (a call id, a device, "new call"…) → the latest operation on it: it owns the notifications that follow. */
  private readonly latestOperationBySubject = new Map<string, OperationLink>();
  /** Operations with a subject and no notification yet (insertion order = start order). */
  private readonly awaitingNotification = new Set<OperationLink>();
  /** The one timer that checks `awaitingNotification`; never one timer per operation. */
  private warningTimer: unknown;

  constructor(
    private readonly store: CallStore,
    private readonly log: StreamLog,
    options: PipelineOptions,
  ) {
    this.warningMs = positiveOr(options.noNotificationWarningMs, DEFAULT_NO_NOTIFICATION_WARNING_MS);
    this.linkWindowMs = positiveOr(options.linkWindowMs, DEFAULT_LINK_WINDOW_MS);
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? defaultTimers;
    this.defer = options.defer ?? afterPendingTimers;
  }

  get noNotificationWarningMs(): number {
    return this.warningMs;
  }

  setNoNotificationWarningMs(ms: number): void {
    this.warningMs = positiveOr(ms, DEFAULT_NO_NOTIFICATION_WARNING_MS);
    this.rearmWarningTimer();
  }

  /**
   * Follows a session: its events are queued and analysed on a later turn of the event loop
   * (see inbox.ts for why), in the order they happened. Disposing handles what is queued.
   */
  attach(source: PipelineSource): PipelineAttachment {
    const inbox = new Inbox({ defer: this.defer });
    const subscriptions = [
      source.onNotification((n) => inbox.push(this.onNotification, n)),
      source.onOperation((r) => inbox.push(this.onOperation, r)),
      source.onMeta((m) => inbox.push(this.onMeta, m)),
      source.onSnapshot((s) => inbox.push(this.onSnapshot, s)),
    ];
    return {
      flush: () => inbox.drain(),
      dispose: () => {
        subscriptions.forEach((s) => s.dispose());
        inbox.dispose();
      },
    };
  }

  // Bound once: the inbox queues (handler, event) pairs without a closure per event.
  private readonly onNotification = (n: NotificationReceived): void => void this.ingestNotification(n);
  private readonly onOperation = (r: OperationRecord): void => void this.ingestOperation(r);
  private readonly onMeta = (m: MetaRecord): void => void this.ingestMeta(m);
  private readonly onSnapshot = (s: SnapshotRecord): void => void this.ingestSnapshot(s);

  ingestNotification(notification: NotificationReceived): StreamRecord {
    const { message, receivedAt } = notification;
    try {
      this.shareRepeatedStrings(message);
    } catch {
      // A message that cannot be written to (frozen) keeps its own strings.
    }
    const record = this.newRecord('notification', receivedAt, textOr(message?.channel, '(no channel)'));
    record.envelope = message;
    try {
      return this.describeNotification(record, message?.data, receivedAt);
    } catch (error) {
      // Whatever the server sent, the stream keeps it: an error row instead of a lost message.
      record.error = true;
      record.summary = `Could not analyse this notification: ${error instanceof Error ? error.message : String(error)}`;
      return this.log.append(record);
    }
  }

  /**
   * Every notification repeats its channel, messageType and notificationType: one copy of
   * each is kept and the message points at it (the JSON is unchanged), so the stream log
   * does not hold 50,000 copies of "CallStateChangeMessage".
   */
  private shareRepeatedStrings(message: NotificationReceived['message']): void {
    if (!isObject(message)) return;
    if (typeof message.channel === 'string') message.channel = this.repeated.intern(message.channel);
    const data = message.data;
    if (!isObject(data)) return;
    if (typeof data.messageType === 'string') data.messageType = this.repeated.intern(data.messageType);
    if (typeof data.notificationType === 'string') data.notificationType = this.repeated.intern(data.notificationType);
  }

  private describeNotification(record: StreamRecord, data: unknown, receivedAt: number): StreamRecord {
    if (!isObject(data)) {
      record.type = 'Malformed';
      record.summary = `Malformed: data is ${describeType(data)}`;
      record.error = true;
      return this.log.append(record);
    }
    const messageType = typeof data.messageType === 'string' ? data.messageType : undefined;
    record.messageType = messageType;
    record.type = textOr(data.notificationType, messageType ?? '(no messageType)');
    switch (messageType) {
      case 'CallStateChangeMessage':
        this.describeCallStateChange(record, data.call);
        break;
      case 'DeviceStateChangeMessage':
        this.describeDeviceStateChange(record, data.devices);
        break;
      case 'ErrorMessage':
        describeErrorMessage(record, data);
        break;
      default:
        record.summary = `Unrecognised message${messageType ? ` ${messageType}` : ''}: ${describeKeys(data)}`;
    }
    const link = this.causeOf(record, data, receivedAt);
    if (link) {
      record.linkedSeqs = [link.record.seq];
      record.delayMs = receivedAt - link.startedAt;
    }
    const appended = this.log.append(record);
    if (link) this.addLink(link, appended);
    return appended;
  }

  ingestOperation(operation: OperationRecord): StreamRecord {
    const known = this.operations.get(operation.id);
    if (known && operation.phase === 'completed') return this.completeOperation(known, operation);
    this.forgetExpiredOperations();
    const record = this.newRecord('operation', operation.startedAt, 'REST');
    record.type = operation.operationName || `${operation.method} ${operation.url}`;
    record.callId = operation.callId ?? callIdFromUrl(operation.url);
    const subject = operationSubject(record.callId, operation.url);
    record.summary = `${operation.method} ${pathOf(operation.url)}`;
    record.pending = true;
    record.operation = {
      id: operation.id,
      method: operation.method,
      url: operation.url,
      requestHeaders: operation.requestHeaders,
      requestBody: operation.requestBody,
    };
    const appended = this.log.append(record);
    const link: OperationLink = {
      record: appended,
      subject,
      startedAt: operation.startedAt,
      linkedCount: 0,
      completed: false,
    };
    this.operations.set(operation.id, link);
    if (subject !== undefined) {
      // "Until the next operation on X": a newer operation takes over X's notifications.
      link.previous = this.latestOperationBySubject.get(subject);
      this.latestOperationBySubject.set(subject, link);
      this.awaitingNotification.add(link);
      if (this.warningTimer === undefined) this.rearmWarningTimer();
    }
    if (operation.phase === 'completed') return this.completeOperation(link, operation);
    return appended;
  }

  ingestMeta(meta: MetaRecord): StreamRecord {
    const record = this.newRecord('meta', meta.time, meta.channel ?? 'session');
    record.type = meta.type;
    record.summary = meta.text;
    record.detail = meta.detail;
    if (meta.type === 'error' || meta.type === 'sessionExpired') record.error = true;
    return this.log.append(record);
  }

  /** A full read: the store drops calls that ended unseen; the row says what moved. */
  ingestSnapshot(snapshot: SnapshotRecord): StreamRecord {
    const calls = Array.isArray(snapshot.calls) ? snapshot.calls : [];
    const changes = this.store.applySnapshot(calls);
    if (Array.isArray(snapshot.devices)) this.devices.reset(snapshot.devices);
    const added: string[] = [];
    const removed: Array<{ callId: string; state?: string }> = [];
    const changed: Array<{ callId: string; summary: string }> = [];
    for (const change of changes) {
      if (change.removed) {
        removed.push({ callId: change.callId, state: change.previous?.state });
      } else if (!change.previous) {
        added.push(change.callId);
      } else if (change.current) {
        const diff = diffCalls(change.previous, change.current);
        if (!isEmptyDiff(diff)) changed.push({ callId: change.callId, summary: summarizeDiff(diff) });
      }
    }
    const liveCount = this.store.size;
    const record = this.newRecord('meta', snapshot.time, 'REST');
    // 'resync' after a re-handshake; otherwise 'snapshot', so it does not read like the session's own signIn row.
    record.type = snapshot.reason === 'resync' ? 'resync' : 'snapshot';
    const label = { signIn: 'sign-in snapshot', resync: 'resync', refresh: 'refresh' }[snapshot.reason] ?? snapshot.reason;
    const parts = [`${label}: ${liveCount} ${liveCount === 1 ? 'call' : 'calls'}`];
    if (added.length) parts.push(`new ${added.join(', ')}`);
    if (removed.length) parts.push(`removed ${removed.map((r) => r.callId).join(', ')}`);
    if (changed.length) parts.push(`changed ${changed.map((c) => `${c.callId} (${c.summary})`).join(', ')}`);
    record.summary = parts.join(SEPARATOR);
    record.changed = added.length + removed.length + changed.length > 0;
    record.detail = { reason: snapshot.reason, calls: liveCount, added, removed, changed };
    return this.log.append(record);
  }

  dispose(): void {
    if (this.warningTimer !== undefined) this.timers.clearTimeout(this.warningTimer);
    this.warningTimer = undefined;
    this.awaitingNotification.clear();
    this.latestOperationBySubject.clear();
    this.operations.clear();
  }

  // ---- notifications -------------------------------------------------------------------

  private describeCallStateChange(record: StreamRecord, call: unknown): void {
    const change = isObject(call) ? this.store.applyCall(call as GwsCall) : undefined;
    if (!change || !change.current) {
      record.summary = isObject(call) ? 'CallStateChangeMessage with a call that has no id' : 'CallStateChangeMessage without a call';
      record.error = true;
      return;
    }
    const current = change.current;
    // The diff first: it points the call's unchanged values (its id, its state…) at the
    // previous notification's, and the row then refers to those, not to fresh copies.
    record.diff = diffCalls(change.previous, current, { shareUnchanged: true });
    record.callId = typeof current.id === 'string' ? current.id : change.callId;
    record.state = typeof current.state === 'string' ? current.state : undefined;
    record.recordingState = typeof current.recordingState === 'string' ? current.recordingState : undefined;
    record.changed = !isEmptyDiff(record.diff);
    record.summary = summarizeDiff(record.diff);
  }

  private describeDeviceStateChange(record: StreamRecord, devices: unknown): void {
    if (!Array.isArray(devices)) {
      record.summary = 'DeviceStateChangeMessage without devices';
      record.error = true;
      return;
    }
    const result = this.devices.apply(devices.filter(isObject) as GwsDevice[]);
    record.summary = result.summary;
    record.changed = result.changed;
  }

  // ---- operation ↔ notification links ----------------------------------------------------

  /** The operation that caused this notification, if any (see linkSubjects.ts). */
  private causeOf(record: StreamRecord, data: Record<string, unknown>, receivedAt: number): OperationLink | undefined {
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

  private addLink(link: OperationLink, notification: StreamRecord): void {
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

  private completeOperation(link: OperationLink, operation: OperationRecord): StreamRecord {
    const record = link.record;
    link.completed = true;
    record.pending = false;
    record.httpStatus = operation.httpStatus;
    record.statusCode = operation.statusCode;
    record.statusMessage = operation.statusMessage;
    if (operation.completedAt !== undefined) record.rttMs = operation.completedAt - operation.startedAt;
    if (record.operation && operation.error !== undefined) record.operation.error = operation.error;
    const failed = isFailure(operation);
    record.error = failed || undefined;
    record.summary = describeOperationResult(operation, record.rttMs);
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
    this.log.updated([record]);
    return record;
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

  private newRecord(kind: StreamRecord['kind'], time: number, channel: string): StreamRecord {
    // Every record starts with the same fields in the same order: one hidden class for
    // all rows keeps property access monomorphic on the hot path.
    return {
      seq: 0,
      time: typeof time === 'number' && Number.isFinite(time) ? time : this.now(),
      kind,
      channel,
      type: kind,
      messageType: undefined,
      callId: undefined,
      state: undefined,
      recordingState: undefined,
      summary: '',
      changed: true,
      diff: undefined,
      envelope: undefined,
    };
  }
}

// ---- helpers ---------------------------------------------------------------------------

function describeErrorMessage(record: StreamRecord, data: Record<string, unknown>): void {
  const { text, code, callId } = readErrorMessage(data);
  record.error = true;
  record.callId = callId;
  const parts = ['ErrorMessage'];
  if (text) parts.push(text);
  if (code !== undefined) parts.push(`code ${String(code)}`);
  if (!text && code === undefined) parts.push(describeKeys(data));
  record.summary = parts.join(': ');
}

function describeOperationResult(operation: OperationRecord, rttMs: number | undefined): string {
  const parts: string[] = [];
  if (operation.httpStatus !== undefined) parts.push(`HTTP ${operation.httpStatus}`);
  if (operation.statusCode !== undefined) {
    parts.push(`statusCode ${operation.statusCode}${operation.statusMessage ? ` ${operation.statusMessage}` : ''}`);
  }
  if (operation.error) parts.push(operation.error);
  if (rttMs !== undefined) parts.push(`${rttMs} ms`);
  return parts.length > 0 ? parts.join(SEPARATOR) : 'completed';
}

function isFailure(operation: OperationRecord): boolean {
  if (operation.error) return true;
  if (operation.httpStatus !== undefined && (operation.httpStatus < 200 || operation.httpStatus >= 300)) return true;
  return operation.statusCode !== undefined && operation.statusCode !== 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function describeKeys(data: Record<string, unknown>): string {
  const keys = Object.keys(data);
  if (keys.length === 0) return 'empty data';
  const listed = keys.slice(0, 8).join(', ');
  return `fields ${listed}${keys.length > 8 ? `, … (${keys.length})` : ''}`;
}

function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
