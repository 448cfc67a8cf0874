import { consoleRoute } from '@/lib/console/route';
import { caseBody, debuggerDeps } from '@/lib/debugger/api';
import { saveCase } from '@/lib/debugger/runner';
import { listCases } from '@/lib/debugger/queries';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** The saved test cases with their last result and trend (viewers may look). */
export const GET = consoleRoute({ role: 'viewer' }, async ({ runtime }) => ({ cases: await listCases(runtime.prisma) }));

/** POST {name, activity, params, url?, key?}: saves a test case (a typed key is stored encrypted); saveCase audits it. */
export const POST = consoleRoute(
  { role: 'support', body: caseBody, audit: 'debug.case.create', recordedBy: 'domain', target: () => 'debug case' },
  async ({ runtime, user, body }) => {
    const out = await saveCase(debuggerDeps(runtime), user, body);
    return isRefusal(out) ? out : Response.json(out, { status: 201 });
  },
);
