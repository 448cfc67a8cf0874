import { withRole } from '@/lib/auth/guard';
import { listFailures } from '@/lib/calls/queries';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/console/calls/failures: the attention queue, ordered by deadline (spec §7.1). */
export const GET = withRole('viewer', async () => {
  const rt = await getRuntime();
  const now = new Date();
  return Response.json({ now: now.toISOString(), failures: await listFailures(rt.pool, now) });
});
