import * as assert from 'node:assert/strict';
import { callIdOf } from '../../../src/views/callNodes';
import { deviceContextValue, deviceEntries, isDeviceNode } from '../../../src/views/deviceNodes';
import { readManifest } from '../../support/manifest';

interface Manifest {
  contributes: { commands: Array<{ command: string; title: string }>; menus: Record<string, Array<{ command: string; when?: string; group?: string }>> };
}
const manifest = readManifest<Manifest>();

/** The context-menu commands VS Code offers on a Calls view item with this contextValue. */
function menuFor(contextValue: string): string[] {
  return (manifest.contributes.menus['view/item/context'] ?? [])
    .filter((e) => e.group !== 'inline')
    .filter((e) => {
      const m = /^view == gws\.calls && viewItem =~ \/(.*)\/$/.exec(e.when ?? '');
      return m ? new RegExp(m[1]).test(contextValue) : false;
    })
    .map((e) => e.command);
}

describe('calls view: device nodes', () => {
  it('encodes the device\'s current capabilities in contextValue, as call items do', () => {
    assert.equal(deviceContextValue({ id: 'd', capabilities: ['DoNotDisturbOn', 'ForwardCallsOff'] }), 'device+DoNotDisturbOn+ForwardCallsOff');
    assert.equal(deviceContextValue({ id: 'd' }), 'device', 'no capabilities field: no operations');
    assert.equal(deviceContextValue({ id: 'd', capabilities: ['ListenIn', 7 as unknown as string, ''] }), 'device+ListenIn', 'ignores junk');
    assert.equal(deviceContextValue(undefined), 'device');
  });

  it('recognises a device node, and a device node is never taken for a call', () => {
    const node = { kind: 'device', deviceId: 'd1', owner: {} };
    assert.equal(isDeviceNode(node), true);
    assert.equal(isDeviceNode({ kind: 'call', callId: 'c' }), false);
    assert.equal(isDeviceNode('d1'), false);
    assert.equal(callIdOf(node), undefined);
  });

  it('lists what the device is now, leaving out what it does not have', () => {
    const rows = deviceEntries({
      id: 'd1',
      deviceState: 'Active',
      userState: { state: 'NotReady', workMode: 'AuxWork' },
      doNotDisturb: 'On',
      forwardTo: '15002',
      capabilities: ['DoNotDisturbOff', 'ForwardCallsOff'],
    });
    assert.deepEqual(rows, [
      { key: 'Agent state', value: 'NotReady (AuxWork)' },
      { key: 'Device state', value: 'Active' },
      { key: 'Do not disturb', value: 'On' },
      { key: 'Forwarded to', value: '15002' },
      { key: 'Capabilities', value: 'DoNotDisturbOff, ForwardCallsOff' },
      { key: 'Id', value: 'd1' },
    ]);
    assert.deepEqual(deviceEntries({ id: 'd2' }).map((r) => r.key), ['Agent state', 'Id']);
  });

  it('offers device operations only where the device lists them, and never a call operation on a device', () => {
    const agent = menuFor(deviceContextValue({ id: 'd', capabilities: ['ForwardCallsOn', 'DoNotDisturbOff'] }));
    assert.deepEqual(new Set(agent), new Set(['gws.agent.setState', 'gws.call.dial', 'gws.device.dndOff', 'gws.device.forwardOn']));
    const supervisor = menuFor(deviceContextValue({ id: 's', capabilities: ['ForwardCallsOff', 'DoNotDisturbOn', 'ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring'] }));
    for (const command of ['gws.device.forwardOff', 'gws.device.dndOn', 'gws.device.listenIn', 'gws.device.coach', 'gws.device.bargeIn', 'gws.device.cancelMonitoring']) {
      assert.ok(supervisor.includes(command), command);
    }
    assert.ok(!supervisor.includes('gws.device.dndOff') && !supervisor.includes('gws.device.forwardOn'));
    // A call item with the same capability names gets none of the device commands, and the reverse.
    assert.ok(!menuFor('call+DoNotDisturbOn+ListenIn').some((c) => c.startsWith('gws.device.') || c === 'gws.agent.setState'));
    assert.ok(!menuFor('device+Hold+SwitchToBargeIn').some((c) => c.startsWith('gws.call.') && c !== 'gws.call.dial'));
  });

  it('offers nothing on the rows under a device (deviceDetail), inline buttons included', () => {
    const all = (manifest.contributes.menus['view/item/context'] ?? []).filter((e) => {
      const m = /^view == gws\.calls && viewItem =~ \/(.*)\/$/.exec(e.when ?? '');
      return m ? new RegExp(m[1]).test('deviceDetail') : false;
    });
    assert.deepEqual(all.map((e) => e.command), []);
    assert.ok(menuFor('device').includes('gws.call.dial'), 'a device without capabilities still offers Make Call');
  });

  it('offers the supervisor\'s call operations on a monitored call by its capabilities; short titles, each in the palette', () => {
    const listening = menuFor('call+Hangup+SwitchToBargeIn');
    assert.ok(listening.includes('gws.call.switchToBargeIn'));
    assert.ok(!listening.includes('gws.call.switchToListenIn') && !listening.includes('gws.call.muteMonitoredUser'));
    assert.ok(menuFor('call+MuteMonitoredUser').includes('gws.call.muteMonitoredUser'));
    assert.ok(!menuFor('call+MuteMonitoredUser').includes('gws.call.unmuteMonitoredUser'));
    const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
    assert.equal(titles.get('gws.agent.setState'), 'Set Agent State...');
    assert.equal(titles.get('gws.device.dndOn'), 'Do Not Disturb On');
    assert.equal(titles.get('gws.device.forwardOn'), 'Forward Calls On...');
    assert.equal(titles.has('gws.call.switchToCoach'), false, 'GWS has no SwitchToCoach');
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const command of [...titles.keys()].filter((c) => c.startsWith('gws.device.') || c === 'gws.agent.setState')) {
      assert.equal(palette.find((e) => e.command === command)?.when, 'gws.signedIn', `${command} is hidden from the palette when signed out`);
    }
  });
});
