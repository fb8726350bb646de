// CometD ErrorMessage: a failure GWS reports after it accepted an operation
// (docs/gws-notes.md#errormessage). Its layout is not documented, so this reads the likely
// fields, tolerantly, in one place: the inspector's row and the user's error notification say
// the same thing. A field it does not find stays absent: no call id is derived from anything
// but a call id or a call URI, and no operation from anything but a field that names one.

export interface ErrorMessageInfo {
  text?: string;
  code?: unknown;
  callId?: string;
  /** The operation it says failed (`operationName`, `operation`, `requestName`), when it names one. */
  operationName?: string;
  /** A request reference it quotes (`referenceId`, `requestId`), when it has one. */
  referenceId?: string | number;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The call id in a URI such as http://host/api/v2/me/calls/{id}. */
export function callIdFromUrl(url: string): string | undefined {
  const match = /\/calls\/([^/?#]+)/.exec(url);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function firstText(values: readonly unknown[]): string | undefined {
  for (const value of values) {
    const text = textOf(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

function firstPresent(values: readonly unknown[]): unknown {
  for (const value of values) if (value !== undefined && value !== null && typeof value !== 'object') return value;
  return undefined;
}

export function readErrorMessage(data: Record<string, unknown>): ErrorMessageInfo {
  const call = recordOf(data.call);
  // Some layouts nest the failure: {"error": {"code": …, "message": …}}.
  const nested = recordOf(data.error);
  const uri = textOf(data.callUri) ?? textOf(call?.uri) ?? textOf(data.uri);
  const info: ErrorMessageInfo = {
    text: firstText([data.errorMessage, data.statusMessage, data.message, data.error, data.reason, nested?.errorMessage, nested?.statusMessage, nested?.message]),
    code: firstPresent([data.errorCode, data.statusCode, data.code, nested?.errorCode, nested?.statusCode, nested?.code]),
    callId: textOf(call?.id) ?? textOf(data.callId) ?? (uri ? callIdFromUrl(uri) : undefined),
  };
  const operationName = firstText([data.operationName, data.operation, data.requestName]);
  if (operationName !== undefined) info.operationName = operationName;
  const referenceId = [data.referenceId, data.requestId].find((value) => (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value)));
  if (referenceId !== undefined) info.referenceId = referenceId as string | number;
  return info;
}
