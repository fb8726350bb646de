// The logging hook the GWS modules write to. The VS Code layer maps it onto a
// LogOutputChannel; tests collect lines. Callers redact before logging: this is plain text.
export type GwsLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export type GwsLog = (level: GwsLogLevel, line: string) => void;

export const silentLog: GwsLog = () => undefined;
