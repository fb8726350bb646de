import * as vscode from 'vscode';

// Placeholder wiring; the real activate() is assembled by the sign-in / tree issue.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gws.signIn', () => vscode.window.showInformationMessage('GWS: Sign In')),
    vscode.commands.registerCommand('gws.startSimulator', () => undefined),
  );
}

export function deactivate(): void {}
