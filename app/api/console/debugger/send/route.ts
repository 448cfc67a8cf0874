import { withRole } from '@/lib/auth/guard';
import { debuggerDeps, invalidResponse, jsonBody } from '@/lib/debugger/http';
import { debugSend } from '@/lib/debugger/runner';

export const dynamic = 'force-dynamic';

/** POST {activity, params, url?, key?}: one signed test call (testFlag=1), its exact request, answer and verdict. */
export const POST = withRole('support', async (req, user) => {
  const out = await debugSend(await debuggerDeps(), user, await jsonBody(req));
  if (!out.ok) return invalidResponse(out);
  return Response.json(out, { headers: { 'cache-control': 'no-store' } });
});
