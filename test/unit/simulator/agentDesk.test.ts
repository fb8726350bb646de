// Agents and their devices over real HTTP and CometD (issue 14): agent states with reasons,
// do-not-disturb, forwarding, and calls between agents (two-step transfer, conference).
import assert from 'node:assert/strict';
import axios from 'axios';
import type { BareClient, Notification } from '../../support/bareClient';
import { establishedInbound, signIn, simulatorPerTest, sorted } from './support';

type Device = Record<string, unknown> & { userState: Record<string, unknown>; capabilities: string[] };

function deviceOf(notification: Notification): Device {
  return (notification.data.devices as Device[])[0];
}

function numbers(notification: Notification): string[] {
  return sorted(((notification.data.call?.participants as Array<{ phoneNumber: string }>) ?? []).map((p) => p.phoneNumber));
}

describe('simulator: agent states, DND, forwarding and calls between agents', function () {
  const fixture = simulatorPerTest();
  const sign = async (userName: string): Promise<BareClient> => fixture.track(await signIn(fixture.sim, userName));
  const deviceId = (userName: string): string => fixture.sim.control.state().users.find((u) => u.userName === userName)!.deviceId;

  async function dial(client: BareClient, from: string, to: string): Promise<void> {
    const response = await client.post(`/api/v2/me/devices/${deviceId(from)}/calls`, { operationName: 'Dial', destination: { phoneNumber: to } });
    assert.deepEqual(response.data, { statusCode: 0 });
  }

  /** Sends an agent-state operation and returns the device of the DeviceStateChangeMessage it causes. */
  async function agentState(client: BareClient, body: Record<string, unknown>): Promise<Device> {
    const mark = client.notifications.length;
    const response = await client.post('/api/v2/me/channels/voice', body);
    assert.deepEqual(response.data, { statusCode: 0 }, JSON.stringify(body));
    return deviceOf(await client.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark, what: `device after ${JSON.stringify(body)}` }));
  }

  it('lists the configured agent states and sets them, with reasons, as DeviceStateChangeMessage', async () => {
    const agent1 = await sign('agent1');
    const settings = (await agent1.get('/api/v2/settings/agent-states')).data.settings as Array<Record<string, string>>;
    assert.deepEqual(settings.map((s) => s.name), ['Ready', 'NotReady', 'AfterCallWork', 'AuxWork', 'Break', 'Training']);
    assert.deepEqual(settings.find((s) => s.name === 'Break'), { name: 'Break', displayName: 'Break', state: 'NotReady', workMode: 'AuxWork', reason: 'Break' });

    let device = await agentState(agent1, { operationName: 'NotReady', reasonCode: 'Lunch' });
    assert.deepEqual(device.userState, { id: 'NotReady', displayName: 'Not Ready', state: 'NotReady', reason: 'Lunch' });
    device = await agentState(agent1, { operationName: 'Break' });
    assert.deepEqual(device.userState, { id: 'Break', displayName: 'Break', state: 'NotReady', workMode: 'AuxWork', reason: 'Break' });
    device = await agentState(agent1, { operationName: 'AfterCallWork' });
    assert.deepEqual(device.userState, { id: 'AfterCallWork', displayName: 'After Call Work', state: 'NotReady', workMode: 'AfterCallWork' });
    device = await agentState(agent1, { operationName: 'Ready' });
    assert.deepEqual(device.userState, { id: 'Ready', displayName: 'Ready', state: 'Ready' });
    assert.equal(fixture.sim.control.state().users[0].voice.agentState, 'Ready');
    device = await agentState(agent1, { operationName: 'Offline' });
    assert.deepEqual(device.userState, { id: 'LoggedOut', displayName: 'Logged Out', state: 'LoggedOut' });
  });

  it('refuses an unknown agent state and a reason where none fits, changing nothing', async () => {
    const agent1 = await sign('agent1');
    const unknown = await agent1.post('/api/v2/me/channels/voice', { operationName: 'Lunchtime' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.data.statusCode, 3);
    assert.match(unknown.data.statusMessage, /Lunchtime.*Break, Training, Offline/);
    for (const body of [{ operationName: 'Ready', reasonCode: 'x' }, { operationName: 'Break', reasonCode: 'x' }, { operationName: 'NotReady', reasonCode: 7 }]) {
      const refused = await agent1.post('/api/v2/me/channels/voice', body);
      assert.equal(refused.data.statusCode, 10, JSON.stringify(body));
    }
    assert.deepEqual(fixture.sim.control.state().users[0].voice.agentState, 'NotReady');
    assert.equal(fixture.sim.control.state().users[0].voice.reason, undefined);
  });

  it('DND on: a Dial to that agent fails with an ErrorMessage, a routed call is refused, and its device says so', async () => {
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    let mark = agent2.notifications.length;
    assert.deepEqual((await agent2.post(`/api/v2/me/devices/${deviceId('agent2')}`, { operationName: 'DoNotDisturbOn' })).data, { statusCode: 0 });
    const device = deviceOf(await agent2.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark }));
    assert.equal(device.doNotDisturb, 'On');
    assert.deepEqual(device.capabilities, ['ForwardCallsOn', 'DoNotDisturbOff']);

    mark = agent1.notifications.length;
    const agent2Mark = agent2.notifications.length;
    await dial(agent1, 'agent1', '15001');
    const error = await agent1.waitFor((n) => n.data.messageType === 'ErrorMessage', { from: mark, what: 'ErrorMessage for the Dial' });
    assert.equal(error.channel, '/v2/me/calls');
    assert.equal(error.data.operationName, 'Dial');
    assert.match(String(error.data.errorMessage), /15001.*busy.*do not disturb/);
    await agent1.waitFor((n) => n.data.call?.id === error.data.callId && n.data.call?.state === 'Released', { from: mark, what: 'the failed call Released' });
    assert.deepEqual((await agent1.get('/api/v2/me/calls')).data.uris, []);

    const routed = await axios.post(`${fixture.sim.url}/sim/calls`, { to: 'agent2' }, { validateStatus: () => true });
    assert.equal(routed.status, 409);
    assert.equal(routed.data.statusCode, 2);
    assert.match(routed.data.statusMessage, /agent2 \(15001\) has do not disturb on/);
    assert.deepEqual(fixture.sim.control.state().calls, []);
    assert.equal(agent2.notifications.slice(agent2Mark).filter((n) => n.data.messageType === 'CallStateChangeMessage').length, 0, 'agent2 never rang');
  });

  it('forwarding: a call to agent2 forwarded to agent3 rings agent3, dialled or routed', async () => {
    fixture.sim.control.configureUser('agent3', { defaultPlace: 'Place_15002' });
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    const agent3 = await sign('agent3');
    const mark2 = agent2.notifications.length;
    assert.deepEqual((await agent2.post(`/api/v2/me/devices/${deviceId('agent2')}`, { operationName: 'ForwardCallsOn', destination: '15002' })).data, { statusCode: 0 });
    const forwarding = deviceOf(await agent2.waitFor((n) => n.data.messageType === 'DeviceStateChangeMessage', { from: mark2 }));
    assert.equal(forwarding.forwardTo, '15002');
    assert.deepEqual(forwarding.capabilities, ['ForwardCallsOff', 'DoNotDisturbOn']);

    const mark1 = agent1.notifications.length;
    let mark3 = agent3.notifications.length;
    await dial(agent1, 'agent1', '15001');
    const dialing = await agent1.waitFor((n) => n.data.call?.state === 'Dialing', { from: mark1 });
    assert.deepEqual(numbers(dialing), ['15002'], 'the caller sees who really rings');
    const ringing = await agent3.waitFor((n) => n.data.call?.state === 'Ringing', { from: mark3, what: 'agent3 ringing' });
    assert.equal(ringing.data.call?.id, dialing.data.call?.id);
    assert.deepEqual(numbers(ringing), ['15000']);

    mark3 = agent3.notifications.length;
    const routed = fixture.sim.control.createInboundCall({ to: 'agent2', from: '5554321' });
    const routedRinging = await agent3.waitForCall(routed, 'StatusChange', 'Ringing', mark3);
    assert.equal(routedRinging.data.call?.dnis, '15001', 'dialled number kept');
    assert.equal(agent2.notifications.slice(mark2).filter((n) => n.data.messageType === 'CallStateChangeMessage').length, 0, 'agent2 never rang');

    // Forwarded outside: a routed call would reach no agent, so the control API refuses it.
    await agent2.post(`/api/v2/me/devices/${deviceId('agent2')}`, { operationName: 'ForwardCallsOn', destination: '5558888' });
    const outside = await axios.post(`${fixture.sim.url}/sim/calls`, { to: 'agent2' }, { validateStatus: () => true });
    assert.equal(outside.status, 409);
    assert.match(outside.data.statusMessage, /forwards calls to 5558888/);
  });

  it('two-step transfer agent1 → agent2 (InitiateTransfer, CompleteTransfer) ends with the call at agent2 only', async () => {
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    const main = await establishedInbound(fixture.sim, agent1, 'agent1');
    let mark1 = agent1.notifications.length;
    const mark2 = agent2.notifications.length;
    assert.deepEqual((await agent1.op(main, 'InitiateTransfer', { destination: { phoneNumber: '15001' } })).data, { statusCode: 0 });
    await agent1.waitForCall(main, 'StatusChange', 'Held', mark1);
    const consultRinging = await agent2.waitFor((n) => n.data.call?.state === 'Ringing', { from: mark2, what: 'the consultation ringing at agent2' });
    const consult = String(consultRinging.data.call?.id);
    assert.notEqual(consult, main);
    await agent2.op(consult, 'Answer');
    const consultEstablished = await agent1.waitForCall(consult, 'StatusChange', 'Established', mark1);
    assert.ok((await agent1.waitFor((n) => n.data.call?.id === main && (n.data.call?.capabilities as string[]).includes('CompleteTransfer'), { from: mark1 })), 'the main call offers CompleteTransfer');
    assert.equal(consultEstablished.data.call?.callType, 'Consult');

    mark1 = agent1.notifications.length;
    assert.deepEqual((await agent1.op(main, 'CompleteTransfer')).data, { statusCode: 0 });
    await agent1.waitForCall(main, 'StatusChange', 'Released', mark1);
    await agent1.waitForCall(consult, 'StatusChange', 'Released', mark1);
    const atAgent2 = await agent2.waitForCall(main, 'StatusChange', 'Established', mark2);
    assert.deepEqual(numbers(atAgent2), ['5551234'], 'agent2 talks to the caller');
    assert.deepEqual((await agent1.get('/api/v2/me/calls')).data.uris, [], 'nothing left at agent1');
    const agent2Calls = (await agent2.get('/api/v2/me/calls?fields=*')).data.calls as Array<Record<string, unknown>>;
    assert.deepEqual(agent2Calls.map((c) => [c.id, c.state]), [[main, 'Established']]);
    assert.deepEqual(fixture.sim.control.state().calls.map((c) => [c.id, c.userName]), [[main, 'agent2']]);
  });

  it('a three-party conference: each agent sees the two others', async () => {
    const agent1 = await sign('agent1');
    const agent2 = await sign('agent2');
    const main = await establishedInbound(fixture.sim, agent1, 'agent1');
    let mark1 = agent1.notifications.length;
    const mark2 = agent2.notifications.length;
    await agent1.op(main, 'InitiateConference', { destination: { phoneNumber: '15001' } });
    const consult = String((await agent2.waitFor((n) => n.data.call?.state === 'Ringing', { from: mark2 })).data.call?.id);
    await agent2.op(consult, 'Answer');
    await agent1.waitFor((n) => n.data.call?.id === main && (n.data.call?.capabilities as string[]).includes('CompleteConference'), { from: mark1 });
    mark1 = agent1.notifications.length;
    assert.deepEqual((await agent1.op(main, 'CompleteConference')).data, { statusCode: 0 });
    const conference1 = await agent1.waitForCall(main, 'ParticipantsUpdated', undefined, mark1);
    assert.deepEqual(numbers(conference1), ['15001', '5551234']);
    assert.equal(conference1.data.call?.state, 'Established');
    const conference2 = await agent2.waitForCall(main, 'ParticipantsUpdated', undefined, mark2);
    assert.deepEqual(numbers(conference2), ['15000', '5551234']);
    const calls = fixture.sim.control.state().calls;
    assert.deepEqual(sorted(calls.map((c) => String(c.userName))), ['agent1', 'agent2']);
    assert.ok(calls.every((c) => c.id === main), 'one call, two agents and the caller on it');
  });
});
