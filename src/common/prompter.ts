import * as vscode from 'vscode';

/**
 * The questions the commands ask the user. The default asks through VS Code's UI; the
 * integration tests install a scripted one (see the extension's `testing` API) so that a
 * command such as Sign In runs its real flow, validation included, with test-provided answers.
 */
export interface Prompter {
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A modal confirmation; resolves true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A modal question with several answers; resolves to the chosen one, undefined when dismissed. */
  choose(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
  /** An error notification with actions; resolves to the chosen action. */
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A warning notification with actions; resolves to the chosen action. */
  warning(message: string, ...actions: string[]): Promise<string | undefined>;
  /** An information notification with actions; resolves to the chosen action. */
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  /** The save dialog: the only way a command learns where to write a file. */
  saveFile(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** The open dialog for one file. */
  openFile(options: vscode.OpenDialogOptions): Promise<vscode.Uri | undefined>;
}

export const vscodePrompter: Prompter = {
  async quickPick(items, options) {
    return vscode.window.showQuickPick(items, options);
  },
  async input(options) {
    return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  },
  async confirm(message, detail, action) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return choice === action;
  },
  async choose(message, detail, ...actions) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  },
  async error(message, ...actions) {
    return vscode.window.showErrorMessage(message, ...actions);
  },
  async warning(message, ...actions) {
    return vscode.window.showWarningMessage(message, ...actions);
  },
  async info(message, ...actions) {
    return vscode.window.showInformationMessage(message, ...actions);
  },
  async saveFile(options) {
    return vscode.window.showSaveDialog(options);
  },
  async openFile(options) {
    return (await vscode.window.showOpenDialog({ ...options, canSelectMany: false }))?.[0];
  },
};

/** Holder so commands always ask through the current prompter. */
export class PrompterHolder {
  current: Prompter = vscodePrompter;
}
