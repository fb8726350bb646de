import * as vscode from 'vscode';
import type { GwsLog, GwsLogLevel } from '../base/log';
import { basicCredential, redactText, scrubSecrets } from '../base/redact';

/**
 * The extension's one log: a LogOutputChannel, one component tag per line. Every line goes
 * through redaction first, and known secrets (the passwords in use) are scrubbed out as a
 * second line of defence. Raw Bayeux frames are logged at trace, so the user picks the volume
 * with "Developer: Set Log Level".
 */
export class Logger implements vscode.Disposable {
  private static secrets = new Set<string>();
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'GWS Call Inspector') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Remember a secret so it can never appear in a log line, even by mistake. */
  static addSecret(secret: string | undefined, userName?: string): void {
    if (!secret || secret.length < 3) return;
    Logger.secrets.add(secret);
    if (userName) Logger.secrets.add(basicCredential(userName, secret));
  }

  static scrub(text: string): string {
    const masked = redactText(text);
    return Logger.secrets.size ? scrubSecrets(masked, [...Logger.secrets]) : masked;
  }

  trace(component: string, message: string): void {
    if (this.traceEnabled()) this.channel.trace(`[${component}] ${Logger.scrub(message)}`);
  }

  /** Trace is the chattiest level (raw Bayeux frames): only when the user chose it. */
  traceEnabled(): boolean {
    return this.channel.logLevel === vscode.LogLevel.Trace;
  }
  debug(component: string, message: string): void {
    this.channel.debug(`[${component}] ${Logger.scrub(message)}`);
  }
  info(component: string, message: string): void {
    this.channel.info(`[${component}] ${Logger.scrub(message)}`);
  }
  warn(component: string, message: string): void {
    this.channel.warn(`[${component}] ${Logger.scrub(message)}`);
  }
  error(component: string, message: string | Error): void {
    const text = message instanceof Error ? message.message : message;
    this.channel.error(`[${component}] ${Logger.scrub(text)}`);
  }

  /** Adapter for vscode-free modules that take `log(level, line)`. */
  forComponent(component: string): GwsLog {
    return Object.assign((level: GwsLogLevel, line: string) => this[level](component, line), { traceEnabled: () => this.traceEnabled() });
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
