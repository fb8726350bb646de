// Supervisor monitoring over real HTTP and CometD (issue 14): supervisor1 sets up ListenIn,
// Coach or BargeIn on agent1's device, gets agent1's calls, switches between modes and mutes
// the agent; scope and mode decide how long. Shapes follow the documented samples (see
// docs/gws-notes.md#supervisor-monitoring).
import assert from 'node:assert/strict';
import type { BareClient, Notification } from '../../support/bareClient';
import { capabilitiesOf, establishedInbound, signIn, simulatorPerTest, sorted } from './support';

type Device = Record<string, unknown> & { capabilities: string[]; supervisorMonitoringState?: Record<string, string> };

function numbers(notification: Notification): string[] {
  return sorted(((notification.data.call?.participants as Array<{ phoneNumber: string }>) ?? []).map((p) => p.phoneNumber));
}

describe('simulator: supervisor monitoring', function () {
  const fixture = simulatorPerTest();
  const sign = async (userName: string): Promise<BareClient> => fixture.track(await signIn(fixture.sim, userName));
  const user = (userName: string) => fixture.sim.control.state().users.find((u) => u.userName === userName)!;
  const agentDeviceUri = (userName: string): string => `${fixture.sim.url}/api/v2/devices/${user(userName).deviceId}`;

  /** A device operation of supervisor1 and the DeviceStateChangeMessage it causes. */
  async function supervise(supervisor: BareClient, body: Record<string, unknown>): Promise<Device> {
    const mark = supervisor.notifications.length;
    const response = await supervisor.post(`/api/v2/me/devices/${user('supervisor1').deviceId}`, body);
    assert.deepEqual(response.data, { statusCode: 0 }, JSON.stringify(body));
    const message = await supervisor.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark, what: `device after ${String(body.operationName)}` });
    return (message.data.devices as Device[])[0];
  }

  /** The supervisor's first message about `callId` after `from`. */
  function monitored(supervisor: BareClient, callId: string, from: number, notificationType = 'StatusChange'): Promise<Notification> {
    return supervisor.waitFor((n) => n.data.call?.id === callId && n.data.notificationType === notificationType, { from, what: `${notificationType} of ${callId} at the supervisor` });
  }

  it('supervisor1 is a default user with the supervision feature and device capabilities', async () => {
    const supervisor = await sign('supervisor1');
    const me = (await supervisor.get('/api/v2/me?subresources=features,devices')).data.user;
    assert.ok(me.features.some((f: { name: string }) => f.name === 'api-supervisor-monitoring'));
    assert.equal(me.devices[0].phoneNumber, '15005');
    assert.deepEqual(me.devices[0].capabilities, ['ForwardCallsOn', 'DoNotDisturbOn', 'ListenIn', 'Coach', 'BargeIn']);
    const agent = await sign('agent1');
    const agentMe = (await agent.get('/api/v2/me?subresources=features,devices')).data.user;
    assert.ok(!agentMe.features.some((f: { name: string }) => f.name === 'api-supervisor-monitoring'));
    assert.deepEqual(agentMe.devices[0].capabilities, ['ForwardCallsOn', 'DoNotDisturbOn']);
  });

  it('ListenIn: the supervisor gets the monitored call silently, then barges in, mutes the agent and listens again', async () => {
    const agent1 = await sign('agent1');
    const supervisor = await sign('supervisor1');
    const device = await supervise(supervisor, { operationName: 'ListenIn', targetDeviceUri: agentDeviceUri('agent1') });
    assert.deepEqual(device.supervisorMonitoringState, { state: 'ListenIn', mode: 'AllCalls', scope: 'Call', targetDeviceUri: agentDeviceUri('agent1') });
    assert.deepEqual(device.capabilities, ['ForwardCallsOn', 'DoNotDisturbOn', 'ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring']);
    assert.deepEqual(user('supervisor1').monitoring, { state: 'ListenIn', scope: 'Call', mode: 'AllCalls', target: 'agent1' });

    let markS = supervisor.notifications.length;
    const id = await establishedInbound(fixture.sim, agent1, 'agent1');
    const delivered = await monitored(supervisor, id, markS);
    const call = delivered.data.call!;
    assert.equal(delivered.data.phoneNumber, '15005');
    assert.equal(call.state, 'Established');
    assert.equal(call.monitoring, true);
    assert.equal(call.supervisorListeningIn, false, 'as in the documented samples of the supervisor’s call');
    assert.equal(call.mute, 'On', 'listening in: the supervisor is muted');
    assert.deepEqual(numbers(delivered), ['15000', '5551234']);
    assert.ok(capabilitiesOf(delivered).includes('SwitchToBargeIn'));
    assert.ok(!capabilitiesOf(delivered).includes('SwitchToListenIn'));
    assert.ok(!capabilitiesOf(delivered).includes('MuteMonitoredUser'));
    const supervisorCalls = (await supervisor.get('/api/v2/me/calls?fields=*')).data.calls as Array<Record<string, unknown>>;
    assert.deepEqual(supervisorCalls.map((c) => c.id), [id], 'GET shows the monitored call under the supervisor');
    const agentView = (await agent1.get(`/api/v2/me/calls/${id}`)).data.call;
    assert.equal(agentView.supervisorListeningIn, true);
    assert.deepEqual(agentView.participants.map((p: { phoneNumber: string }) => p.phoneNumber), ['5551234'], 'a listening supervisor is no participant');

    // SwitchToBargeIn: unmuted, a participant everyone sees.
    markS = supervisor.notifications.length;
    let markA = agent1.notifications.length;
    assert.deepEqual((await supervisor.op(id, 'SwitchToBargeIn')).data, { statusCode: 0 });
    const barged = await monitored(supervisor, id, markS);
    assert.equal(barged.data.call?.mute, 'Off');
    assert.ok(capabilitiesOf(barged).includes('SwitchToListenIn'));
    assert.ok(capabilitiesOf(barged).includes('MuteMonitoredUser'));
    const seen = await agent1.waitForCall(id, 'ParticipantsUpdated', undefined, markA);
    assert.deepEqual(numbers(seen), ['15005', '5551234']);
    assert.equal(seen.data.call?.supervisorListeningIn, false);

    // MuteMonitoredUser / UnmuteMonitoredUser: MonitoredUserMutedStateChange.
    markS = supervisor.notifications.length;
    markA = agent1.notifications.length;
    assert.deepEqual((await supervisor.op(id, 'MuteMonitoredUser')).data, { statusCode: 0 });
    const muted = await monitored(supervisor, id, markS, 'MonitoredUserMutedStateChange');
    assert.equal(muted.data.call?.monitoredUserMuted, true);
    assert.ok(capabilitiesOf(muted).includes('UnmuteMonitoredUser'));
    assert.ok(!capabilitiesOf(muted).includes('MuteMonitoredUser'));
    assert.equal((await agent1.waitForCall(id, 'MonitoredUserMutedStateChange', undefined, markA)).data.call?.monitoredUserMuted, true);
    markS = supervisor.notifications.length;
    await supervisor.op(id, 'UnmuteMonitoredUser');
    assert.equal((await monitored(supervisor, id, markS, 'MonitoredUserMutedStateChange')).data.call?.monitoredUserMuted, false);

    // No SwitchToCoach in GWS; the agent cannot use the supervisor's operations.
    const coach = await supervisor.op(id, 'SwitchToCoach');
    assert.equal(coach.status, 400);
    assert.equal(coach.data.statusCode, 3);
    assert.match(coach.data.statusMessage, /SwitchToCoach.*cannot return to it/);
    assert.equal((await agent1.op(id, 'SwitchToListenIn')).data.statusCode, 2);

    // Back to listening: gone from the agent's participants.
    markA = agent1.notifications.length;
    await supervisor.op(id, 'SwitchToListenIn');
    assert.deepEqual(numbers(await agent1.waitForCall(id, 'ParticipantsUpdated', undefined, markA)), ['5551234']);

    // The agent hangs up: the supervisor's call ends too.
    markS = supervisor.notifications.length;
    await agent1.op(id, 'Hangup');
    assert.equal((await monitored(supervisor, id, markS)).data.call?.state, 'Released');
    assert.deepEqual(fixture.sim.control.state().calls, []);
  });

  it('joins a call already in progress; CancelSupervisorMonitoring keeps it but stops the next ones', async () => {
    const agent1 = await sign('agent1');
    const supervisor = await sign('supervisor1');
    const first = await establishedInbound(fixture.sim, agent1, 'agent1');
    const markS = supervisor.notifications.length;
    await supervise(supervisor, { operationName: 'BargeIn', targetDeviceUri: agentDeviceUri('agent1') });
    const joined = await monitored(supervisor, first, markS);
    assert.equal(joined.data.call?.mute, 'Off');
    assert.ok(capabilitiesOf(joined).includes('SwitchToListenIn'));

    const device = await supervise(supervisor, { operationName: 'CancelSupervisorMonitoring' });
    assert.equal(device.supervisorMonitoringState, undefined, 'no supervisorMonitoringState, as the documented sample');
    assert.deepEqual(device.capabilities, ['ForwardCallsOn', 'DoNotDisturbOn', 'ListenIn', 'Coach', 'BargeIn']);
    const again = await supervisor.post(`/api/v2/me/devices/${user('supervisor1').deviceId}`, { operationName: 'CancelSupervisorMonitoring' });
    assert.equal(again.data.statusCode, 2);

    const second = await establishedInbound(fixture.sim, agent1, 'agent1');
    const supervisorCalls = (await supervisor.get('/api/v2/me/calls?fields=*')).data.calls as Array<Record<string, unknown>>;
    assert.deepEqual(supervisorCalls.map((c) => c.id), [first], `the call in progress stays, ${second} is not monitored`);
  });

  it('Coach for the NextCall only, scope Agent: released when the agent transfers the call away', async () => {
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    const supervisor = await sign('supervisor1');
    const device = await supervise(supervisor, {
      operationName: 'Coach',
      targetDeviceUri: agentDeviceUri('agent1'),
      supervisorMonitoringScope: 'Agent',
      supervisorMonitoringMode: 'NextCall',
    });
    assert.deepEqual(device.supervisorMonitoringState, { state: 'Coach', mode: 'NextCall', scope: 'Agent', targetDeviceUri: agentDeviceUri('agent1') });

    let markS = supervisor.notifications.length;
    const id = await establishedInbound(fixture.sim, agent1, 'agent1');
    const coached = await monitored(supervisor, id, markS);
    assert.equal(coached.data.call?.mute, 'Off', 'a coach speaks to the agent');
    assert.deepEqual(sorted(capabilitiesOf(coached).filter((c) => c.startsWith('SwitchTo'))), ['SwitchToBargeIn', 'SwitchToListenIn']);
    const ended = await supervisor.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: markS, what: 'NextCall monitoring over' });
    assert.equal((ended.data.devices as Device[])[0].supervisorMonitoringState, undefined);
    assert.equal(user('supervisor1').monitoring, null);

    markS = supervisor.notifications.length;
    await agent1.op(id, 'SingleStepTransfer', { destination: { phoneNumber: '15001' } });
    assert.equal((await monitored(supervisor, id, markS)).data.call?.state, 'Released', 'scope Agent: released with the agent');
    await agent2.waitForCall(id, 'StatusChange', 'Ringing');
  });

  it('scope Call: the supervisor stays on the call the agent transfers', async () => {
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    const supervisor = await sign('supervisor1');
    await supervise(supervisor, { operationName: 'ListenIn', targetDeviceUri: agentDeviceUri('agent1') });
    const markS = supervisor.notifications.length;
    const id = await establishedInbound(fixture.sim, agent1, 'agent1');
    await monitored(supervisor, id, markS);
    await agent1.op(id, 'SingleStepTransfer', { destination: { phoneNumber: '15001' } });
    await agent2.waitForCall(id, 'StatusChange', 'Ringing');
    const calls = fixture.sim.control.state().calls;
    assert.deepEqual(sorted(calls.map((c) => String(c.userName))), ['agent2', 'supervisor1']);
    assert.ok(supervisor.notifications.slice(markS).every((n) => n.data.call?.state !== 'Released'), 'the supervisor was never released');
  });

  it('scope Call through a two-step transfer: one supervisor leg on the main call, none left on the consultation', async () => {
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    const supervisor = await sign('supervisor1');
    await supervise(supervisor, { operationName: 'ListenIn', targetDeviceUri: agentDeviceUri('agent1') });
    const markS = supervisor.notifications.length;
    const main = await establishedInbound(fixture.sim, agent1, 'agent1');
    await monitored(supervisor, main, markS);
    const mark2 = agent2.notifications.length;
    await agent1.op(main, 'InitiateTransfer', { destination: { phoneNumber: '15001' } });
    const consult = String((await agent2.waitFor((n) => n.data.call?.state === 'Ringing', { from: mark2 })).data.call?.id);
    await agent2.op(consult, 'Answer');
    await monitored(supervisor, consult, markS); // AllCalls: the consultation is one of agent1's calls
    const mark1 = agent1.notifications.length;
    await agent1.op(main, 'CompleteTransfer');
    await agent1.waitForCall(main, 'StatusChange', 'Released', mark1);
    await agent2.waitForCall(main, 'StatusChange', 'Established', mark2);
    const legs = fixture.sim.control.state().calls.map((c) => [c.id, c.userName]);
    assert.deepEqual(sorted(legs.map((l) => l.join(' '))), [`${main} agent2`, `${main} supervisor1`]);
    const atSupervisor = (await supervisor.get('/api/v2/me/calls?fields=*')).data.calls as Array<Record<string, unknown>>;
    assert.deepEqual(atSupervisor.map((c) => [c.id, c.monitoring]), [[main, true]]);
  });

  it('scope Agent: a remote hang-up releases the supervisor once', async () => {
    const agent1 = await sign('agent1');
    const supervisor = await sign('supervisor1');
    await supervise(supervisor, { operationName: 'BargeIn', targetDeviceUri: agentDeviceUri('agent1'), supervisorMonitoringScope: 'Agent' });
    const markS = supervisor.notifications.length;
    const id = await establishedInbound(fixture.sim, agent1, 'agent1');
    await monitored(supervisor, id, markS);
    fixture.sim.control.remoteHangup(id);
    await supervisor.waitForCall(id, 'StatusChange', 'Released', markS);
    // A later message on the same connection: everything about the hang-up has arrived by then.
    await supervise(supervisor, { operationName: 'CancelSupervisorMonitoring' });
    const released = supervisor.notifications.slice(markS).filter((n) => n.data.call?.id === id && n.data.call?.state === 'Released');
    assert.equal(released.length, 1);
  });

  it('refuses supervision to agents, without a target, with a bad scope, or while logged out', async () => {
    const agent1 = await sign('agent1');
    const refused = await agent1.post(`/api/v2/me/devices/${user('agent1').deviceId}`, { operationName: 'ListenIn', targetDeviceUri: agentDeviceUri('agent2') });
    assert.equal(refused.status, 403);
    assert.equal(refused.data.statusCode, 5);
    assert.match(refused.data.statusMessage, /api-supervisor-monitoring/);

    const supervisor = await sign('supervisor1');
    const path = `/api/v2/me/devices/${user('supervisor1').deviceId}`;
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ operationName: 'ListenIn' }, 1],
      [{ operationName: 'ListenIn', targetDeviceUri: `${fixture.sim.url}/api/v2/devices/nope` }, 6],
      [{ operationName: 'ListenIn', targetDeviceUri: agentDeviceUri('supervisor1') }, 10],
      [{ operationName: 'Coach', targetDeviceUri: agentDeviceUri('agent1'), supervisorMonitoringScope: 'Team' }, 10],
      [{ operationName: 'BargeIn', targetDeviceUri: agentDeviceUri('agent1'), supervisorMonitoringMode: 'Sometimes' }, 10],
    ];
    for (const [body, statusCode] of cases) assert.equal((await supervisor.post(path, body)).data.statusCode, statusCode, JSON.stringify(body));
    // By phone number (newer pages), then logged out: nothing set.
    assert.deepEqual((await supervisor.post(path, { operationName: 'ListenIn', phoneNumber: '15000' })).data, { statusCode: 0 });
    assert.equal(user('supervisor1').monitoring?.target, 'agent1');
    await supervisor.post('/api/v2/me/channels/voice', { operationName: 'Offline' });
    assert.equal(user('supervisor1').monitoring, null, 'logging out ends the monitoring');
    assert.equal((await supervisor.post(path, { operationName: 'ListenIn', phoneNumber: '15000' })).data.statusCode, 2);
    assert.equal(user('supervisor1').monitoring, null);
  });
});
