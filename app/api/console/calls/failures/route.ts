import { listFailures } from '@/lib/calls/queries';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls/failures: the attention queue, ordered by deadline (spec §7.1). */
export const GET = consoleRoute({ role: 'viewer' }, async ({ runtime }) => {
  const now = new Date();
  return { now: now.toISOString(), failures: await listFailures(runtime.pool, now) };
});
