'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryDetail, DeliveryPage, Generation, LicenceProductRow } from '../../licences/queries';
import type { DeliveryStatus } from '../../licences/transitions';
import { useLocale } from '../../i18n/client';
import { queryKeys } from '../../queryKeys';
import { api, withQuery } from '../api';

const BASE = '/api/console/licences';
const deliveryUrl = (id: string, rest = '') => `${BASE}/${encodeURIComponent(id)}${rest}`;

/** The delivery queue, one status (or all), one generation (or all) and one page; the page shown stays while the next one loads. */
export function useLicences(status: DeliveryStatus | '', page: number, options: { initial?: DeliveryPage; generation?: Generation | '' } = {}) {
  const locale = useLocale();
  const generation = options.generation ?? '';
  return useQuery({
    queryKey: queryKeys.licences.list(status, page, generation),
    queryFn: ({ signal }) => api<DeliveryPage>(withQuery(BASE, { status, generation, page: page > 1 ? page : undefined }), { locale, signal }),
    initialData: options.initial,
    placeholderData: keepPreviousData,
  });
}

/** One delivery with its licences (never their content) and its timeline. */
export function useLicence(id: string, options: { initial?: DeliveryDetail } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.licences.detail(id),
    queryFn: ({ signal }) => api<DeliveryDetail>(deliveryUrl(id), { locale, signal }),
    initialData: options.initial,
  });
}

/** Marked products and the products known from stored orders. */
export function useLicenceProducts(options: { initial?: LicenceProductRow[] } = {}) {
  const locale = useLocale();
  return useQuery({
    queryKey: queryKeys.licences.products(),
    queryFn: async ({ signal }) => (await api<{ products: LicenceProductRow[] }>(`${BASE}/products`, { locale, signal })).products,
    initialData: options.initial,
  });
}

/** What the actions route takes (app/api/console/licences/[id]/actions); times are ISO 8601 instants. */
export type LicenceAction =
  | { action: 'generate' }
  | { action: 'deliver'; serviceStartTime: string; note: string }
  | { action: 'decide'; decision: 'accepted' | 'rejected'; note: string; decidedAt?: string };

/** After a change: the queue, its counts and the Overview's lines are stale; the delivery itself is read again at once. */
function useRefreshLicences() {
  const client = useQueryClient();
  return async (id?: string) => {
    await client.invalidateQueries({ queryKey: queryKeys.licences.all });
    if (id) await client.refetchQueries({ queryKey: queryKeys.licences.detail(id) });
  };
}

/** Generate a licence key, confirm delivery or record the buyer's decision (support). */
export function useLicenceAction(id: string) {
  const locale = useLocale();
  const refresh = useRefreshLicences();
  return useMutation({
    mutationFn: (body: LicenceAction) => api<{ status?: DeliveryStatus; licenceId?: string }>(deliveryUrl(id, '/actions'), { json: body, locale }),
    onSuccess: () => refresh(id),
  });
}

/** Upload a licence file (multipart, part "file"; support). */
export function useUploadLicence(id: string) {
  const locale = useLocale();
  const refresh = useRefreshLicences();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.set('file', file);
      return api<{ licenceId: string; sha256: string; fileName: string }>(deliveryUrl(id, '/file'), { form, locale });
    },
    onSuccess: () => refresh(id),
  });
}

export interface MarkedProduct {
  productId: string;
  /** orders that joined the queue when marked */
  queued?: number;
  /** untouched deliveries removed when unmarked */
  removed?: number;
}

/** Mark a product as a licence product, or unmark it (admin). */
export function useMarkProduct() {
  const locale = useLocale();
  const refresh = useRefreshLicences();
  return useMutation({
    mutationFn: ({ productId, mark, generation, deviceFingerprintRequired }: { productId: string; mark: boolean; generation?: 'manual' | 'online'; deviceFingerprintRequired?: boolean }) =>
      api<MarkedProduct>(`${BASE}/products`, {
        method: mark ? 'POST' : 'DELETE',
        json: mark && generation ? { productId, generation, ...(generation === 'online' ? { deviceFingerprintRequired: !!deviceFingerprintRequired } : {}) } : { productId },
        locale,
      }),
    onSuccess: () => refresh(),
  });
}
