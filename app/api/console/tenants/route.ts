import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { listTenants } from '@/lib/kit/queries';

export const dynamic = 'force-dynamic';

const Query = z.object({
  instanceId: z.string().trim().max(64).optional().transform((v) => v || undefined),
  customer: z.string().trim().max(255).optional().transform((v) => v || undefined),
});

/** GET /api/console/tenants?instanceId=&customer= — the kit's tenants with their applications and counts of users and orgs. */
export const GET = consoleRoute({ role: 'viewer', query: Query }, async ({ runtime, query }) => ({
  tenants: await listTenants(runtime.prisma, runtime.pool, query),
}));
