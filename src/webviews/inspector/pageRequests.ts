// Page → extension requests checked before use: the page is ours, but its messages arrive as
// untyped JSON, and a wrong seq or call id would be echoed back and looked up (as checkSelection
// in ./pageSelection.ts does for the page's selection).
import type { CompareNowRequest } from './protocol';

/** The seq and call id of a compare-with-now request; throws, saying what is wrong, on anything else. */
export function checkCompareNowRequest(value: unknown): Pick<CompareNowRequest, 'seq' | 'callId'> {
  const message = (typeof value === 'object' && value !== null ? value : {}) as Partial<CompareNowRequest>;
  if (!Number.isSafeInteger(message.seq)) throw new Error("the page's compare-with-now request has no row seq");
  if (typeof message.callId !== 'string' || message.callId === '') throw new Error("the page's compare-with-now request has no call id");
  return { seq: message.seq as number, callId: message.callId };
}
