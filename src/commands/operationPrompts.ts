import * as vscode from 'vscode';
import { participantsOf } from '../wire/callReader';
import { callName } from '../model/callName';
import { findOperation, type OperationParam } from '../gws/operations';
import type { GwsCall } from '../wire/types';
import type { CallStore } from '../model/callStore';
import { plainText } from '../common/plainText';
import type { Prompter } from '../common/prompter';
import { displayValue } from '../views/callNodes';
import { dtmfProblem, parseUserData, phoneNumberProblem } from './inputParsing';
import { SUGGESTED_NUMBER } from './operationHints';


export interface ParamContext {
  prompter: Prompter;
  store: CallStore;
  /** A userData key the command was invoked on (tree entry), if any. */
  key?: string;
}

/**
 * Asks for what an operation needs, parameter by parameter as the catalogue describes them,
 * and returns its body parameters (without operationName); undefined when the user cancelled.
 * Optional parameters are not asked for ("Run Operation…" can send them). Server text in the
 * questions (keys, numbers, states) is shown as plain text; the value picked is sent as the
 * server wrote it.
 */
export async function askOperationParams(operation: string, call: GwsCall, ctx: ParamContext): Promise<Record<string, unknown> | undefined> {
  const params: Record<string, unknown> = {};
  const title = plainText(vscode.l10n.t('{0} on {1}', findOperation(operation)?.label ?? operation, callName(call).text));
  for (const param of findOperation(operation)?.params ?? []) {
    const value = await askParam(param, call, ctx, title);
    if (value === CANCELLED) return undefined;
    if (value !== undefined) params[param.name] = value;
  }
  return params;
}

const CANCELLED = Symbol('cancelled');

async function askParam(param: OperationParam, call: GwsCall, ctx: ParamContext, title: string): Promise<unknown> {
  const ask = ctx.prompter;
  switch (param.kind) {
    case 'phoneNumber': {
      if (!param.required) return undefined;
      const phone = await ask.input({
        title,
        prompt: param.prompt,
        placeHolder: SUGGESTED_NUMBER,
        validateInput: phoneNumberProblem,
      });
      return phone === undefined ? CANCELLED : { phoneNumber: phone.trim() };
    }
    case 'digits': {
      const digits = await ask.input({
        title,
        prompt: param.prompt,
        validateInput: dtmfProblem,
      });
      return digits === undefined ? CANCELLED : digits.trim();
    }
    case 'userData': {
      if (!param.required) return undefined;
      const text = await ask.input({
        title,
        prompt: vscode.l10n.t('{0}: key=value pairs separated by commas (a value may contain commas), or a JSON object', param.prompt),
        placeHolder: 'CustomerId=42, Segment=Gold',
        validateInput: (v) => {
          const r = parseUserData(v);
          return 'error' in r ? r.error : undefined;
        },
      });
      if (text === undefined) return CANCELLED;
      const parsed = parseUserData(text);
      return 'error' in parsed ? CANCELLED : parsed.value;
    }
    case 'key': {
      if (ctx.key !== undefined) return ctx.key;
      const data = call.userData ?? {};
      const keys = Object.keys(data);
      if (keys.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This call has no user data.'));
        return CANCELLED;
      }
      const pick = await ask.quickPick(
        keys.map((key) => ({ label: plainText(key), description: plainText(displayValue(data[key])), key })),
        { title, placeHolder: param.prompt },
      );
      return pick ? pick.key : CANCELLED;
    }
    case 'callUri': {
      if (!param.required) {
        // CompleteTransfer / CompleteConference: GWS finds the consult call itself when
        // consultCallUri is left out; send it when we know which one it is.
        const consult = ctx.store
          .list()
          .find((c) => c.parentCallUri && (c.parentCallUri === call.uri || c.parentCallUri.endsWith(`/${call.id}`)));
        return consult?.uri;
      }
      const others = ctx.store.list().filter((c) => c.id !== call.id && c.uri);
      if (others.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('There is no other live call to use.'));
        return CANCELLED;
      }
      if (others.length === 1) return others[0].uri;
      const pick = await ask.quickPick(
        others.map((c) => ({ label: plainText(callName(c).text), description: plainText(c.state ?? ''), uri: c.uri })),
        { title, placeHolder: param.prompt },
      );
      return pick ? pick.uri : CANCELLED;
    }
    case 'participant': {
      const parts = participantsOf(call);
      if (parts.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The call lists no participants.'));
        return CANCELLED;
      }
      const pick = await ask.quickPick(
        parts.map((p) => ({ label: plainText(p.number), description: plainText(p.label), number: p.number })),
        { title, placeHolder: param.prompt },
      );
      return pick ? pick.number : CANCELLED;
    }
  }
}
