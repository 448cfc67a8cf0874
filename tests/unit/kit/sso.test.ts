import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { DEFAULT_DISCOVERY_PATHS, discoveryUrls, FLOW_TTL_MS, nameCandidates, openFlow, redirectUri, sealFlow, type FlowState } from '@/lib/kit/sso';
import { tenantPageUrl } from '@/lib/kit/ssoRoute';

describe('discovery URLs for a tenant domainName', () => {
  it("tries OneAccess's documented path, then the OIDC default, below the domain (trailing slash trimmed)", () => {
    expect(discoveryUrls('https://acme.example.com/')!.map((u) => u.href)).toEqual([
      'https://acme.example.com/api/v1/oauth2/.well-known/openid-configuration',
      'https://acme.example.com/.well-known/openid-configuration',
    ]);
    expect(DEFAULT_DISCOVERY_PATHS[0]).toBe('/api/v1/oauth2/.well-known/openid-configuration');
  });

  it('keeps a path in the domainName (the emulator IdP lives under /idp)', () => {
    expect(discoveryUrls('http://127.0.0.1:3311/idp')!.map((u) => u.href)).toEqual([
      'http://127.0.0.1:3311/idp/api/v1/oauth2/.well-known/openid-configuration',
      'http://127.0.0.1:3311/idp/.well-known/openid-configuration',
    ]);
  });

  it('a configured path is the only one tried', () => {
    expect(discoveryUrls('https://acme.example.com', '/oauth2/.well-known/openid-configuration')!.map((u) => u.href)).toEqual([
      'https://acme.example.com/oauth2/.well-known/openid-configuration',
    ]);
  });

  it('only http(s) URLs without credentials', () => {
    for (const bad of ['acme.example.com', 'ftp://acme.example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://u:p@acme.example.com', '']) {
      expect(discoveryUrls(bad), bad).toBeUndefined();
    }
  });
});

describe('KIT_OIDC_DISCOVERY_PATH', () => {
  it('is unset by default, gets its leading slash, and must be a path', () => {
    expect(loadConfig({}).kitOidcDiscoveryPath).toBeUndefined();
    expect(loadConfig({ KIT_OIDC_DISCOVERY_PATH: '.well-known/openid-configuration' }).kitOidcDiscoveryPath).toBe('/.well-known/openid-configuration');
    expect(() => loadConfig({ KIT_OIDC_DISCOVERY_PATH: 'https://evil.example/x' })).toThrow(/KIT_OIDC_DISCOVERY_PATH/);
    expect(() => loadConfig({ KIT_OIDC_DISCOVERY_PATH: '/a b' })).toThrow(/KIT_OIDC_DISCOVERY_PATH/);
  });
});

describe('the login name in the claims', () => {
  it('tries userName, preferred_username, username, sub in that order, once per value', () => {
    expect(nameCandidates({ sub: 'u-1', preferred_username: 'alice', userName: 'alice', username: 'al' }, 'id_token')).toEqual([
      { claim: 'userName', value: 'alice', source: 'id_token' },
      { claim: 'username', value: 'al', source: 'id_token' },
      { claim: 'sub', value: 'u-1', source: 'id_token' },
    ]);
    expect(nameCandidates({ sub: 'bob' }, 'userinfo')).toEqual([{ claim: 'sub', value: 'bob', source: 'userinfo' }]);
  });

  it('skips what is not a usable string', () => {
    expect(nameCandidates({ userName: 42, preferred_username: '', username: 'x'.repeat(256), sub: ['a'] }, 'id_token')).toEqual([]);
    expect(nameCandidates(undefined, 'id_token')).toEqual([]);
  });
});

describe('the flow cookie', () => {
  const SECRET = 'session-secret';
  const NOW = 1_700_000_000_000;
  const flow: FlowState = { tenantId: 't1', kitTenantId: 'k1', appId: 'a1', state: 's', nonce: 'n', codeVerifier: 'v'.repeat(43), expiresAt: NOW + FLOW_TTL_MS };

  it('is sealed (the verifier does not show) and opens for its tenant within 10 minutes', () => {
    const sealed = sealFlow(SECRET, flow);
    expect(sealed).not.toContain('vvvv');
    expect(openFlow(SECRET, 't1', sealed, NOW)).toEqual(flow);
    expect(openFlow(SECRET, 't1', sealed, NOW + FLOW_TTL_MS + 1)).toBeUndefined();
    expect(openFlow(SECRET, 't2', sealed, NOW)).toBeUndefined();
    expect(openFlow('other', 't1', sealed, NOW)).toBeUndefined();
    // one changed character of the ciphertext (a first character carries whole bits) fails the GCM tag
    const parts = sealed.split('.');
    parts[3] = (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1);
    expect(openFlow(SECRET, 't1', parts.join('.'), NOW)).toBeUndefined();
    expect(openFlow(SECRET, 't1', undefined, NOW)).toBeUndefined();
  });
});

describe('URLs', () => {
  it('the redirect URI to register at the IdP, and the tenant page with a refusal', () => {
    expect(redirectUri('https://seller.example', 'T1')).toBe('https://seller.example/t/T1/sso/callback');
    expect(tenantPageUrl('https://seller.example', 'T1', 'deauthorised')).toBe('https://seller.example/t/T1?sso=deauthorised');
    expect(tenantPageUrl('https://seller.example', 'T1')).toBe('https://seller.example/t/T1');
  });
});
