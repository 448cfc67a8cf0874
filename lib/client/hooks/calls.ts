'use client';

import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { CallView } from '../../calls/queries';
import type { CallPage, CallSummary, Failure } from '../../calls/queries';
import type { ReinvokeResult } from '../../calls/reinvoke';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api, withQuery } from '../api';
import { useAttentionMutation } from './jobs';

/**
 * The call log's hooks (issue 7): the list with its live first page and keyset "Load more", one call, the Failures
 * view's failed calls, re-invocation (one and in bulk) and the signed curl. Every re-invocation refreshes the call
 * log, the attention jobs and the instances, so each page shows the new attempt in place.
 */

/** Newest first by (createdAt, id): the order of the server's keyset (ids are bigint digits, so longer is larger). */
export function compareCalls(a: CallSummary, b: CallSummary): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.id.length !== b.id.length) return b.id.length - a.id.length;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The calls of several pages, each once (a later list's copy wins: it is fresher), in the keyset's order. */
export function mergeCalls(...lists: (readonly CallSummary[] | undefined)[]): CallSummary[] {
  const byId = new Map<string, CallSummary>();
  for (const list of lists) for (const c of list ?? []) byId.set(c.id, c);
  return [...byId.values()].sort(compareCalls);
}

const callsUrl = (filters: Record<string, string>, limit: number, cursor?: string) => withQuery('/api/console/calls', { ...filters, limit, cursor });

/**
 * The call log for `filters`: the first page refreshes every 5 s, so new calls appear without reloading; "Load more"
 * continues from where the FIRST first page ended, and rows are merged by id (a re-invocation changes the count of an
 * original's attempts, so the freshest copy wins). More than one page of new calls within 5 s leaves a gap until the
 * next reload.
 */
export function useCalls(filters: Record<string, string>, { initial, pageSize }: { initial?: CallPage; pageSize: number }) {
  const locale = useLocale();
  const head = useQuery({
    queryKey: queryKeys.calls.list(filters),
    queryFn: ({ signal }) => api<CallPage>(callsUrl(filters, pageSize), { locale, signal }),
    initialData: initial,
    refetchInterval: 5_000,
  });
  // undefined until the first page is known; null when it was the last
  const [anchor, setAnchor] = useState<string | null | undefined>(() => initial?.nextCursor);
  if (anchor === undefined && head.data) setAnchor(head.data.nextCursor);
  const [wanted, setWanted] = useState(false);
  const older = useInfiniteQuery({
    queryKey: queryKeys.calls.older(filters, anchor ?? ''),
    queryFn: ({ pageParam, signal }) => api<CallPage>(callsUrl(filters, pageSize, pageParam), { locale, signal }),
    initialPageParam: anchor ?? '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: wanted && !!anchor,
    // call rows do not change once written: no refresh of their own (a re-invocation invalidates them)
    staleTime: Infinity,
  });
  const rows = useMemo(() => mergeCalls(initial?.calls, older.data?.pages.flatMap((p) => p.calls), head.data?.calls), [initial, older.data, head.data]);
  return {
    head,
    rows,
    hasMore: wanted ? (older.data ? older.hasNextPage : true) : !!anchor,
    loadMore: () => (wanted ? void older.fetchNextPage() : setWanted(true)),
    loadingMore: older.isFetching,
    loadMoreError: older.error,
  };
}

/** One call with its re-invocations; refreshed every 3 s while a re-run of its job is under way (its attempts appear). */
export function useCall(id: string, initial?: CallView) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.calls.detail(id),
    queryFn: ({ signal }) => api<CallView>(`/api/console/calls/${encodeURIComponent(id)}`, { locale, signal }),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.reinvokeRefusal === 'jobRunning' ? 3_000 : false),
  });
}

export interface Failures {
  now: string;
  failures: Failure[];
}

/** The failed inbound calls of the attention queue, by deadline; refreshed every 5 s. */
export function useFailures(initial?: Failures) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.calls.failures(),
    queryFn: ({ signal }) => api<Failures>('/api/console/calls/failures', { locale, signal }),
    initialData: initial,
    refetchInterval: 5_000,
  });
}

/** An accepted re-invocation: the new call's result, or the job queued to run again (an outbound call). */
export type Reinvoked = Extract<ReinvokeResult, { ok: true }>;

/** Re-invokes one failed call (support); a call that cannot be is an ApiError (409) saying why. */
export function useReinvoke() {
  return useAttentionMutation((id: string, locale) => api<Reinvoked>(`/api/console/calls/${encodeURIComponent(id)}/reinvoke`, { method: 'POST', locale }));
}

/** Re-invokes failed calls together (support): one result per id, refused ones among them. */
export function useBulkReinvoke() {
  return useAttentionMutation((ids: string[], locale) => api<{ results: ReinvokeResult[] }>('/api/console/calls/reinvoke', { json: { ids }, locale }));
}

export interface SignedCurl {
  curl: string;
  keyLabel: string;
  signedAt: string;
  validUntil: string;
  /** when the answer arrived, on the reader's clock: the command's validity counts from here */
  receivedAt: number;
}

/** Signs a curl command replaying an inbound call (support; audited, never cached): each call signs a new one. */
export function useCurl(callId: string) {
  const locale = useLocale();
  return useMutation({
    mutationFn: async (): Promise<SignedCurl> => ({
      ...(await api<Omit<SignedCurl, 'receivedAt'>>(`/api/console/calls/${encodeURIComponent(callId)}/curl`, { locale })),
      receivedAt: Date.now(),
    }),
  });
}
