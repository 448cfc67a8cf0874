import { withRole } from '@/lib/auth/guard';
import { debuggerDeps } from '@/lib/debugger/http';
import { runAllCases } from '@/lib/debugger/runner';
import { listRuns, type RunTrigger } from '@/lib/debugger/store';

export const dynamic = 'force-dynamic';

const TRIGGERS: RunTrigger[] = ['send', 'case', 'run_all', 'lifecycle'];

/** The history of runs, newest first; `?trigger=run_all,case` narrows it. */
export const GET = withRole('viewer', async (req) => {
  const url = new URL(req.url);
  const triggers = url.searchParams.get('trigger')?.split(',').filter((t): t is RunTrigger => (TRIGGERS as string[]).includes(t));
  const limit = Number(url.searchParams.get('limit') ?? 30) || 30;
  return Response.json({ runs: await listRuns((await debuggerDeps()).pool, { limit, triggers: triggers?.length ? triggers : undefined }) });
});

/** "Run all": every saved case, one after the other, each with the marketplace's 5 s timeout. */
export const POST = withRole('support', async (_req, user) => {
  return Response.json(await runAllCases(await debuggerDeps(), user));
});
