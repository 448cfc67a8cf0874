'use client';

import { useQuery } from '@tanstack/react-query';
import type { SelfCheckSummary } from '../../selfcheck/queries';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';

/** The self-check's summary for the Overview (GET /api/console/selfcheck), refreshed every minute. */
export function useSelfCheck(initial?: SelfCheckSummary) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.selfCheck.summary(),
    queryFn: ({ signal }) => api<SelfCheckSummary>('/api/console/selfcheck', { locale, signal }),
    initialData: initial,
    refetchInterval: 60_000,
  });
}
