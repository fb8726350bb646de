// Messages of the other media (chat, email, workitem) for POST /sim/media: what GWS would
// publish on /v2/me/chats, /v2/me/emails and /v2/me/workitems (docs/gws-notes.md#channels).
// The simulator keeps no model of these interactions: each request makes one message from
// what it gives. Sources of the shapes:
// - chat: the Accept sample of the GWS Chat API (8.5.2): `messageType: "ChatStateChangeMessage"`,
//   `notificationType` StatusChange / ParticipantsUpdated, `chat: {state, capabilities, id,
//   uri: <base>/api/v2/chats/<id>, participants: [{type, nickname, participantId}]}`; state
//   `Chatting` and its capabilities are documented, `Invited` and `Completed` are guesses.
// - workitem: the Workitem message-type page and Workitem Resource (8.5.2):
//   `WorkitemStateChangeMessage`, notificationType StatusChange / PropertiesUpdated / Error,
//   `workitem: {state, capabilities, id, workitemType, uri, userData, receivedDate}`; states
//   `Invited` (Accept, Reject) and `Processing` are documented, `Completed` is a guess.
// - email: no published sample was found; `EmailStateChangeMessage` and an `email` resource
//   shaped like the workitem (plus `from` and `subject`) are guesses.
import type { IdFactory } from './ids';

export const MEDIA_KINDS = ['chat', 'email', 'workitem'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaRequest {
  /** User name or phone number. */
  user: string;
  kind: MediaKind;
  /** Default: a new id. */
  id?: string;
  /** Default "Invited". */
  state?: string;
  userData?: Record<string, unknown>;
  /** Default "StatusChange". */
  notificationType?: string;
}

interface KindSpec {
  channel: string;
  messageType: string;
  /** Collection under /api/v2 (the samples' uri has no /me). */
  collection: string;
  /** Name of the resource field in `data`. */
  field: MediaKind;
  capabilities: Record<string, string[]>;
}

const INVITED = ['Accept', 'Reject'];
const WORKING = ['Transfer', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetInFocus', 'Complete'];

const KINDS: Record<MediaKind, KindSpec> = {
  chat: {
    channel: '/v2/me/chats',
    messageType: 'ChatStateChangeMessage',
    collection: 'chats',
    field: 'chat',
    capabilities: {
      Invited: INVITED,
      Chatting: ['Transfer', 'Complete', 'Leave', 'InFocus', 'SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification'],
      Completed: [],
    },
  },
  email: {
    channel: '/v2/me/emails',
    messageType: 'EmailStateChangeMessage',
    collection: 'emails',
    field: 'email',
    capabilities: { Invited: INVITED, Processing: [...WORKING, 'Reply'], Completed: [] },
  },
  workitem: {
    channel: '/v2/me/workitems',
    messageType: 'WorkitemStateChangeMessage',
    collection: 'workitems',
    field: 'workitem',
    capabilities: { Invited: INVITED, Processing: WORKING, Completed: [] },
  },
};

export function mediaChannel(kind: MediaKind): string {
  return KINDS[kind].channel;
}

/** The message's `data` and the interaction id it carries. */
export function mediaMessage(baseUrl: string, ids: IdFactory, request: MediaRequest): { id: string; channel: string; data: Record<string, unknown> } {
  const spec = KINDS[request.kind];
  const id = request.id ?? ids.interactionId();
  const state = request.state ?? 'Invited';
  const resource: Record<string, unknown> = { id, state, capabilities: [...(spec.capabilities[state] ?? [])] };
  if (request.kind === 'chat') {
    const participants: Array<Record<string, string>> = [{ type: 'Customer', nickname: 'Customer', participantId: `${id.slice(0, 12)}C001` }];
    if (state === 'Chatting') participants.unshift({ type: 'Agent', nickname: 'Agent', participantId: `${id.slice(0, 12)}A001` });
    resource.participants = participants;
  } else {
    if (request.kind === 'workitem') resource.workitemType = 'Inbound';
    if (request.kind === 'email') {
      resource.from = 'customer@example.com';
      resource.subject = 'Simulated email';
    }
    resource.receivedDate = gwsDate(new Date());
  }
  // Missing when empty, as on calls.
  if (request.userData && Object.keys(request.userData).length > 0) resource.userData = { ...request.userData };
  resource.uri = `${baseUrl}/api/v2/${spec.collection}/${id}`;
  resource.path = `/${spec.collection}/${id}`;
  const data: Record<string, unknown> = {
    messageType: spec.messageType,
    notificationType: request.notificationType ?? 'StatusChange',
    [spec.field]: resource,
  };
  return { id, channel: spec.channel, data };
}

/** `2014-03-26 16:02:22.000+0000`: the receivedDate format of the Workitem Resource sample, in UTC. */
function gwsDate(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}+0000`;
}
