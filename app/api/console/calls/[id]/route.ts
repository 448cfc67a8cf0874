import { HttpError, withRole } from '@/lib/auth/guard';
import { getCall } from '@/lib/calls/queries';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls/:id: one call (already redacted when stored) with its jobs and instance. */
export const GET = withRole('viewer', async (_req, _user, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const call = await getCall(rt.pool, id);
  if (!call) throw new HttpError(404, `No call ${id}.`);
  return Response.json(call);
});
