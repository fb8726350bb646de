// /sim/publish: realistic CallStateChangeMessages for throughput and latency benchmarks.
// About 2 KB each: 20 userData keys, the 13 capabilities of sample 03, a few fields that
// change every time, spread over `calls` synthetic calls. Each carries
// data.metrics.serverGenerationTimestamp (a documented GWS field) = Date.now() at publish.
// The synthetic calls are not in the call model (GET /me/calls does not list them).
import { randomBytes } from 'node:crypto';
import { deviceUri, type SimUser } from './users';

export interface PublishRequest {
  count: number;
  ratePerSecond?: number;
  calls?: number;
}

export interface PublishResult {
  sent: number;
  elapsedMs: number;
}

const RECORDING_CAPABILITIES = [
  'UpdateUserData', 'SendDtmf', 'InitiateConference', 'Hold', 'SingleStepTransfer', 'InitiateTransfer', 'AttachUserData',
  'DeleteUserDataPair', 'SingleStepConference', 'DeleteUserData', 'Hangup', 'PauseCallRecording', 'StopCallRecording',
];
const BURST_CHUNK = 500;
const PACE_TICK_MS = 10;

function benchCall(baseUrl: string, user: SimUser, index: number): Record<string, unknown> {
  const id = `BENCH${randomBytes(8).toString('hex').toUpperCase()}${String(index).padStart(11, '0')}`;
  const userData: Record<string, unknown> = {
    GSIP_RECORD: 'ON',
    GSIP_REC_FN: `${id}_${user.phoneNumber}_${user.phoneNumber}_5551234_bench`,
    IW_BundleUid: randomBytes(16).toString('hex'),
    IW_CaseUid: randomBytes(16).toString('hex'),
  };
  for (let k = 0; k < 14; k++) userData[`BenchKey${String(k).padStart(2, '0')}`] = `value-${index}-${k}-${randomBytes(12).toString('hex')}`;
  return {
    id,
    state: 'Established',
    callUuid: id,
    connId: randomBytes(8).toString('hex'),
    deviceUri: deviceUri(baseUrl, user),
    participants: [{ e164Number: '', formattedPhoneNumber: '5551234', phoneNumber: '5551234', digits: '5551234' }],
    ani: '5551234',
    dnis: user.phoneNumber,
    callType: 'Inbound',
    capabilities: RECORDING_CAPABILITIES,
    userData,
    duration: '0',
    mute: 'Off',
    recordingState: 'Recording',
    supervisorListeningIn: false,
    monitoredUserMuted: false,
    monitoring: false,
    uri: `${baseUrl}/api/v2/me/calls/${id}`,
    path: `/calls/${id}`,
  };
}

/** Publishes through `send`; resolves once the last message was handed to the Bayeux engine. */
export function publishBenchmark(
  baseUrl: string,
  user: SimUser,
  request: PublishRequest,
  send: (data: Record<string, unknown>) => void,
): Promise<PublishResult> {
  const calls = Array.from({ length: Math.max(1, request.calls ?? 50) }, (_, i) => benchCall(baseUrl, user, i));
  const started = Date.now();
  let sent = 0;
  const publishOne = (): void => {
    const call = calls[sent % calls.length];
    const seq = sent;
    send({
      notificationType: 'AttachedDataChanged',
      call: {
        ...call,
        duration: String(Math.floor((Date.now() - started) / 1000)),
        userData: { ...(call.userData as Record<string, unknown>), BenchSeq: seq, BenchUpdatedAt: new Date().toISOString() },
      },
      phoneNumber: user.phoneNumber,
      metrics: { serverGenerationTimestamp: Date.now() },
      messageType: 'CallStateChangeMessage',
    });
    sent += 1;
  };
  return new Promise((resolve) => {
    const finish = (): void => resolve({ sent, elapsedMs: Date.now() - started });
    const rate = request.ratePerSecond;
    if (!rate || rate <= 0) {
      // Burst: chunks, so sockets get written between them instead of one giant stall.
      const burst = (): void => {
        const end = Math.min(request.count, sent + BURST_CHUNK);
        while (sent < end) publishOne();
        if (sent < request.count) setImmediate(burst);
        else finish();
      };
      burst();
      return;
    }
    const pace = (): void => {
      const due = Math.min(request.count, Math.floor(((Date.now() - started) * rate) / 1000) + 1);
      while (sent < due) publishOne();
      if (sent < request.count) setTimeout(pace, PACE_TICK_MS);
      else finish();
    };
    pace();
  });
}
