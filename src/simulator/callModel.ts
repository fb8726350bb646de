// The simulated switch: calls, the agents' views of them ("legs"), and what each call
// operation does to them. Mutations happen at once (so a GET right after the POST sees
// them); notifications go to a NotificationSink that delivers them after the HTTP
// response, as GWS does (the 200 only means "accepted").
//
// Model: one SimCall per switch connection (shared id/connId/callUuid and userData);
// one Leg per agent on it (own state, callType, mute, recording); external parties are
// plain phone numbers. An agent's `participants` are everyone on the call but itself.
import { capabilitiesFor, type CallState, type ConsultSituation, type RecordingState } from './capabilities';
import { errors, SimError } from './errors';
import type { IdFactory } from './ids';
import { readParams, type OperationBody, type OperationParams, type ParamName } from './operationParams';
import { isHeardByAll, monitorCapabilities, NO_SWITCH_TO_COACH, SWITCH_OPERATIONS, type MonitoredCalls, type MonitorLeg } from './supervision';
import { deviceUri, type MonitoringState, type SimUser } from './users';
import * as userData from './userData';

export type CallType = 'Inbound' | 'Outbound' | 'Internal' | 'Consult';

export interface Leg {
  readonly user: SimUser;
  state: CallState;
  callType: CallType;
  muted: boolean;
  /** undefined = never recorded (the call then has no recordingState field, as sample 04). */
  recording?: RecordingState;
  startedAt: number;
  dnis: string;
  ani?: string;
  /**
   * Capabilities and supervision flags last sent to this agent, to notice changes caused by
   * other calls or other parties ('' = not told about this call yet).
   */
  publishedKey: string;
  /** Set on a supervisor's leg of a monitored call (supervision.ts). */
  monitor?: MonitorLeg;
}

export interface SimCall {
  /** Changes only with changeCallId (a new ConnID after a transfer). */
  id: string;
  connId: string;
  readonly callUuid: string;
  legs: Leg[];
  externals: string[];
  pairs: userData.UserDataPairs;
  parentId?: string;
  consultKind?: 'transfer' | 'conference';
  consultOwner?: SimUser;
  conferenceOwner?: SimUser;
  /** Set only while the first notifications after changeCallId are built. */
  previous?: { connId: string; uri: string };
}

/**
 * How GWS tells an id change (a guess, see changeCallId): `release` = the old id Released,
 * then the new id; `rename` = only the new id, naming the old one.
 */
export type CallIdChangeMode = 'release' | 'rename';

export interface NotificationSink {
  publish(user: SimUser, channel: string, data: Record<string, unknown>): void;
}

export const CALLS_CHANNEL = '/v2/me/calls';
export const DEVICES_CHANNEL = '/v2/me/devices';

/** A number that always answers "busy", for testing asynchronous ErrorMessages. */
export const BUSY_NUMBER = '5550000';
/** Simulator-defined ErrorMessage codes (the real GWS layout is undocumented). */
export const ERROR_INVALID_DESTINATION = 1001;
export const ERROR_DESTINATION_BUSY = 1002;

type Destination = { kind: 'agent'; user: SimUser; number: string } | { kind: 'external'; number: string };
type Resolution = { destination: Destination } | { errorCode: number; errorMessage: string };

interface OperationSpec {
  params?: readonly ParamName[];
  run(call: SimCall, leg: Leg, params: OperationParams): void;
}

export interface CallModelOptions {
  ids: IdFactory;
  users: readonly SimUser[];
  sink: NotificationSink;
  baseUrl: () => string;
  answerDelayMs: number;
  /** A device changed outside a device request (a NextCall monitoring ended): notify it. */
  deviceChanged: (user: SimUser) => void;
}

export class CallModel implements MonitoredCalls {
  private readonly calls = new Map<string, SimCall>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly operations: Record<string, OperationSpec>;

  constructor(private readonly options: CallModelOptions) {
    this.operations = this.operationTable();
  }

  // ---- reads -------------------------------------------------------------------------

  callsOf(user: SimUser): Array<Record<string, unknown>> {
    const views: Array<Record<string, unknown>> = [];
    for (const call of this.calls.values()) {
      const leg = legOf(call, user);
      if (leg) views.push(this.view(call, leg));
    }
    return views;
  }

  callOf(user: SimUser, callId: string): Record<string, unknown> {
    const { call, leg } = this.find(user, callId);
    return this.view(call, leg);
  }

