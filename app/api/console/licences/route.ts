import { z } from 'zod';
import { hasRole } from '@/lib/auth/roles';
import { consoleRoute } from '@/lib/console/route';
import { syncLicenceQueue } from '@/lib/licences/actions';
import { listDeliveries, parseDeliveryFilters } from '@/lib/licences/queries';

export const dynamic = 'force-dynamic';

/** status and page, tolerantly: an unknown status or a bad page shows the whole queue's first page */
const Query = z.record(z.string(), z.string()).transform((q) => parseDeliveryFilters(q));

/** GET /api/console/licences?status=&generation=&page= — the delivery queue, with counts per status and generation; codes masked for viewers. */
export const GET = consoleRoute({ role: 'viewer', query: Query }, async ({ runtime, user, query }) => {
  // the job handlers queue new orders as they are applied; deriving here too repairs anything they missed (idempotent)
  await syncLicenceQueue(runtime.pool);
  return listDeliveries(runtime.pool, query, { maskCodes: !hasRole(user.role, 'support') });
});
