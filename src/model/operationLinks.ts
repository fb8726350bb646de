// Links REST operations to the notifications they caused, for the inspector: an operation's
// row lists the notifications it caused with the delay of the first, a notification's row
// names its operation. A notification is linked only when it shows the operation's documented
// effect (linkSubjects.ts) within the link window (5 s by default): a router's userData change
// after StartCallRecording, or the caller hanging up after Answer, is "no known cause".
// ErrorMessages link to the operation they name (errorCause). This module keeps the
// bookkeeping bounded (the window, a cap on links per operation, operations that never
// complete given up on) and raises the "no notification within N s" warning with one timer,
// never one per operation.
import type { OperationRecord } from '../wire/sessionEvents';
import type { ErrorMessageInfo } from '../wire/errorMessage';
import { callIdFromUrl } from '../wire/errorMessage';
import type { GwsCall } from '../wire/types';
import type { EntityDiff } from './diffTypes';
import { isEmptyDiff } from './diff';
import { entitySubject } from './entities';
import { ANY_DEVICE, NEW_CALL, type OperationEffect, type OperationTarget } from './linkSubjects';
import type { StreamLog, StreamRecord } from './streamLog';

export const DEFAULT_NO_NOTIFICATION_WARNING_MS = 5_000;
/** A notification later than this after an operation is not attributed to it. */
export const DEFAULT_LINK_WINDOW_MS = 5_000;
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
  /** Where its notifications are looked for and what they must show (linkSubjects.ts). */
  target?: OperationTarget;
  /** The request's `referenceId`, when it sent one: an ErrorMessage may quote it. */
  referenceId?: string;
  startedAt: number;
  linkedCount: number;
  /** A notification showing its effect was linked. */
  effectSeen: boolean;
  completed: boolean;
  /** Refused (HTTP or statusCode): it caused nothing. */
  failed: boolean;
  /** The call it made (Dial, Initiate*): one operation makes one call. */
  madeCall?: string;
}

/** A resource of a notification other than a CallStateChangeMessage's call. */
export interface EntityFacts {
  diff: EntityDiff;
  value: Record<string, unknown>;
}

/** How a call notification relates to an operation: its own call, the other call it names, or a new call. */
type Relation = 'main' | 'other' | 'new';

/** How a notification reached an operation's list: by its call id, its parent call, as a new call, or as an entity. */
type Mode = 0 | 1 | 2 | 3;
const CALL: Mode = 0;
const PARENT: Mode = 1;
const NEW: Mode = 2;
const ENTITY: Mode = 3;

/** Prefers an operation that has not seen its effect yet, then the one found first. */
function better(found: OperationLink | undefined, candidate: OperationLink | undefined): OperationLink | undefined {
  if (candidate === undefined) return found;
  if (found === undefined || (found.effectSeen && !candidate.effectSeen)) return candidate;
  return found;
}

const hasOwn = Object.prototype.hasOwnProperty;

export class OperationLinks {
  private warningMs: number;
  private readonly linkWindowMs: number;
  private readonly now: () => number;
  private readonly timers: LinkTimers;

  /** Operation id → its link, until it completes and its link window has passed. */
  private readonly operations = new Map<number, OperationLink>();
  /** Subject (a call id, "device …", "new call"…) → the operations on it still in their window, oldest first. */
  private readonly pendingBySubject = new Map<string, OperationLink[]>();
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

  /** A new operation's row was appended: from now on it collects what it causes. */
  started(operationId: number, record: StreamRecord, target: OperationTarget | undefined, startedAt: number, requestBody?: unknown): OperationLink {
    this.forgetExpiredOperations();
    const link: OperationLink = { record, target, startedAt, linkedCount: 0, effectSeen: false, completed: false, failed: false };
    const referenceId = isRecord(requestBody) ? requestBody.referenceId : undefined;
    if (typeof referenceId === 'string' || typeof referenceId === 'number') link.referenceId = String(referenceId);
    this.operations.set(operationId, link);
    // Every target has a subject (linkSubjects.ts).
    if (target !== undefined) {
      for (const subject of target.subjects) {
        const list = this.pendingBySubject.get(subject);
        if (list) list.push(link);
        else this.pendingBySubject.set(subject, [link]);
      }
      this.awaitingNotification.add(link);
      if (this.warningTimer === undefined) this.rearmWarningTimer();
    }
    return link;
  }

