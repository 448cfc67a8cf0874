import { consoleRoute } from '@/lib/console/route';
import { UsageQuery, usageRange } from '@/lib/usage/filters';
import { usageHours } from '@/lib/usage/queries';

export const dynamic = 'force-dynamic';

/** The filtered hours: series per instance and billing item for the chart, and the reconciliation per hour (at most 31 days). */
export const GET = consoleRoute({ role: 'viewer', query: UsageQuery }, async ({ runtime, query }) => {
  const range = usageRange(query, new Date());
  if ('error' in range) throw new Error('unreachable: UsageQuery checked the range');
  return usageHours(runtime.pool, query, range);
});
