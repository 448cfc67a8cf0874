import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { listUsageFailures, MAX_USAGE_FAILURES_PAGE } from '@/lib/usage/attention';

export const dynamic = 'force-dynamic';

const query = z.object({
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(MAX_USAGE_FAILURES_PAGE).optional()),
  instanceId: z.string().trim().max(64).optional().transform((v) => v || undefined),
});

/** GET /api/console/usage/failures?limit=&instanceId= → { records, total }: the usage records of the attention queue. */
export const GET = consoleRoute({ role: 'viewer', query }, async ({ runtime, query }) => listUsageFailures(runtime.pool, query));
