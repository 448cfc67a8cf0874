import { listApplications } from '@/lib/kit/queries';
import { tenantJson } from '@/lib/kit/read';
import { resolveTenant } from '@/lib/kit/readApi';
import { machineRoute, type MachineContext } from '@/lib/machine/route';

export const dynamic = 'force-dynamic';

/** A tenant of the kit directory with its live applications (never their secret: `hasSecret`). */
export const GET = machineRoute({ scope: 'directory:read' }, async ({ req, runtime, params }: MachineContext<{ tenantId: string }>) => {
  const tenant = await resolveTenant(runtime.pool, params.tenantId, new URL(req.url).searchParams);
  if (tenant instanceof Response) return tenant;
  return tenantJson(tenant, await listApplications(runtime.pool, tenant.instanceId, tenant.tenantId));
});
