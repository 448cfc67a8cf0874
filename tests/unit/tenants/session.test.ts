import { describe, expect, it } from 'vitest';
import { readTenantCookie, tenantCookieName, tenantCookieValue, tenantSsoCookieValue, verifyTenantCookie } from '@/lib/tenants/session';

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

describe('tenant sign-in cookie of a Huawei Cloud (IdP) user', () => {
  const cookie = tenantSsoCookieValue(SECRET, 'tenantA', { userName: 'alice@acme', appId: 'app-1', kitTenantId: 'kt-1' }, 8 * HOUR, NOW);

  it('carries who signed in, and the admin cookie still reads as the admin', () => {
    expect(cookie.split('.')).toHaveLength(4);
    expect(readTenantCookie(SECRET, 'tenantA', cookie, NOW)).toEqual({ via: 'huawei', userName: 'alice@acme', appId: 'app-1', kitTenantId: 'kt-1' });
    expect(verifyTenantCookie(SECRET, 'tenantA', cookie, NOW)).toBe(true);
    expect(readTenantCookie(SECRET, 'tenantA', tenantCookieValue(SECRET, 'tenantA', 8 * HOUR, NOW), NOW)).toEqual({ via: 'password' });
  });

  it('refuses another tenant, an expired one, another secret', () => {
    expect(readTenantCookie(SECRET, 'tenantB', cookie, NOW)).toBeUndefined();
    expect(readTenantCookie(SECRET, 'tenantA', cookie, NOW + 8 * HOUR + 1)).toBeUndefined();
    expect(readTenantCookie('other-secret', 'tenantA', cookie, NOW)).toBeUndefined();
  });

  it('refuses a changed user: the name is signed', () => {
    const [id, exp, , mac] = cookie.split('.');
    const mallory = Buffer.from(JSON.stringify({ u: 'mallory', a: 'app-1', t: 'kt-1' })).toString('base64url');
    expect(readTenantCookie(SECRET, 'tenantA', `${id}.${exp}.${mallory}.${mac}`, NOW)).toBeUndefined();
    // nor can the admin cookie's MAC be reused with a user added, or a user cookie's be cut down to the admin's
    const admin = tenantCookieValue(SECRET, 'tenantA', 8 * HOUR, NOW).split('.');
    expect(readTenantCookie(SECRET, 'tenantA', `${admin[0]}.${admin[1]}.${mallory}.${admin[2]}`, NOW)).toBeUndefined();
    expect(readTenantCookie(SECRET, 'tenantA', `${id}.${exp}.${mac}`, NOW)).toBeUndefined();
    expect(readTenantCookie(SECRET, 'tenantA', `${id}.${exp}..${mac}`, NOW)).toBeUndefined();
    expect(readTenantCookie(SECRET, 'tenantA', `${cookie}.x`, NOW)).toBeUndefined();
  });
});
