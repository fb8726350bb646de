import * as vscode from 'vscode';
import { otherParty, participantsOf, shortCallId } from '../gws/callView';
import type { GwsCall } from '../gws/types';
import type { CallStore } from '../model/callStore';
import type { Prompter } from '../common/prompter';
import { displayValue } from '../views/callNodes';

const PHONE = /^\+?[0-9*#][0-9*#\s().-]{0,40}$/;
const DTMF = /^[0-9*#A-Da-d]+$/;

/** Parses "key=value, key2=value2" or a JSON object into userData. */
export function parseUserData(text: string): { value: Record<string, unknown> } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: 'Enter key=value pairs or a JSON object' };
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'The JSON must be an object' };
      if (Object.keys(value).length === 0) return { error: 'The object is empty' };
      return { value: value as Record<string, unknown> };
    } catch (error) {
      return { error: `Not valid JSON: ${(error as Error).message}` };
    }
  }
  const value: Record<string, unknown> = {};
  for (const part of trimmed.split(/[,;\n]/)) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `"${part.trim()}" is not key=value` };
    value[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { value };
}

/** Parses a JSON object for "Run Operation…"; operationName is added by the caller. */
export function parseParamsJson(text: string): { value: Record<string, unknown> } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { value: {} };
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'Parameters must be a JSON object' };
    if ('operationName' in value) return { error: 'Leave out operationName: it is set from your choice' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not valid JSON: ${(error as Error).message}` };
  }
}

/** A JSON template of the parameters an operation takes (for "Run Operation…"). */
export function paramsTemplate(operation: string): Record<string, unknown> {
  switch (operation) {
    case 'SendDtmf':
      return { digits: '' };
    case 'AttachUserData':
    case 'UpdateUserData':
      return { userData: { key: 'value' } };
    case 'DeleteUserDataPair':
      return { key: '' };
    case 'SingleStepTransfer':
    case 'InitiateTransfer':
    case 'InitiateConference':
    case 'SingleStepConference':
      return { destination: { phoneNumber: '' } };
    case 'SwapCalls':
      return { otherCallUri: '' };
    case 'RemoveParticipantFromConference':
      return { participant: '' };
    default:
      return {};
  }
}

export interface ParamContext {
  prompter: Prompter;
  store: CallStore;
  /** A userData key the command was invoked on (tree entry), if any. */
  key?: string;
}

/**
 * Asks for what an operation needs and returns its body parameters (without operationName);
 * undefined when the user cancelled.
 */
export async function askOperationParams(operation: string, call: GwsCall, ctx: ParamContext): Promise<Record<string, unknown> | undefined> {
  const ask = ctx.prompter;
  const title = `${operation} on ${otherParty(call) ?? shortCallId(call.id)}`;
  const askPhone = async (prompt: string) => {
    const phone = await ask.input({
      title,
      prompt,
      placeHolder: '15001',
      validateInput: (v) => (PHONE.test(v.trim()) ? undefined : 'Enter a phone number: digits, optionally starting with +'),
    });
    return phone === undefined ? undefined : { destination: { phoneNumber: phone.trim() } };
  };
  switch (operation) {
    case 'SendDtmf': {
      const digits = await ask.input({
        title,
        prompt: 'DTMF digits to send (0-9, *, #)',
        validateInput: (v) => (DTMF.test(v.trim()) ? undefined : 'Only 0-9, *, # and A-D'),
      });
      return digits === undefined ? undefined : { digits: digits.trim() };
    }
    case 'AttachUserData':
    case 'UpdateUserData': {
      const text = await ask.input({
        title,
        prompt:
          operation === 'AttachUserData'
            ? 'key=value pairs (comma separated) or a JSON object. Attach adds keys even when they already exist.'
            : 'key=value pairs (comma separated) or a JSON object. Update adds or replaces keys.',
        placeHolder: 'CustomerId=42, Segment=Gold',
        validateInput: (v) => {
          const r = parseUserData(v);
          return 'error' in r ? r.error : undefined;
        },
      });
      if (text === undefined) return undefined;
      const parsed = parseUserData(text);
      return 'error' in parsed ? undefined : { userData: parsed.value };
    }
    case 'DeleteUserDataPair': {
      if (ctx.key !== undefined) return { key: ctx.key };
      const data = call.userData ?? {};
      const keys = Object.keys(data);
      if (keys.length === 0) {
        void vscode.window.showInformationMessage('This call has no user data to delete.');
        return undefined;
      }
      const pick = await ask.quickPick(
        keys.map((k) => ({ label: k, description: displayValue(data[k]) })),
        { title, placeHolder: 'User data key to delete' },
      );
      return pick ? { key: pick.label } : undefined;
    }
    case 'SingleStepTransfer':
      return askPhone('Transfer the call to this number (single step)');
    case 'InitiateTransfer':
      return askPhone('Consult this number before transferring');
    case 'InitiateConference':
      return askPhone('Consult this number before the conference');
    case 'SingleStepConference':
      return askPhone('Add this number to the call (single step)');
    case 'CompleteTransfer':
    case 'CompleteConference': {
      // GWS finds the consult call itself when consultCallUri is left out; send it when we know it.
      const consult = ctx.store.list().find((c) => c.parentCallUri && (c.parentCallUri === call.uri || c.parentCallUri.endsWith(`/${call.id}`)));
      return consult?.uri ? { consultCallUri: consult.uri } : {};
    }
    case 'SwapCalls': {
      const others = ctx.store.list().filter((c) => c.id !== call.id && c.uri);
      if (others.length === 0) {
        void vscode.window.showInformationMessage('There is no other call to swap with.');
        return undefined;
      }
      const pick = others.length === 1 ? { call: others[0] } : await ask.quickPick(
        others.map((c) => ({ label: otherParty(c) ?? shortCallId(c.id), description: `${c.state ?? ''} · ${shortCallId(c.id)}`, call: c })),
        { title, placeHolder: 'Swap with which call?' },
      );
      return pick ? { otherCallUri: pick.call.uri } : undefined;
    }
    case 'RemoveParticipantFromConference': {
      const parts = participantsOf(call);
      if (parts.length === 0) {
        void vscode.window.showInformationMessage('The call has no participants to remove.');
        return undefined;
      }
      const pick = await ask.quickPick(parts.map((p) => ({ label: p.number, description: p.label })), { title, placeHolder: 'Participant to remove' });
      return pick ? { participant: pick.label } : undefined;
    }
    default:
      return {};
  }
}
