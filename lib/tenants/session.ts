import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A tenant page's sign-in cookie, signed with the app's session secret:
 * - `<tenantId>.<expiry>.<hmac>`: the tenant's admin, signed in with the user name and password of appInfo;
 * - `<tenantId>.<expiry>.<who>.<hmac>`: a user of the tenant's joint-operation IdP ("Sign in with Huawei Cloud",
 *   lib/kit/sso.ts), `who` being base64url JSON `{u: userName, a: appId, t: the kit tenantId}`.
 */
export type TenantSession = { via: 'password' } | { via: 'huawei'; userName: string; appId: string; kitTenantId: string };

const DEFAULT_TTL = 8 * 3600_000;

export function tenantCookieValue(secret: string, tenantId: string, ttlMs = DEFAULT_TTL, now = Date.now()): string {
  const exp = String(now + ttlMs);
  return `${tenantId}.${exp}.${sign(secret, tenantId, exp)}`;
}

/** The cookie of a user who signed in through the tenant's IdP. */
export function tenantSsoCookieValue(secret: string, tenantId: string, who: { userName: string; appId: string; kitTenantId: string }, ttlMs = DEFAULT_TTL, now = Date.now()): string {
  const exp = String(now + ttlMs);
  const w = Buffer.from(JSON.stringify({ u: who.userName, a: who.appId, t: who.kitTenantId }), 'utf8').toString('base64url');
  return `${tenantId}.${exp}.${w}.${sign(secret, tenantId, exp, w)}`;
}

/** Who the cookie says signed in, when it is genuine, for this tenant and not expired. */
export function readTenantCookie(secret: string, tenantId: string, value: string | undefined, now = Date.now()): TenantSession | undefined {
  if (!value) return undefined;
  const parts = value.split('.');
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const [id, exp] = parts;
  const who = parts.length === 4 ? parts[2] : undefined;
  const mac = parts.at(-1);
  if (id !== tenantId || !exp || !mac || who === '' || !/^\d+$/.test(exp) || Number(exp) < now) return undefined;
  const expected = Buffer.from(sign(secret, id, exp, who));
  const got = Buffer.from(mac);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) return undefined;
  if (who === undefined) return { via: 'password' };
  try {
    const w = JSON.parse(Buffer.from(who, 'base64url').toString('utf8')) as { u?: unknown; a?: unknown; t?: unknown };
    return typeof w.u === 'string' && w.u && typeof w.a === 'string' && w.a && typeof w.t === 'string' && w.t
      ? { via: 'huawei', userName: w.u, appId: w.a, kitTenantId: w.t }
      : undefined;
  } catch {
    return undefined;
  }
}

export function verifyTenantCookie(secret: string, tenantId: string, value: string | undefined, now = Date.now()): boolean {
  return readTenantCookie(secret, tenantId, value, now) !== undefined;
}

function sign(secret: string, tenantId: string, exp: string, who?: string): string {
  const msg = who === undefined ? `tenant:${tenantId}:${exp}` : `tenant:${tenantId}:${exp}:${who}`;
  return createHmac('sha256', secret).update(msg).digest('base64url');
}

export const tenantCookieName = (tenantId: string) => `tenant_${tenantId}`;

/** The tenant sign-in cookie's attributes, whichever way the user signed in: httpOnly, Lax, this tenant's pages only, Secure over https. */
export function tenantCookieOptions(publicUrl: string, tenantId: string) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: publicUrl.startsWith('https:'), path: `/t/${tenantId}` };
}
