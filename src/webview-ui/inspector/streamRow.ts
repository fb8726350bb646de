// One row of the stream. Rows are pooled by the virtual list, so a row element is built once
// with all its cells and refilled (textContent only) when it shows another entry.
import * as l10n from '@vscode/l10n';
import { callIndex } from './callIndex';
import { formatDuration, formatTime } from './format';
import type { RowEntry } from './rowStore';

export const ROW_HEIGHT = 22;

/** Source id → label (from the extension's `sources`); a row shows its source's label. */
export const sourceLabels = new Map<string, string>();

export const columns = ['seq', 'time', 'source', 'channel', 'type', 'call', 'state', 'rec', 'summary'] as const;

/** A function, not a table: the page's translations arrive after this module loads (main.ts). */
function columnLabel(key: (typeof columns)[number]): string {
  switch (key) {
    case 'seq':
      return '#';
    case 'time':
      return l10n.t('Time');
    case 'source':
      return l10n.t('Source');
    case 'channel':
      return l10n.t('Channel');
    case 'type':
      return l10n.t('Type');
    case 'call':
      return l10n.t('Call');
    case 'state':
      return l10n.t('State');
    case 'rec':
      return l10n.t('Recording');
    case 'summary':
      return l10n.t('Summary');
  }
}

interface RowParts {
  seq: HTMLElement;
  statusHttp: HTMLElement;
  statusCode: HTMLElement;
  time: HTMLElement;
  source: HTMLElement;
  channel: HTMLElement;
  type: HTMLElement;
  call: HTMLElement;
  state: HTMLElement;
  rec: HTMLElement;
  status: HTMLElement;
  rtt: HTMLElement;
  link: HTMLElement;
  warning: HTMLElement;
  summary: HTMLElement;
}

const parts = new WeakMap<HTMLElement, RowParts>();

function cell(row: HTMLElement, className: string): HTMLElement {
  const element = document.createElement('span');
  element.className = `cell ${className}`;
  element.setAttribute('role', 'gridcell');
  row.appendChild(element);
  return element;
}

function span(parent: HTMLElement, className: string): HTMLElement {
  const element = document.createElement('span');
  element.className = className;
  parent.appendChild(element);
  return element;
}