  /** Every leg of every call, with the owning agent's name (for /sim/state). */
  allCalls(): Array<Record<string, unknown>> {
    const views: Array<Record<string, unknown>> = [];
    for (const call of this.calls.values()) {
      for (const leg of call.legs) views.push({ ...this.view(call, leg), userName: leg.user.userName });
    }
    return views;
  }

  // ---- agent operations (POST /api/v2/me/calls/{id}, POST .../devices/{id}/calls) -----

  runCallOperation(user: SimUser, callId: string, body: OperationBody): void {
    const { call, leg } = this.find(user, callId);
    const operationName = body.operationName;
    if (typeof operationName !== 'string' || operationName === '') throw errors.missingParameter('operationName');
    const spec = this.operations[operationName];
    if (operationName === 'SwitchToCoach') throw errors.invalidOperation(operationName, NO_SWITCH_TO_COACH);
    if (!spec) throw errors.unknownOperation(operationName);
    const params = readParams(body, spec.params ?? []);
    if (!this.capabilities(call, leg).includes(operationName)) throw errors.notValidForState(operationName, leg.state);
    spec.run(call, leg, params);
    this.publishCapabilityChanges();
  }

  dial(user: SimUser, body: OperationBody): void {
    const { destination, userData: attached } = readParams(body, ['destination']);
    const number = destination as string;
    const resolution = this.resolve(number, user);
    const toAgent = 'destination' in resolution && resolution.destination.kind === 'agent';
    const call = this.newCall(userData.fromObject(attached));
    const leg = this.addLeg(call, user, 'Dialing', toAgent ? 'Internal' : 'Outbound', number);
    if ('errorCode' in resolution) {
      this.notify(call, leg, 'StatusChange');
      this.fail(user, 'Dial', call, resolution);
      this.releaseLeg(call, leg);
      this.settle(call);
    } else {
      this.connect(call, resolution.destination, leg);
      this.notify(call, leg, 'StatusChange');
      this.notifyNewLegs(call, leg);
    }
    this.publishCapabilityChanges();
  }

  // ---- "switch side" actions (control API, demo scenario) ----------------------------

  /**
   * A call from outside to `user`, as routing would deliver it: to the agent its device
   * forwards to, if any; refused (HTTP 409, statusCode 2, nothing created) when the device has
   * do-not-disturb on or forwards outside the simulator.
   */
  createInboundCall(user: SimUser, from: string, attached: Record<string, unknown> | undefined, state: 'Ringing' | 'Established'): string {
    const agent = this.deliveryTarget(user);
    const call = this.newCall(userData.fromObject(attached));
    call.externals.push(from);
    const leg = this.addLeg(call, agent, state, 'Inbound', user.phoneNumber);
    leg.ani = from;
    this.notify(call, leg, 'StatusChange');
    if (state === 'Established') this.joinMonitors(call, leg);
    this.publishCapabilityChanges();
    return call.id;
  }

  private deliveryTarget(user: SimUser): SimUser {
    let agent = user;
    if (user.device.forwardTo) {
      const forwarded = this.options.users.find((u) => u.phoneNumber === user.device.forwardTo);
      if (!forwarded) {
        throw new SimError(409, 2, `${user.userName} forwards calls to ${user.device.forwardTo}, outside the simulator: no agent would get this call`);
      }
      agent = forwarded;
    }
    if (agent.device.doNotDisturb) {
      throw new SimError(409, 2, `${agent.userName} (${agent.phoneNumber}) has do not disturb on: the switch does not deliver calls to it`);
    }
    return agent;
  }

  /** MonitoredCalls: a supervisor who just set up monitoring joins the target's current calls. */
  monitorCurrentCalls(supervisor: SimUser): void {
    const target = supervisor.device.monitoring?.target;
    if (!target) return;
    for (const call of [...this.calls.values()]) {
      const leg = legOf(call, target);
      if (leg && (leg.state === 'Established' || leg.state === 'Held') && !leg.monitor) this.joinMonitors(call, leg);
    }
    this.publishCapabilityChanges();
  }

  remoteHangup(callId: string): void {
    const call = this.requireCall(callId);
    if (call.externals.length > 0 && partyCount(call) > 2) {
      call.externals.shift();
      this.settle(call);
    } else {
      for (const leg of [...call.legs]) this.releaseLeg(call, leg);
      this.calls.delete(call.id);
    }
    this.publishCapabilityChanges();
  }

