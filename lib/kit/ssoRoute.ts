import type { Runtime } from '../runtime';
import { findTenant } from '../tenants/queries';
import type { SsoDeps, SsoRefusal, SsoTenant } from './sso';

/** What the sign-on route handlers hand lib/kit/sso.ts from the running process. */
export function ssoDeps(rt: Pick<Runtime, 'prisma' | 'secrets' | 'config'>): SsoDeps {
  return {
    prisma: rt.prisma,
    encryptionKey: rt.secrets.encryptionKey,
    sessionSecret: rt.secrets.sessionSecret,
    publicUrl: rt.config.publicUrl,
    ...(rt.config.kitOidcDiscoveryPath ? { discoveryPath: rt.config.kitOidcDiscoveryPath } : {}),
  };
}

/** The tenant page, with the reason when a sign-in was refused (`?sso=<refusal>`). */
export function tenantPageUrl(publicUrl: string, tenantId: string, refusal?: SsoRefusal): string {
  return `${publicUrl}/t/${encodeURIComponent(tenantId)}${refusal ? `?sso=${refusal}` : ''}`;
}

/** The tenant page's tenant as sign-on sees it; undefined when there is no such page. */
export async function ssoTenant(rt: Pick<Runtime, 'prisma'>, tenantId: string): Promise<SsoTenant | undefined> {
  const tenant = await findTenant(rt.prisma, tenantId);
  return tenant ? { id: tenantId, instanceId: tenant.instanceId, released: tenant.instance.status === 'released' } : undefined;
}
