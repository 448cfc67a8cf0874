import { withRole } from '@/lib/auth/guard';
import { reinvokeCalls } from '@/lib/calls/reinvoke';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Re-invokes one failed call (support and admin). */
export const POST = withRole('support', async (_req, user, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const rt = await getRuntime();
  const [result] = await reinvokeCalls(
    { pool: rt.pool, boss: rt.boss, config: rt.config, encryptionKey: rt.secrets.encryptionKey },
    [id],
    user,
  );
  return Response.json(result, { status: result!.ok ? 200 : 409 });
});