  changeUserData(callId: string, data: Record<string, unknown>, mode: 'update' | 'attach'): void {
    const call = this.requireCall(callId);
    call.pairs = mode === 'attach' ? userData.attach(call.pairs, data) : userData.update(call.pairs, data);
    this.notifyAll(call, 'AttachedDataChanged');
  }

  /**
   * The call gets a new id and ConnID, as when T-Server changes the ConnID after a transfer
   * (docs/gws-notes.md#tolerated-variants: "the latest message's id/uri wins"). The callUuid
   * stays. What GWS publishes then is not documented; the simulator's guess:
   * - mode `release` (default): each agent first gets a StatusChange for the **old** id in
   *   state Released with no capabilities, then a StatusChange for the new id;
   * - mode `rename`: only the StatusChange for the new id.
   * Either way the first message of the new id carries, in `call`, `previousConnId` (the old
   * ConnID; T-Server's name for it) and `previousCallUri` (the old call's uri). GETs know only
   * the new id; a consult call's `parentCallUri` follows.
   */
  changeCallId(callId: string, mode: CallIdChangeMode = 'release'): { id: string; previousId: string; connId: string; previousConnId: string } {
    const call = this.requireCall(callId);
    const previousId = call.id;
    const previous = { connId: call.connId, uri: this.callUri(call) };
    if (mode === 'release') {
      for (const leg of call.legs) {
        const old = { ...this.view(call, leg), state: 'Released', capabilities: [] };
        this.publishCallMessage(leg, 'StatusChange', old);
      }
    }
    this.calls.delete(previousId);
    call.id = this.options.ids.callId();
    call.connId = this.options.ids.connId();
    this.calls.set(call.id, call);
    call.previous = previous;
    for (const leg of call.legs) this.notify(call, leg, 'StatusChange');
    call.previous = undefined;
    for (const other of this.calls.values()) {
      if (other.parentId !== previousId) continue;
      other.parentId = call.id;
      for (const leg of other.legs) if (leg.callType === 'Consult') this.notify(other, leg, 'StatusChange');
    }
    this.publishCapabilityChanges();
    return { id: call.id, previousId, connId: call.connId, previousConnId: previous.connId };
  }

  hasCall(callId: string): boolean {
    return this.calls.has(callId);
  }

