'use client';

import { AttentionJobs } from '@/components/calls/AttentionJobs';
import { jobsRefreshMs } from '@/components/calls/jobRows';
import { errorMessageOf, StatePanel } from '@/components/ui';
import { useFailures, type Failures } from '@/lib/client/hooks/calls';
import { useFailingJobs, type FailingJobs } from '@/lib/client/hooks/jobs';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import jobMessages from '@/lib/i18n/messages/jobs';
import { FailedCalls } from './FailedCalls';

/**
 * The one attention queue (issue 7): every unresolved failure, whatever its kind. The failed inbound calls the
 * marketplace is still retrying (or gave up on), and the background jobs failing or given up, each list live.
 */
export function FailuresView({ initialCalls, initialJobs, canSupport }: { initialCalls?: Failures; initialJobs?: FailingJobs; canSupport: boolean }) {
  const t = useT(messages);
  const tj = useT(jobMessages);
  const calls = useFailures(initialCalls);
  const jobs = useFailingJobs(undefined, { initial: initialJobs, refetchInterval: (d) => jobsRefreshMs(d?.jobs ?? [], Date.now()) });
  const nothing = calls.data?.failures.length === 0 && jobs.data?.jobs.length === 0;
  return (
    <section aria-label={t('failures')} className="mt-4 space-y-6">
      {nothing && (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
          {t('noFailures')}
        </p>
      )}
      <StatePanel query={calls} isEmpty={() => false} loading={t('loadingFailures')} errorMessage={t('failuresCouldNotLoad', { error: errorMessageOf(calls.error, '') })}>
        {(data) => <FailedCalls data={data} canReinvoke={canSupport} />}
      </StatePanel>
      <StatePanel query={jobs} isEmpty={() => false} loading={t('loading')} errorTitle={tj('title')}>
        {(data) => <AttentionJobs data={data} canRetry={canSupport} />}
      </StatePanel>
    </section>
  );
}
