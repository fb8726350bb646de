import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { Prompter } from '../../../src/common/prompter';

/** An answer for the next quick pick: the first item whose label contains `text`. */
export interface PickAnswer {
  pick: string;
}
export type Answer = string | PickAnswer | undefined;

export function pick(text: string): PickAnswer {
  return { pick: text };
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
  /** The labels each quick pick offered, in order. */
  readonly offered: string[][] = [];

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    this.asked.push(`pick: ${options.title ?? ''} ${options.placeHolder ?? ''}`);
    this.offered.push(items.map((item) => item.label));
    const answer = this.next('quick pick');
    if (answer === undefined) return undefined;
    assert.ok(typeof answer === 'object', `expected a pick answer for "${options.placeHolder}", got "${String(answer)}"`);
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
    const answer = this.next('modal question');
    if (answer === undefined) return undefined;
    assert.ok(typeof answer === 'object', `expected a pick answer for "${message}", got "${String(answer)}"`);
    const found = actions.find((action) => action.includes(answer.pick));
    assert.ok(found, `no action contains "${answer.pick}" in [${actions.join(', ')}]`);
    return found;
  }

  async error(message: string): Promise<string | undefined> {
    this.errors.push(message);
    return undefined;
  }

  async warning(message: string): Promise<string | undefined> {
    this.warnings.push(message);
    return undefined;
  }

  private next(what: string): Answer {
    assert.ok(this.answers.length > 0, `the command asked an unexpected ${what}: ${this.asked.at(-1)}`);
    return this.answers.shift();
  }
}
