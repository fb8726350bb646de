import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompter } from '../../../src/common/prompter';

/** An answer for the next quick pick: the first item whose label contains `text`. */
export interface PickAnswer {
  pick: string;
}
/** An answer for the next save or open dialog: this file. */
export interface FileAnswer {
  file: string;
}
export type Answer = string | PickAnswer | FileAnswer | undefined;

export function pick(text: string): PickAnswer {
  return { pick: text };
}

export function file(fsPath: string): FileAnswer {
  return { file: fsPath };
}

/**
 * Answers the commands' questions from a script, in order, through the same validation the
 * real input boxes run (an answer the UI would reject fails the test), and records every
 * error message the commands show.
 */
export class ScriptedPrompter implements Prompter {
  readonly answers: Answer[] = [];
  readonly asked: string[] = [];
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly infos: string[] = [];
  /** The actions each error notification offered, in order. */
  readonly errorActions: string[][] = [];
  /** The labels each quick pick offered, in order. */
  readonly offered: string[][] = [];
  /** The items each quick pick offered (label, description, detail), in order. */
  readonly offeredItems: vscode.QuickPickItem[][] = [];

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.asked.push(`pick: ${options.title ?? ''} ${options.placeHolder ?? ''}`);
    this.offered.push(items.map((item) => item.label));
    this.offeredItems.push(items.map(({ label, description, detail }) => ({ label, description, detail })));
    const answer = this.next('quick pick');
    if (answer === undefined) return undefined;
    assert.ok(typeof answer === 'object' && 'pick' in answer, `expected a pick answer for "${options.placeHolder}", got ${JSON.stringify(answer)}`);
    const found = items.find((item) => item.label.includes(answer.pick));
    assert.ok(found, `no item contains "${answer.pick}" in [${items.map((i) => i.label).join(', ')}]`);
    return found;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.asked.push(`input: ${options.title ?? ''} ${options.prompt ?? ''}`);
    const answer = this.next('input box');
    if (answer === undefined) return undefined;
    assert.ok(typeof answer === 'string', `expected text for "${options.prompt}"`);
    const problem = await options.validateInput?.(answer);
    assert.ok(!problem, `the input box would reject "${answer}": ${JSON.stringify(problem)}`);
    return answer;
  }

  async confirm(): Promise<boolean> {
    const answer = this.next('confirmation');
    return answer !== undefined;
  }

  /** A modal question: answered with pick(text), the action containing `text`, or undefined (dismissed). */
  async choose(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    this.asked.push(`choose: ${message} ${detail}`);
    this.offered.push(actions);
    this.offeredItems.push(actions.map((label) => ({ label })));
    const answer = this.next('modal question');
    if (answer === undefined) return undefined;
    assert.ok(typeof answer === 'object' && 'pick' in answer, `expected a pick answer for "${message}", got ${JSON.stringify(answer)}`);
    const found = actions.find((action) => action.includes(answer.pick));
    assert.ok(found, `no action contains "${answer.pick}" in [${actions.join(', ')}]`);
    return found;
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    this.errors.push(message);
    this.errorActions.push(actions);
    return undefined;
  }

  async info(message: string): Promise<string | undefined> {
    this.infos.push(message);
    return undefined;
  }

  async warning(message: string): Promise<string | undefined> {
    this.warnings.push(message);
    return undefined;
  }

  async saveFile(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.dialog(`save dialog: ${options.title ?? ''}`);
  }

  async openFile(options: vscode.OpenDialogOptions): Promise<vscode.Uri | undefined> {
    return this.dialog(`open dialog: ${options.title ?? ''}`);
  }

  private dialog(what: string): vscode.Uri | undefined {
    this.asked.push(what);
    const answer = this.next(what);
    if (answer === undefined) return undefined;
    assert.ok(typeof answer === 'object' && 'file' in answer, `expected a file answer for the ${what}, got ${JSON.stringify(answer)}`);
    return vscode.Uri.file(answer.file);
  }

  private next(what: string): Answer {
    assert.ok(this.answers.length > 0, `the command asked an unexpected ${what}: ${this.asked.at(-1)}`);
    return this.answers.shift();
  }
}
