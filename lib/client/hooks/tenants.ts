'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { KitTenantSummary, TenantDetail, TenantFilters, TenantUserFilters } from '../../kit/queries';
import { tenantUserSearch } from '../../kit/tenantFilters';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api, withQuery } from '../api';

const BASE = '/api/console/tenants';

/** The kit's tenants by instance and customer. */
export function useTenants(filters: TenantFilters, options: { initial?: KitTenantSummary[] } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.tenants.list(filters.instanceId ?? '', filters.customer ?? ''),
    queryFn: async ({ signal }) => (await api<{ tenants: KitTenantSummary[] }>(withQuery(BASE, { ...filters }), { locale, signal })).tenants,
    initialData: options.initial,
    placeholderData: keepPreviousData,
  });
}

/** One tenant with a page of its users (filtered), its org tree and its kit calls. */
export function useTenant(instanceId: string, tenantId: string, filters: TenantUserFilters, options: { initial?: TenantDetail } = {}) {
  const locale = useLocale();
  const search = tenantUserSearch(filters);
  return useQuery({
    queryKey: queryKeys.tenants.detail(instanceId, tenantId, search),
    queryFn: ({ signal }) => api<TenantDetail>(`${BASE}/${encodeURIComponent(instanceId)}/${encodeURIComponent(tenantId)}${search}`, { locale, signal }),
    initialData: options.initial,
    placeholderData: keepPreviousData,
  });
}
