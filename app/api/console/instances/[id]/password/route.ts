import { withRole } from '@/lib/auth/guard';
import { revealPassword } from '@/lib/instances/actions';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** POST /api/console/instances/:id/password — the appInfo password, admins only; every attempt is audited. */
export const POST = withRole('viewer', async (_req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const r = await revealPassword(rt.pool, rt.secrets.encryptionKey, user, id);
  if (!r.ok) return Response.json({ error: r.reason }, { status: r.httpStatus });
  return Response.json({ password: r.password }, { headers: { 'Cache-Control': 'no-store' } });
});
