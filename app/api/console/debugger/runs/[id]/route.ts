import { withRole } from '@/lib/auth/guard';
import { debuggerDeps } from '@/lib/debugger/http';
import { runResults } from '@/lib/debugger/store';

export const dynamic = 'force-dynamic';

/** One run's results: per call, the verdict and its checks. */
export const GET = withRole('viewer', async (_req, _user, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ results: await runResults((await debuggerDeps()).pool, id) });
});
