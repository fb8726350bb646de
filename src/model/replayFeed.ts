// A recorded stream row back into a pipeline, as the session first reported it: a
// notification row as the NotificationReceived it came from (its Bayeux message, at its
// recorded time), an operation row as its OperationRecord (sent and, unless it was still
// pending, completed), a meta row as its MetaRecord. The pipeline then works out diffs and
// operation links afresh, in the replay's own source (sources.ts), so a replayed recording
// reads exactly like the live one did, and a change to the analysis shows on old recordings.
import type { MetaRecord, MetaType, NotificationReceived, OperationRecord } from '../wire/sessionEvents';
import type { BayeuxMessage } from '../wire/types';
import type { Pipeline } from './pipeline';
import type { StreamRecord } from './streamLog';

export class ReplayFeed {
  /** Operation ids of this replay: unique within it, whatever the recording's were. */
  private nextOperationId = 1;

  constructor(private readonly pipeline: Pipeline) {}

  ingest(record: StreamRecord): void {
    switch (record.kind) {
      case 'notification':
        this.pipeline.ingestNotification(notificationOf(record));
        break;
      case 'operation':
        this.pipeline.ingestOperation(this.operationOf(record));
        break;
      case 'meta':
        this.pipeline.ingestMeta(metaOf(record));
        break;
    }
  }

  private operationOf(record: StreamRecord): OperationRecord {
    const operation = record.operation;
    const requestBody = operation?.requestBody;
    const replayed: OperationRecord = {
      id: this.nextOperationId++,
      phase: record.pending ? 'sent' : 'completed',
      operationName: record.type,
      method: operation?.method ?? 'POST',
      url: operation?.url ?? '',
      callId: record.callId,
      requestBody: isObject(requestBody) ? copyOf(requestBody) : undefined,
      requestHeaders: { ...(operation?.requestHeaders ?? {}) },
      startedAt: record.time,
    };
    if (record.pending) return replayed;
    replayed.completedAt = record.time + (typeof record.rttMs === 'number' && Number.isFinite(record.rttMs) ? Math.max(0, record.rttMs) : 0);
    replayed.httpStatus = record.httpStatus;
    replayed.statusCode = record.statusCode;
    replayed.statusMessage = record.statusMessage;
    replayed.error = operation?.error;
    if (operation?.responseHeaders) replayed.responseHeaders = { ...operation.responseHeaders };
    if (operation?.responseBody !== undefined) replayed.responseBody = copyOf(operation.responseBody);
    return replayed;
  }
}

function notificationOf(record: StreamRecord): NotificationReceived {
  // A copy: the pipeline shares and points into the message it keeps (streamLog.ts), and the
  // recorded one may still be on screen in another source.
  const message = isObject(record.envelope) ? (copyOf(record.envelope) as unknown as BayeuxMessage) : ({ channel: record.channel } as BayeuxMessage);
  return { message, receivedAt: record.time };
}

function metaOf(record: StreamRecord): MetaRecord {
  // copyOf(undefined) is undefined: a row without detail or warning gives a meta without them.
  return { type: record.type as MetaType, time: record.time, text: record.summary, channel: record.channel, detail: copyOf(record.detail), warning: record.warning };
}

function copyOf<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    // Not cloneable (never the case for what a file or the wire gave): shared as it is.
    return value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
