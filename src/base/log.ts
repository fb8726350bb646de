// The logging hook the GWS modules write to. The VS Code layer maps it onto a
// LogOutputChannel; tests collect lines. Callers redact before logging: this is plain text.
export type GwsLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type GwsLog = ((level: GwsLogLevel, line: string) => void) & {
  /** Whether anyone reads trace lines now; when absent, every line is wanted (tests). */
  readonly traceEnabled?: () => boolean;
};

export const silentLog: GwsLog = Object.assign(() => undefined, { traceEnabled: () => false });

const TRACE_LIMIT = 4_000;

/**
 * Logs a trace line built only when trace is on: raw Bayeux frames arrive with every
 * notification burst, and building their text (flattening a multi-megabyte response) would
 * cost the notification path even though nobody reads it at the default log level.
 */
export function traceLazily(log: GwsLog, line: () => string): void {
  if (log.traceEnabled?.() ?? true) log('trace', line());
}

/** Long frames, cut for the log. */
export function clipForTrace(text: string): string {
  return text.length > TRACE_LIMIT ? `${text.slice(0, TRACE_LIMIT)}… (${text.length} chars)` : text;
}
