// Parsing what a user types for operation parameters. No `vscode` import: unit-tested.
import * as l10n from '@vscode/l10n';
import { findOperation } from '../gws/operations';

const PHONE = /^\+?[0-9*#][0-9*#\s().-]{0,40}$/;
const DTMF = /^[0-9*#]+$/;

/** Why `text` is not a dialable number, or undefined when it is one. */
export function phoneNumberProblem(text: string): string | undefined {
  return PHONE.test(text.trim()) ? undefined : l10n.t('Enter a phone number: digits, optionally starting with +');
}

/** Why `text` is not a DTMF digit string, or undefined. */
export function dtmfProblem(text: string): string | undefined {
  return DTMF.test(text.trim()) ? undefined : l10n.t('Only the digits 0-9, * and #');
}

/**
 * Parses "key=value, key2=value2" or a JSON object into userData. Pairs are separated by
 * commas, semicolons or new lines; a part without "=" belongs to the value before it, so
 * "Note=call back, after 5, Segment=Gold" keeps its comma. Values are strings: JSON for others.
 */
export function parseUserData(text: string): { value: Record<string, unknown> } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: l10n.t('Enter key=value pairs or a JSON object') };
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: l10n.t('The JSON must be an object') };
      if (Object.keys(value).length === 0) return { error: l10n.t('The object is empty') };
      return { value: value as Record<string, unknown> };
    } catch (error) {
      return { error: l10n.t('Not valid JSON: {0}', (error as Error).message) };
    }
  }
  const value: Record<string, string> = {};
  let lastKey: string | undefined;
  // split() with a capture group keeps each separator, so a value can get its comma back.
  const parts = trimmed.split(/([,;\n])/);
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i];
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    if (eq < 0 && lastKey !== undefined) {
      value[lastKey] += `${parts[i - 1]}${part}`.trimEnd();
      continue;
    }
    if (eq === 0 || !part.slice(0, eq).trim()) return { error: l10n.t('"{0}" has no key before "="', part.trim()) };
    if (eq < 0) return { error: l10n.t('"{0}" is not key=value', part.trim()) };
    lastKey = part.slice(0, eq).trim();
    value[lastKey] = part.slice(eq + 1).trim();
  }
  return { value };
}

/** Parses a JSON object for "Run Operation…"; operationName is added by the caller. */
export function parseParamsJson(text: string): { value: Record<string, unknown> } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { value: {} };
  try {
    const value = JSON.parse(trimmed) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: l10n.t('Parameters must be a JSON object') };
    if ('operationName' in value) return { error: l10n.t('Leave out operationName: it is set from your choice') };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: l10n.t('Not valid JSON: {0}', (error as Error).message) };
  }
}

/** A JSON template of the parameters an operation takes (for "Run Operation…"), from the catalogue. */
export function paramsTemplate(operation: string): Record<string, unknown> {
  const template: Record<string, unknown> = {};
  for (const param of findOperation(operation)?.params ?? []) {
    if (!param.required) continue;
    if (param.kind === 'phoneNumber') template[param.name] = { phoneNumber: '' };
    else if (param.kind === 'userData') template[param.name] = { key: 'value' };
    else template[param.name] = '';
  }
  return template;
}

