import { z } from 'zod';
import { HttpError, withRole } from '@/lib/auth/guard';
import { ACTIONS, INSTANCE_ACTIONS } from '@/lib/instances/actions';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };
const Body = z.object({ action: z.enum(INSTANCE_ACTIONS) });

/**
 * POST /api/console/instances/:id/actions {"action": "retry" | "freeze" | "unfreeze" | "release"}. Any signed-in
 * user gets this far; the action checks the role it needs (retry: support, the others: admin) and audits the attempt,
 * denied ones too.
 */
export const POST = withRole('viewer', async (req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const parsed = Body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) throw new HttpError(400, `action must be one of ${INSTANCE_ACTIONS.join(', ')}.`);
  const rt = await getRuntime();
  const r = await ACTIONS[parsed.data.action](rt.pool, rt.boss, user, id);
  if (!r.ok) return Response.json({ error: r.reason }, { status: r.httpStatus });
  return Response.json({ status: r.status, jobId: r.jobId });
});
