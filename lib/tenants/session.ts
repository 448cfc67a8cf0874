import { createHmac, timingSafeEqual } from 'node:crypto';

/** A tenant admin's sign-in cookie: `<tenantId>.<expiry>.<hmac>`, signed with the app's session secret. */
export function tenantCookieValue(secret: string, tenantId: string, ttlMs = 8 * 3600_000, now = Date.now()): string {
  const exp = String(now + ttlMs);
  return `${tenantId}.${exp}.${sign(secret, tenantId, exp)}`;
}

export function verifyTenantCookie(secret: string, tenantId: string, value: string | undefined, now = Date.now()): boolean {
  if (!value) return false;
  const [id, exp, mac] = value.split('.');
  if (id !== tenantId || !exp || !mac || Number(exp) < now) return false;
  const expected = Buffer.from(sign(secret, id, exp));
  const got = Buffer.from(mac);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function sign(secret: string, tenantId: string, exp: string): string {
  return createHmac('sha256', secret).update(`tenant:${tenantId}:${exp}`).digest('base64url');
}

export const tenantCookieName = (tenantId: string) => `tenant_${tenantId}`;
