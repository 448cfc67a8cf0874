'use client';

import { useState } from 'react';
import { AttentionJobs } from '@/components/calls/AttentionJobs';
import { UsageFailures } from '@/components/calls/UsageFailures';
import { jobsRefreshMs } from '@/components/calls/jobRows';
import { errorMessageOf, StatePanel } from '@/components/ui';
import { useFailures, type Failures } from '@/lib/client/hooks/calls';
import { useFailingJobs, type FailingJobs } from '@/lib/client/hooks/jobs';
import { useUsageFailures, type UsageFailures as UsageFailuresData } from '@/lib/client/hooks/usage';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import jobMessages from '@/lib/i18n/messages/jobs';
import usageMessages from '@/lib/i18n/messages/usagePush';
import { FailedCalls } from './FailedCalls';

/**
 * The one attention queue (issue 7): every unresolved failure, whatever its kind. The failed inbound calls the
 * marketplace is still retrying (or gave up on), the background jobs failing or given up, and the usage records the
 * marketplace rejected or that expired unpushed (issue 8), each list live.
 */
export function FailuresView({
  initialCalls,
  initialJobs,
  initialUsage,
  canSupport,
}: {
  initialCalls?: Failures;
  initialJobs?: FailingJobs;
  initialUsage?: UsageFailuresData;
  canSupport: boolean;
}) {
  const t = useT(messages);
  const tj = useT(jobMessages);
  const tu = useT(usageMessages);
  const calls = useFailures(initialCalls);
  const jobs = useFailingJobs(undefined, { initial: initialJobs, refetchInterval: (d) => jobsRefreshMs(d?.jobs ?? [], Date.now()) });
  const usage = useUsageFailures(initialUsage);
  // shown once there was a usage record to show, and kept while the page is open: after the last one is re-pushed,
  // its outcome stays in view
  const [usageShown, setUsageShown] = useState(false);
  if (!usageShown && (usage.data?.records.length ?? 0) > 0) setUsageShown(true);
  const nothing = calls.data?.failures.length === 0 && jobs.data?.jobs.length === 0 && usage.data?.records.length === 0;
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
      {/* only when there is one: an empty usage section would stand beside the empty jobs list for nothing */}
      <StatePanel query={usage} isEmpty={() => false} loading={tu('loading')} errorTitle={tu('title')}>
        {(data) => (usageShown || data.records.length > 0 ? <UsageFailures data={data} canRepush={canSupport} /> : null)}
      </StatePanel>
    </section>
  );
}
