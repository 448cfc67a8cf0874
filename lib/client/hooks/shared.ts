'use client';

import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Locale } from '../../i18n/core';
import { useLocale } from '../../i18n/client';
import { api } from '../api';

/** What the resource hooks share: a list read from one console route, and a call that refreshes what it changed. */

/** `GET url` → the list under `field` of its answer, cached under `queryKey`. */
export function useListQuery<T>(queryKey: QueryKey, url: string, field: string, initial?: T[]) {
  const locale = useLocale();
  return useQuery({
    queryKey,
    queryFn: async ({ signal }) => (await api<Record<string, T[]>>(url, { locale, signal }))[field]!,
    initialData: initial,
  });
}

/** `GET url` → its answer as a whole, cached under `queryKey`; `staleTime` for what rarely changes (a public key). */
export function useObjectQuery<T>(queryKey: QueryKey, url: string, options: { initial?: T; staleTime?: number } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => api<T>(url, { locale, signal }),
    initialData: options.initial,
    staleTime: options.staleTime,
  });
}

/** A console call (in the reader's language) after which everything under `refresh` is read again. */
export function useApiMutation<I, O>(call: (input: I, locale: Locale) => Promise<O>, refresh: QueryKey) {
  const locale = useLocale();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => call(input, locale),
    onSuccess: () => client.invalidateQueries({ queryKey: refresh }),
  });
}
