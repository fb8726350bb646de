import * as vscode from 'vscode';
import { Disposable } from '../common/disposable';
import { plainText } from '../common/plainText';
import { callStateOf, capabilitiesOf, participantsOf } from '../wire/callReader';
import { callName } from '../model/callName';
import type { GwsCall } from '../wire/types';
import type { CallChange } from '../model/callStore';
import { agentStateOf, deviceDescription, deviceNumber } from '../model/devices';
import type { SessionController } from '../session/sessionController';
import type { Sessions } from '../session/sessions';
import { sessionLabel, stateText } from '../session/sessionSummary';
import {
  CallGroup,
  CallNode,
  CallsTreeNode,
  callContextValue,
  displayValue,
  EntryNode,
  GroupNode,
  SessionNode,
} from './callNodes';
import { deviceContextValue, deviceEntries, type DeviceEntryNode, type DeviceNode, type DeviceOwner } from './deviceNodes';
import { modeText } from './sessionText';

const GROUP_LABELS: Record<CallGroup, string> = {
  participants: vscode.l10n.t('Participants'),
  userData: vscode.l10n.t('User data'),
  capabilities: vscode.l10n.t('Capabilities'),
  details: vscode.l10n.t('Details'),
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
      return `● ${vscode.l10n.t('Recording')}`;
    case 'Paused':
      return `❚❚ ${vscode.l10n.t('Recording paused')}`;
    case 'Stopped':
      return vscode.l10n.t('Recording stopped');
    default:
      return vscode.l10n.t('Recording {0}', String(call.recordingState));
  }
}

/**
 * A supervisor's monitoring call, or an agent's call with a supervisor on it
 * (docs/gws-notes.md#supervisor-monitoring): the booleans GWS sets, in words.
 */
