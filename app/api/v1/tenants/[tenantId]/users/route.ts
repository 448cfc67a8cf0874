import { pageUsers } from '@/lib/kit/queries';
import { encodeCursor, parseUsersQuery, userJson } from '@/lib/kit/read';
import { resolveTenant } from '@/lib/kit/readApi';
import { machineError, machineRoute, type MachineContext } from '@/lib/machine/route';

export const dynamic = 'force-dynamic';

/** A tenant's authorised users, a page at a time (cursor), filtered by appId, orgCode, enabled; inactive ones on request. */
export const GET = machineRoute({ scope: 'directory:read' }, async ({ req, runtime, params }: MachineContext<{ tenantId: string }>) => {
  const query = new URL(req.url).searchParams;
  const parsed = parseUsersQuery(query);
  if ('error' in parsed) return machineError({ status: 400, key: 'invalidQuery', message: parsed.error });
  const tenant = await resolveTenant(runtime.pool, params.tenantId, query);
  if (tenant instanceof Response) return tenant;
  const { users, more } = await pageUsers(runtime.pool, tenant.instanceId, tenant.tenantId, parsed.ok);
  const last = users.at(-1);
  return {
    instanceId: tenant.instanceId,
    tenantId: tenant.tenantId,
    data: users.map(userJson),
    ...(more && last ? { nextCursor: encodeCursor(last.appId, last.userName) } : {}),
  };
});
