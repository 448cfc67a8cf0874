import { HttpError, withRole } from '@/lib/auth/guard';
import { getInstanceDetail } from '@/lib/instances/queries';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/console/instances/:id — the instance with its customer, tenant, orders, jobs, calls and timeline. */
export const GET = withRole('viewer', async (_req, _user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const detail = await getInstanceDetail(rt.pool, id);
  if (!detail) throw new HttpError(404, `Instance ${id} not found.`);
  return Response.json(detail);
});
