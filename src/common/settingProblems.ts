import * as vscode from 'vscode';
import type { Logger } from './logger';
import { plainText } from './plainText';
import type { PrompterHolder } from './prompter';

/**
 * Says what is wrong with a setting's value once per window, where the value is read: each
 * new problem goes to the log, and one warning with Open Settings names the first (the
 * Settings editor marks a value against package.json's schema, but a hand-edited
 * settings.json is read as it is). Settings are user text: shown as plain text.
 */
export class SettingProblems {
  private readonly reported = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly prompter: PrompterHolder,
  ) {}

  report(setting: string, problems: readonly string[]): void {
    const fresh = problems.filter((problem) => !this.reported.has(problem));
    if (fresh.length === 0) return;
    for (const problem of fresh) {
      this.reported.add(problem);
      this.logger.warn('settings', problem);
    }
    const openSettings = vscode.l10n.t('Open Settings');
    const more = fresh.length > 1 ? ' ' + vscode.l10n.t('({0} more in the log)', fresh.length - 1) : '';
    void this.prompter.current.warning(plainText(fresh[0]) + more, openSettings).then((choice) => {
      if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  }
}