  /** The operation completed. A refused one caused nothing: it stops waiting and links nothing more. */
  completed(link: OperationLink, _operation: OperationRecord, failed: boolean): void {
    link.completed = true;
    if (!failed) return;
    // GWS did not act on a refused request: later notifications are not its doing, and
    // "no notification" is expected rather than worth a warning.
    link.failed = true;
    link.record.warning = undefined;
    if (this.awaitingNotification.delete(link) && this.awaitingNotification.size === 0) this.rearmWarningTimer();
    // It stays in pendingBySubject until its window is over: pick() skips a failed operation.
  }

  /**
   * The operation whose effect this call notification shows, if any. `record` has the
   * notification's diff, state and type; `call` is the call as received.
   */
  causeOfCall(record: StreamRecord, call: GwsCall, receivedAt: number): OperationLink | undefined {
    // The usual case under load: nothing pending, one size check.
    if (this.pendingBySubject.size === 0) return undefined;
    const callId = record.callId;
    if (callId === undefined) return undefined;
    let found = this.pick(this.pendingFor(callId, receivedAt), receivedAt, CALL, record, call, undefined);
    // A consult call names its main call: a Complete*/Initiate* on the main call may have caused it.
    const parentId = parentCallId(call);
    if (found?.effectSeen !== false && parentId !== undefined && parentId !== callId) {
      found = better(found, this.pick(this.pendingFor(parentId, receivedAt), receivedAt, PARENT, record, call, undefined));
    }
    if (found?.effectSeen !== false && record.diff?.first) found = better(found, this.pick(this.pendingFor(NEW_CALL, receivedAt), receivedAt, NEW, record, call, undefined));
    // A Dial or Initiate* that made this call has made its one call, however it was found
    // (a consult call seen before its main call is Held is found by its parent, not as new).
    if (found !== undefined && record.diff?.first && found.madeCall === undefined && found.target?.callId !== callId) {
      const kind = found.target?.effect.kind;
      if (kind === 'dial' || kind === 'consult') found.madeCall = callId;
    }
    return found;
  }

  /** The operation whose effect one of these entities (devices, channels, a chat…) shows, if any. */
  causeOfEntities(entities: readonly EntityFacts[], receivedAt: number): OperationLink | undefined {
    if (this.pendingBySubject.size === 0) return undefined;
    let found: OperationLink | undefined;
    for (const entity of entities) {
      const { kind, id } = entity.diff;
      found = better(found, this.pick(this.pendingFor(entitySubject(kind, id), receivedAt), receivedAt, ENTITY, undefined, undefined, entity));
      if (found?.effectSeen === false) return found;
      // A voice-channel operation is pending on "channel voice" too (linkSubjects.ts), found above.
      if (kind === 'device') {
        found = better(found, this.pick(this.pendingFor(ANY_DEVICE, receivedAt), receivedAt, ENTITY, undefined, undefined, entity));
      }
    }
    return found;
  }

  /**
   * The operation an ErrorMessage is about. In order: the operation it names
   * (`operationName`, on the call it names if it names one), the request whose `referenceId` it
   * quotes, then the latest operation on the call it names whose effect has not been seen.
   * Within the link window; never a guess beyond these (docs/gws-notes.md#errormessage).
   */
  errorCause(info: ErrorMessageInfo, receivedAt: number): OperationLink | undefined {
    let byName: OperationLink | undefined;
    let byReference: OperationLink | undefined;
    let byCall: OperationLink | undefined;
    for (const link of this.operations.values()) {
      if (link.failed || !this.inWindow(link, receivedAt)) continue;
      const callId = link.target?.callId;
      const sameCall = info.callId === undefined || callId === undefined || callId === info.callId;
      if (info.operationName !== undefined && link.record.type === info.operationName && sameCall) byName = link;
      if (info.referenceId !== undefined && link.referenceId === String(info.referenceId)) byReference = link;
      if (info.callId !== undefined && callId === info.callId && !link.effectSeen) byCall = link;
    }
    return byName ?? byReference ?? byCall;
  }

  /**
   * An ErrorMessage said the operation failed after GWS accepted it: linked like a notification,
   * and from now on it causes nothing more (a later Released is not a failed transfer's doing).
   */
  addErrorLink(link: OperationLink, error: StreamRecord): void {
    this.addLink(link, error);
    link.failed = true;
    link.record.warning = `Failed later: ErrorMessage after ${formatMs(error.delayMs ?? 0)}`;
    this.log.updated([link.record]);
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
    link.effectSeen = true;
    link.linkedCount++;
    if (link.linkedCount <= MAX_LINKS_PER_OPERATION) (operation.linkedSeqs ??= []).push(notification.seq);
    this.log.updated([operation]);
  }

