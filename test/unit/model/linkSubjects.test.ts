// What an operation is recognised by (its "subject"): its call, the next new call for Dial,
// a device, or any device for agent state. See src/model/linkSubjects.ts.
import * as assert from 'node:assert/strict';
import { ANY_DEVICE, deviceSubject, NEW_CALL, operationSubject, pathOf } from '../../../src/model/linkSubjects';

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

  it('has no subject for other paths, longer ones included', () => {
    for (const url of [
      'http://gws/api/v2/me',
      'http://gws/api/v2/me/devices',
      'http://gws/api/v2/me/devices/d1/calls/extra',
      'http://gws/api/v2/me/devices/d1/other',
      'http://gws/api/v2/me/channels/voice/extra',
      'http://gws/api/v2/me/channels/chat',
      'http://gws/api/v2/me/channels/voicemail',
      'http://gws/api/v2/me/devicesX/d1',
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
