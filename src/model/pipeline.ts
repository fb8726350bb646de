// Turns what a GwsSession reports into the call store and the inspector's stream:
//   notification → route on data.messageType → store.applyCall → diff → one stream record;
//                  any other message: its entities (entities.ts: devices, channels, a chat…)
//                  → the entity store → one diff each, or the raw fields when it has none
//   operation    → one record per operation (updated when it completes), linked to the
//                  notifications that show its effect (operationLinks.ts)
//   meta/snapshot → session rows; a snapshot also reconciles the store.
// attach() queues a session's events and analyses them a moment later (inbox.ts says why);
// the ingest* methods work synchronously. Nothing here throws on server input: a message we
// cannot read still becomes a row that says so. The per-notification cost is a small diff:
// the message object is kept as it is (see streamLog.ts for why it is not serialised here).
import { Emitter, type Disposable, type Event } from '../base/emitter';
import type {
  MetaRecord,
  NotificationReceived,
  OperationRecord,
  SnapshotRecord,
} from '../wire/sessionEvents';
import { callIdFromUrl, readErrorMessage, type ErrorMessageInfo } from '../wire/errorMessage';
import type { GwsCall, GwsDevice } from '../wire/types';
import type { CallStore } from './callStore';
import { diffCalls, diffEntity, isEmptyDiff } from './diff';
import type { CallDiff, EntityDiff, ParticipantsDiff } from './diffTypes';
import { DeviceList } from './devices';
import { entitiesOf } from './entities';
import { EntityStore } from './entityStore';
import { afterPendingTimers, Inbox, type Defer } from './inbox';
import { operationTarget, pathOf } from './linkSubjects';
import { OperationLinks, type EntityFacts, type LinkTimers, type OperationLink } from './operationLinks';
import { StringPool } from './stringPool';
import type { StreamLog, StreamRecord } from './streamLog';
import { DeviceTracker, formatValue, SEPARATOR, summarizeDiff, summarizeEntity } from './summary';

export type PipelineTimers = LinkTimers;