function supervisionLabel(call: GwsCall): string | undefined {
  const parts: string[] = [];
  if (call.monitoring === true) parts.push(vscode.l10n.t('Monitoring'));
  if (call.supervisorListeningIn === true) parts.push(vscode.l10n.t('Supervisor listening'));
  if (call.monitoredUserMuted === true) parts.push(vscode.l10n.t('Monitored user muted'));
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
 * The Calls view: the agent's devices (number, agent state, DND, forwarding) and live calls of
 * the window's sessions, fed by each session's device list and call store. With one session
 * its devices and calls are the top level (as before there were several); with two or more
 * each session is a node ("agent1 @ host · Connected") holding its own devices and calls,
 * since two agents of one server see the same call, each its own side of it. Every label,
 * description and tooltip shows server text (numbers, states, userData keys and values) as
 * plain text: never a link, a command URI or an icon. The nodes keep the server's own values
 * and their session for the commands.
 */
export class CallsTreeProvider extends Disposable implements vscode.TreeDataProvider<CallsTreeNode> {
  private readonly changeEmitter = this.register(new vscode.EventEmitter<CallsTreeNode | undefined | void>());
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly sessionNodes = new Map<string, SessionNode>();
  private readonly callNodes = new Map<string, CallNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  private readonly deviceNodes = new Map<string, DeviceNode>();
  /** What a device node acts on, one per session: its controller, and its device list of now. */
  private readonly owners = new Map<SessionController, DeviceOwner>();
  /** The device ids shown per session, to tell a device that came or went from one that changed. */
  private readonly shownDevices = new Map<SessionController, readonly string[]>();

  constructor(private readonly sessions: Sessions) {
    super();
    this.register(sessions.onDidChangeCalls(({ session, changes }) => this.onStoreChanged(session, changes)));
    this.register(sessions.onDidChangeDevices(({ session, ids }) => this.onDevicesChanged(session, ids)));
    // A session came, went or changed state: the top level (and the session items) change, and
    // a signed-out session's devices are no longer shown.
    this.register(
      sessions.onDidChange(() => {
        for (const session of [...this.shownDevices.keys()]) this.forgetDevices(session, this.visibleDevices(session));
        this.changeEmitter.fire();
      }),
    );
  }

  /** The node of a call, for reveal() and tests; `source` names the session (default: the primary one). */
  nodeFor(callId: string, source = this.sessions.primary.source?.id): CallNode {
    const key = nodeKey(source, callId);
    let node = this.callNodes.get(key);
    if (!node) {
      node = { kind: 'call', callId, source };
      this.callNodes.set(key, node);
    }
    return node;
  }

  /** The node of a session (shown when the window has two or more). */
  sessionNodeFor(source: string): SessionNode {
    let node = this.sessionNodes.get(source);
    if (!node) {
      node = { kind: 'session', source };
      this.sessionNodes.set(source, node);
    }
    return node;
  }

  /** The node of a device of a session (default: the primary one), for reveal(), commands and tests. */
  deviceNode(deviceId: string, session: SessionController = this.sessions.primary): DeviceNode {
    const source = session.source?.id;
    const key = nodeKey(source, deviceId);
    let node = this.deviceNodes.get(key);
    if (!node) {
      node = { kind: 'device', deviceId, owner: this.ownerOf(session), source };
      this.deviceNodes.set(key, node);
    }
    return node;
  }

  refreshAll(): void {
    this.changeEmitter.fire();
  }

  /** Several sessions: each is a node holding its devices and calls. */
  private get grouped(): boolean {
    return this.sessions.list().length > 1;
  }

  private ownerOf(session: SessionController): DeviceOwner {
    let owner = this.owners.get(session);
    if (!owner) {
      // The session's device list is its source's: it changes when the session signs in to another profile.
      owner = {
        controller: session,
        get devices() {
          return session.devices;
        },
      };
      this.owners.set(session, owner);
    }
    return owner;
  }

  /** A session's devices: only while it is signed in (a signed-out session shows none). */
  private visibleDevices(session: SessionController): DeviceNode[] {
    const state = session.state;
    if (state !== 'connected' && state !== 'reconnecting') return [];
    return session.devices.list().map((device) => this.deviceNode(device.id, session));
  }

  /** Remembers what a session shows; drops the nodes of its devices no longer shown. */
  private forgetDevices(session: SessionController, shown: readonly DeviceNode[]): void {
    const ids = shown.map((node) => node.deviceId);
    this.shownDevices.set(session, ids);
    const source = session.source?.id;
    for (const [key, node] of [...this.deviceNodes]) {
      if (node.owner.controller === session && (node.source !== source || !ids.includes(node.deviceId))) this.deviceNodes.delete(key);
    }
  }

  private onDevicesChanged(session: SessionController, ids: readonly string[]): void {
    const shown = this.visibleDevices(session);
    const before = this.shownDevices.get(session) ?? [];
    // A device that came or went (or another list) changes its parent; else only those items.
    if (ids.length === 0 || shown.length !== before.length || shown.some((node, i) => node.deviceId !== before[i])) {
      this.forgetDevices(session, shown);
      const source = session.source?.id;
      this.changeEmitter.fire(this.grouped && source ? this.sessionNodeFor(source) : undefined);
      return;
    }
    for (const id of ids) {
      const node = this.deviceNodes.get(nodeKey(session.source?.id, id));
      if (node) this.changeEmitter.fire(node);
    }
  }

  private onStoreChanged(session: SessionController, changes: CallChange[]): void {
    const source = session.source?.id;
    // Added or removed calls change their parent; anything else refreshes only that call's item.
    const structural = changes.some((c) => c.removed || !c.previous);
    for (const change of changes) {
      if (change.removed) {
        this.callNodes.delete(nodeKey(source, change.callId));
        for (const group of Object.keys(GROUP_LABELS)) this.groupNodes.delete(nodeKey(source, `${change.callId}/${group}`));
      }
    }
    if (structural || changes.length === 0) {
      this.changeEmitter.fire(this.grouped && source ? this.sessionNodeFor(source) : undefined);
      return;
    }
    for (const change of changes) this.changeEmitter.fire(this.nodeFor(change.callId, source));
  }

  getChildren(element?: CallsTreeNode): CallsTreeNode[] {
    if (!element) {
      const sessions = this.sessions.list();
      if (sessions.length > 1) return sessions.flatMap((s) => (s.source ? [this.sessionNodeFor(s.source.id)] : []));
      return sessions.length === 1 ? this.contentsOf(sessions[0]) : [];
    }
    if (element.kind === 'session') {
      const session = this.sessions.forSource(element.source);
      return session ? this.contentsOf(session) : [];
    }
    if (element.kind === 'device') {
      const device = element.owner.devices.get(element.deviceId);
      return device
        ? deviceEntries(device).map(({ key, value }) => ({ kind: 'deviceEntry', deviceId: element.deviceId, owner: element.owner, source: element.source, key, value }))
        : [];
    }
    if (element.kind === 'deviceEntry') return [];
    const call = this.callOf(element);
    if (!call) return [];
    if (element.kind === 'call') {
      return (['participants', 'userData', 'capabilities', 'details'] as CallGroup[]).map((group) => this.groupNode(call.id, group, element.source));
    }
    if (element.kind === 'group') return this.entries(call, element.group, element.source);
    return [];
  }

  getParent(element: CallsTreeNode): CallsTreeNode | undefined {
    if (element.kind === 'session') return undefined;
    if (element.kind === 'device') return this.grouped && element.source ? this.sessionNodeFor(element.source) : undefined;
    if (element.kind === 'deviceEntry') return this.deviceNode(element.deviceId, element.owner.controller);
    if (element.kind === 'call') return this.grouped && element.source ? this.sessionNodeFor(element.source) : undefined;
    if (element.kind === 'group') return this.nodeFor(element.callId, element.source);
    return this.groupNode(element.callId, element.group, element.source);
  }

  getTreeItem(element: CallsTreeNode): vscode.TreeItem {
    if (element.kind === 'session') return this.sessionItem(element);
    // Item ids are unique in the tree: under session nodes the same call id can appear twice.
    const scope = this.grouped && element.source ? `${element.source}/` : '';
    if (element.kind === 'device') return this.deviceItem(element, scope);
    if (element.kind === 'deviceEntry') return this.deviceEntryItem(element, scope);
    const call = this.callOf(element);
    if (element.kind === 'call') return call ? this.callItem(call, scope) : new vscode.TreeItem(plainText(element.callId));
    if (element.kind === 'group') return this.groupItem(element, call, scope);
    return this.entryItem(element, call, scope);
  }

  /** What a session shows: its devices, then its calls. */
  private contentsOf(session: SessionController): CallsTreeNode[] {
    const devices = this.visibleDevices(session);
    if (!this.shownDevices.has(session)) this.shownDevices.set(session, devices.map((node) => node.deviceId));
    return [...devices, ...this.callsOf(session)];
  }

  private callsOf(session: SessionController): CallNode[] {
    const source = session.source?.id;
    return session.store.list().map((call) => this.nodeFor(call.id, source));
  }

  /** The call of a node, from its session's store. */
  private callOf(node: CallNode | GroupNode | EntryNode): GwsCall | undefined {
    const session = node.source ? this.sessions.forSource(node.source) : this.sessions.primary;
    return session?.store.get(node.callId);
  }

  private sessionItem(node: SessionNode): vscode.TreeItem {
    const session = this.sessions.forSource(node.source);
    const profile = session?.profile;
    // The user and URL come from settings, the mode's text from the server: plain text.
    const label = profile ? sessionLabel(profile) : (session?.source?.label ?? node.source);
    const item = new vscode.TreeItem(plainText(label), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.source;
    const state = session?.state ?? 'signedOut';
    const mode = session?.agentLogin ? modeText(session.agentLogin.effectiveMode) : undefined;
    const calls = session?.store.size ?? 0;
    item.description = plainText([stateText(state), mode, calls === 1 ? vscode.l10n.t('1 call') : vscode.l10n.t('{0} calls', calls)].filter(Boolean).join(' · '));
    item.iconPath = sessionIcon(state);
    item.contextValue = `session-${state}`;
    item.tooltip = plainText(
      `${vscode.l10n.t('{0}: {1} at {2}.', profile?.name ?? label, profile?.user ?? '', profile?.url ?? '')} ${stateText(state)}.${session?.agentLogin ? ` ${session.agentLogin.text}.` : ''}`,
    );
    item.accessibilityInformation = { label: plainText(`${vscode.l10n.t('Session {0}, {1}', label, stateText(state))}${mode ? `, ${mode}` : ''}`) };
    return item;
  }

  private deviceItem(node: DeviceNode, scope: string): vscode.TreeItem {
    const device = node.owner.devices.get(node.deviceId);
    if (!device) return new vscode.TreeItem(plainText(node.deviceId));
    const number = deviceNumber(device);
    const item = new vscode.TreeItem(plainText(number), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `device:${scope}${device.id}`;
    const description = deviceDescription(device);
    item.description = plainText(description);
    item.iconPath = agentStateIcon(agentStateOf(device));
    item.contextValue = deviceContextValue(device);
    // Server text only, as plain text: no Markdown, so nothing in it can become a link.
    item.tooltip = plainText(vscode.l10n.t('Device {0}: {1}', number, description));
    item.accessibilityInformation = { label: plainText(vscode.l10n.t('Device {0}, {1}', number, description)) };
    return item;
  }

  private deviceEntryItem(node: DeviceEntryNode, scope: string): vscode.TreeItem {
    const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
    item.id = `device:${scope}${node.deviceId}/${node.key}`;
    item.description = plainText(node.value);
    item.tooltip = plainText(`${node.key}: ${node.value}`);
    item.contextValue = 'deviceDetail';
    return item;
  }

  private groupNode(callId: string, group: CallGroup, source: string | undefined): GroupNode {
    const key = nodeKey(source, `${callId}/${group}`);
    let node = this.groupNodes.get(key);
    if (!node) {
      node = { kind: 'group', callId, group, source };
      this.groupNodes.set(key, node);
    }
    return node;
  }

  private callItem(call: GwsCall, scope: string): vscode.TreeItem {
    const state = callStateOf(call);
    // The call's name (src/model/callName.ts) is its label and the start of its description:
    // "5551234  00000A · Established", as toasts, pickers and the inspector name it.
    const name = callName(call);
    const party = name.party ?? vscode.l10n.t('unknown party');
    const item = new vscode.TreeItem(plainText(party), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `call:${scope}${call.id}`;
    const recording = recordingLabel(call);
    const supervision = supervisionLabel(call);
    item.description = plainText([name.shortId, state, recording, supervision, call.callType].filter(Boolean).join(' · '));
    item.iconPath = stateIcon(state);
    item.contextValue = callContextValue(call);
    item.tooltip = this.callTooltip(call, state, name.text);
    item.accessibilityInformation = {
      label: plainText(`${vscode.l10n.t('Call with {0}, {1}', party, state)}${call.callType ? `, ${call.callType}` : ''}${recording ? `, ${recording}` : ''}`),
    };
    return item;
  }

  private callTooltip(call: GwsCall, state: string, name: string): vscode.MarkdownString {
    // Every server string goes through plainText and appendText (escaped), never appendMarkdown;
    // the tooltip is untrusted (no command links), renders no HTML and no $(icons).
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${vscode.l10n.t('Call')}** `);
    md.appendText(plainText(name));
    md.appendMarkdown('\n\n');
    const rows: Array<[string, unknown]> = [
      [vscode.l10n.t('Id'), call.id],
      [vscode.l10n.t('State'), state],
      [vscode.l10n.t('Type'), call.callType],
      [vscode.l10n.t('Recording'), call.recordingState],
      [vscode.l10n.t('Mute'), call.mute],
      [vscode.l10n.t('Duration'), call.duration !== undefined ? vscode.l10n.t('{0} s', call.duration) : undefined],
      [vscode.l10n.t('Consult of'), call.parentCallUri],
    ];
    for (const [label, value] of rows) {
      if (value === undefined || value === null || value === '') continue;
      md.appendMarkdown(`${label}: `);
      md.appendText(plainText(String(value)));
      md.appendMarkdown('  \n');
    }
    return md;
  }

  private groupItem(node: GroupNode, call: GwsCall | undefined, scope: string): vscode.TreeItem {
    const count = call ? this.entries(call, node.group, node.source).length : 0;
    const item = new vscode.TreeItem(
      GROUP_LABELS[node.group],
      count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `group:${scope}${node.callId}/${node.group}`;
    item.description = String(count);
    item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
    item.contextValue = `group-${node.group}${call ? callContextValue(call).slice('call'.length) : ''}`;
    return item;
  }

  private entryItem(node: EntryNode, call: GwsCall | undefined, scope: string): vscode.TreeItem {
    const item = new vscode.TreeItem(plainText(node.key), vscode.TreeItemCollapsibleState.None);
    item.id = `entry:${scope}${node.callId}/${node.group}/${node.key}`;
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

  private entries(call: GwsCall, group: CallGroup, source: string | undefined): EntryNode[] {
    const make = (key: string, value: string): EntryNode => ({ kind: 'entry', callId: call.id, source, group, key, value });
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

function nodeKey(source: string | undefined, key: string): string {
  return `${source ?? ''}\u0000${key}`;
}

function sessionIcon(state: string): vscode.ThemeIcon {
  switch (state) {
    case 'connected':
      return new vscode.ThemeIcon('account', new vscode.ThemeColor('charts.green'));
    case 'signingIn':
    case 'reconnecting':
      return new vscode.ThemeIcon('sync~spin');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    default:
      return new vscode.ThemeIcon('debug-disconnect');
  }
}
