// The agent's devices for the calls view and the status bar: fed by the pipeline from the
// sign-in snapshot and DeviceStateChangeMessage, values read from the entity store.
import * as assert from 'node:assert/strict';
import { CallStore } from '../../../src/model/callStore';
import { agentStateOf, agentStateText, deviceCapabilities, deviceDescription, DeviceList, deviceNumber, forwardingOf, isDoNotDisturbOn, monitoringText } from '../../../src/model/devices';
import { EntityStore } from '../../../src/model/entityStore';
import { Pipeline } from '../../../src/model/pipeline';
import { StreamLog } from '../../../src/model/streamLog';
import type { BayeuxMessage, GwsDevice } from '../../../src/wire/types';
import { received } from './fixtures/samples';

function setup() {
  const pipeline = new Pipeline(new CallStore(), new StreamLog(1_000), {
    noNotificationWarningMs: 5_000,
    timers: { setTimeout: () => 0, clearTimeout: () => undefined },
  });
  const changes: Array<readonly string[]> = [];
  pipeline.devices.onDidChange((ids) => changes.push(ids));
  return { pipeline, changes };
}

const DEVICE = '631608b3-ceb1-472b-ba05-2ae39555b0d1';
const device = (fields: Partial<GwsDevice> = {}): GwsDevice => ({
  id: DEVICE,
  deviceState: 'Active',
  userState: { id: 'NotReady', displayName: 'Not Ready', state: 'NotReady' },
  phoneNumber: '15000',
  doNotDisturb: 'Off',
  capabilities: ['DoNotDisturbOn', 'ForwardCallsOn'],
  ...fields,
});
const message = (...devices: GwsDevice[]): BayeuxMessage => ({ channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices } });

describe('DeviceList: the agent\'s devices from the snapshot and DeviceStateChangeMessage', () => {
  it('lists the devices of the sign-in snapshot, then follows each notification', () => {
    const { pipeline, changes } = setup();
    assert.deepEqual(pipeline.devices.list(), []);
    pipeline.ingestSnapshot({ reason: 'signIn', time: 1_000, calls: [], devices: [device()] });
    assert.deepEqual(changes, [[DEVICE]]);
    assert.equal(pipeline.devices.get(DEVICE)?.userState?.state, 'NotReady');

    pipeline.ingestNotification(received(message(device({ userState: { state: 'Ready' }, doNotDisturb: 'On', capabilities: ['DoNotDisturbOff', 'ForwardCallsOn'] })), 2_000));
    assert.deepEqual(changes.at(-1), [DEVICE]);
    const now = pipeline.devices.get(DEVICE);
    assert.equal(now?.userState?.state, 'Ready');
    assert.deepEqual(now?.capabilities, ['DoNotDisturbOff', 'ForwardCallsOn']);
    assert.equal(pipeline.devices.size, 1, 'one device, not one per message');
    // The inspector's entity store and the list are the same values: no third copy.
    assert.equal(pipeline.entities.get('device', DEVICE), now);
  });

  it('adds a device first seen in a notification after the known ones, and a snapshot replaces the list', () => {
    const { pipeline, changes } = setup();
    pipeline.ingestSnapshot({ reason: 'signIn', time: 1_000, calls: [], devices: [device()] });
    pipeline.ingestNotification(received(message(device({ id: 'second', phoneNumber: '7001' })), 2_000));
    assert.deepEqual(pipeline.devices.list().map((d) => d.id), [DEVICE, 'second']);
    assert.deepEqual(changes.at(-1), ['second']);
    pipeline.ingestSnapshot({ reason: 'resync', time: 3_000, calls: [], devices: [device({ id: 'second', phoneNumber: '7001' })] });
    assert.deepEqual(pipeline.devices.list().map((d) => d.id), ['second']);
    assert.equal(pipeline.devices.get(DEVICE), undefined, 'a device the resync no longer lists is gone');
  });

  it('ignores other messages and devices without an id', () => {
    const { pipeline, changes } = setup();
    pipeline.ingestNotification(received({ channel: '/v2/me/channels', data: { messageType: 'ChannelStateChangeMessageV2', channels: [{ channel: 'voice', userState: { state: 'Ready' } }] } }, 1_000));
    pipeline.ingestNotification(received(message({ deviceState: 'Active' } as GwsDevice), 2_000));
    assert.deepEqual(changes, []);
    assert.deepEqual(pipeline.devices.list(), []);
  });
});

describe('DeviceList on its own', () => {
  it('lists only the ids the entity store holds, says nothing for no ids, and nothing once disposed', () => {
    const entities = new EntityStore();
    const list = new DeviceList(entities);
    const changes: Array<readonly string[]> = [];
    list.onDidChange((ids) => changes.push(ids));
    list.updated([]);
    assert.deepEqual(changes, [], 'no ids, no change');
    entities.apply('device', 'a', { id: 'a' });
    list.updated(['a', 'gone']);
    assert.deepEqual(list.list(), [{ id: 'a' }], 'an id without a value is not listed');
    assert.equal(list.size, 1);
    list.reset(['a', 'a']);
    assert.deepEqual(changes, [['a', 'gone'], ['a']], 'a reset names each id once');
    list.dispose();
    list.reset(['a']);
    assert.equal(changes.length, 2);
  });
});

