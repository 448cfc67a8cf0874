import { withRole } from '@/lib/auth/guard';
import { debuggerDeps, invalidResponse, jsonBody } from '@/lib/debugger/http';
import { saveCase } from '@/lib/debugger/runner';
import { listCases } from '@/lib/debugger/store';

export const dynamic = 'force-dynamic';

/** The saved test cases with their last result and trend (viewers may look). */
export const GET = withRole('viewer', async () => {
  const deps = await debuggerDeps();
  return Response.json({ cases: await listCases(deps.pool) });
});

/** POST {name, activity, params, url?, key?}: saves a test case (a typed key is stored encrypted). */
export const POST = withRole('support', async (req, user) => {
  const out = await saveCase(await debuggerDeps(), user, await jsonBody(req));
  if (!out.ok) return 'notFound' in out ? Response.json({ error: 'No such case.' }, { status: 404 }) : invalidResponse(out);
  return Response.json({ id: out.id }, { status: 201 });
});
