// Rows of the inspector as the body of the simulator's POST /sim/replay (README, "The
// simulator's control API"; src/simulator/replay.ts serves it): each notification row's
// channel and data, at its offset from the first one, so the simulator publishes them again to
// a signed-in user with their recorded spacing. Only what the server sent is replayed: operation
// and session rows, and notifications of /meta/ channels, are the client's side of the story.
// The simulator shares no code with the client, so the request's shape is written out here.
import type { StreamRecord } from './streamLog';

export interface SimulatorReplayNotification {
  channel: string;
  data: unknown;
  offsetMs: number;
}

export interface SimulatorReplayBody {
  user: string;
  notifications: SimulatorReplayNotification[];
  /** 1 = the recorded pace, 10 = ten times as fast, 0 = no waiting. */
  speed: number;
}

/** The notifications of `records` (in seq order) with their offsets from the first. */
export function simulatorReplayNotifications(records: readonly StreamRecord[]): SimulatorReplayNotification[] {
  const notifications = [...records]
    .sort((a, b) => a.seq - b.seq)
    .filter((record) => record.kind === 'notification')
    .map((record) => ({ record, envelope: record.envelope as { channel?: unknown; data?: unknown } | undefined }))
    .filter(({ envelope }) => typeof envelope?.channel === 'string' && envelope.channel.startsWith('/v2/me/') && envelope.data !== undefined);
  const start = notifications[0]?.record.time ?? 0;
  return notifications.map(({ record, envelope }) => ({
    channel: envelope?.channel as string,
    data: envelope?.data,
    // Recorded times can go back a little (clocks, merged sources): never a negative offset.
    offsetMs: Math.max(0, record.time - start),
  }));
}