  // ---- matching ----------------------------------------------------------------------------

  /**
   * Among `links` (oldest first), the first that shows its effect in this notification and
   * has not seen it yet; else the first that shows it again (CompleteTransfer releases two
   * calls). An operation not in the table ("first") takes only one notification. `mode` says
   * how the notification was reached (no closure per notification).
   */
  private pick(
    links: readonly OperationLink[] | undefined,
    receivedAt: number,
    mode: Mode,
    record: StreamRecord | undefined,
    call: GwsCall | undefined,
    entity: EntityFacts | undefined,
  ): OperationLink | undefined {
    if (links === undefined) return undefined;
    let again: OperationLink | undefined;
    for (const link of links) {
      if (link.failed || receivedAt < link.startedAt || !this.inWindow(link, receivedAt)) continue;
      if (link.target?.effect.kind === 'first' && link.linkedCount > 0) continue;
      let shows: boolean;
      if (mode === ENTITY) shows = showsEntityEffect(link, entity!);
      else if (mode === CALL) shows = this.showsCallEffect(link, link.target?.callId === record!.callId ? 'main' : 'other', record!, call!);
      else if (mode === PARENT) shows = link.target?.callId === parentCallId(call!) && this.showsCallEffect(link, 'other', record!, call!);
      else shows = link.madeCall === undefined && this.showsCallEffect(link, 'new', record!, call!);
      if (!shows) continue;
      if (!link.effectSeen) return link;
      again ??= link;
    }
    return again;
  }

  private showsCallEffect(link: OperationLink, relation: Relation, record: StreamRecord, call: GwsCall): boolean {
    const effect = link.target?.effect;
    if (!effect) return false;
    const main = relation === 'main';
    switch (effect.kind) {
      case 'callState':
        return main && reaches(record, 'state', record.state, effect.target);
      case 'recording':
        return main && record.recordingState === effect.target && (record.type === 'CallRecordingStateChange' || changedField(record, 'recordingState'));
      case 'mute':
        return main && reaches(record, 'mute', call.mute, effect.target);
      case 'userDataSet':
        return main && showsKeysSet(record, effect);
      case 'userDataKeyRemoved':
        return main && (effect.keys ?? []).some((key) => record.diff !== undefined && hasOwn.call(record.diff.userData.removed, key));
      case 'userDataCleared':
        return main && isEmptyObject(call.userData) && (record.type === 'AttachedDataChanged' || !isEmptyObject(record.diff?.userData.removed));
      case 'dtmf':
        return main && record.type === 'DtmfSent';
      case 'monitoredMute':
        return main && record.type === 'MonitoredUserMutedStateChange';
      case 'statusChange':
        return main && record.type === 'StatusChange' && record.changed;
      case 'participants':
        return main && changedParticipants(record);
      case 'consult':
        if (main) return reaches(record, 'state', record.state, 'Held');
        // The consult call, first seen: it names the main call, or says it is a consult call, or is dialling.
        return record.diff?.first === true && (parentCallId(call) === link.target?.callId || call.callType === 'Consult' || record.state === 'Dialing');
      case 'completeTransfer':
        return reaches(record, 'state', record.state, 'Released');
      case 'completeConference':
        return main ? changedParticipants(record) : reaches(record, 'state', record.state, 'Released');
      // SwapCalls is pending on its two calls only, never as a new call.
      case 'swap':
        return reaches(record, 'state', record.state, 'Held') || reaches(record, 'state', record.state, 'Established');
      // A Dial is pending as a new call only, looked up for a call first seen (causeOfCall).
      case 'dial':
        return record.state === 'Dialing' && parentCallId(call) === undefined;
      case 'first':
        return main;
      default:
        // Device and agent-state effects never show on a call.
        return false;
    }
  }

  // ---- bookkeeping ---------------------------------------------------------------------------

  private inWindow(link: OperationLink, receivedAt: number): boolean {
    return receivedAt - link.startedAt <= this.linkWindowMs;
  }

  /** The operations on `subject` still in their window (the expired ones are dropped on the way). */
  private pendingFor(subject: string, receivedAt: number): OperationLink[] | undefined {
    const list = this.pendingBySubject.get(subject);
    if (list === undefined) return undefined;
    // Oldest first: expired ones are at the front.
    let expired = 0;
    while (expired < list.length && !this.inWindow(list[expired], receivedAt)) expired++;
    if (expired === list.length) {
      this.pendingBySubject.delete(subject);
      return undefined;
    }
    if (expired > 0) list.splice(0, expired);
    return list;
  }

