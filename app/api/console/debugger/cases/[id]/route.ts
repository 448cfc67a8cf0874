import { HttpError, withRole } from '@/lib/auth/guard';
import { debuggerDeps, invalidResponse, jsonBody } from '@/lib/debugger/http';
import { removeCase, saveCase } from '@/lib/debugger/runner';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** PUT: edits a case; `key` absent keeps the stored key, "" forgets it. */
export const PUT = withRole('support', async (req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  const out = await saveCase(await debuggerDeps(), user, await jsonBody(req), id);
  if (!out.ok) {
    if ('notFound' in out) throw new HttpError(404, `No debug case ${id}.`);
    return invalidResponse(out);
  }
  return Response.json({ id: out.id });
});

export const DELETE = withRole('support', async (_req, user, ctx: Ctx) => {
  const { id } = await ctx.params;
  if (!(await removeCase(await debuggerDeps(), user, id))) throw new HttpError(404, `No debug case ${id}.`);
  return Response.json({ deleted: id });
});
