// CometD ErrorMessage: a failure GWS reports after it accepted an operation
// (docs/gws-notes.md#errormessage). Its layout is not documented, so this reads the likely
// fields, tolerantly, in one place: the inspector's row and the user's error notification say
// the same thing.

export interface ErrorMessageInfo {
  text?: string;
  code?: unknown;
  callId?: string;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
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

export function readErrorMessage(data: Record<string, unknown>): ErrorMessageInfo {
  const call = data.call && typeof data.call === 'object' ? (data.call as Record<string, unknown>) : undefined;
  const uri = textOf(data.callUri) ?? textOf(call?.uri) ?? textOf(data.uri);
  return {
    text: [data.errorMessage, data.statusMessage, data.message, data.error, data.reason].map(textOf).find(Boolean),
    code: [data.errorCode, data.statusCode, data.code].find((value) => value !== undefined && value !== null),
    callId: textOf(call?.id) ?? textOf(data.callId) ?? (uri ? callIdFromUrl(uri) : undefined),
  };
}
