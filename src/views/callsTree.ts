import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { plainText } from '../common/plainText';
import { callStateOf, capabilitiesOf, otherParty, participantsOf, shortCallId } from '../wire/callReader';
import type { GwsCall } from '../wire/types';
import type { CallChange, CallStore } from '../model/callStore';
import { agentStateOf, deviceDescription, deviceNumber } from '../model/devices';
import {
  CallGroup,
  CallNode,
  CallsTreeNode,
  callContextValue,
  displayValue,
  EntryNode,
  GroupNode,
} from './callNodes';
import { deviceContextValue, deviceEntries, type DeviceEntryNode, type DeviceNode, type DeviceOwner } from './deviceNodes';

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
 * A supervisor's monitoring call, or an agent's call with a supervisor on it
 * (docs/gws-notes.md#supervisor-monitoring): the booleans GWS sets, in words.
 */
function supervisionLabel(call: GwsCall): string | undefined {
  const parts: string[] = [];
  if (call.monitoring === true) parts.push('Monitoring');
  if (call.supervisorListeningIn === true) parts.push('Supervisor listening');
  if (call.monitoredUserMuted === true) parts.push('Monitored user muted');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Icon per agent state (docs/gws-notes.md#device-resource); unknown states get a neutral icon. */
function agentStateIcon(state: string | undefined): vscode.ThemeIcon {
  switch (state) {
    case 'Ready':
      return new vscode.ThemeIcon('device-mobile', new vscode.ThemeColor('charts.green'));
    case 'NotReady':
      return new vscode.ThemeIcon('device-mobile', new vscode.ThemeColor('charts.orange'));
    case 'LoggedOut':
      return new vscode.ThemeIcon('device-mobile', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('device-mobile');
  }
}

/**
 * The Calls view: the agent's devices (number, agent state, DND, forwarding) and live calls,
 * fed by the device list and the call store. Every label, description and
 * tooltip shows server text (numbers, states, userData keys and values) as plain text: never a
 * link, a command URI or an icon. The nodes keep the server's own values for the commands.
 */
export class CallsTreeProvider extends Disposable implements vscode.TreeDataProvider<CallsTreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<CallsTreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly callNodes = new Map<string, CallNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  private readonly deviceNodes = new Map<string, DeviceNode>();
  private shownDevices: readonly string[] = [];

  /** `owner`: the session whose devices are shown above the calls, while it is signed in. */
  constructor(
    private readonly store: CallStore,
    private readonly owner?: DeviceOwner,
  ) {
    super();
    this.register(store.onDidChange((changes) => this.onStoreChanged(changes)));
    if (owner) {
      this.register(owner.devices.onDidChange((ids) => this.onDevicesChanged(ids)));
      this.register(owner.controller.onDidChangeState(() => this.onDevicesChanged([])));
    }
  }

  /** The node of a device, for reveal(), commands and tests. */
  deviceNode(deviceId: string): DeviceNode | undefined {
    if (!this.owner) return undefined;
    let node = this.deviceNodes.get(deviceId);
    if (!node) {
      node = { kind: 'device', deviceId, owner: this.owner };
      this.deviceNodes.set(deviceId, node);
    }
    return node;
  }

  /** The devices shown: only while the session is signed in (a signed-out session shows nothing). */
  private visibleDevices(): DeviceNode[] {
    const owner = this.owner;
    if (!owner) return [];
    const state = owner.controller.state;
    if (state !== 'connected' && state !== 'reconnecting') return [];
    return owner.devices.list().flatMap((device) => this.deviceNode(device.id) ?? []);
  }

  private onDevicesChanged(ids: readonly string[]): void {
    const shown = this.visibleDevices().map((node) => node.deviceId);
    // A device that came or went (or the session signed in or out) changes the root; else only those items.
    if (shown.length !== this.shownDevices.length || shown.some((id, i) => id !== this.shownDevices[i]) || ids.length === 0) {
      this.shownDevices = shown;
      for (const id of [...this.deviceNodes.keys()]) if (!shown.includes(id)) this.deviceNodes.delete(id);
      this.changeEmitter.fire();
      return;
    }
    for (const id of ids) {
      const node = this.deviceNodes.get(id);
      if (node) this.changeEmitter.fire(node);
    }
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
    if (!element) return [...this.visibleDevices(), ...this.store.list().map((call) => this.nodeFor(call.id))];
    if (element.kind === 'device') {
      const device = element.owner.devices.get(element.deviceId);
      return device ? deviceEntries(device).map(({ key, value }) => ({ kind: 'deviceEntry', deviceId: element.deviceId, owner: element.owner, key, value })) : [];
    }
    if (element.kind === 'deviceEntry') return [];
    const call = this.store.get(element.callId);
    if (!call) return [];
    if (element.kind === 'call') {
      return (['participants', 'userData', 'capabilities', 'details'] as CallGroup[]).map((group) => this.groupNode(call.id, group));
    }
    if (element.kind === 'group') return this.entries(call, element.group);
    return [];
  }

  getParent(element: CallsTreeNode): CallsTreeNode | undefined {
    if (element.kind === 'device') return undefined;
    if (element.kind === 'deviceEntry') return this.deviceNode(element.deviceId);
    if (element.kind === 'call') return undefined;
    if (element.kind === 'group') return this.nodeFor(element.callId);
    return this.groupNode(element.callId, element.group);
  }

  getTreeItem(element: CallsTreeNode): vscode.TreeItem {
    if (element.kind === 'device') return this.deviceItem(element);
    if (element.kind === 'deviceEntry') return this.deviceEntryItem(element);
    const call = this.store.get(element.callId);
    if (element.kind === 'call') return call ? this.callItem(call) : new vscode.TreeItem(plainText(element.callId));
    if (element.kind === 'group') return this.groupItem(element, call);
    return this.entryItem(element, call);
  }

  private deviceItem(node: DeviceNode): vscode.TreeItem {
    const device = node.owner.devices.get(node.deviceId);
    if (!device) return new vscode.TreeItem(plainText(node.deviceId));
    const number = deviceNumber(device);
    const item = new vscode.TreeItem(plainText(number), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `device:${device.id}`;
    const description = deviceDescription(device);
    item.description = plainText(description);
    item.iconPath = agentStateIcon(agentStateOf(device));
    item.contextValue = deviceContextValue(device);
    // Server text only, as plain text: no Markdown, so nothing in it can become a link.
    item.tooltip = plainText(`Device ${number}: ${description}`);
    item.accessibilityInformation = { label: plainText(`Device ${number}, ${description}`) };
    return item;
  }

  private deviceEntryItem(node: DeviceEntryNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
    item.id = `device:${node.deviceId}/${node.key}`;
    item.description = plainText(node.value);
    item.tooltip = plainText(`${node.key}: ${node.value}`);
    item.contextValue = 'deviceDetail';
    return item;
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
    const supervision = supervisionLabel(call);
    item.description = plainText([state, recording, supervision, call.callType, shortCallId(call.id)].filter(Boolean).join(' · '));
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
        const keys = ['id', 'state', 'callType', 'recordingState', 'mute', 'duration', 'ani', 'dnis', 'connId', 'parentCallUri', 'monitoring', 'supervisorListeningIn', 'monitoredUserMuted'];
        return keys
          .filter((k) => call[k] !== undefined && call[k] !== null && call[k] !== '')
          .map((k) => make(k, displayValue(call[k])));
      }
    }
  }
}
