'use client';

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AttentionJob } from '../../jobs/attention';
import { useLocale } from '../../i18n/client';
import type { Locale } from '../../i18n/core';
import { queryKeys } from '../../queryKeys';
import { api, withQuery } from '../api';

export interface FailingJobs {
  now: string;
  jobs: AttentionJob[];
  nextCursor?: string;
}

/**
 * The background jobs of the attention queue (failing or given up), all or one instance's; refreshed every 10 s, or as
 * often as `refetchInterval` says for the jobs it has (a view that watches a retry run refreshes faster).
 */
export function useFailingJobs(
  instanceId?: string,
  options: { initial?: FailingJobs; enabled?: boolean; refetchInterval?: (data: FailingJobs | undefined) => number } = {},
) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.jobs.failing(instanceId),
    queryFn: ({ signal }) => api<FailingJobs>(withQuery('/api/console/jobs/failing', { instanceId }), { locale, signal }),
    initialData: options.initial,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ? (q) => options.refetchInterval!(q.state.data) : 10_000,
  });
}

export interface RetriedJob {
  id: string;
  jobId: string;
  state: 'queued' | 'running';
  nextTry: string | null;
}

/** Retry now (support): the job runs at once; the attention lists, the instance and the call log refresh. */
export function useRetryJob() {
  return useAttentionMutation((id: string, locale) => api<RetriedJob>(`/api/console/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST', locale }));
}

/**
 * A mutation that changes what needs attention (a retry, a re-invocation): the request in the reader's language, and
 * afterwards the refresh of everything that shows it, finished before the mutation counts as done, so the page never
 * shows the answer beside the data from before it.
 */
export function useAttentionMutation<A, R>(request: (arg: A, locale: Locale) => Promise<R>) {
  const locale = useLocale();
  const client = useQueryClient();
  return useMutation({ mutationFn: (arg: A) => request(arg, locale), onSettled: () => refreshAttention(client) });
}

/** After a retry, a re-invocation or a re-push: the attention lists, the instances, usage and the call log refresh. */
export function refreshAttention(client: QueryClient) {
  return Promise.all(
    [queryKeys.jobs.all, queryKeys.instances.all, queryKeys.usage.all, queryKeys.calls.all].map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}
