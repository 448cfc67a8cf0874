import { consoleRoute } from '@/lib/console/route';
import { getTenantDetail } from '@/lib/kit/queries';
import { TenantUserQuery } from '@/lib/kit/tenantFilters';
import { refusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/**
 * GET /api/console/tenants/:instanceId/:tenantId?q=&appId=&role=&enabled=&status=&page= — one tenant: applications,
 * users (paged; mobile and e-mail masked for viewers), the org tree and its kit calls.
 */
export const GET = consoleRoute<{ instanceId: string; tenantId: string }, undefined, typeof TenantUserQuery>(
  { role: 'viewer', query: TenantUserQuery },
  async ({ runtime, params: { instanceId, tenantId }, query, user }) =>
    (await getTenantDetail(runtime.prisma, runtime.pool, instanceId, tenantId, query, user.role)) ??
    refusal('notFound', 'tenants.err.notFound', { id: tenantId }),
);
