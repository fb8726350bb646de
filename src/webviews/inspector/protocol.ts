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
  // ---- the answer (issue 16: REST detail); credentials masked like the request's ----
  /** The response's headers: Set-Cookie values and CSRF tokens masked. */
  responseHeaders?: Record<string, string>;
  /** The response body: parsed JSON, or its text (a note when it was too large to keep). */
  responseBody?: unknown;
}

/** Everything in it is redacted (src/base/redact.ts) before it is posted: rows.ts buildDetail. */
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

// ---- compare a call's state now with an earlier point of its timeline (issue 16) ----------
/** Page → extension: the call's state at notification `seq` against its latest notification. */
export interface CompareNowRequest {
  type: 'requestCompareNow';
  seq: number;
  callId: string;
}
/** Extension → page: `latest` is the seq of the call's latest notification (none when `seq` left the log); no diff when that or serialising failed. */
export interface CompareNowResult {
  type: 'compareNow';
  seq: number;
  callId: string;
  latest?: number;
  /** The call then → the call now: userData, capabilities, participants, state and other fields (redacted). */
  diff?: CallDiff;
}
// ------------------------------------------------------------------------------------------

/** Extension → page. */
export type ToPage =
  | {
      type: 'reset';
      rows: RowDto[];
      dropped: number;
      view: ShownStream;
      settings: InspectorSettings;
      sources?: SourceDto[];
      /** The page's translations (vscode.l10n.bundle; none in English): the first reset builds the page in them (main.ts). */
      bundle?: Record<string, string>;
    }
  | { type: 'sources'; sources: SourceDto[] }
  | { type: 'append'; rows: RowDto[]; dropped: number }
  | { type: 'update'; rows: RowDto[] }
  | { type: 'detail'; seq: number; detail?: DetailDto }
  | { type: 'connection'; state: string; text: string }
  | { type: 'focusCall'; callId: string }
  /** Two events compared as whole messages (compare.ts); no diff when one left the log. */
  | { type: 'compare'; a: number; b: number; diff?: CallDiff }
  | CompareNowResult
  | SelectionToPage;

/** Page → extension. */
export type ToExtension =
  | { type: 'ready' }
  | { type: 'requestDetail'; seq: number }
  | { type: 'requestCompare'; a: number; b: number }
  | CompareNowRequest
  /** The user searched: from now on rows carry their payload text (sent again with a reset). */
  | { type: 'payloadSearch' }
  | { type: 'clear' }
  | { type: 'export' }
  | { type: 'import' }
  | { type: 'backToLive' }
  | { type: 'copyJson'; seq: number }
  | { type: 'copyCurl'; seq: number }
  | SelectionToExtension;

// ---- the rows the user picked and the rows the filters show ---------------------------------
// Asked only when a command needs them (Save as Scenario, Replay, Export Filtered Rows): the
// page never posts its selection as it changes. Both lists go as runs of consecutive seqs, so
// 100,000 rows selected with Shift+End, or shown by a filter, are one pair, not 100,000 numbers.

/** Ascending runs of consecutive seqs, each [first, last] inclusive. */
export type SeqRanges = Array<[number, number]>;

export interface SelectionDto {
  /** The rows selected (click, Shift/Ctrl+click, Shift+arrows, Ctrl+A), filtered out or not. */
  selected: SeqRanges;
  /** The rows the filters let through (every row when no filter is set). */
  filtered: SeqRanges;
  /** Whether a filter hides rows (filtered then names fewer rows than the page holds). */
  filterActive: boolean;
}

/** Extension → page: which rows are selected and shown? Answered by a `selection` with the same id. */
export type SelectionToPage = { type: 'requestSelection'; requestId: number };
/** Page → extension: the answer to `requestSelection`. */
export type SelectionToExtension = { type: 'selection'; requestId: number; selection: SelectionDto };

/** Runs of consecutive seqs from seqs in ascending order (duplicates allowed). */
export function toSeqRanges(ascendingSeqs: Iterable<number>): SeqRanges {
  const ranges: SeqRanges = [];
  let run: [number, number] | undefined;
  for (const seq of ascendingSeqs) {
    if (run && (seq === run[1] || seq === run[1] + 1)) run[1] = seq;
    else ranges.push((run = [seq, seq]));
  }
  return ranges;
}

/** How many seqs the runs name. */
export function countOfSeqRanges(ranges: SeqRanges): number {
  let count = 0;
  for (const [first, last] of ranges) count += last - first + 1;
  return count;
}
