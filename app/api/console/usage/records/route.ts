import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { problemRecords, RECORD_PROBLEMS } from '@/lib/usage/queries';

export const dynamic = 'force-dynamic';

const Query = z.object({
  status: z.enum(RECORD_PROBLEMS).optional(),
  instanceId: z.string().trim().max(64).optional().transform((v) => v || undefined),
});

/** Rejected and expired usage records (or one of the two), with their last error, the newest hours first (at most 200). */
export const GET = consoleRoute({ role: 'viewer', query: Query }, async ({ runtime, query }) => ({ records: await problemRecords(runtime.prisma, query) }));
