// What an operation is recognised by (its subjects): its call, the next new call for Dial,
// a device, or any device for agent state. See src/model/linkSubjects.ts; what each must show
// to be linked is tested in linkEffects.test.ts.
import * as assert from 'node:assert/strict';
import { ANY_DEVICE, deviceSubject, NEW_CALL, operationTarget, pathOf } from '../../../src/model/linkSubjects';

/** The first subject of an operation on `url` (POST, no call id), as the pipeline asks for it. */
function operationSubject(callId: string | undefined, url: string): string | undefined {
  return operationTarget('SomeOperation', callId, url)?.subjects[0];
}

describe('linkSubjects', () => {
  it('an operation with a call id is about that call, whatever its URL', () => {
    assert.equal(operationSubject('CALL-1', 'http://gws/api/v2/me/devices/d1/calls'), 'CALL-1');
  });

  it('recognises Dial, device operations and agent state by their path, with or without a trailing slash', () => {
    const cases: Array<[string, string | undefined]> = [
      ['http://gws:8090/api/v2/me/devices/d1/calls', NEW_CALL],
      ['http://gws:8090/api/v2/me/devices/d1/calls/', NEW_CALL],
      ['http://gws:8090/api/v2/me/devices/d1', deviceSubject('d1')],
      ['http://gws:8090/api/v2/me/devices/d1/', deviceSubject('d1')],
      ['http://gws:8090/api/v2/me/channels/voice', ANY_DEVICE],
      ['http://gws:8090/api/v2/me/channels/voice/', ANY_DEVICE],
      ['http://gws:8090/api/v2/me/channels/voice?x=1', ANY_DEVICE],
    ];
    for (const [url, subject] of cases) assert.equal(operationSubject(undefined, url), subject, url);
  });

  it('recognises them behind a path prefix (a base URL such as https://lb/gws)', () => {
    assert.equal(operationSubject(undefined, 'https://lb.example.com/gws/api/v2/me/devices/d1/calls'), NEW_CALL);
    assert.equal(operationSubject(undefined, 'https://lb.example.com/gws/api/v2/me/devices/d1'), deviceSubject('d1'));
    assert.equal(operationSubject(undefined, 'https://lb.example.com/gws/api/v2/me/channels/voice'), ANY_DEVICE);
  });

  it('an agent-state operation on another media channel is about that channel', () => {
    assert.equal(operationSubject(undefined, 'http://gws/api/v2/me/channels/chat'), 'channel chat');
  });

  it('has no subject for other paths, longer ones included', () => {
    for (const url of [
      'http://gws/api/v2/me',
      'http://gws/api/v2/me/devices',
      'http://gws/api/v2/me/devices/d1/calls/extra',
      'http://gws/api/v2/me/devices/d1/other',
      'http://gws/api/v2/me/channels/voice/extra',
    ]) {
      assert.equal(operationSubject(undefined, url), undefined, url);
    }
  });

  it('decodes the device id, and keeps one that is not valid percent-encoding as it is', () => {
    assert.equal(operationSubject(undefined, 'http://gws/api/v2/me/devices/a%20b'), deviceSubject('a b'));
    assert.equal(operationSubject(undefined, 'http://gws/api/v2/me/devices/%E0%A4%A'), deviceSubject('%E0%A4%A'));
  });

  it('names subjects so that no GWS call id can take their place', () => {
    for (const subject of [NEW_CALL, ANY_DEVICE, deviceSubject('d1')]) assert.match(subject, / /);
    assert.notEqual(NEW_CALL, ANY_DEVICE);
    assert.notEqual(deviceSubject('d1'), deviceSubject('d2'));
  });

  it('pathOf: the path of an absolute or relative URL, without query or fragment', () => {
    const cases: Array<[string, string]> = [
      ['https://gws:8090/api/v2/me/calls/1?fields=*', '/api/v2/me/calls/1'],
      ['HTTPS://GWS/api/v2/me#top', '/api/v2/me'],
      ['http://gws:8090', '/'],
      ['http://gws:8090?x=1', '/'],
      ['http://gws:8090#x', '/'],
      ['/api/v2/me?subresources=*', '/api/v2/me'],
      ['/api/v2/me#x', '/api/v2/me'],
      ['/api/v2/me?next=http://other/elsewhere', '/api/v2/me'],
      ['/api/v2/me', '/api/v2/me'],
    ];
    for (const [url, path] of cases) assert.equal(pathOf(url), path, url);
  });
});
