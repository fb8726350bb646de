// Tree nodes of the Calls view. Nodes are cached per call so that a partial refresh
// (`onDidChangeTreeData.fire(node)`) refers to the very element VS Code already knows.
import { capabilitiesOf } from '../wire/callReader';
import type { GwsCall } from '../wire/types';
import type { DeviceEntryNode, DeviceNode } from './deviceNodes';

export type CallGroup = 'participants' | 'userData' | 'capabilities' | 'details';

export interface CallNode {
  readonly kind: 'call';
  readonly callId: string;
}

export interface GroupNode {
  readonly kind: 'group';
  readonly callId: string;
  readonly group: CallGroup;
}

export interface EntryNode {
  readonly kind: 'entry';
  readonly callId: string;
  readonly group: CallGroup;
  readonly key: string;
  readonly value: string;
}

/** A call and what is shown under it. */
export type CallPartNode = CallNode | GroupNode | EntryNode;

/** Every node of the Calls view: the agent's devices (deviceNodes.ts) and calls. */
export type CallsTreeNode = CallPartNode | DeviceNode | DeviceEntryNode;

/** The call id a command was invoked on: a node from the tree, a call id string, or a call. */
export function callIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { callId?: unknown; id?: unknown };
    if (typeof o.callId === 'string') return o.callId;
    if (typeof o.id === 'string') return o.id;
  }
  return undefined;
}

/** Text shown for a userData value: strings as they are, anything else as JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * `contextValue` of a call item: the capabilities the server offers *now*, each prefixed with
 * `+`, so package.json menus can match `viewItem =~ /\+StartCallRecording\b/`.
 */
export function callContextValue(call: GwsCall): string {
  return `call${capabilitiesOf(call).map((c) => `+${c}`).join('')}`;
}
