import { consoleRoute } from '@/lib/console/route';
import { pushUsageNow, usagePushDeps } from '@/lib/usage/push';

export const dynamic = 'force-dynamic';

/**
 * POST /api/console/usage/push → { sealed, pushed, accepted, rejected, expired, pending, error? }: Push now (spec §8.1),
 * the scheduled job's push at once, under the same locks.
 */
export const POST = consoleRoute({ role: 'support', audit: 'usage.push' }, async ({ runtime, audit }) => {
  const result = await pushUsageNow(usagePushDeps(runtime));
  audit({ target: null, detail: { ...result } });
  return result;
});
