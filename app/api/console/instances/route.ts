import { withRole } from '@/lib/auth/guard';
import { parseInstanceFilters } from '@/lib/instances/filters';
import { listInstances } from '@/lib/instances/queries';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/console/instances?q=&status=&chargingMode=&test=&sort=&dir=&page=&limit= */
export const GET = withRole('viewer', async (req) => {
  const rt = await getRuntime();
  return Response.json(await listInstances(rt.pool, parseInstanceFilters(new URL(req.url).searchParams)));
});
