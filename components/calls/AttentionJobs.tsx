'use client';

import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { Badge, errorMessageOf, RowAction, type Column } from '@/components/ui';
import { useRetryJob, type FailingJobs, type RetriedJob } from '@/lib/client/hooks/jobs';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/jobs';
import type { AttentionJob } from '@/lib/jobs/attention';
import type { JobsT } from '@/lib/jobs/words';
import { AttentionSection, ErrorDetails } from './AttentionSection';
import { jobLine } from './jobRows';
import { Target } from './Target';
import { useServerClock } from './useServerClock';

/**
 * Retry now for one job, with the refusal in place when there is one (a job that finished meanwhile), through the
 * list's one mutation: a retried job may leave the list, and a mutation of the row's own would go with it before it
 * could report the outcome.
 */
function RetryButton({ job, retry, onRetried, t }: { job: AttentionJob; retry: ReturnType<typeof useRetryJob>; onRetried: (job: AttentionJob, outcome: RetriedJob) => void; t: JobsT }) {
  const mine = retry.variables === job.id;
  return (
    <RowAction
      label={t('retryNow')}
      busyLabel={t('retrying')}
      busy={retry.isPending && mine}
      disabled={job.running || (retry.isPending && !mine)}
      error={retry.isError && mine ? t('retryFailed', { error: errorMessageOf(retry.error, '') }) : undefined}
      onClick={() => retry.mutate(job.id, { onSuccess: (outcome) => onRetried(job, outcome) })}
    />
  );
}

/**
 * The background jobs of the attention queue: what each does, for which instance and order, which attempt failed and
 * when the next runs (counting down), the last error, since when it fails; support staff retry one now, and the row
 * shows the new state as the list refreshes. A job that gave up and is retried runs as a new job: it leaves the list,
 * and a note says so.
 */
export function AttentionJobs({ data, canRetry }: { data: FailingJobs; canRetry: boolean }) {
  const t = useT(messages);
  const now = useServerClock(data.now);
  const [retried, setRetried] = useState<Record<string, number>>({});
  const [notice, setNotice] = useState<string>();
  const retry = useRetryJob();
  const onRetried = (job: AttentionJob, outcome: RetriedJob) => {
    setRetried((r) => ({ ...r, [job.id]: job.attempt }));
    setNotice(outcome.jobId !== job.id ? t('rerunQueued', { kind: t(`kind.${job.kind}`), id: outcome.jobId }) : undefined);
  };
  const columns: Column<AttentionJob>[] = [
    {
      key: 'job',
      header: t('col.job'),
      cell: (j) => (
        <span className="inline-flex flex-wrap items-center gap-1.5">
          <span className="font-medium" data-testid="job-kind">
            {t(`kind.${j.kind}`)}
          </span>
          <Badge tone={j.state === 'gaveUp' ? 'danger' : 'warning'}>{t(`state.${j.state}`)}</Badge>
          <code translate="no" title={j.id} className="text-xs text-slate-500">
            {j.id.slice(0, 8)}
          </code>
        </span>
      ),
    },
    {
      key: 'target',
      header: t('col.target'),
      className: 'max-w-56',
      cell: (j) => <Target instanceId={j.instanceId} lines={[j.orderId && t('order', { id: j.orderId })]} />,
    },
    {
      key: 'progress',
      header: t('col.progress'),
      cell: (j) => (
        <span data-testid="job-progress" aria-live="polite" className={j.state === 'gaveUp' ? 'font-medium text-red-800' : 'text-slate-800'}>
          {jobLine(t, j, now, retried[j.id])}
        </span>
      ),
    },
    { key: 'error', header: t('lastError'), cell: (j) => <ErrorDetails error={j.lastError} none={t('noError')} /> },
    {
      key: 'first',
      header: t('col.firstFailure'),
      className: 'sm:whitespace-nowrap text-slate-600',
      cell: (j) => (j.firstFailedAt ? <LocalTime iso={j.firstFailedAt} /> : t('unknown')),
    },
  ];
  if (canRetry) columns.push({ key: 'action', header: t('col.action'), cell: (j) => <RetryButton job={j} retry={retry} onRetried={onRetried} t={t} /> });
  return (
    <AttentionSection title={t('title')} intro={t('intro')} notice={notice} columns={columns} rows={data.jobs} rowKey={(j) => j.id} rowTestId="job-row" empty={t('empty')} />
  );
}
