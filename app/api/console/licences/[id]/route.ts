import { httpError, withRole } from '@/lib/auth/guard';
import { getDelivery } from '@/lib/licences/queue';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/console/licences/:id — one delivery with its licences (never their content) and its timeline. */
export const GET = withRole('viewer', async (_req, _user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const d = await getDelivery(rt.pool, id);
  if (!d) throw httpError(404, 'licence.notFound', { id });
  return Response.json(d);
});
