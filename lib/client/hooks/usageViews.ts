'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usageSearch, type UsageFilters } from '../../usage/filters';
import type { PackageBalance, PackageSkuRow, UsageHours, UsageRecordRow } from '../../usage/queries';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api, withQuery } from '../api';
import { useApiMutation, useListQuery } from './shared';

/** The Usage page's reads (issue 8): hours and reconciliation, failed records, package balances and SKU quotas. */
const BASE = '/api/console/usage';

/** The filtered hours; the view shown stays while the next filter's loads. */
export function useUsageHours(filters: UsageFilters, options: { initial?: UsageHours } = {}) {
  const locale = useLocale();
  const search = usageSearch(filters);
  return useQuery({
    queryKey: queryKeys.usage.hours(search),
    queryFn: ({ signal }) => api<UsageHours>(`${BASE}/hours${search}`, { locale, signal }),
    initialData: options.initial,
    placeholderData: keepPreviousData,
  });
}

/** The CSV export of the same filters (a download link, not a query). */
export const usageExportUrl = (filters: UsageFilters) => `${BASE}/export.csv${usageSearch(filters)}`;

/** Rejected and expired records. */
export function useUsageRecords(instanceId?: string, initial?: UsageRecordRow[]) {
  return useListQuery<UsageRecordRow>(queryKeys.usage.records(instanceId), withQuery(`${BASE}/records`, { instanceId }), 'records', initial);
}

/** Package instances with their balances. */
export function usePackageBalances(instanceId?: string, initial?: PackageBalance[]) {
  return useListQuery<PackageBalance>(queryKeys.usage.balances(instanceId), withQuery(`${BASE}/balances`, { instanceId }), 'packages', initial);
}

/** Package SKUs with their quotas (support). */
export function usePackageSkus(initial?: PackageSkuRow[]) {
  return useListQuery<PackageSkuRow>(queryKeys.usage.packages(), `${BASE}/packages`, 'skus', initial);
}

export interface PackageSkuBody {
  productId: string;
  skuCode: string;
  stopAtQuota: boolean;
  quotas: { billingItem: string; quota: string }[];
}

/** Save a SKU's quotas (admin); the balances are read again. */
export function useSavePackageSku() {
  return useApiMutation((body: PackageSkuBody, locale) => api<PackageSkuBody>(`${BASE}/packages`, { method: 'PUT', json: body, locale }), queryKeys.usage.all);
}

// TEMPORARY (merge with the push engineer's lib/client/hooks/usage.ts, which owns these routes): the same contract,
// POST /api/console/usage/push and POST /api/console/usage/records/repush {ids}. Point the imports of
// app/(console)/usage at `usePushNow` / `useRepush` of ./usage and delete these two when merging.
/** Push now (support): the push job runs at once and answers what it pushed. */
export function usePushNow() {
  return useApiMutation((_: void, locale) => api<{ pushed?: number; records?: number }>(`${BASE}/push`, { method: 'POST', json: {}, locale }), queryKeys.usage.all);
}

/** Re-push rejected or expired records (support): they go back to pending for the next push. */
export function useRepush() {
  return useApiMutation((ids: string[], locale) => api<{ repushed?: number; queued?: number }>(`${BASE}/records/repush`, { method: 'POST', json: { ids }, locale }), queryKeys.usage.all);
}
