'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { buttonClass } from '@/components/ui';
import type { CallPage } from '@/lib/calls/queries';
import type { Failures } from '@/lib/client/hooks/calls';
import type { FailingJobs } from '@/lib/client/hooks/jobs';
import type { UsageFailures } from '@/lib/client/hooks/usage';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { CallFilters } from './CallFilters';
import { CallTable } from './CallTable';
import { FailuresView } from './FailuresView';
import { filtersOf } from './filters';

/** The call log's two views, All calls (filtered by the URL) and Failures (the attention queue), under their tabs. */
export function CallsView(props: {
  view: 'all' | 'failures';
  initialPage?: CallPage;
  initialFailures?: Failures;
  initialJobs?: FailingJobs;
  initialUsage?: UsageFailures;
  filterError?: string;
  pageSize: number;
  canSupport: boolean;
}) {
  const search = useSearchParams();
  const filters = useMemo(() => filtersOf(search), [search]);
  const t = useT(messages);
  return (
    <>
      <Tabs view={props.view} />
      {props.view === 'failures' ? (
        <FailuresView initialCalls={props.initialFailures} initialJobs={props.initialJobs} initialUsage={props.initialUsage} canSupport={props.canSupport} />
      ) : (
        <>
          <CallFilters filters={filters} />
          {props.filterError ? (
            <p role="alert" className="mt-4 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
              {t('filterError', { error: props.filterError })}
            </p>
          ) : (
            // a new key for new filters: the loaded pages start over
            <CallTable key={JSON.stringify(filters)} filters={filters} initial={props.initialPage} pageSize={props.pageSize} />
          )}
        </>
      )}
    </>
  );
}

function Tabs({ view }: { view: 'all' | 'failures' }) {
  const t = useT(messages);
  const tab = (active: boolean) => buttonClass(active ? 'primary' : 'ghost');
  return (
    <nav aria-label={t('views')} className="mt-4 flex gap-1">
      <Link href="/calls" aria-current={view === 'all' ? 'page' : undefined} className={tab(view === 'all')}>
        {t('allCalls')}
      </Link>
      <Link href="/calls?view=failures" aria-current={view === 'failures' ? 'page' : undefined} className={tab(view === 'failures')}>
        {t('failures')}
      </Link>
    </nav>
  );
}
