import { withRole } from '@/lib/auth/guard';
import { getRuntime } from '@/lib/runtime';
import { updateUser } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

export const PATCH = withRole('admin', async (req, user, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
  await updateUser(rt.pool, user, id, body);
  return Response.json({ ok: true });
});
