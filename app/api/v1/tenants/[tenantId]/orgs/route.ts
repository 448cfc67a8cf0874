import { listOrgs } from '@/lib/kit/queries';
import { orgJson, orgTree } from '@/lib/kit/read';
import { resolveTenant } from '@/lib/kit/readApi';
import { machineError, machineRoute, type MachineContext } from '@/lib/machine/route';

export const dynamic = 'force-dynamic';

/** A tenant's organisation tree: flat with parentCode (default), or nested with children (`?format=tree`). */
export const GET = machineRoute({ scope: 'directory:read' }, async ({ req, runtime, params }: MachineContext<{ tenantId: string }>) => {
  const query = new URL(req.url).searchParams;
  const format = query.get('format') ?? 'flat';
  if (format !== 'flat' && format !== 'tree') return machineError({ status: 400, key: 'invalidQuery', message: 'format must be flat or tree' });
  const tenant = await resolveTenant(runtime.pool, params.tenantId, query);
  if (tenant instanceof Response) return tenant;
  const orgs = await listOrgs(runtime.pool, tenant.instanceId, tenant.tenantId);
  return { instanceId: tenant.instanceId, tenantId: tenant.tenantId, data: format === 'tree' ? orgTree(orgs) : orgs.map(orgJson) };
});
