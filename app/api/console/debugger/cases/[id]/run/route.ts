import { consoleRoute } from '@/lib/console/route';
import { debuggerDeps } from '@/lib/debugger/api';
import { runOneCase } from '@/lib/debugger/runner';

export const dynamic = 'force-dynamic';

/** Runs one saved case now; recorded as a run and audited by runOneCase. */
export const POST = consoleRoute<{ id: string }>(
  { role: 'support', audit: 'debug.case.run', recordedBy: 'domain', target: ({ id }) => `debug case ${id}` },
  ({ runtime, user, params }) => runOneCase(debuggerDeps(runtime), user, params.id),
);
