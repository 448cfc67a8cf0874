import { withRole } from '@/lib/auth/guard';
import { listDeliveries, parseDeliveryFilters, syncLicenceQueue } from '@/lib/licences/queue';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** GET /api/console/licences?status=&page= — the delivery queue, with counts per status. */
export const GET = withRole('viewer', async (req) => {
  const rt = await getRuntime();
  // the job handlers queue new orders as they are applied; deriving here too repairs anything they missed (idempotent)
  await syncLicenceQueue(rt.pool);
  return Response.json(await listDeliveries(rt.pool, parseDeliveryFilters(new URL(req.url).searchParams)));
});
