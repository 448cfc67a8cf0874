import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { isRefusal } from '@/lib/refusal';
import { MAX_BATCH, pushUsageNow, repushRecords, usagePushDeps } from '@/lib/usage/push';

export const dynamic = 'force-dynamic';

const body = z.object({ ids: z.array(z.string().regex(/^\d{1,18}$/, 'a usage record id')).min(1).max(MAX_BATCH) });

/**
 * POST /api/console/usage/records/repush {"ids": [...]} → { repushed, sealed, pushed, accepted, rejected, expired,
 * pending, error? }: rejected or expired records back to pending (their metering_sn unchanged), then Push now.
 */
export const POST = consoleRoute({ role: 'support', body, audit: 'usage.repush' }, async ({ runtime, body, audit }) => {
  const ids = [...new Set(body.ids)];
  audit({ target: ids.length === 1 ? ids[0]! : null, detail: { ids } });
  const repushed = await repushRecords(runtime.pool, ids);
  if (isRefusal(repushed)) return repushed;
  return { ...repushed, ...(await pushUsageNow(usagePushDeps(runtime))) };
});
