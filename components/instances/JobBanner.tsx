'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useIsClient } from '@/components/LocalTime';
import { Button, cx } from '@/components/ui';
import { useFailingJobs, useRetryJob } from '@/lib/client/hooks/jobs';
import type { AttentionJob } from '@/lib/jobs/attention';
import { progressText } from '@/lib/jobs/words';
import { useT } from '@/lib/i18n/client';
import jobs from '@/lib/i18n/messages/jobs';
import messages from '@/lib/i18n/messages/instances';

/** The server's clock now, ticking each second (the reader's clock may be off: the offset is taken when data arrived). */
function useServerNow(serverNow: string | undefined, receivedAt: number): number {
  const client = useIsClient();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const base = serverNow ? Date.parse(serverNow) : receivedAt;
  return client ? base + (now - receivedAt) : base;
}

/**
 * A banner over the instance page for every job of the instance that is failing or has given up (the attention
 * queue): what kind of work, which attempt and when the next try is, the last error, and Retry now (support). It
 * refreshes with the instance (`version`), so it goes the moment the work succeeds.
 */
export function JobBanner({ instanceId, canRetry, version }: { instanceId: string; canRetry: boolean; version: string }) {
  const failing = useFailingJobs(instanceId);
  const { refetch } = failing;
  useEffect(() => {
    void refetch();
  }, [version, refetch]);
  const now = useServerNow(failing.data?.now, failing.dataUpdatedAt);
  const list = failing.data?.jobs ?? [];
  if (list.length === 0) return null;
  return (
    <div className="space-y-3" data-testid="job-banner">
      {list.map((job) => (
        <JobAlert key={job.id} job={job} now={now} canRetry={canRetry} />
      ))}
    </div>
  );
}

function JobAlert({ job, now, canRetry }: { job: AttentionJob; now: number; canRetry: boolean }) {
  const t = useT(messages);
  const tj = useT(jobs);
  const retry = useRetryJob();
  const gaveUp = job.state === 'gaveUp';
  return (
    <section
      aria-label={t('banner.label', { kind: tj(`kind.${job.kind}`) })}
      className={cx('rounded-lg border p-4 text-sm shadow-sm', gaveUp ? 'border-red-300 bg-red-50 text-red-950' : 'border-amber-300 bg-amber-50 text-amber-950')}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="font-semibold">{t(gaveUp ? 'banner.gaveUp' : 'banner.failing', { kind: tj(`kind.${job.kind}`) })}</h2>
          <p data-testid="job-progress" className="mt-1">
            {progressText(tj, job, now)}
          </p>
        </div>
        {canRetry ? (
          <Button variant="primary" busy={retry.isPending} busyLabel={tj('retrying')} onClick={() => retry.mutate(job.id)}>
            {tj('retryNow')}
          </Button>
        ) : (
          <p className="text-xs">{tj('needsSupport')}</p>
        )}
      </div>
      <p className="mt-2">
        <span className="font-medium">{t('banner.lastError')}</span>{' '}
        {job.lastError ? (
          <code translate="no" className="break-words">
            {job.lastError}
          </code>
        ) : (
          tj('noError')
        )}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1">
        <Link href={`/calls?jobId=${encodeURIComponent(job.id)}`} className="underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-red-700">
          {t('banner.calls')}
        </Link>
        {retry.isSuccess && (
          <span role="status" className="font-medium">
            {tj('retried')}
          </span>
        )}
        {retry.error && (
          <span role="alert" className="text-red-800">
            {retry.error.message}
          </span>
        )}
      </div>
    </section>
  );
}
