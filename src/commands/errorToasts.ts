import * as vscode from 'vscode';
import { inBackground } from '../common/background';
import { Logger } from '../common/logger';
import { plainText } from '../common/plainText';
import type { PrompterHolder } from '../common/prompter';
import { GwsError } from '../gws/errors';

/** Text of an error for the user: what failed, never a credential. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return Logger.scrub(text);
}

/**
 * Shows what failed and what to do, with "Show Log" and, where signing in again helps,
 * "Sign In Again". Does not wait for the user: a command returns as soon as it failed.
 * The message carries server text (statusMessage, reason phrase): it is shown as plain text.
 */
export function showError(what: string, error: unknown, ui: { logger: Logger; prompter: PrompterHolder }): void {
  showErrorText(`${what}: ${errorText(error)}`, error, ui);
}

/** showError with the whole message given (already without credentials); the actions follow `error`. */
export function showErrorText(text: string, error: unknown, ui: { logger: Logger; prompter: PrompterHolder }): void {
  ui.logger.error('ui', text);
  const showLog = vscode.l10n.t('Show Log');
  const signInAgain = vscode.l10n.t('Sign In Again');
  const refreshCalls = vscode.l10n.t('Refresh Calls');
  const actions = [showLog];
  if (error instanceof GwsError && error.isSessionProblem) actions.unshift(signInAgain);
  // The calls view may show more calls the server does not have: a full read removes them.
  if (error instanceof GwsError && error.isNotFound) actions.unshift(refreshCalls);
  const shown = ui.prompter.current.error(plainText(text), ...actions).then(async (choice) => {
    if (choice === showLog) ui.logger.show();
    if (choice === signInAgain) await vscode.commands.executeCommand('gws.signIn');
    if (choice === refreshCalls) await vscode.commands.executeCommand('gws.refreshCalls');
  });
  inBackground(shown, (message) => ui.logger.error('ui', `The error notification failed: ${message}`));
}
