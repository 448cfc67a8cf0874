'use client';

import type { ApiScope } from '../../apikeys/scopes';
import { queryKeys } from '../../queryKeys';
import { api } from '../api';
import { useApiMutation, useListQuery } from './shared';

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
  return useListQuery<ApiKeyRow>(queryKeys.apiKeys.list(), '/api/console/api-keys', 'keys', options.initial);
}

/** Create a key (admin): the answer holds the key, its only appearance; the list refreshes. */
export function useCreateApiKey() {
  return useApiMutation((input: { name: string; scopes: ApiScope[] }, locale) => api<{ id: string; key: string }>('/api/console/api-keys', { json: input, locale }), queryKeys.apiKeys.all);
}

/** Revoke a key (admin); the list refreshes. */
export function useRevokeApiKey() {
  return useApiMutation(
    (id: string, locale) => api<{ revokedAt: string }>(`/api/console/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE', locale }),
    queryKeys.apiKeys.all,
  );
}
