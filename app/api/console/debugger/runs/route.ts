import { consoleRoute } from '@/lib/console/route';
import { debuggerDeps, runsQuery } from '@/lib/debugger/api';
import { runAllCases } from '@/lib/debugger/runner';
import { listRuns } from '@/lib/debugger/queries';

export const dynamic = 'force-dynamic';

/** The history of runs, newest first; `?trigger=run_all,case` narrows it. */
export const GET = consoleRoute({ role: 'viewer', query: runsQuery }, async ({ runtime, query }) => ({
  runs: await listRuns(runtime.prisma, { limit: query.limit ?? 30, triggers: query.trigger }),
}));

/** "Run all": every saved case, one after the other, each with the marketplace's 5 s timeout; audited by runAllCases. */
export const POST = consoleRoute({ role: 'support', audit: 'debug.run_all', recordedBy: 'domain', target: () => 'debug cases' }, ({ runtime, user }) =>
  runAllCases(debuggerDeps(runtime), user),
);
