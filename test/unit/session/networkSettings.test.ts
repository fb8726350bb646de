import * as assert from 'node:assert/strict';
import { envProxyOf, proxyAdvice, readProxySupport, type NetworkSettings } from '../../../src/session/networkSettings';

const settings = (overrides: Partial<NetworkSettings>): NetworkSettings => ({
  proxySupport: 'override',
  proxy: '',
  envProxy: '',
  systemCertificates: true,
  ...overrides,
});

describe("VS Code's network settings for a sign-in", () => {
  it('reads http.proxySupport, defaulting to override as VS Code does', () => {
    assert.equal(readProxySupport('on'), 'on');
    assert.equal(readProxySupport('off'), 'off');
    assert.equal(readProxySupport('fallback'), 'fallback');
    assert.equal(readProxySupport(undefined), 'override');
    assert.equal(readProxySupport('nonsense'), 'override');
  });

  it('takes the proxy from HTTPS_PROXY before HTTP_PROXY', () => {
    assert.equal(envProxyOf({ HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://s:2' }), 'http://s:2');
    assert.equal(envProxyOf({ http_proxy: 'http://p:1' }), 'http://p:1');
    assert.equal(envProxyOf({}), '');
  });

  it('says nothing when VS Code routes every request through its proxy, or when there is none', () => {
    assert.equal(proxyAdvice('https://gws.example.com', settings({ proxy: 'http://proxy:3128' })), undefined);
    assert.equal(proxyAdvice('https://gws.example.com', settings({ proxySupport: 'fallback', envProxy: 'http://proxy:3128' })), undefined);
    assert.equal(proxyAdvice('https://gws.example.com', settings({ proxySupport: 'on' })), undefined);
  });

  it('warns when a proxy is set but http.proxySupport keeps REST (and long-polling) direct', () => {
    const on = proxyAdvice('https://gws.example.com:8443', settings({ proxySupport: 'on', proxy: 'http://proxy:3128' }));
    assert.match(on ?? '', /http\.proxy.*"on": REST and CometD long-polling requests to gws\.example\.com go direct.*"override"/);
    const off = proxyAdvice('https://gws.example.com', settings({ proxySupport: 'off', envProxy: 'http://proxy:3128' }));
    assert.match(off ?? '', /HTTPS_PROXY environment variable.*"off": REST and CometD requests/);
  });

  it('never warns for a server on this machine (VS Code does not proxy loopback)', () => {
    assert.equal(proxyAdvice('http://127.0.0.1:8090', settings({ proxySupport: 'on', proxy: 'http://proxy:3128' })), undefined);
    assert.equal(proxyAdvice('http://localhost:8090', settings({ proxySupport: 'off', proxy: 'http://proxy:3128' })), undefined);
  });
});