  /** Drops bookkeeping for operations whose link window is over (bounded memory). */
  private forgetExpiredOperations(): void {
    const horizon = this.now() - this.linkWindowMs;
    for (const [id, link] of this.operations) {
      // An operation that never completes is kept 10 windows, then given up on.
      const stale = link.startedAt < horizon - 9 * this.linkWindowMs;
      if ((link.completed && link.startedAt < horizon) || stale) this.operations.delete(id);
    }
    for (const [subject, list] of this.pendingBySubject) {
      const kept = list.filter((link) => link.startedAt >= horizon);
      if (kept.length === 0) this.pendingBySubject.delete(subject);
      else if (kept.length !== list.length) this.pendingBySubject.set(subject, kept);
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
    this.pendingBySubject.clear();
    this.operations.clear();
  }
}

// ---- what a notification shows ---------------------------------------------------------------

/** The field changed in this notification (or the entity/call is seen for the first time). */
function changedField(record: StreamRecord, field: string): boolean {
  const diff = record.diff;
  return diff !== undefined && (diff.first || hasOwn.call(diff.fields, field));
}

/** `field` is now `target` and got there in this notification. */
function reaches(record: StreamRecord, field: string, value: unknown, target: string | undefined): boolean {
  return target !== undefined && value === target && changedField(record, field);
}

function changedParticipants(record: StreamRecord): boolean {
  // A call first seen has no changed fields (diff.ts): its participants are not a change.
  return record.type === 'ParticipantsUpdated' || (record.diff !== undefined && hasOwn.call(record.diff.fields, 'participants'));
}

/** userData adds or changes a key the request set; with no keys named, any AttachedDataChanged. */
function showsKeysSet(record: StreamRecord, effect: OperationEffect): boolean {
  const keys = effect.keys ?? [];
  if (keys.length === 0) return record.type === 'AttachedDataChanged';
  const diff = record.diff;
  if (diff === undefined) return false;
  const { added, changed } = diff.userData;
  for (const key of keys) if (hasOwn.call(added, key) || hasOwn.call(changed, key)) return true;
  return false;
}

function showsEntityEffect(link: OperationLink, entity: EntityFacts): boolean {
  const effect = link.target?.effect;
  if (!effect) return false;
  const { diff, value } = entity;
  // A notification that changes nothing confirms a request for the state it already had
  // (NotReady while NotReady): it counts, once, when it shows the requested value.
  const unchanged = !link.effectSeen && isEmptyDiff(diff);
  switch (effect.kind) {
    case 'first':
      return true;
    case 'agentState': {
      const state = stateText(value.userState);
      return (effect.target === undefined || state === effect.target) && moved(diff, 'userState', unchanged);
    }
    case 'dnd': {
      const field = diff.kind === 'channel' ? 'dndState' : 'doNotDisturb';
      return value[field] === effect.target && moved(diff, field, unchanged);
    }
    case 'forwarding': {
      const forwarding = typeof value.forwardTo === 'string' && value.forwardTo.length > 0;
      return forwarding === (effect.target === 'On') && moved(diff, 'forwardTo', unchanged);
    }
    case 'monitoring':
      return diff.first || hasOwn.call(diff.fields, 'supervisorMonitoringState');
    default:
      return false;
  }
}

/** The entity is new, the field changed, or nothing changed at all (a confirmation). */
function moved(diff: EntityDiff, field: string, unchanged: boolean): boolean {
  return diff.first || hasOwn.call(diff.fields, field) || unchanged;
}

/** A userState as an object `{state}` (devices) or, tolerated, a bare string. */
function stateText(userState: unknown): string | undefined {
  if (typeof userState === 'string') return userState;
  return isRecord(userState) && typeof userState.state === 'string' ? userState.state : undefined;
}

/** The main call a consult call names (parentCallUri, or parentCallPath "/calls/{id}"). */
function parentCallId(call: GwsCall): string | undefined {
  const uri = typeof call.parentCallUri === 'string' ? call.parentCallUri : typeof call.parentCallPath === 'string' ? call.parentCallPath : undefined;
  return uri !== undefined ? callIdFromUrl(uri) : undefined;
}

function isEmptyObject(value: unknown): boolean {
  if (!isRecord(value)) return true;
  for (const key in value) if (hasOwn.call(value, key)) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
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
