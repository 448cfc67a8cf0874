import { describe, expect, it } from 'vitest';
import { isSafeMethod, isSameOrigin } from '../../../lib/http/origin';

/** The same-origin rule for state-changing console requests (lib/http/origin.ts), as a browser's headers show it. */
const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers) });
const PUBLIC = 'https://seller.example';

describe('isSameOrigin', () => {
  it('accepts an Origin naming the host the request came to, by address or by name', () => {
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), 'http://localhost:3000')).toBe(true);
    expect(isSameOrigin(req('POST', { host: 'localhost:3000', origin: 'http://localhost:3000' }), 'http://127.0.0.1:3000')).toBe(true);
    expect(isSameOrigin(req('DELETE', { host: 'Seller.Example', origin: 'https://seller.example', 'sec-fetch-site': 'same-origin' }), PUBLIC)).toBe(true);
  });

  it('accepts PUBLIC_URL behind a proxy that rewrites Host, and the host a proxy forwards', () => {
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'https://seller.example' }), PUBLIC)).toBe(true);
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'https://seller.example:443' }), PUBLIC)).toBe(true);
    expect(isSameOrigin(req('POST', { host: '10.0.0.5:3000', 'x-forwarded-host': 'console.example, 10.0.0.1', origin: 'https://console.example' }), PUBLIC)).toBe(true);
    // PUBLIC_URL's scheme counts: the same name over plain http is another origin
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'http://seller.example' }), PUBLIC)).toBe(false);
  });

  it('refuses another site, another port of the same host, another host name, and the opaque "null" origin', () => {
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'http://evil.example' }), PUBLIC)).toBe(false);
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:4000' }), 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'http://localhost:3000' }), 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'null' }), 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'not a url' }), 'http://127.0.0.1:3000')).toBe(false);
    expect(isSameOrigin(req('POST', { origin: 'http://127.0.0.1:3000' }), 'https://seller.example')).toBe(false);
    // an X-Forwarded-Host does not make a foreign Origin acceptable
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', 'x-forwarded-host': 'seller.example', origin: 'http://evil.example' }), PUBLIC)).toBe(false);
  });

  it('without Origin, trusts Sec-Fetch-Site: same-origin only; a client sending neither is no browser and goes through', () => {
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }), PUBLIC)).toBe(true);
    for (const site of ['same-site', 'cross-site', 'none']) {
      expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', 'sec-fetch-site': site }), PUBLIC), site).toBe(false);
    }
    // a browser never says cross-site for its own pages, whatever the Origin
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-site' }), PUBLIC)).toBe(false);
    expect(isSameOrigin(req('POST', { host: '127.0.0.1:3000' }), PUBLIC)).toBe(true);
  });

  it('exempts GET, HEAD and OPTIONS, which change nothing', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(isSafeMethod(m)).toBe(true);
      expect(isSameOrigin(req(m, { host: '127.0.0.1:3000', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }), PUBLIC), m).toBe(true);
    }
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) {
      expect(isSafeMethod(m)).toBe(false);
      expect(isSameOrigin(req(m, { host: '127.0.0.1:3000', origin: 'http://evil.example' }), PUBLIC), m).toBe(false);
    }
  });
});
