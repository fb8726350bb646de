// The one typed protocol between the inspector panel (extension side, inspectorPanel.ts)
// and its page (src/webview-ui/inspector). Both import this file; nothing else is shared.
// Every string in these messages may come from the server and is untrusted: the page
// renders all of them as text.
import type { CallDiff, EntityDiff } from '../../model/diffTypes';

// The page imports nothing but this file: the diff's shape reaches it from here.
export type { CallDiff, CapabilitiesDiff, EntityDiff, ParticipantsDiff, UserDataDiff, ValueChange } from '../../model/diffTypes';

export type RowKind = 'notification' | 'operation' | 'meta';

/** One line of the stream, as the page needs it to render, filter and link. */
export interface RowDto {
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  kind: RowKind;
  /** The id of the source the row belongs to (a SourceDto's id); absent in old files. */
  source?: string;
  /** Bayeux channel ('/v2/me/calls', '/meta/handshake', …) or 'REST' for operations. */
  channel: string;
  /** notificationType, messageType, operationName or meta type. */
  type: string;
  messageType?: string;
  callId?: string;
  /**
   * The call's name as the calls view and the messages give it (src/model/callName.ts): "5551234
   * · 00000A" from a CallStateChangeMessage's call; the short id alone ("call 00000A") on other
   * rows, whose call the page names from its notifications.
   */
  callName?: string;
  state?: string;
  recordingState?: string;
  /** One-line change summary, e.g. "userData +2 ~1 −0 · caps +PauseCallRecording −StartCallRecording". */
  summary: string;
  /** False when the notification changed nothing tracked ("changes only" hides it). */
  changed: boolean;
  /** Operation rows: result so far. */
  pending?: boolean;
  httpStatus?: number;
  statusCode?: number;
  statusMessage?: string;
  rttMs?: number;
  /** Operation → the notifications it caused; notification → the operation that caused it. */
  linkedSeqs?: number[];
  /** Operation rows: request → first linked notification. Notification rows: operation → this. */
  delayMs?: number;
  /** Shown with a warning mark, e.g. "No notification within 5 s". */
  warning?: string;
  error?: boolean;
  /**
   * The event's JSON for payload search: lower-case "path = value" lines (payloadText.ts),
   * credentials masked. Never shown; the detail pane gets the JSON itself.
   */
  payload?: string;
}

export interface OperationDetailDto {
  method: string;
  url: string;
  /** Already redacted: Authorization and Cookie values masked. */
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
  httpStatus?: number;
  statusCode?: number;
  statusMessage?: string;
  error?: string;
  rttMs?: number;
}

export interface DetailDto {
  seq: number;
  kind: RowKind;
  diff?: CallDiff;
  /** Other resources of the message (a chat, devices, channels…): one diff each, shown like a call's. */
  entities?: EntityDiff[];
  /** The notification's `data`, the meta record's detail, … */
  message?: unknown;
  /** The raw Bayeux envelope as received. */
  envelope?: unknown;
  operation?: OperationDetailDto;
}

/** Where rows come from: a signed-in session, a proxied application, a file… */
export interface SourceDto {
  id: string;
  kind: string;
  label: string;
}

export interface InspectorSettings {
  maxEvents: number;
  noNotificationWarningMs: number;
}

/** What the page shows: the live stream or a file's events. */
export type ShownStream = { kind: 'live' } | { kind: 'file'; name: string };

/** Extension → page. */
export type ToPage =
  | { type: 'reset'; rows: RowDto[]; dropped: number; view: ShownStream; settings: InspectorSettings; sources?: SourceDto[] }
  | { type: 'sources'; sources: SourceDto[] }
  | { type: 'append'; rows: RowDto[]; dropped: number }
  | { type: 'update'; rows: RowDto[] }
  | { type: 'detail'; seq: number; detail?: DetailDto }
  | { type: 'connection'; state: string; text: string }
  | { type: 'focusCall'; callId: string }
  /** Two events compared as whole messages (compare.ts); no diff when one left the log. */
  | { type: 'compare'; a: number; b: number; diff?: CallDiff };

/** Page → extension. */
export type ToExtension =
  | { type: 'ready' }
  | { type: 'requestDetail'; seq: number }
  | { type: 'requestCompare'; a: number; b: number }
  /** The user searched: from now on rows carry their payload text (sent again with a reset). */
  | { type: 'payloadSearch' }
  | { type: 'clear' }
  | { type: 'export' }
  | { type: 'import' }
  | { type: 'backToLive' }
  | { type: 'copyJson'; seq: number }
  | { type: 'copyCurl'; seq: number };
