// Realistic GWS call notifications for the in-process sections (pipeline, memory): the
// Bayeux envelope of a CallStateChangeMessage shaped like sample 03 (test/fixtures/gws), grown
// to about 2 KB: 20 userData keys, the 13 capabilities of a recorded call, spread over many
// calls. Each notification for a call changes a few things, as a busy server does: the
// duration, one or two userData values, and now and then the state (Hold/Retrieve swap the
// capabilities) or the recording state.
//
// Messages are produced as JSON text, the way they arrive off the wire, so every reader
// parses fresh objects and strings (nothing is shared with the generator's templates).

const BASE_CAPABILITIES = [
  'UpdateUserData', 'SendDtmf', 'InitiateConference', 'SingleStepTransfer', 'InitiateTransfer', 'AttachUserData',
  'DeleteUserDataPair', 'SingleStepConference', 'DeleteUserData', 'Hangup',
];

interface CallTemplate {
  id: string;
  updates: number;
  held: boolean;
  paused: boolean;
  userData: Record<string, string | number>;
}

export interface NotificationSourceOptions {
  /** Distinct calls the notifications rotate over (default 200). */
  calls?: number;
  channel?: string;
}

/** Deterministic pseudo-random hex (no crypto: the bench must be reproducible). */
function hex(seed: number, length: number): string {
  let x = ((seed + 1) * 2654435761) >>> 0;
  let out = '';
  while (out.length < length) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

function callId(index: number): string {
  return `01RCC3N118B1V0SL8O7G${String(index).padStart(12, '0')}`;
}

function newCall(index: number): CallTemplate {
  const id = callId(index);
  const userData: Record<string, string | number> = {
    GSIP_RECORD: 'ON',
    IW_BundleUid: `${hex(index, 8)}-${hex(index + 1, 4)}-4092-${hex(index + 2, 4)}-${hex(index + 3, 12)}`,
    IW_CaseUid: `${hex(index + 4, 8)}-${hex(index + 5, 4)}-4d1e-${hex(index + 6, 4)}-${hex(index + 7, 12)}`,
    GSIP_REC_FN: `${id}_15000_15000_15001_2015-10-16_14-26-23_hpe-voicevm-70-dot-genesyslab-dot-com__%3Ccont_center_id%3E`,
    CustomerSegment: ['Gold', 'Silver', 'Bronze'][index % 3],
    AccountNumber: String(100_000_000 + index * 7919),
    RTargetAgentSelected: `agent${(index % 40) + 1}`,
    RTargetObjectSelected: 'Billing_Skill_Group',
    RTargetTypeSelected: '1',
    RVQID: hex(index + 8, 32),
    ServiceType: 'Billing',
    Language: ['English', 'French', 'Spanish'][index % 3],
    IW_CaptureId: hex(index + 9, 32),
    CallerName: `Customer ${index}, premium account holder since 2011`,
    IVR_Path: 'Main>Identify>Billing>Balance>Dispute>Agent',
    IVR_Intent: 'billing_question_disputed_charge_on_last_invoice',
    ContactId: hex(index + 10, 32),
    InteractionId: hex(index + 11, 32),
    LastUpdate: '2025-01-06T09:00:00.000Z',
    UpdateCount: 0,
  };
  return { id, updates: 0, held: false, paused: false, userData };
}

/** An endless, deterministic stream of notification texts over `calls` calls. */
export class NotificationSource {
  private readonly calls: CallTemplate[];
  private readonly channel: string;
  private sequence = 0;

  constructor(options: NotificationSourceOptions = {}) {
    this.calls = Array.from({ length: Math.max(1, options.calls ?? 200) }, (_, i) => newCall(i));
    this.channel = options.channel ?? '/v2/me/calls';
  }

  /** The next notification's Bayeux message as JSON text. */
  next(): string {
    const seq = this.sequence++;
    const call = this.calls[seq % this.calls.length];
    const update = call.updates++;
    let notificationType = 'AttachedDataChanged';
    // Every 10th update of a call is a Hold or Retrieve, every 25th a recording pause/resume.
    if (update > 0 && update % 10 === 0) {
      call.held = !call.held;
      notificationType = 'StatusChange';
    } else if (update > 0 && update % 25 === 7) {
      call.paused = !call.paused;
      notificationType = 'CallRecordingStateChange';
    }
    call.userData.LastUpdate = new Date(Date.UTC(2025, 0, 6, 9, 0, 0) + seq * 5).toISOString();
    call.userData.UpdateCount = update;
    if (update % 3 === 0) call.userData.RTargetAgentSelected = `agent${(seq % 40) + 1}`;
    const capabilities = [
      ...BASE_CAPABILITIES,
      call.held ? 'Retrieve' : 'Hold',
      call.paused ? 'ResumeCallRecording' : 'PauseCallRecording',
      'StopCallRecording',
    ];
    const message = {
      data: {
        notificationType,
        call: {
          id: call.id,
          state: call.held ? 'Held' : 'Established',
          callUuid: call.id,
          connId: hex(seq % this.calls.length, 16),
          deviceUri: 'http://127.0.0.1:8080/api/v2/devices/631608b3-ceb1-472b-ba05-2ae39555b0d1',
          participants: [{ e164Number: '', formattedPhoneNumber: '15001', phoneNumber: '15001', digits: '15001' }],
          dnis: '15001',
          callType: 'Internal',
          capabilities,
          userData: call.userData,
          duration: String(update * 2),
          mute: 'Off',
          recordingState: call.paused ? 'Paused' : 'Recording',
          supervisorListeningIn: false,
          monitoredUserMuted: false,
          monitoring: false,
          uri: `http://127.0.0.1:8080/api/v2/me/calls/${call.id}`,
          path: `/calls/${call.id}`,
        },
        phoneNumber: '15000',
        messageType: 'CallStateChangeMessage',
      },
      channel: this.channel,
      id: String(seq + 10),
    };
    return JSON.stringify(message);
  }

  /** `count` texts at once (for timed loops that must not include generation). */
  take(count: number): string[] {
    const texts: string[] = new Array(count);
    for (let i = 0; i < count; i++) texts[i] = this.next();
    return texts;
  }
}