export function createStreamRow(): HTMLElement {
  const row = document.createElement('div');
  row.className = 'row';
  row.setAttribute('role', 'row');
  // The row number the links name ("← #19").
  const seq = cell(row, 'c-seq');
  const time = cell(row, 'c-time');
  const source = cell(row, 'c-source');
  const channel = cell(row, 'c-channel');
  const type = cell(row, 'c-type');
  const call = cell(row, 'c-call');
  const state = cell(row, 'c-state');
  const rec = cell(row, 'c-rec');
  const summaryCell = cell(row, 'c-summary');
  const status = span(summaryCell, 'op-status');
  const statusHttp = span(status, 'op-http');
  const statusCode = span(status, 'op-code');
  const rtt = span(summaryCell, 'op-rtt');
  const link = span(summaryCell, 'row-link');
  const warning = span(summaryCell, 'row-warning');
  const summary = span(summaryCell, 'summary-text');
  parts.set(row, { seq, statusHttp, statusCode, time, source, channel, type, call, state, rec, status, rtt, link, warning, summary });
  return row;
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** For the optional pieces inside the summary cell (grid cells themselves always stay). */
function setPiece(element: HTMLElement, text: string): void {
  setText(element, text);
  element.hidden = text === '';
}

/** "→ #123 +84 ms" for an operation, "← #120 +84 ms" for the notification it caused. */
export function linkText(entry: RowEntry): string {
  const { row } = entry;
  const linked = row.linkedSeqs;
  if (!linked || linked.length === 0) return '';
  const arrow = row.kind === 'operation' ? '→' : '←';
  const delay = row.delayMs === undefined ? '' : ` +${Math.round(row.delayMs)} ms`;
  const more = linked.length > 1 ? ` (+${linked.length - 1})` : '';
  return `${arrow} #${linked[0]}${delay}${more}`;
}

/**
 * One status per REST row: "HTTP 200" when GWS accepted it, else "HTTP 503" and " · statusCode 4"
 * (the second part gives way on narrow panels; the tooltip and the detail keep it).
 */
function statusParts(entry: RowEntry): [string, string] {
  const { row } = entry;
  if (row.kind !== 'operation') return ['', ''];
  if (row.pending) return [l10n.t('pending…'), ''];
  const http = row.httpStatus === undefined ? '' : `HTTP ${row.httpStatus}`;
  // GWS statusCode 0 = accepted: said once by "HTTP 200"; any other code is the point of the row.
  const code = row.statusCode !== undefined && (row.statusCode !== 0 || row.httpStatus === undefined) ? `statusCode ${row.statusCode}` : '';
  if (http && code) return [http, ` · ${code}`];
  return [http || code, ''];
}

/** The pieces of an operation's summary that the status and round-trip cells already say. */
const RESULT_PIECE = /^(?:HTTP \d+|statusCode -?\d+|[\d.,]+ m?s|completed)$/;

/**
 * The summary cell's text: for an operation, its message (statusMessage, or a transport error
 * the summary names) and whatever the summary says beyond its status; for others the summary.
 */
export function summaryText(entry: RowEntry): string {
  const { row } = entry;
  if (row.kind !== 'operation') {
    return row.error && row.statusMessage && !row.summary.includes(row.statusMessage) ? `${row.summary} ${row.statusMessage}`.trim() : row.summary;
  }
  const rest = row.summary
    .split(' · ')
    .filter((piece) => !RESULT_PIECE.test(piece.trim()))
    .join(' · ');
  if (row.statusMessage && !rest.includes(row.statusMessage)) return rest ? `${row.statusMessage} · ${rest}` : row.statusMessage;
  return rest;
}

/** `selected`: one of the selected rows; `focused`: the one the keyboard and the detail pane follow. */
export function fillStreamRow(element: HTMLElement, entry: RowEntry, index: number, selected: boolean, focused = selected): void {
  const p = parts.get(element);
  if (!p) return;
  const { row } = entry;
  element.id = `row-${row.seq}`;
  element.dataset.seq = String(row.seq);
  element.setAttribute('aria-rowindex', String(index + 2));
  element.setAttribute('aria-selected', String(selected));
  element.className = `row kind-${row.kind}${row.error ? ' error' : ''}${row.warning ? ' warn' : ''}${
    row.changed ? '' : ' unchanged'
  }${selected ? ' selected' : ''}${focused ? ' focused' : ''}`;
  setText(p.seq, String(row.seq));
  setText(p.time, formatTime(row.time));
  const source = row.source === undefined ? '' : (sourceLabels.get(row.source) ?? row.source);
  setText(p.source, source);
  p.source.title = source;
  setText(p.channel, row.channel);
  p.channel.title = row.channel;
  setText(p.type, row.type);
  p.type.title = row.messageType ? `${row.type} (${row.messageType})` : row.type;
  setText(p.call, callIndex.nameOf(row));
  p.call.title = row.callId ?? '';
  setText(p.state, row.state ?? '');
  setText(p.rec, row.recordingState ?? '');
  const [http, code] = statusParts(entry);
  setText(p.statusHttp, http);
  setText(p.statusCode, code);
  p.status.hidden = http === '' && code === '';
  p.status.title =
    row.kind === 'operation'
      ? l10n.t('HTTP status {0} · GWS statusCode {1}{2}', row.httpStatus ?? '—', row.statusCode ?? '—', row.statusMessage ? ` (${row.statusMessage})` : '')
      : '';
  p.status.classList.toggle('bad', row.error === true || (row.statusCode !== undefined && row.statusCode !== 0));
  setPiece(p.rtt, row.kind === 'operation' && row.rttMs !== undefined ? formatDuration(row.rttMs) : '');
  const link = linkText(entry);
  setPiece(p.link, link);
  if (link && row.linkedSeqs) {
    p.link.dataset.seq = String(row.linkedSeqs[0]);
    p.link.title = l10n.t('Go to #{0}', row.linkedSeqs.join(', #'));
  }
  setPiece(p.warning, row.warning ? `⚠ ${row.warning}` : '');
  setText(p.summary, summaryText(entry));
  p.summary.title = row.statusMessage && !row.summary.includes(row.statusMessage) ? `${row.summary} · ${row.statusMessage}` : row.summary;
}

export function createHeaderRow(): HTMLElement {
  const header = document.createElement('div');
  header.className = 'row header';
  header.setAttribute('role', 'row');
  header.setAttribute('aria-rowindex', '1');
  for (const column of columns) {
    const element = document.createElement('span');
    element.className = `cell c-${column}`;
    element.setAttribute('role', 'columnheader');
    element.textContent = columnLabel(column);
    header.appendChild(element);
  }
  return header;
}
