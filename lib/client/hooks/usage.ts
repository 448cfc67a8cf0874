'use client';

import { useQuery } from '@tanstack/react-query';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import type { UsageFailure } from '../../usage/attention';
import type { PushNowResult } from '../../usage/push';
import { api, withQuery } from '../api';
import { useAttentionMutation } from './jobs';

export type { PushNowResult } from '../../usage/push';
export type { UsageFailure } from '../../usage/attention';

export interface UsageFailures {
  records: UsageFailure[];
  total: number;
}

export type RepushResult = PushNowResult & { repushed: number };

/** Usage records rejected by the marketplace or expired unpushed (the attention queue's usage section, the Usage page), of one instance or all; every 10 s. */
export function useUsageFailures(initial?: UsageFailures, instanceId?: string) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.usage.failures(instanceId),
    queryFn: ({ signal }) => api<UsageFailures>(withQuery('/api/console/usage/failures', { instanceId }), { locale, signal }),
    initialData: initial,
    refetchInterval: 10_000,
  });
}

/** Push now (support): seal the closed hours and push every pending record; usage, attention and calls refresh. */
export function usePushNow() {
  return useAttentionMutation((_: void, locale) => api<PushNowResult>('/api/console/usage/push', { method: 'POST', locale }));
}

/** Re-push (support): rejected or expired records back to pending, then Push now. */
export function useRepush() {
  return useAttentionMutation((ids: string[], locale) => api<RepushResult>('/api/console/usage/records/repush', { json: { ids }, locale }));
}
