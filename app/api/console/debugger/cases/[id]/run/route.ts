import { HttpError, withRole } from '@/lib/auth/guard';
import { debuggerDeps } from '@/lib/debugger/http';
import { runOneCase } from '@/lib/debugger/runner';

export const dynamic = 'force-dynamic';

/** Runs one saved case now. */
export const POST = withRole('support', async (_req, user, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const out = await runOneCase(await debuggerDeps(), user, id);
  if (!out) throw new HttpError(404, `No debug case ${id}.`);
  return Response.json(out);
});
