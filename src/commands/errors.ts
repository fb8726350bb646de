import * as vscode from 'vscode';
import { Logger } from '../common/logger';
import { GwsError } from '../gws/errors';

/** Text of an error for the user: what failed, never a credential. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return Logger.scrub(text);
}

/**
 * Shows what failed and what to do, with "Show Log" and, where signing in again helps,
 * "Sign In Again". Resolves when the notification is dismissed or an action has started.
 */
export async function showError(what: string, error: unknown, logger: Logger): Promise<void> {
  const text = errorText(error);
  logger.error('ui', `${what}: ${text}`);
  const actions = ['Show Log'];
  const authProblem = error instanceof GwsError && (error.kind === 'auth' || error.kind === 'csrf' || error.statusCode === 20);
  if (authProblem) actions.unshift('Sign In Again');
  const choice = await vscode.window.showErrorMessage(`${what}: ${text}`, ...actions);
  if (choice === 'Show Log') logger.show();
  if (choice === 'Sign In Again') await vscode.commands.executeCommand('gws.signIn');
}
