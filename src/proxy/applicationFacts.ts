// What the recording proxy learns about one proxied application (ApplicationFacts in
// proxyTraffic.ts): counters, /meta/connect round trips, poll gaps, and operations that no
// notification followed. trafficDecoder.ts feeds it; nothing here parses traffic.
//
// "Operations without a notification" is the proxy's own, simple rule, independent of the
// model (the model's links, src/model/operationLinks.ts, are the authoritative ones in the
// inspector): an operation (a request with an operationName) counts when it was not refused
// and no notification delivered to the application within `notificationWindowMs` after it
// was sent concerned its call (data.call.id equal to the call of /me/calls/{id}); an operation
// that is not on a call (Dial, agent state, a device…) is satisfied by any notification.
import type { ApplicationFacts } from './proxyTraffic';

export const DEFAULT_SLOW_GAP_MS = 1_000;
export const DEFAULT_NOTIFICATION_WINDOW_MS = 5_000;
/** Round trips kept for the median (the latest ones); the count and the max cover all. */
const MAX_ROUND_TRIP_SAMPLES = 1_000;
/** Subscriptions and refusals listed per application (a real one has a handful). */
const MAX_LISTED = 1_000;
/** Operations waiting for a notification, oldest dropped (and counted) beyond this. */
const MAX_AWAITING = 10_000;

interface AwaitingOperation {
  id: number;
  callId?: string;
  startedAt: number;
}

export class ApplicationTracker {
  transport?: 'long-polling' | 'websocket';
  /** A Bayeux application (not the REST-only entry of a client address). */
  readonly bayeux: boolean;
  /** It sent /meta/disconnect, or its websocket closed. */
  ended = false;
  /** /meta/connect messages sent so far. */
  connectsSent = 0;
  /** Failed /meta/connect replies since the last successful one. */
  failedConnects = 0;
  /** A /meta/connect reply was successful once. */
  connectedOnce = false;
  /** The advice of the last /meta/connect reply, as JSON, to notice a change. */
  lastAdvice?: string;

  private readonly subscriptions: string[] = [];
  private readonly refused: Array<{ channel: string; error: string }> = [];
  private notifications = 0;
  private restRequests = 0;
  private restErrors = 0;
  private readonly roundTrips: number[] = [];
  private roundTripCount = 0;
  private roundTripMax = 0;
  /** When each outstanding /meta/connect was sent, oldest first. */
  private readonly outstanding: number[] = [];
  /** When the last /meta/connect reply came, while no other connect is outstanding. */
  private idleSince?: number;
  private gapMax = 0;
  private slowGaps = 0;
  private readonly awaiting: AwaitingOperation[] = [];
  private withoutNotification = 0;

  constructor(
    readonly id: string,
    public client: string,
    private readonly notificationWindowMs: number,
    bayeux: boolean,
  ) {
    this.bayeux = bayeux;
  }

  subscribed(channel: string): void {
    if (!this.subscriptions.includes(channel) && this.subscriptions.length < MAX_LISTED) this.subscriptions.push(channel);
  }

  unsubscribed(channel: string): void {
    const index = this.subscriptions.indexOf(channel);
    if (index >= 0) this.subscriptions.splice(index, 1);
  }

  refusedSubscription(channel: string, error: string): void {
    if (this.refused.length < MAX_LISTED) this.refused.push({ channel, error });
  }

  /** A /meta/connect was sent at `at`: the gap since the previous reply (ms), if there was one. */
  connectSent(at: number): number | undefined {
    this.connectsSent++;
    let gap: number | undefined;
    if (this.idleSince !== undefined && this.outstanding.length === 0) {
      gap = Math.max(0, at - this.idleSince);
      this.gapMax = Math.max(this.gapMax, gap);
    }
    this.idleSince = undefined;
    this.outstanding.push(at);
    return gap;
  }

  /** Counts a gap found by connectSent as slow. */
  slowGap(): void {
    this.slowGaps++;
  }

  /** A /meta/connect reply arrived at `at` (successful or not): one round trip. */
  connectAnswered(at: number): void {
    const sentAt = this.outstanding.shift();
    if (sentAt !== undefined) {
      const ms = Math.max(0, at - sentAt);
      this.roundTripCount++;
      this.roundTripMax = Math.max(this.roundTripMax, ms);
      this.roundTrips.push(ms);
      if (this.roundTrips.length > MAX_ROUND_TRIP_SAMPLES) this.roundTrips.shift();
    }
    if (this.outstanding.length === 0) this.idleSince = at;
  }

  /** A connect got no reply (the HTTP request failed, the websocket closed): no round trip. */
  connectLost(at: number): void {
    this.outstanding.shift();
    if (this.outstanding.length === 0) this.idleSince = at;
  }

  restRequest(): void {
    this.restRequests++;
  }

  restError(): void {
    this.restErrors++;
  }

  operationSent(id: number, callId: string | undefined, startedAt: number): void {
    this.awaiting.push({ id, callId, startedAt });
    if (this.awaiting.length > MAX_AWAITING) {
      this.awaiting.shift();
      this.withoutNotification++;
    }
  }

  /** Refused: GWS did nothing, so no notification is expected of it. */
  operationFailed(id: number): void {
    const index = this.awaiting.findIndex((op) => op.id === id);
    if (index >= 0) this.awaiting.splice(index, 1);
  }

  /** A notification reached the application; `callId` is the call it is about, if any. */
  notificationDelivered(callId: string | undefined, at: number): void {
    this.notifications++;
    if (this.awaiting.length === 0) return;
    for (let index = this.awaiting.length - 1; index >= 0; index--) {
      const op = this.awaiting[index];
      const inWindow = at >= op.startedAt && at - op.startedAt <= this.notificationWindowMs;
      if (inWindow && (op.callId === undefined || op.callId === callId)) this.awaiting.splice(index, 1);
    }
  }

  /** Counts the operations whose window is over at `now`; true when the count changed. */
  settle(now: number): boolean {
    let expired = 0;
    while (expired < this.awaiting.length && now - this.awaiting[expired].startedAt > this.notificationWindowMs) expired++;
    if (expired === 0) return false;
    this.awaiting.splice(0, expired);
    this.withoutNotification += expired;
    return true;
  }

  /** The REST-only entry of the same client address becomes part of this application. */
  absorb(other: ApplicationTracker): void {
    this.restRequests += other.restRequests;
    this.restErrors += other.restErrors;
    this.withoutNotification += other.withoutNotification;
    this.awaiting.push(...other.awaiting);
    this.awaiting.sort((a, b) => a.startedAt - b.startedAt);
  }

  facts(): ApplicationFacts {
    return {
      id: this.id,
      client: this.client,
      transport: this.transport,
      subscriptions: [...this.subscriptions],
      refusedSubscriptions: this.refused.map((r) => ({ ...r })),
      notificationsDelivered: this.notifications,
      restRequests: this.restRequests,
      restErrors: this.restErrors,
      connectRoundTrips: { count: this.roundTripCount, p50Ms: median(this.roundTrips), maxMs: this.roundTripMax },
      pollGaps: { maxMs: this.gapMax, slow: this.slowGaps },
      operationsWithoutNotification: this.withoutNotification,
    };
  }
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
