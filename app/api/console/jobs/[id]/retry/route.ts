import { consoleRoute } from '@/lib/console/route';
import { retryJob } from '@/lib/jobs/actions';
import { isRefusal } from '@/lib/refusal';

export const dynamic = 'force-dynamic';

/** POST /api/console/jobs/{id}/retry → { id, jobId, state, nextTry }: Retry now (lib/jobs/actions.ts). */
export const POST = consoleRoute<{ id: string }>({ role: 'support', audit: 'job.retry' }, async ({ runtime, params, audit }) => {
  const { job, outcome } = await retryJob(runtime, params.id);
  if (job) audit({ detail: { queue: job.queue, instanceId: job.instanceId, ...(isRefusal(outcome) ? {} : { jobId: outcome.jobId }) } });
  return outcome;
});
