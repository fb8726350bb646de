// Per-call timeline: the state and recording-state transitions of one call, with how long
// each lasted, derived from the rows the page holds (no extra message from the extension).
// Each point but the latest offers "Compare with now": the call then against its latest state.
import * as l10n from '@vscode/l10n';
import { el } from './dom';
import { formatDuration, formatTime } from './format';
import type { RowEntry } from './rowStore';

export interface Segment {
  value: string;
  start: number;
  /** Undefined while the segment is still current. */
  end?: number;
  /** The row where the value was first seen (click → select it). */
  seq: number;
}

export interface CallTimeline {
  callId: string;
  state: Segment[];
  recording: Segment[];
  firstTime: number;
  lastTime: number;
  /** The call's latest notification (comparing it with now would show nothing). */
  lastSeq: number;
}

const TERMINAL_STATES = new Set(['Released']);

function track(segments: Segment[], value: string | undefined, time: number, seq: number): void {
  if (value === undefined || value === '') return;
  const current = segments[segments.length - 1];
  if (current && current.value === value) return;
  if (current) current.end = time;
  segments.push({ value, start: time, seq });
}

export function buildTimeline(entries: readonly RowEntry[], callId: string): CallTimeline | undefined {
  const timeline: CallTimeline = { callId, state: [], recording: [], firstTime: 0, lastTime: 0, lastSeq: 0 };
  let seen = false;
  for (let i = 0; i < entries.length; i++) {
    const row = entries[i].row;
    if (row.callId !== callId || row.kind !== 'notification') continue;
    if (!seen) timeline.firstTime = row.time;
    seen = true;
    timeline.lastTime = row.time;
    timeline.lastSeq = row.seq;
    track(timeline.state, row.state, row.time, row.seq);
    track(timeline.recording, row.recordingState, row.time, row.seq);
  }
  if (!seen) return undefined;
  const last = timeline.state[timeline.state.length - 1];
  if (last && TERMINAL_STATES.has(last.value)) last.end = last.start;
  return timeline;
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z]/g, '');
}

/** A track draws at most this many segments, the latest (a busy call has thousands). */
export const MAX_SEGMENTS_SHOWN = 50;

export interface TimelineActions {
  select(seq: number): void;
  /** The call's state at `seq` against its latest state. */
  compareWithNow?(seq: number): void;
}

function renderTrack(label: string, all: Segment[], until: number, lastSeq: number, actions: TimelineActions): HTMLElement {
  const hidden = Math.max(0, all.length - MAX_SEGMENTS_SHOWN);
  const segments = hidden ? all.slice(hidden) : all;
  const span = Math.max(1, until - (segments[0]?.start ?? until));
  const bar = el('div', { className: 'tl-bar', attrs: { 'aria-hidden': 'true' } });
  const list = el('ol', { className: 'tl-list' });
  for (const segment of segments) {
    const end = segment.end ?? until;
    const duration = end - segment.start;
    const piece = el('span', { className: `tl-seg tl-${slug(segment.value)}`, title: segment.value });
    piece.style.flexGrow = String(Math.max(duration / span, 0.02));
    bar.appendChild(piece);
    const ongoing = segment.end === undefined;
    const link = el('button', { className: 'tl-item link-button', attrs: { type: 'button' } }, [
      el('span', { className: 'tl-time', text: formatTime(segment.start) }),
      el('span', { className: `tl-dot tl-${slug(segment.value)}`, attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'tl-value', text: segment.value }),
      el('span', {
        className: 'tl-duration',
        text: segment.end === segment.start && !ongoing ? '' : ongoing ? l10n.t('{0} (ongoing)', formatDuration(duration)) : formatDuration(duration),
      }),
    ]);
    link.title = l10n.t('Go to #{0}', segment.seq);
    link.addEventListener('click', () => actions.select(segment.seq));
    const item = el('li', { className: 'tl-point' }, [link]);
    const compareWithNow = actions.compareWithNow;
    if (compareWithNow && segment.seq !== lastSeq) {
      const compare = el('button', { className: 'tl-compare link-button', text: l10n.t('Compare with now'), attrs: { type: 'button' } });
      compare.title = l10n.t('The call at #{0} against its latest state', segment.seq);
      compare.addEventListener('click', () => compareWithNow(segment.seq));
      item.appendChild(compare);
    }
    list.appendChild(item);
  }
  const children: HTMLElement[] = [el('div', { className: 'tl-label', text: label }), bar];
  if (hidden) children.push(el('div', { className: 'muted tl-more', text: hidden === 1 ? l10n.t('1 earlier change not shown') : l10n.t('{0} earlier changes not shown', hidden.toLocaleString()) }));
  children.push(list);
  return el('div', { className: 'tl-track' }, children);
}

/** `until`: now for a live stream, the last row's time for an imported file. */
export function renderTimeline(timeline: CallTimeline, until: number, actions: TimelineActions): HTMLElement {
  const end = Math.max(until, timeline.lastTime);
  return el('div', { className: 'timeline' }, [
    renderTrack(l10n.t('State'), timeline.state, end, timeline.lastSeq, actions),
    timeline.recording.length
      ? renderTrack(l10n.t('Recording'), timeline.recording, end, timeline.lastSeq, actions)
      : el('div', { className: 'muted', text: l10n.t('No recording state reported for this call.') }),
  ]);
}