describe('what a device shows', () => {
  it('reads capabilities, DND, forwarding and the bare agent state, and nothing from no device', () => {
    assert.deepEqual(deviceCapabilities(device({ capabilities: ['DoNotDisturbOn', '', 7, 'ForwardCallsOn'] as unknown as string[] })), ['DoNotDisturbOn', 'ForwardCallsOn']);
    assert.deepEqual(deviceCapabilities(device({ capabilities: 'DoNotDisturbOn' as unknown as string[] })), []);
    assert.deepEqual(deviceCapabilities(undefined), []);
    assert.equal(agentStateOf(device({ userState: { state: 'Ready' } })), 'Ready');
    assert.equal(agentStateOf(device({ userState: { state: '' } })), undefined);
    assert.equal(agentStateOf(device({ userState: { state: 3 } as unknown as GwsDevice['userState'] })), undefined);
    assert.equal(agentStateOf(device({ userState: undefined })), undefined);
    assert.equal(agentStateOf(undefined), undefined);
    assert.equal(agentStateText(undefined), 'Unknown');
    assert.equal(agentStateText(device({ userState: { state: '' } })), 'Unknown');
    assert.equal(isDoNotDisturbOn(undefined), false);
    assert.equal(forwardingOf(undefined), undefined);
    assert.equal(forwardingOf(device({ forwardTo: 15002 as unknown as string })), '15002', 'a number reads as its digits');
    assert.equal(monitoringText(undefined), undefined);
  });

  it('qualifies only NotReady with AfterCallWork, keeps its reason, and lists work mode and reason together', () => {
    assert.equal(agentStateText(device({ userState: { state: 'NotReady', workMode: 'AfterCallWork', reason: 'Wrap' } })), 'AfterCallWork (Wrap)');
    assert.equal(agentStateText(device({ userState: { state: 'Ready', workMode: 'AfterCallWork' } })), 'Ready (AfterCallWork)');
    assert.equal(agentStateText(device({ userState: { state: 'NotReady', workMode: 'AuxWork', reason: 'Lunch' } })), 'NotReady (AuxWork, Lunch)');
  });

  it('monitoring: a bare text, a state alone, states that only contain an idle word; none for null', () => {
    assert.equal(monitoringText(device({ supervisorMonitoringState: 'ListenIn' as never })), 'ListenIn');
    assert.equal(monitoringText(device({ supervisorMonitoringState: null as never })), undefined);
    assert.equal(monitoringText(device({ supervisorMonitoringState: { state: 'ListenIn' } })), 'ListenIn');
    assert.equal(monitoringText(device({ supervisorMonitoringState: { state: 'Offline' } })), 'Offline');
    assert.equal(monitoringText(device({ supervisorMonitoringState: { state: 'Handoff' } })), 'Handoff');
    assert.equal(monitoringText(device({ supervisorMonitoringState: { state: 'off' } })), undefined);
    assert.equal(deviceDescription(device({ deviceState: undefined })), 'NotReady');
  });

  it('names the agent state with its work mode or reason', () => {
    assert.equal(agentStateText(device({ userState: { state: 'Ready' } })), 'Ready');
    assert.equal(agentStateText(device({ userState: { state: 'NotReady' } })), 'NotReady');
    assert.equal(agentStateText(device({ userState: { state: 'NotReady', workMode: 'AfterCallWork' } })), 'AfterCallWork');
    assert.equal(agentStateText(device({ userState: { state: 'NotReady', workMode: 'AuxWork' } })), 'NotReady (AuxWork)');
    assert.equal(agentStateText(device({ userState: { state: 'NotReady', reason: 'Lunch' } })), 'NotReady (Lunch)');
    assert.equal(agentStateText(device({ userState: { state: 'NotReady', reasonCode: 12 } as GwsDevice['userState'] })), 'NotReady (12)');
    assert.equal(agentStateText(device({ userState: { state: 'LoggedOut' } })), 'LoggedOut');
    assert.equal(agentStateText(device({ userState: undefined })), 'Unknown');
    assert.equal(agentStateText(device({ userState: { state: 'Busy' } })), 'Busy', 'an unknown state is shown as it is');
  });

  it('sums up state, DND, forwarding and monitoring in one line', () => {
    assert.equal(deviceDescription(device()), 'NotReady · Active');
    assert.equal(deviceDescription(device({ doNotDisturb: 'On', forwardTo: '15002' })), 'NotReady · Active · DND on · forwarded to 15002');
    const monitored = device({ supervisorMonitoringState: { state: 'ListenIn', scope: 'Call', mode: 'AllCalls', targetDeviceUri: 'http://gws/api/v2/devices/x' } });
    assert.equal(monitoringText(monitored), 'ListenIn · Call · AllCalls → http://gws/api/v2/devices/x');
    assert.match(deviceDescription(monitored), /monitoring ListenIn/);
    assert.equal(monitoringText(device({ supervisorMonitoringState: { state: 'None' } })), undefined);
    assert.equal(monitoringText(device()), undefined);
  });

  it('names a device by its number, else its id', () => {
    assert.equal(deviceNumber(device()), '15000');
    assert.equal(deviceNumber(device({ phoneNumber: undefined, e164Number: '+3315000' })), '+3315000');
    assert.equal(deviceNumber(device({ phoneNumber: '' })), DEVICE);
  });
});
