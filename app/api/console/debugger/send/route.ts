import { consoleRoute } from '@/lib/console/route';
import { debuggerDeps, sendBody } from '@/lib/debugger/api';
import { debugSend } from '@/lib/debugger/runner';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** POST {activity, params, url?, key?}: one signed test call (testFlag=1), its exact request, answer and verdict; audited by debugSend. */
export const POST = consoleRoute({ role: 'support', body: sendBody, audit: 'debug.send', recordedBy: 'domain', target: () => 'debug send' }, async ({ runtime, user, body }) => {
  const out = await debugSend(debuggerDeps(runtime), user, body);
  return isRefusal(out) ? out : Response.json(out, { headers: { 'cache-control': 'no-store' } });
});
