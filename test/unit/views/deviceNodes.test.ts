import * as assert from 'node:assert/strict';
import { callIdOf } from '../../../src/views/callNodes';
import { deviceContextValue, deviceEntries, isDeviceNode } from '../../../src/views/deviceNodes';

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
});
