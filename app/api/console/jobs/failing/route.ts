import { z } from 'zod';
import { consoleRoute } from '@/lib/console/route';
import { listAttentionJobs, MAX_JOBS_PAGE } from '@/lib/jobs/attention';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** an empty parameter (`?instanceId=`) counts as absent */
const blank = (v: unknown) => (v === '' ? undefined : v);
const query = z.object({
  instanceId: z.preprocess(blank, z.string().trim().min(1).max(64).optional()),
  cursor: z.preprocess(blank, z.string().max(200).optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(MAX_JOBS_PAGE).optional()),
});

/** GET /api/console/jobs/failing?instanceId=&cursor=&limit= → { now, jobs, nextCursor? }: the jobs of the attention queue. */
export const GET = consoleRoute({ role: 'viewer', query }, async ({ runtime, query }) => {
  const now = new Date();
  const page = await listAttentionJobs(runtime.pool, query);
  return isRefusal(page) ? page : { now: now.toISOString(), ...page };
});