  /** Releases every call (agents see Released) and cancels pending switch events. */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const call of this.calls.values()) for (const leg of [...call.legs]) this.releaseLeg(call, leg);
    this.calls.clear();
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // ---- the operations ----------------------------------------------------------------

  private operationTable(): Record<string, OperationSpec> {
    const dataChange = (change: (pairs: userData.UserDataPairs, params: OperationParams) => userData.UserDataPairs): OperationSpec['run'] =>
      (call, _leg, params) => {
        call.pairs = change(call.pairs, params);
        this.notifyAll(call, 'AttachedDataChanged');
      };
    return {
      Answer: { run: (call, leg) => this.answer(call, leg) },
      Hangup: {
        run: (call, leg) => {
          this.releaseLeg(call, leg);
          // A barged-in supervisor was a participant the others saw.
          this.settle(call, leg.monitor?.state === 'BargeIn');
        },
      },
      Hold: { run: (call, leg) => this.setState(call, leg, 'Held') },
      Retrieve: { run: (call, leg) => this.setState(call, leg, 'Established') },
      MuteCall: { run: (call, leg) => this.setMuted(call, leg, true) },
      UnmuteCall: { run: (call, leg) => this.setMuted(call, leg, false) },
      SendDtmf: {
        params: ['digits'],
        run: (call, leg, params) => this.notify(call, leg, 'DtmfSent', { digits: params.digits }),
      },
      AttachUserData: { params: ['userData'], run: dataChange((pairs, p) => userData.attach(pairs, p.userData ?? {})) },
      UpdateUserData: { params: ['userData'], run: dataChange((pairs, p) => userData.update(pairs, p.userData ?? {})) },
      DeleteUserDataPair: { params: ['key'], run: dataChange((pairs, p) => userData.deletePair(pairs, p.key ?? '')) },
      DeleteUserData: { run: dataChange(() => []) },
      StartCallRecording: { run: (call, leg) => this.setRecording(call, leg, 'Recording', 'ON') },
      PauseCallRecording: { run: (call, leg) => this.setRecording(call, leg, 'Paused', 'PAUSED') },
      ResumeCallRecording: { run: (call, leg) => this.setRecording(call, leg, 'Recording', 'ON') },
      StopCallRecording: { run: (call, leg) => this.setRecording(call, leg, 'Stopped', 'OFF') },
      SingleStepTransfer: { params: ['destination'], run: (call, leg, p) => this.singleStepTransfer(call, leg, p) },
      SingleStepConference: { params: ['destination'], run: (call, leg, p) => this.singleStepConference(call, leg, p) },
      InitiateTransfer: { params: ['destination'], run: (call, leg, p) => this.initiateConsult(call, leg, p, 'transfer') },
      InitiateConference: { params: ['destination'], run: (call, leg, p) => this.initiateConsult(call, leg, p, 'conference') },
      CompleteTransfer: { run: (call, leg, p) => this.completeConsult(call, leg, p, 'transfer') },
      CompleteConference: { run: (call, leg, p) => this.completeConsult(call, leg, p, 'conference') },
      SwapCalls: { params: ['otherCallUri'], run: (call, leg, p) => this.swap(call, leg, p) },
      RemoveParticipantFromConference: { params: ['participant'], run: (call, leg, p) => this.removeParticipant(call, leg, p) },
      SwitchToListenIn: { run: (call, leg) => this.switchMonitoring(call, leg, SWITCH_OPERATIONS.SwitchToListenIn) },
      SwitchToBargeIn: { run: (call, leg) => this.switchMonitoring(call, leg, SWITCH_OPERATIONS.SwitchToBargeIn) },
      MuteMonitoredUser: { run: (call, leg) => this.muteMonitoredUser(call, leg, true) },
      UnmuteMonitoredUser: { run: (call, leg) => this.muteMonitoredUser(call, leg, false) },
    };
  }

  private answer(call: SimCall, leg: Leg): void {
    this.setState(call, leg, 'Established');
    // The caller's side was waiting for this answer.
    for (const other of call.legs) if (other.state === 'Dialing') this.setState(call, other, 'Established');
  }

  private setState(call: SimCall, leg: Leg, state: CallState): void {
    leg.state = state;
    this.notify(call, leg, 'StatusChange');
    if (state === 'Established') this.joinMonitors(call, leg);
  }

  // ---- supervision (supervision.ts, docs/gws-notes.md#supervisor-monitoring) ---------------

  /** An agent's leg is Established: supervisors monitoring that agent join the call. */
  private joinMonitors(call: SimCall, agentLeg: Leg): void {
    if (agentLeg.monitor) return;
    for (const supervisor of this.options.users) {
      const monitoring = supervisor.device.monitoring;
      if (!monitoring || monitoring.target !== agentLeg.user || supervisor === agentLeg.user || legOf(call, supervisor)) continue;
      const callType = agentLeg.callType === 'Consult' ? 'Internal' : agentLeg.callType;
      // Delivered already connected (the samples never show a supervisor's call ringing).
      const leg = this.addLeg(call, supervisor, 'Established', callType, agentLeg.dnis);
      leg.ani = agentLeg.ani;
      leg.muted = monitoring.state === 'ListenIn'; // the SwitchToListenIn sample: mute On
      leg.monitor = { state: monitoring.state, scope: monitoring.scope, target: agentLeg.user, targetMuted: false };
      this.notify(call, leg, 'StatusChange');
      if (isHeardByAll(leg.monitor)) for (const other of call.legs) if (other !== leg) this.notify(call, other, 'ParticipantsUpdated');
      if (monitoring.mode === 'NextCall') {
        supervisor.device.monitoring = undefined;
        this.options.deviceChanged(supervisor);
      }
    }
  }

  private switchMonitoring(call: SimCall, leg: Leg, to: MonitoringState): void {
    const monitor = leg.monitor as MonitorLeg; // only monitoring legs offer SwitchTo*
    const wasHeard = isHeardByAll(monitor);
    monitor.state = to;
    leg.muted = to === 'ListenIn';
    this.notify(call, leg, 'StatusChange');
    if (wasHeard !== isHeardByAll(monitor)) for (const other of call.legs) if (other !== leg) this.notify(call, other, 'ParticipantsUpdated');
  }

  /** MonitoredUserMutedStateChange to the supervisor (documented) and to the agent (a guess). */
  private muteMonitoredUser(call: SimCall, leg: Leg, muted: boolean): void {
    const monitor = leg.monitor as MonitorLeg; // only monitoring legs offer (Un)MuteMonitoredUser
    monitor.targetMuted = muted;
    this.notify(call, leg, 'MonitoredUserMutedStateChange');
    const agentLeg = legOf(call, monitor.target);
    if (agentLeg) this.notify(call, agentLeg, 'MonitoredUserMutedStateChange');
  }

  private setMuted(call: SimCall, leg: Leg, muted: boolean): void {
    leg.muted = muted;
    this.notify(call, leg, 'StatusChange');
  }

  /** Recording state and the SIP Server keys GSIP_RECORD / GSIP_REC_FN in one notification (sample 03). */
  private setRecording(call: SimCall, leg: Leg, state: RecordingState, gsipRecord: string): void {
    const firstStart = leg.recording === undefined;
    leg.recording = state;
    const keys: Record<string, unknown> = { GSIP_RECORD: gsipRecord };
    if (firstStart) keys.GSIP_REC_FN = recordingFileName(call, leg);
    call.pairs = userData.update(call.pairs, keys);
    this.notify(call, leg, 'CallRecordingStateChange');
    for (const other of call.legs) if (other !== leg) this.notify(call, other, 'AttachedDataChanged');
  }

  private singleStepTransfer(call: SimCall, leg: Leg, params: OperationParams): void {
    const resolution = this.resolve(params.destination as string, leg.user);
    if ('errorCode' in resolution) return this.fail(leg.user, 'SingleStepTransfer', call, resolution);
    this.releaseLeg(call, leg);
    this.connect(call, resolution.destination);
    this.notifyNewLegs(call);
    this.settle(call, true);
  }

  private singleStepConference(call: SimCall, leg: Leg, params: OperationParams): void {
    const resolution = this.resolve(params.destination as string, leg.user);
    if ('errorCode' in resolution) return this.fail(leg.user, 'SingleStepConference', call, resolution);
    const before = new Set(call.legs);
    this.connect(call, resolution.destination);
    call.conferenceOwner = leg.user;
    this.notifyNewLegs(call);
    for (const other of call.legs) if (before.has(other)) this.notify(call, other, 'ParticipantsUpdated');
  }

  private initiateConsult(main: SimCall, leg: Leg, params: OperationParams, kind: 'transfer' | 'conference'): void {
    const number = params.destination as string;
    const operation = kind === 'transfer' ? 'InitiateTransfer' : 'InitiateConference';
    const resolution = this.resolve(number, leg.user);
    if ('errorCode' in resolution) return this.fail(leg.user, operation, main, resolution);
    leg.state = 'Held';
    this.notify(main, leg, 'StatusChange');
    // The consult call starts with the main call's data plus what the request attached.
    const consult = this.newCall(userData.update(main.pairs, params.userData ?? {}));
    consult.parentId = main.id;
    consult.consultKind = kind;
    consult.consultOwner = leg.user;
    const consultLeg = this.addLeg(consult, leg.user, 'Dialing', 'Consult', number);
    this.connect(consult, resolution.destination, consultLeg);
    this.notify(consult, consultLeg, 'StatusChange');
    this.notifyNewLegs(consult, consultLeg);
  }

  private completeConsult(main: SimCall, leg: Leg, params: OperationParams, kind: 'transfer' | 'conference'): void {
    const consult = this.consultOf(main, leg.user, params.consultCallId);
    const consultLeg = consult && legOf(consult, leg.user);
    if (!consult || !consultLeg) throw errors.notValidForState(kind === 'transfer' ? 'CompleteTransfer' : 'CompleteConference', 'no consult call');
    this.releaseLeg(consult, consultLeg);
    if (kind === 'transfer') this.releaseLeg(main, leg);
    // The consulted parties join the main call (T-Server: the main connection survives).
    for (const moved of [...consult.legs]) {
      this.releaseLeg(consult, moved);
      // A supervisor of the consultation is on the main call already (scope Call) or not wanted.
      if (moved.monitor || legOf(main, moved.user)) continue;
      const joined = this.addLeg(main, moved.user, 'Established', main.externals.length > 0 ? 'Inbound' : 'Internal', moved.dnis);
      this.notify(main, joined, 'StatusChange');
      this.joinMonitors(main, joined);
    }
    main.externals.push(...consult.externals);
    this.calls.delete(consult.id);
    if (kind === 'transfer') {
      this.settle(main, true);
      return;
    }
    leg.state = 'Established';
    main.conferenceOwner = leg.user;
    this.notify(main, leg, 'StatusChange');
    for (const other of main.legs) this.notify(main, other, 'ParticipantsUpdated');
  }

  private swap(call: SimCall, leg: Leg, params: OperationParams): void {
    const other = this.calls.get(params.otherCallId ?? '');
    const otherLeg = other && legOf(other, leg.user);
    if (!other || !otherLeg || other === call) throw errors.notValidForState('SwapCalls', `no other call ${params.otherCallId}`);
    const pair = [leg.state, otherLeg.state].sort().join('/');
    if (pair !== 'Established/Held') throw errors.notValidForState('SwapCalls', `${leg.state} and ${otherLeg.state}`);
    const [toHold, toRetrieve] = leg.state === 'Established' ? [[call, leg], [other, otherLeg]] as const : [[other, otherLeg], [call, leg]] as const;
    this.setState(toHold[0], toHold[1], 'Held');
    this.setState(toRetrieve[0], toRetrieve[1], 'Established');
  }

  private removeParticipant(call: SimCall, leg: Leg, params: OperationParams): void {
    const number = params.participant as string;
    const external = call.externals.indexOf(number);
    const agentLeg = call.legs.find((l) => l.user.phoneNumber === number && l !== leg);
    if (external < 0 && !agentLeg) {
      throw new SimError(400, 2, `Participant '${number}' is not in call ${call.id}`);
    }
    if (external >= 0) call.externals.splice(external, 1);
    else if (agentLeg) this.releaseLeg(call, agentLeg);
    this.settle(call, true);
  }

  // ---- building blocks ---------------------------------------------------------------

  private resolve(number: string, caller: SimUser, followForward = true): Resolution {
    if (!/^\+?[0-9]{3,20}$/.test(number) || number === caller.phoneNumber) {
      return { errorCode: ERROR_INVALID_DESTINATION, errorMessage: `Invalid destination '${number}'` };
    }
    if (number === BUSY_NUMBER) return { errorCode: ERROR_DESTINATION_BUSY, errorMessage: `Destination '${number}' is busy` };
    const agent = this.options.users.find((u) => u.phoneNumber === number);
    if (!agent) return { destination: { kind: 'external', number } };
    if (agent.device.forwardTo && followForward) return this.resolve(agent.device.forwardTo, caller, false);
    if (agent.device.doNotDisturb) return { errorCode: ERROR_DESTINATION_BUSY, errorMessage: `Destination '${number}' is busy (do not disturb)` };
    return { destination: { kind: 'agent', user: agent, number } };
  }

  /**
   * Brings a destination onto a call: an agent's device rings; an external party is on
   * the call at once and, when `dialingLeg` waits for it, answers after answerDelayMs.
   */
  private connect(call: SimCall, destination: Destination, dialingLeg?: Leg): void {
    if (destination.kind === 'agent') {
      const inbound = call.externals.length > 0;
      const leg = this.addLeg(call, destination.user, 'Ringing', inbound ? 'Inbound' : 'Internal', destination.user.phoneNumber);
      if (inbound) leg.ani = call.externals[0];
      return;
    }
    call.externals.push(destination.number);
    if (!dialingLeg) return;
    this.schedule(this.options.answerDelayMs, () => {
      if (this.calls.get(call.id) === call && call.legs.includes(dialingLeg) && dialingLeg.state === 'Dialing') {
        this.setState(call, dialingLeg, 'Established');
      }
    });
  }

  /** Tells agents whose leg was just added (not `except`) that their device rings. */
  private notifyNewLegs(call: SimCall, except?: Leg): void {
    for (const leg of call.legs) if (leg !== except && leg.publishedKey === '') this.notify(call, leg, 'StatusChange');
  }

  /**
   * After parties left: end the call when fewer than two remain (supervisors do not count), or
   * when no agent is left (only external parties: no longer our business); else tell who is left.
   */
  private settle(call: SimCall, participantsChanged = false): void {
    if (partyCount(call) < 2 || call.legs.every((leg) => leg.monitor)) {
      for (const leg of [...call.legs]) this.releaseLeg(call, leg);
      this.calls.delete(call.id);
      return;
    }
    if (participantsChanged) for (const leg of call.legs) this.notify(call, leg, 'ParticipantsUpdated');
  }

  /** Does nothing for a leg that left already (a supervisor released with its agent). */
  private releaseLeg(call: SimCall, leg: Leg): void {
    if (!call.legs.includes(leg)) return;
    leg.state = 'Released';
    if (leg.recording === 'Recording' || leg.recording === 'Paused') leg.recording = 'Stopped';
    this.notify(call, leg, 'StatusChange');
    call.legs = call.legs.filter((l) => l !== leg);
    if (leg.monitor) return;
    // Scope Agent: "if the monitored agent transfers the call, the supervisor is released".
    for (const other of [...call.legs]) if (other.monitor?.scope === 'Agent' && other.monitor.target === leg.user) this.releaseLeg(call, other);
  }

  private fail(user: SimUser, operationName: string, call: SimCall, error: { errorCode: number; errorMessage: string }): void {
    // ErrorMessage layout (undocumented in GWS; the simulator's choice):
    // { messageType, errorCode, errorMessage, operationName, callId, callUri, phoneNumber }
    this.options.sink.publish(user, CALLS_CHANNEL, {
      messageType: 'ErrorMessage',
      errorCode: error.errorCode,
      errorMessage: error.errorMessage,
      operationName,
      callId: call.id,
      callUri: this.callUri(call),
      phoneNumber: user.phoneNumber,
    });
  }

  private consultOf(main: SimCall, user: SimUser, consultCallId?: string): SimCall | undefined {
    for (const call of this.calls.values()) {
      if (call.parentId !== main.id || call.consultOwner !== user) continue;
      if (consultCallId === undefined || consultCallId === call.id) return call;
    }
    return undefined;
  }

  private consultSituation(call: SimCall, leg: Leg): ConsultSituation | undefined {
    if (call.parentId && call.consultOwner === leg.user && call.consultKind) {
      const main = this.calls.get(call.parentId);
      const mainLeg = main && legOf(main, leg.user);
      if (mainLeg) return { role: 'consult', kind: call.consultKind, otherState: mainLeg.state };
    }
    const consult = this.consultOf(call, leg.user);
    const consultLeg = consult && legOf(consult, leg.user);
    if (consult?.consultKind && consultLeg) return { role: 'main', kind: consult.consultKind, otherState: consultLeg.state };
    return undefined;
  }

  private capabilities(call: SimCall, leg: Leg): string[] {
    if (leg.monitor && leg.state === 'Established') return monitorCapabilities(leg.monitor);
    return capabilitiesFor({
      state: leg.state,
      recording: leg.recording,
      muted: leg.muted,
      consult: this.consultSituation(call, leg),
      conferenceOwner: call.conferenceOwner === leg.user && this.participantsOf(call, leg).length >= 2,
    });
  }

  /** An agent's capabilities can change because of another call (consult pairs): tell it. */
  private publishCapabilityChanges(): void {
    for (const call of this.calls.values()) {
      for (const leg of call.legs) {
        if (publishedKey(this.view(call, leg)) !== leg.publishedKey) this.notify(call, leg, 'StatusChange');
      }
    }
  }

  private notify(call: SimCall, leg: Leg, notificationType: string, extra?: Record<string, unknown>): void {
    const view = this.view(call, leg);
    leg.publishedKey = publishedKey(view);
    this.publishCallMessage(leg, notificationType, view, extra);
  }

  private publishCallMessage(leg: Leg, notificationType: string, view: Record<string, unknown>, extra?: Record<string, unknown>): void {
    const data: Record<string, unknown> = { notificationType, call: view, phoneNumber: leg.user.phoneNumber };
    if (notificationType === 'StatusChange') data.extensions = { BusinessCall: 0 }; // as sample 04
    Object.assign(data, extra);
    data.messageType = 'CallStateChangeMessage';
    this.options.sink.publish(leg.user, CALLS_CHANNEL, data);
  }

  private notifyAll(call: SimCall, notificationType: string): void {
    for (const leg of call.legs) this.notify(call, leg, notificationType);
  }

  /** Everyone on the call but this agent; a supervisor only once barged in. */
  private participantsOf(call: SimCall, leg: Leg): string[] {
    return [...call.legs.filter((l) => l !== leg && isHeardByAll(l.monitor)).map((l) => l.user.phoneNumber), ...call.externals];
  }

  private callUri(call: SimCall): string {
    return `${this.options.baseUrl()}/api/v2/me/calls/${call.id}`;
  }

  /** The GWS call resource as this agent sees it; field order follows samples 03/04. */
  private view(call: SimCall, leg: Leg): Record<string, unknown> {
    const baseUrl = this.options.baseUrl();
    const view: Record<string, unknown> = {
      id: call.id,
      state: leg.state,
      callUuid: call.callUuid,
      connId: call.connId,
      deviceUri: deviceUri(baseUrl, leg.user),
      participants: this.participantsOf(call, leg).map(participantObject),
    };
    if (leg.ani !== undefined) view.ani = leg.ani;
    view.dnis = leg.dnis;
    view.callType = leg.callType;
    view.capabilities = this.capabilities(call, leg);
    const flat = userData.toObject(call.pairs);
    if (flat) view.userData = flat;
    view.duration = String(Math.floor((Date.now() - leg.startedAt) / 1000));
    view.mute = leg.muted ? 'On' : 'Off';
    if (leg.recording) view.recordingState = leg.recording;
    // The supervisor's own call: monitoring true, supervisorListeningIn false as in the
    // documented samples. The agent's call: supervisorListeningIn while a supervisor listens
    // or coaches, monitoredUserMuted while one muted this agent (both guesses).
    const monitor = leg.monitor;
    view.supervisorListeningIn = !monitor && call.legs.some((l) => l.monitor !== undefined && !isHeardByAll(l.monitor));
    view.monitoredUserMuted = monitor ? monitor.targetMuted : call.legs.some((l) => l.monitor?.target === leg.user && l.monitor.targetMuted);
    view.monitoring = monitor !== undefined;
    if (call.parentId && leg.callType === 'Consult') {
      view.parentCallUri = `${baseUrl}/api/v2/me/calls/${call.parentId}`;
      view.parentCallPath = `/calls/${call.parentId}`;
    }
    if (call.previous) {
      view.previousConnId = call.previous.connId;
      view.previousCallUri = call.previous.uri;
    }
    view.uri = this.callUri(call);
    view.path = `/calls/${call.id}`;
    return view;
  }

  private newCall(pairs: userData.UserDataPairs): SimCall {
    const { ids } = this.options;
    const id = ids.callId();
    const call: SimCall = { id, connId: ids.connId(), callUuid: id, legs: [], externals: [], pairs };
    this.calls.set(id, call);
    return call;
  }

  private addLeg(call: SimCall, user: SimUser, state: CallState, callType: CallType, dnis: string): Leg {
    const leg: Leg = { user, state, callType, muted: false, startedAt: Date.now(), dnis, publishedKey: '' };
    call.legs.push(leg);
    return leg;
  }

  private find(user: SimUser, callId: string): { call: SimCall; leg: Leg } {
    const call = this.calls.get(callId);
    const leg = call && legOf(call, user);
    if (!call || !leg) throw errors.notFound(`Call ${callId}`);
    return { call, leg };
  }

  private requireCall(callId: string): SimCall {
    const call = this.calls.get(callId);
    if (!call) throw errors.notFound(`Call ${callId}`);
    return call;
  }

  private schedule(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
      this.publishCapabilityChanges();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}

function legOf(call: SimCall, user: SimUser): Leg | undefined {
  return call.legs.find((leg) => leg.user === user);
}

/** What the agent must be told again when it changes; never '' (which means "not told yet", see notifyNewLegs). */
function publishedKey(view: Record<string, unknown>): string {
  return `${(view.capabilities as string[]).join(',')}|${String(view.supervisorListeningIn)}|${String(view.monitoredUserMuted)}`;
}

/** The parties of a call: agents and external numbers, not monitoring supervisors. */
function partyCount(call: SimCall): number {
  return call.legs.filter((leg) => !leg.monitor).length + call.externals.length;
}

function participantObject(number: string): Record<string, string> {
  return { e164Number: '', formattedPhoneNumber: number, phoneNumber: number, digits: number };
}

/** Like GSIP_REC_FN in sample 03: <callId>_<agent>_<agent>_<other>_<date>_<host>. */
function recordingFileName(call: SimCall, leg: Leg): string {
  const other = call.legs.find((l) => l !== leg)?.user.phoneNumber ?? call.externals[0] ?? leg.dnis;
  const stamp = new Date().toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
  return `${call.id}_${leg.user.phoneNumber}_${leg.user.phoneNumber}_${other}_${stamp}_gws-simulator`;
}
