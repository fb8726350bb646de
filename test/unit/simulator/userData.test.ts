import * as assert from 'node:assert/strict';
import { startSimulator } from '../../../src/simulator';
import { attach, fromObject, toObject, update } from '../../../src/simulator/userData';

describe('simulator userData pairs', () => {
  it('keeps keys named like Object members as ordinary data', () => {
    // As the server receives it: JSON.parse makes "__proto__" an own key (a literal would not).
    const input = JSON.parse('{"toString":"x","constructor":"y","valueOf":"z","__proto__":"p","a":1}') as Record<string, unknown>;
    const flat = toObject(attach([], input));
    assert.ok(flat);
    assert.deepEqual(Object.keys(flat).sort(), ['__proto__', 'a', 'constructor', 'toString', 'valueOf']);
    assert.equal(flat.toString, 'x');
    assert.equal(Object.getPrototypeOf(flat), Object.prototype, '__proto__ did not replace the prototype');
  });

  it('shows the first of duplicate keys; Update replaces every pair of a key with one', () => {
    const pairs = attach(fromObject({ a: 1 }), { a: 2 });
    assert.deepEqual(toObject(pairs), { a: 1 });
    const updated = update(pairs, { a: 3 });
    assert.deepEqual(updated, [['a', 3]]);
  });

  it('answers a malformed percent-encoded id with 404 / statusCode 6', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      const response = await fetch(`${sim.url}/api/v2/me/calls/%E0%A4%A`, {
        headers: { Authorization: `Basic ${Buffer.from('agent1:agent1').toString('base64')}` },
      });
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { statusCode: number }).statusCode, 6);
    } finally {
      await sim.stop();
    }
  });
});