export interface PipelineOptions {
  noNotificationWarningMs: number;
  /** How long after an operation a notification showing its effect is linked to it (default 5 s). */
  linkWindowMs?: number;
  /** Entities (chats, devices, channels…) kept for diffs, oldest dropped first (default 10,000). */
  maxEntities?: number;
  /** Clock for deadlines (tests inject a fake one). Defaults to Date.now. */
  now?: () => number;
  timers?: PipelineTimers;
  /** When attach()'s queued events are analysed; defaults to after the pending timers. */
  defer?: Defer;
  /** The id of the source this pipeline analyses (sources.ts): every record carries it. */
  source?: string;
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

/** Calls whose last notification changed the participants, remembered at most (relateParticipantsUpdate). */
const MAX_PARTICIPANTS_CHANGES = 1_000;

/** Methods that only read: nothing they do shows in a notification. */
const READS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

const defaultTimers: PipelineTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Pipeline implements Disposable {
  private readonly now: () => number;
  private readonly defer: Defer;
  private readonly deviceTracker = new DeviceTracker();
  /** This source's chats, emails, devices, channels…: what their next message is diffed against. */
  readonly entities: EntityStore;
  /** The agent's devices (their values are the entity store's), for the calls view and the status bar. */
  readonly devices: DeviceList;
  private readonly repeated = new StringPool();
  /**
   * Per call, the seq and participants diff of its previous notification when that one changed
   * the participants: a ParticipantsUpdated right after it repeats the same list, and its row
   * then says which change it is about instead of "no tracked change". One entry per call at
   * most, dropped at the call's next notification; bounded for calls that end without one.
   * Never the row itself: that would keep its message body after the log evicted it.
   */
  private readonly participantsChanges = new Map<string, { seq: number; participants: ParticipantsDiff }>();
  private readonly links: OperationLinks;
  private readonly source: string | undefined;
  private readonly errorMessageEmitter = new Emitter<ErrorMessageInfo>();
  /**
   * An ErrorMessage notification was read (a failure the server reported after accepting an
   * operation). The only place it is recognised: the user's toast says what the row says.
   */
  readonly onDidReadErrorMessage: Event<ErrorMessageInfo> = this.errorMessageEmitter.event;

  constructor(
    private readonly store: CallStore,
    private readonly log: StreamLog,
    options: PipelineOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.defer = options.defer ?? afterPendingTimers;
    this.source = options.source;
    this.entities = new EntityStore(options.maxEntities);
    this.devices = new DeviceList(this.entities);
    this.links = new OperationLinks(log, {
      noNotificationWarningMs: options.noNotificationWarningMs,
      linkWindowMs: options.linkWindowMs,
      now: this.now,
      timers: options.timers ?? defaultTimers,
    });
  }

  get noNotificationWarningMs(): number {
    return this.links.noNotificationWarningMs;
  }

  setNoNotificationWarningMs(ms: number): void {
    this.links.setNoNotificationWarningMs(ms);
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
    let link: OperationLink | undefined;
    switch (messageType) {
      case 'CallStateChangeMessage': {
        const call = this.describeCallStateChange(record, data.call);
        if (call) link = this.links.causeOfCall(record, call, receivedAt);
        break;
      }
      case 'DeviceStateChangeMessage':
        link = this.describeDeviceStateChange(record, data, receivedAt);
        break;
      case 'ErrorMessage': {
        const info = describeErrorMessage(record, data);
        link = this.links.errorCause(info, receivedAt);
        // The toast names the operation that failed: the one the ErrorMessage names, else the linked one.
        this.errorMessageEmitter.fire(info.operationName === undefined && link ? { ...info, operationName: link.record.type } : info);
        break;
      }
      default: {
        const facts = this.describeEntities(record, data);
        if (facts) link = this.links.causeOfEntities(facts, receivedAt);
        else record.summary = `Unrecognised message${messageType ? ` ${messageType}` : ''}: ${describeKeys(data)}`;
      }
    }
    if (link) {
      record.linkedSeqs = [link.record.seq];
      record.delayMs = receivedAt - link.startedAt;
    }
    const appended = this.log.append(record);
    this.rememberParticipantsChange(appended);
    if (link) {
      if (messageType === 'ErrorMessage') this.links.addErrorLink(link, appended);
      else this.links.addLink(link, appended);
    }
    return appended;
  }

  ingestOperation(operation: OperationRecord): StreamRecord {
    const known = this.links.known(operation.id);
    if (known && operation.phase === 'completed') return this.completeOperation(known.record, operation);
    const record = this.newRecord('operation', operation.startedAt, 'REST');
    record.type = operation.operationName || `${operation.method} ${operation.url}`;
    record.callId = operation.callId ?? callIdFromUrl(operation.url);
    // A read (a proxied application's GET) changes nothing: no notification is expected of it.
    const target = READS.has(operation.method.toUpperCase())
      ? undefined
      : operationTarget(operation.operationName, record.callId, operation.url, operation.requestBody);
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
    this.links.started(operation.id, appended, target, operation.startedAt, operation.requestBody);
    if (operation.phase === 'completed') return this.completeOperation(appended, operation);
    return appended;
  }

  ingestMeta(meta: MetaRecord): StreamRecord {
    const record = this.newRecord('meta', meta.time, meta.channel ?? 'session');
    record.type = meta.type;
    record.summary = meta.text;
    record.detail = meta.detail;
    if (meta.type === 'error' || meta.type === 'sessionExpired') record.error = true;
    if (meta.warning) record.warning = meta.warning;
    return this.log.append(record);
  }

  /** A full read: the store drops calls that ended unseen; the row says what moved. */
  ingestSnapshot(snapshot: SnapshotRecord): StreamRecord {
    const calls = Array.isArray(snapshot.calls) ? snapshot.calls : [];
    const changes = this.store.applySnapshot(calls);
    if (Array.isArray(snapshot.devices)) {
      this.deviceTracker.reset(snapshot.devices);
      const known: Array<{ id: string; value: Record<string, unknown> }> = [];
      for (const device of snapshot.devices) if (isObject(device) && typeof device.id === 'string') known.push({ id: device.id, value: device });
      this.entities.reset('device', known);
      this.devices.reset(known.map((d) => d.id));
    }
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
    this.links.dispose();
    this.errorMessageEmitter.dispose();
    this.devices.dispose();
  }

  // ---- notifications -------------------------------------------------------------------

  /** The call as received, when the message has a usable one. */
  private describeCallStateChange(record: StreamRecord, call: unknown): GwsCall | undefined {
    const change = isObject(call) ? this.store.applyCall(call as GwsCall) : undefined;
    if (!change || !change.current) {
      record.summary = isObject(call) ? 'CallStateChangeMessage with a call that has no id' : 'CallStateChangeMessage without a call';
      record.error = true;
      return undefined;
    }
    const current = change.current;
    // The diff first: it points the call's unchanged values (its id, its state…) at the
    // previous notification's, and the row then refers to those, not to fresh copies.
    record.diff = diffCalls(change.previous, current, { shareUnchanged: true });
    record.callId = typeof current.id === 'string' ? current.id : change.callId;
    record.state = typeof current.state === 'string' ? current.state : undefined;
    record.recordingState = typeof current.recordingState === 'string' ? current.recordingState : undefined;
    record.changed = !isEmptyDiff(record.diff);
    this.relateParticipantsUpdate(record, record.callId, record.diff);
    record.summary = summarizeDiff(record.diff);
    const diff = record.diff;
    if (record.type === 'ParticipantsUpdated' && diff.participants === undefined && !diff.first && !Object.prototype.hasOwnProperty.call(diff.fields, 'participants')) {
      record.summary = record.changed ? `${record.summary}${SEPARATOR}participants unchanged` : 'participants unchanged';
    }
    // The call's id changed (a new ConnID): the store dropped the old one, the row says which.
    if (change.replaces !== undefined) record.summary = `${record.summary}${SEPARATOR}replaces call ${change.replaces}`;
    return current;
  }

  /**
   * Forgets the call's previous participants change; gives a ParticipantsUpdated
   * that comes right after it with the same list that change (diff.participantsSeq), since the
   * update announces it. The row stays unchanged ("changes only" hides it): nothing moved.
   */
  private relateParticipantsUpdate(record: StreamRecord, callId: string, diff: CallDiff): void {
    const previous = this.participantsChanges.get(callId);
    this.participantsChanges.delete(callId);
    // A change of its own is remembered once the row has its seq (rememberParticipantsChange).
    if (diff.participants !== undefined) return;
    if (record.type !== 'ParticipantsUpdated' || previous === undefined || Object.prototype.hasOwnProperty.call(diff.fields, 'participants')) return;
    diff.participants = previous.participants;
    diff.participantsSeq = previous.seq;
  }

  /** After the append: a row whose own diff changed the participants is what relateParticipantsUpdate gives the next update. */
  private rememberParticipantsChange(record: StreamRecord): void {
    const diff = record.diff;
    if (record.callId === undefined || diff?.participants === undefined || diff.participantsSeq !== undefined) return;
    this.participantsChanges.set(record.callId, { seq: record.seq, participants: diff.participants });
    if (this.participantsChanges.size > MAX_PARTICIPANTS_CHANGES) this.participantsChanges.delete(this.participantsChanges.keys().next().value!);
  }

  /** The device rows keep their own summary (DeviceTracker); each device is also an entity with its diff. */
  private describeDeviceStateChange(record: StreamRecord, data: Record<string, unknown>, receivedAt: number): OperationLink | undefined {
    const devices = data.devices;
    if (!Array.isArray(devices)) {
      record.summary = 'DeviceStateChangeMessage without devices';
      record.error = true;
      return undefined;
    }
    const result = this.deviceTracker.apply(devices.filter(isObject) as GwsDevice[]);
    const facts = this.describeEntities(record, data);
    record.summary = result.summary;
    record.changed = result.changed;
    if (facts) this.devices.updated(facts.filter((f) => f.diff.kind === 'device').map((f) => f.diff.id));
    return facts ? this.links.causeOfEntities(facts, receivedAt) : undefined;
  }

  /**
   * Every entity of the message against its previous message (entities.ts, entityStore.ts):
   * record.entities, and a summary naming each ("chat 0001: userData +1 ~0 −0 · state
   * Invited→Accepted"). Undefined when the message has none.
   */
  private describeEntities(record: StreamRecord, data: Record<string, unknown>): EntityFacts[] | undefined {
    const found = entitiesOf(data);
    if (found.length === 0) return undefined;
    const diffs: EntityDiff[] = [];
    const facts: EntityFacts[] = [];
    const parts: string[] = [];
    let changed = false;
    for (const entity of found) {
      const previous = this.entities.apply(entity.kind, entity.id, entity.value);
      const diff = diffEntity(entity.kind, entity.id, previous, entity.value, { shareUnchanged: true, idKey: entity.idKey });
      diffs.push(diff);
      facts.push({ diff, value: entity.value });
      parts.push(summarizeEntity(diff, entity.value));
      if (!isEmptyDiff(diff)) changed = true;
    }
    record.entities = diffs;
    record.summary = parts.join(SEPARATOR);
    record.changed = changed;
    // One chat, email, workitem…: its state in the State column, like a call's.
    const state = found.length === 1 ? found[0].value.state : undefined;
    if (typeof state === 'string') record.state = state;
    return facts;
  }

  private completeOperation(record: StreamRecord, operation: OperationRecord): StreamRecord {
    record.pending = false;
    record.httpStatus = operation.httpStatus;
    record.statusCode = operation.statusCode;
    record.statusMessage = operation.statusMessage;
    if (operation.completedAt !== undefined) record.rttMs = operation.completedAt - operation.startedAt;
    if (record.operation && operation.error !== undefined) record.operation.error = operation.error;
    if (record.operation && operation.responseHeaders !== undefined) record.operation.responseHeaders = operation.responseHeaders;
    if (record.operation && operation.responseBody !== undefined) record.operation.responseBody = operation.responseBody;
    const failed = isFailure(operation);
    record.error = failed || undefined;
    record.summary = describeOperationResult(operation, record.rttMs);
    const link = this.links.known(operation.id);
    if (link) this.links.completed(link, operation, failed);
    this.log.updated([record]);
    return record;
  }

  private newRecord(kind: StreamRecord['kind'], time: number, channel: string): StreamRecord {
    // Every record starts with the same fields in the same order: one hidden class for
    // all rows keeps property access monomorphic on the hot path.
    return {
      seq: 0,
      time: typeof time === 'number' && Number.isFinite(time) ? time : this.now(),
      kind,
      source: this.source,
      channel,
      type: kind,
      messageType: undefined,
      callId: undefined,
      state: undefined,
      recordingState: undefined,
      summary: '',
      // A change only where a diff says so (call, device, entity, snapshot): operations,
      // session events and ErrorMessages have none, and "changes only" hides them.
      changed: false,
      diff: undefined,
      envelope: undefined,
    };
  }
}

// ---- helpers ---------------------------------------------------------------------------

function describeErrorMessage(record: StreamRecord, data: Record<string, unknown>): ErrorMessageInfo {
  const info = readErrorMessage(data);
  const { text, code, callId } = info;
  record.error = true;
  record.callId = callId;
  const parts = ['ErrorMessage'];
  if (text) parts.push(text);
  if (code !== undefined) parts.push(`code ${String(code)}`);
  if (info.operationName !== undefined) parts.push(`operation ${info.operationName}`);
  // A layout we do not know: its fields as they came, so the row still says something.
  if (!text && code === undefined) parts.push(describeRawFields(data));
  record.summary = parts.join(': ');
  return info;
}

/** "reason=busy, cause=17, detail={…}": up to 6 fields of an unknown layout, values shortened. */
function describeRawFields(data: Record<string, unknown>): string {
  const fields: string[] = [];
  let count = 0;
  for (const key in data) {
    if (!Object.prototype.hasOwnProperty.call(data, key) || key === 'messageType') continue;
    count++;
    if (fields.length < 6) {
      const value = data[key];
      fields.push(`${key}=${formatValue(value) ?? (Array.isArray(value) ? '[…]' : '{…}')}`);
    }
  }
  if (count === 0) return 'no other fields';
  return `${fields.join(', ')}${count > fields.length ? `, … (${count})` : ''}`;
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
