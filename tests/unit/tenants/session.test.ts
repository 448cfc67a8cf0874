import { describe, expect, it } from 'vitest';
import { tenantCookieName, tenantCookieValue, verifyTenantCookie } from '@/lib/tenants/session';

const SECRET = 'session-secret-for-tests';
const NOW = 1_700_000_000_000;
const HOUR = 3600_000;

describe('tenant sign-in cookie', () => {
  const cookie = tenantCookieValue(SECRET, 'tenantA', 8 * HOUR, NOW);

  it('has the <tenantId>.<expiry>.<mac> shape, expiring after the TTL', () => {
    const [id, exp, mac] = cookie.split('.');
    expect(id).toBe('tenantA');
    expect(Number(exp)).toBe(NOW + 8 * HOUR);
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('defaults to an 8-hour TTL', () => {
    expect(tenantCookieValue(SECRET, 't', undefined, NOW).split('.')[1]).toBe(String(NOW + 8 * HOUR));
  });

  it('a valid cookie verifies', () => {
    expect(verifyTenantCookie(SECRET, 'tenantA', cookie, NOW)).toBe(true);
    expect(verifyTenantCookie(SECRET, 'tenantA', cookie, NOW + 8 * HOUR)).toBe(true); // last millisecond
  });

  it('is refused for another tenant', () => {
    expect(verifyTenantCookie(SECRET, 'tenantB', cookie, NOW)).toBe(false);
  });

  it("another tenant's id put in front of a valid MAC is refused", () => {
    const [, exp, mac] = cookie.split('.');
    expect(verifyTenantCookie(SECRET, 'tenantB', `tenantB.${exp}.${mac}`, NOW)).toBe(false);
  });

  it('is refused once expired', () => {
    expect(verifyTenantCookie(SECRET, 'tenantA', cookie, NOW + 8 * HOUR + 1)).toBe(false);
  });

  it('an extended expiry is refused (the expiry is signed)', () => {
    const [id, exp, mac] = cookie.split('.');
    expect(verifyTenantCookie(SECRET, 'tenantA', `${id}.${Number(exp) + 1}.${mac}`, NOW)).toBe(false);
    expect(verifyTenantCookie(SECRET, 'tenantA', `${id}.${Number(exp) * 10}.${mac}`, NOW)).toBe(false);
  });

  it('a tampered MAC is refused', () => {
    const [id, exp, mac] = cookie.split('.');
    const flipped = (mac![0] === 'A' ? 'B' : 'A') + mac!.slice(1);
    expect(verifyTenantCookie(SECRET, 'tenantA', `${id}.${exp}.${flipped}`, NOW)).toBe(false);
    expect(verifyTenantCookie(SECRET, 'tenantA', `${id}.${exp}.${mac!.slice(1)}`, NOW)).toBe(false);
    expect(verifyTenantCookie(SECRET, 'tenantA', `${id}.${exp}.`, NOW)).toBe(false);
  });

  it('a cookie signed with another secret is refused', () => {
    expect(verifyTenantCookie('other-secret', 'tenantA', cookie, NOW)).toBe(false);
  });

  it.each([[undefined], [''], ['tenantA'], ['tenantA.123'], ['..'], ['tenantA.notanumber.mac']])('refuses %j', (value) => {
    expect(verifyTenantCookie(SECRET, 'tenantA', value, NOW)).toBe(false);
  });

  it('uses the current time by default', () => {
    expect(verifyTenantCookie(SECRET, 'tenantA', tenantCookieValue(SECRET, 'tenantA'))).toBe(true);
    expect(verifyTenantCookie(SECRET, 'tenantA', tenantCookieValue(SECRET, 'tenantA', -1))).toBe(false);
  });

  it('names the cookie after the tenant', () => {
    expect(tenantCookieName('abc')).toBe('tenant_abc');
    expect(tenantCookieName('abc')).not.toBe(tenantCookieName('abd'));
  });
});
