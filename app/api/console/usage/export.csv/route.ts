import { consoleRoute } from '@/lib/console/route';
import { toCsv } from '@/lib/usage/csv';
import { UsageQuery, usageRange } from '@/lib/usage/filters';
import { usageExportRows } from '@/lib/usage/queries';
import { unitsToString } from '@/lib/usage/units';

export const dynamic = 'force-dynamic';

const HEADER = ['instance_id', 'billing_item', 'hour_utc', 'measured', 'unbilled', 'pending', 'pushed', 'accepted', 'rejected', 'expired'];

/** The filtered view as CSV, one row per instance, billing item and hour (cells that look like formulas are quoted: lib/usage/csv.ts). */
export const GET = consoleRoute({ role: 'viewer', query: UsageQuery }, async ({ runtime, query }) => {
  const range = usageRange(query, new Date());
  if ('error' in range) throw new Error('unreachable: UsageQuery checked the range');
  const rows = await usageExportRows(runtime.pool, query, range);
  const body = toCsv([
    HEADER,
    ...rows.map((r) => [r.instanceId, r.billingItem, r.hour, ...[r.measured, r.unbilled, r.pending, r.pushed, r.accepted, r.rejected, r.expired].map(unitsToString)]),
  ]);
  const name = `usage-${range.from.toISOString().slice(0, 13)}-${range.to.toISOString().slice(0, 13)}.csv`.replace(/:/g, '');
  return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' } });
});
