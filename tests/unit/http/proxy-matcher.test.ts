import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../lib/auth/options', () => ({ secureCookies: () => false, sessionSecret: () => 'test' }));
const { config } = await import('../../../proxy');

/**
 * proxy.ts's gate (session, cross-site rule) covers the console and its API and leaves the machine APIs (/api/v1) to
 * their API-key check: programs send no session and no Origin. The matcher is one path-to-regexp group, read here as
 * the regular expression it is.
 */
const matches = (path: string) => config.matcher.some((m) => new RegExp(`^${m}$`).test(path));

describe('the proxy matcher', () => {
  it('leaves out the machine APIs', () => {
    expect(matches('/api/v1/openapi.json')).toBe(false);
    expect(matches('/api/v1/usage')).toBe(false);
  });
  it('still gates the console, its API and the language switch', () => {
    for (const p of ['/', '/settings', '/api/console/api-keys', '/api/console/api-keys/1', '/api/locale', '/api/v1x', '/api/v2/thing']) expect(matches(p), p).toBe(true);
  });
});
