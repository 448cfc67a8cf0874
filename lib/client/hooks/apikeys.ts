'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiScope } from '../../apikeys/scopes';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';

/** An API key as GET /api/console/api-keys answers it: never the key itself. */
export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every API key (admin), the newest first. */
export function useApiKeys(options: { initial?: ApiKeyRow[] } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.apiKeys.list(),
    queryFn: async ({ signal }) => (await api<{ keys: ApiKeyRow[] }>('/api/console/api-keys', { locale, signal })).keys,
    initialData: options.initial,
  });
}

function useRefreshApiKeys() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.apiKeys.all });
}

/** Create a key (admin): the answer holds the key, its only appearance; the list refreshes. */
export function useCreateApiKey() {
  const locale = useLocale();
  const refresh = useRefreshApiKeys();
  return useMutation({
    mutationFn: (input: { name: string; scopes: ApiScope[] }) => api<{ id: string; key: string }>('/api/console/api-keys', { json: input, locale }),
    onSuccess: refresh,
  });
}

/** Revoke a key (admin); the list refreshes. */
export function useRevokeApiKey() {
  const locale = useLocale();
  const refresh = useRefreshApiKeys();
  return useMutation({
    mutationFn: (id: string) => api<{ revokedAt: string }>(`/api/console/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE', locale }),
    onSuccess: refresh,
  });
}
