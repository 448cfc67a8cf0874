import { z } from 'zod';
import { listAlerts } from '@/lib/alerts/queries';
import { consoleRoute } from '@/lib/console/route';

export const dynamic = 'force-dynamic';

const query = z.object({ state: z.enum(['open', 'all']).optional() });

/** GET /api/console/alerts?state=open|all → { now, alerts }: the open alerts, and (all, the default) those resolved in the last 7 days. */
export const GET = consoleRoute({ role: 'viewer', query }, async ({ runtime, query }) => ({
  now: new Date().toISOString(),
  alerts: await listAlerts(runtime.pool, { state: query.state ?? 'all' }),
}));
