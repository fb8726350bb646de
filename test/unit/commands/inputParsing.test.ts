import * as assert from 'node:assert/strict';
import { dtmfProblem, paramsTemplate, parseParamsJson, parseUserData, phoneNumberProblem } from '../../../src/commands/inputParsing';

describe('operation parameter input', () => {
  it('parses key=value pairs and JSON objects as userData', () => {
    assert.deepEqual(parseUserData('CustomerId=42, Segment = Gold'), { value: { CustomerId: '42', Segment: 'Gold' } });
    assert.deepEqual(parseUserData('{"n": 1, "nested": {"a": true}}'), { value: { n: 1, nested: { a: true } } });
    assert.deepEqual(parseUserData('url=https://x?a=b'), { value: { url: 'https://x?a=b' } }, 'splits at the first =');
    assert.ok('error' in parseUserData('no-equals-sign'));
    assert.ok('error' in parseUserData('[1,2]'));
    assert.ok('error' in parseUserData('{}'));
    assert.ok('error' in parseUserData('   '));
  });

  it('keeps commas inside key=value values', () => {
    assert.deepEqual(parseUserData('Note=call back, after 5pm, Segment=Gold'), { value: { Note: 'call back, after 5pm', Segment: 'Gold' } });
    assert.deepEqual(parseUserData('Address=1 Main St, Springfield'), { value: { Address: '1 Main St, Springfield' } });
    assert.deepEqual(parseUserData('a=1,,b=2,'), { value: { a: '1', b: '2' } }, 'empty parts are skipped');
    assert.deepEqual(parseUserData('a=1; b=x;y'), { value: { a: '1', b: 'x;y' } });
    assert.match((parseUserData('first, a=1') as { error: string }).error, /"first" is not key=value/);
    assert.match((parseUserData('=1') as { error: string }).error, /no key/);
  });

  it('parses the JSON of "Run Operation…" and refuses operationName', () => {
    assert.deepEqual(parseParamsJson(''), { value: {} });
    assert.deepEqual(parseParamsJson('{"digits":"12"}'), { value: { digits: '12' } });
    assert.match((parseParamsJson('{"operationName":"Hold"}') as { error: string }).error, /operationName/);
    assert.match((parseParamsJson('{bad') as { error: string }).error, /JSON/);
  });

  it('offers a template with the required parameters of each operation', () => {
    assert.deepEqual(paramsTemplate('SingleStepTransfer'), { destination: { phoneNumber: '' } });
    assert.deepEqual(paramsTemplate('SendDtmf'), { digits: '' });
    assert.deepEqual(paramsTemplate('UpdateUserData'), { userData: { key: 'value' } });
    assert.deepEqual(paramsTemplate('Hold'), {});
    assert.deepEqual(paramsTemplate('SomethingNew'), {});
  });

  it('validates phone numbers and DTMF digits', () => {
    assert.equal(phoneNumberProblem('+1 (555) 123-4567'), undefined);
    assert.equal(phoneNumberProblem('15001'), undefined);
    assert.ok(phoneNumberProblem('call me'));
    assert.ok(phoneNumberProblem(''));
    assert.equal(dtmfProblem('12*#'), undefined);
    assert.ok(dtmfProblem('12x'));
  });
});
