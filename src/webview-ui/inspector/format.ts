// Small text formatters shared by the stream, the detail pane and the timeline.

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** Local wall-clock time as HH:MM:SS.mmm (the precision notifications need to be told apart). */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`;
}

/**
 * The end of a call id, as the extension shortens it (src/wire/callReader.ts shortCallId): the
 * short id the calls view and the messages show, for rows that carry no call name.
 */
export function shortId(id: string | undefined): string {
  if (!id) return '';
  return id.length > 6 ? id.slice(-6) : id;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${pad2(Math.floor(seconds % 60))} s`;
  return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} m`;
}

/** A compact one-line rendering of any JSON value (for diffs); long values are cut. */
export function formatValue(value: unknown, max = 160): string {
  let text: string;
  if (value === undefined) text = '—';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
