// A scenario file is checked before anything runs: every problem is reported with its step,
// and the JSON schema VS Code validates with (schemas/gws-scenario.schema.json) knows the same
// steps and fields as the parser.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenario, ScenarioError } from '../../../src/scenario/parse';

const ROOT = path.resolve(__dirname, '../../../..');

function problemsOf(value: unknown): string[] {
  try {
    parseScenario(typeof value === 'string' ? value : JSON.stringify(value));
  } catch (error) {
    assert.ok(error instanceof ScenarioError, String(error));
    return error.problems;
  }
  assert.fail('the scenario was accepted');
}

const signIn = { do: 'signIn' };

describe('scenario: parse and validate', () => {
  it('accepts a scenario of every step kind', () => {
    const scenario = parseScenario(
      JSON.stringify({
        name: 'all steps',
        steps: [
          { do: 'signIn', simulator: true, user: 'agent2', sessionMode: 'agent' },
          { do: 'inboundCall', bind: '$call1', from: '5551234', userData: { A: 1 }, state: 'Established' },
          { do: 'routerUserData', call: '$call1', userData: { B: 'x' }, mode: 'attach' },
          { do: 'operation', call: '$call1', operation: 'InitiateTransfer', params: { destination: { phoneNumber: '15001' } } },
          { do: 'expect', notification: 'StatusChange', bind: '$call2', within: 3000 },
          { do: 'fault', fault: 'fail-next', params: { count: 1 } },
          { do: 'remoteHangup', call: '$call2' },
          { do: 'expect', notification: 'AttachedDataChanged', call: '$call1', userData: { added: { B: 'x' }, removed: ['C'], changed: ['D'] }, capabilities: { gained: [], lost: ['Hold'] } },
        ],
      }),
    );
    assert.equal(scenario.steps.length, 8);
  });

  it('names the step and what is wrong, for every problem at once', () => {
    assert.deepEqual(
      problemsOf({
        name: 'bad',
        steps: [
          signIn,
          { do: 'operation', call: 'call1', operation: 'Answer' },
          { do: 'expect', notification: 'StatusChange', call: '$call9', within: -1 },
          { do: 'inboundCall', bind: '$call1', form: '555' },
          { do: 'inboundCall', bind: '$call1' },
          { do: 'dial' },
          { do: 'expect', notification: 'X', capabilities: { gained: 'Hold' } },
          signIn,
        ],
      }),
      [
        'step 2: \'call\' must be a binding like $call1, got "call1"',
        "step 3: '$call9' is not bound by an earlier step",
        "step 3: 'within' must be milliseconds from 1 to 600000 (default 2000), got -1",
        "step 4: unknown field 'form' for inboundCall (known: bind, to, from, userData, state)",
        "step 5: '$call1' is bound already",
        'step 6: \'do\' must be one of signIn, inboundCall, routerUserData, remoteHangup, fault, operation, expect, got "dial"',
        "step 7: 'capabilities.gained' must be a list of names",
        'step 8: only the first step may sign in',
      ],
    );
  });

  it('refuses what is not a scenario, clearly', () => {
    assert.match(problemsOf('{"name": "x", steps: []}')[0], /^not valid JSON: /);
    assert.deepEqual(problemsOf([]), ['a scenario is a JSON object with "name" and "steps"']);
    assert.deepEqual(problemsOf({ name: '', steps: [] }), ["'name' must be a non-empty string", "'steps' must be a non-empty array"]);
    assert.deepEqual(problemsOf({ name: 'x', steps: [{ do: 'remoteHangup', call: '$c' }] }), ["step 1: '$c' is not bound by an earlier step", "step 1: a scenario starts with a 'signIn' step"]);
    assert.deepEqual(problemsOf({ name: 'x', steps: [{ do: 'signIn', simulator: true, profile: 'lab' }] }), ["step 1: give either 'simulator' or 'profile', not both"]);
  });

  it("README's scenario example is a valid scenario", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Scenarios'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section);
    assert.ok(example, 'a JSON example in the Scenarios section');
    assert.equal(parseScenario(example[1]).name, 'Recording starts');
  });

  it('the schema contributed to VS Code knows the same steps and fields', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const contribution = (manifest.contributes.jsonValidation as Array<{ fileMatch: string; url: string }>).find((v) => v.fileMatch === '*.gws-scenario.json');
    assert.ok(contribution, 'package.json contributes.jsonValidation for *.gws-scenario.json');
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, contribution.url), 'utf8'));
    const steps = schema.definitions.step.oneOf as Array<{ properties: Record<string, { const?: string }>; required: string[] }>;
    const fromSchema: Record<string, string[]> = Object.fromEntries(steps.map((s) => [s.properties.do.const, Object.keys(s.properties).filter((k) => k !== 'do')]));
    // Each step kind with exactly one field too many is refused by the parser: the schema lists the same fields.
    for (const [kind, fields] of Object.entries(fromSchema)) {
      const problems = problemsOf({ name: 'x', steps: [kind === 'signIn' ? { do: kind, extra: 1 } : signIn, ...(kind === 'signIn' ? [] : [{ do: kind, extra: 1 }])] });
      assert.ok(problems.some((p) => p.includes(`unknown field 'extra' for ${kind} (known: ${fields.join(', ')})`)), `${kind}: ${problems.join(' | ')}`);
    }
    assert.deepEqual(Object.keys(fromSchema), ['signIn', 'inboundCall', 'routerUserData', 'remoteHangup', 'fault', 'operation', 'expect']);
  });
});
