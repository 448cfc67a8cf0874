'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usageSearch, type UsageFilters } from '../../usage/filters';
import type { PackageBalance, PackageSkuRow, UsageHours } from '../../usage/queries';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api, withQuery } from '../api';
import { useApiMutation, useListQuery } from './shared';

/** The Usage page's reads (issue 8): hours and reconciliation, package balances and SKU quotas (its failed records and pushes: ./usage). */
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
