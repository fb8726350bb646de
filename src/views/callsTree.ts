import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { plainText } from '../common/plainText';
import { callStateOf, capabilitiesOf, otherParty, participantsOf, shortCallId } from '../wire/callReader';
import type { GwsCall } from '../wire/types';
import type { CallChange, CallStore } from '../model/callStore';
import {
  CallGroup,
  CallNode,
  CallsTreeNode,
  callContextValue,
  displayValue,
  EntryNode,
  GroupNode,
} from './callNodes';

const GROUP_LABELS: Record<CallGroup, string> = {
  participants: 'Participants',
  userData: 'User data',
  capabilities: 'Capabilities',
  details: 'Details',
};
const GROUP_ICONS: Record<CallGroup, string> = {
  participants: 'person',
  userData: 'symbol-key',
  capabilities: 'checklist',
  details: 'info',
};

/** Icon and theme colour per call state; unknown states get a neutral icon. */
function stateIcon(state: string): vscode.ThemeIcon {
  switch (state) {
    case 'Ringing':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
    case 'Dialing':
      return new vscode.ThemeIcon('call-outgoing', new vscode.ThemeColor('charts.blue'));
    case 'Established':
      return new vscode.ThemeIcon('call-incoming', new vscode.ThemeColor('charts.green'));
    case 'Held':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.orange'));
    case 'Released':
      return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.purple'));
  }
}

function recordingLabel(call: GwsCall): string | undefined {
  switch (call.recordingState) {
    case undefined:
    case null:
    case '':
      return undefined;
    case 'Recording':
      return '● Recording';
    case 'Paused':
      return '❚❚ Recording paused';
    case 'Stopped':
      return 'Recording stopped';
    default:
      return `Recording ${String(call.recordingState)}`;
  }
}

/**
 * The Calls view: the agent's live calls, fed by the call store. Every label, description and
 * tooltip shows server text (numbers, states, userData keys and values) as plain text: never a
 * link, a command URI or an icon. The nodes keep the server's own values for the commands.
 */
