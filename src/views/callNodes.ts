// Tree nodes of the Calls view. Nodes are cached per call so that a partial refresh
// (`onDidChangeTreeData.fire(node)`) refers to the very element VS Code already knows. Every
// node below a session carries that session's source id (`session:<profile id>`): two agents
// of the window see the same call id, and a command acts on the session of its node.
import { capabilitiesOf } from '../wire/callReader';
import type { GwsCall } from '../wire/types';
import type { DeviceEntryNode, DeviceNode } from './deviceNodes';

export type CallGroup = 'participants' | 'userData' | 'capabilities' | 'details';

/** A signed-in session, the parent of its devices and calls when the window has several. */
export interface SessionNode {
  readonly kind: 'session';
  readonly source: string;
}

export interface CallNode {
  readonly kind: 'call';
  readonly callId: string;
  readonly source?: string;
}

export interface GroupNode {
  readonly kind: 'group';
  readonly callId: string;
  readonly source?: string;
  readonly group: CallGroup;
}

export interface EntryNode {
  readonly kind: 'entry';
  readonly callId: string;
  readonly source?: string;
  readonly group: CallGroup;
  readonly key: string;
  readonly value: string;
}

/** A call and what is shown under it. */
export type CallPartNode = CallNode | GroupNode | EntryNode;

/** Every node of the Calls view: sessions, the agent's devices (deviceNodes.ts) and calls. */
export type CallsTreeNode = SessionNode | CallPartNode | DeviceNode | DeviceEntryNode;

/** The session (source id) a command was invoked on: any node of the tree below a session. */
export function sourceOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object') {
    const source = (arg as { source?: unknown }).source;
    if (typeof source === 'string' && source !== '') return source;
  }
  return undefined;
}

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
