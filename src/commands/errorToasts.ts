import * as vscode from 'vscode';
import { Logger } from '../common/logger';
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
 */
export function showError(what: string, error: unknown, ui: { logger: Logger; prompter: PrompterHolder }): void {
  const text = errorText(error);
  ui.logger.error('ui', `${what}: ${text}`);
  const actions = ['Show Log'];
  if (error instanceof GwsError && error.isSessionProblem) actions.unshift('Sign In Again');
  void ui.prompter.current.error(`${what}: ${text}`, ...actions).then((choice) => {
    if (choice === 'Show Log') ui.logger.show();
    if (choice === 'Sign In Again') void vscode.commands.executeCommand('gws.signIn');
  });
}