export class CallsTreeProvider extends Disposable implements vscode.TreeDataProvider<CallsTreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<CallsTreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly callNodes = new Map<string, CallNode>();
  private readonly groupNodes = new Map<string, GroupNode>();

  constructor(private readonly store: CallStore) {
    super();
    this.register(store.onDidChange((changes) => this.onStoreChanged(changes)));
  }

  /** The node of a call, for reveal() and tests. */
  nodeFor(callId: string): CallNode {
    let node = this.callNodes.get(callId);
    if (!node) {
      node = { kind: 'call', callId };
      this.callNodes.set(callId, node);
    }
    return node;
  }

  refreshAll(): void {
    this.changeEmitter.fire();
  }

  private onStoreChanged(changes: CallChange[]): void {
    // Added or removed calls change the root; anything else refreshes only that call's item.
    const structural = changes.some((c) => c.removed || !c.previous);
    for (const change of changes) {
      if (change.removed) {
        this.callNodes.delete(change.callId);
        for (const group of Object.keys(GROUP_LABELS)) this.groupNodes.delete(`${change.callId}/${group}`);
      }
    }
    if (structural || changes.length === 0) {
      this.changeEmitter.fire();
      return;
    }
    for (const change of changes) this.changeEmitter.fire(this.nodeFor(change.callId));
  }

  getChildren(element?: CallsTreeNode): CallsTreeNode[] {
    if (!element) return this.store.list().map((call) => this.nodeFor(call.id));
    const call = this.store.get(element.callId);
    if (!call) return [];
    if (element.kind === 'call') {
      return (['participants', 'userData', 'capabilities', 'details'] as CallGroup[]).map((group) => this.groupNode(call.id, group));
    }
    if (element.kind === 'group') return this.entries(call, element.group);
    return [];
  }

  getParent(element: CallsTreeNode): CallsTreeNode | undefined {
    if (element.kind === 'call') return undefined;
    if (element.kind === 'group') return this.nodeFor(element.callId);
    return this.groupNode(element.callId, element.group);
  }

  getTreeItem(element: CallsTreeNode): vscode.TreeItem {
    const call = this.store.get(element.callId);
    if (element.kind === 'call') return call ? this.callItem(call) : new vscode.TreeItem(plainText(element.callId));
    if (element.kind === 'group') return this.groupItem(element, call);
    return this.entryItem(element, call);
  }

  private groupNode(callId: string, group: CallGroup): GroupNode {
    const key = `${callId}/${group}`;
    let node = this.groupNodes.get(key);
    if (!node) {
      node = { kind: 'group', callId, group };
      this.groupNodes.set(key, node);
    }
    return node;
  }

  private callItem(call: GwsCall): vscode.TreeItem {
    const state = callStateOf(call);
    const party = otherParty(call) ?? 'unknown party';
    const item = new vscode.TreeItem(plainText(party), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `call:${call.id}`;
    const recording = recordingLabel(call);
    item.description = plainText([state, recording, call.callType, shortCallId(call.id)].filter(Boolean).join(' · '));
    item.iconPath = stateIcon(state);
    item.contextValue = callContextValue(call);
    item.tooltip = this.callTooltip(call, state, party);
    item.accessibilityInformation = {
      label: plainText(`Call with ${party}, ${state}${call.callType ? `, ${call.callType}` : ''}${recording ? `, ${recording}` : ''}`),
    };
    return item;
  }

  private callTooltip(call: GwsCall, state: string, party: string): vscode.MarkdownString {
    // Every server string goes through plainText and appendText (escaped), never appendMarkdown;
    // the tooltip is untrusted (no command links), renders no HTML and no $(icons).
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown('**Call** ');
    md.appendText(plainText(party));
    md.appendMarkdown('\n\n');
    const rows: Array<[string, unknown]> = [
      ['Id', call.id],
      ['State', state],
      ['Type', call.callType],
      ['Recording', call.recordingState],
      ['Mute', call.mute],
      ['Duration', call.duration !== undefined ? `${call.duration} s` : undefined],
      ['Consult of', call.parentCallUri],
    ];
    for (const [label, value] of rows) {
      if (value === undefined || value === null || value === '') continue;
      md.appendMarkdown(`${label}: `);
      md.appendText(plainText(String(value)));
      md.appendMarkdown('  \n');
    }
    return md;
  }

  private groupItem(node: GroupNode, call: GwsCall | undefined): vscode.TreeItem {
    const count = call ? this.entries(call, node.group).length : 0;
    const item = new vscode.TreeItem(
      GROUP_LABELS[node.group],
      count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `group:${node.callId}/${node.group}`;
    item.description = String(count);
    item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
    item.contextValue = `group-${node.group}${call ? callContextValue(call).slice('call'.length) : ''}`;
    return item;
  }

  private entryItem(node: EntryNode, call: GwsCall | undefined): vscode.TreeItem {
    const item = new vscode.TreeItem(plainText(node.key), vscode.TreeItemCollapsibleState.None);
    item.id = `entry:${node.callId}/${node.group}/${node.key}`;
    item.description = plainText(node.value);
    item.tooltip = plainText(node.value ? `${node.key} = ${node.value}` : node.key);
    if (node.group === 'userData') {
      item.iconPath = new vscode.ThemeIcon('symbol-string');
      item.contextValue = `userDataEntry${call ? callContextValue(call).slice('call'.length) : ''}`;
    } else if (node.group === 'capabilities') {
      item.iconPath = new vscode.ThemeIcon('symbol-event');
      item.contextValue = 'capability';
    } else if (node.group === 'participants') {
      item.iconPath = new vscode.ThemeIcon('person');
      item.contextValue = 'participant';
    } else {
      item.contextValue = 'detail';
    }
    return item;
  }

  private entries(call: GwsCall, group: CallGroup): EntryNode[] {
    const make = (key: string, value: string): EntryNode => ({ kind: 'entry', callId: call.id, group, key, value });
    switch (group) {
      case 'participants':
        return participantsOf(call).map((p, i) => make(p.number || `#${i + 1}`, p.label && p.label !== p.number ? p.label : ''));
      case 'userData': {
        const data = call.userData && typeof call.userData === 'object' ? call.userData : {};
        return Object.keys(data)
          .sort((a, b) => a.localeCompare(b))
          .map((key) => make(key, displayValue(data[key])));
      }
      case 'capabilities': {
        return capabilitiesOf(call).sort((a, b) => a.localeCompare(b)).map((c) => make(c, ''));
      }
      case 'details': {
        const keys = ['id', 'state', 'callType', 'recordingState', 'mute', 'duration', 'ani', 'dnis', 'connId', 'parentCallUri'];
        return keys
          .filter((k) => call[k] !== undefined && call[k] !== null && call[k] !== '')
          .map((k) => make(k, displayValue(call[k])));
      }
    }
  }
}
