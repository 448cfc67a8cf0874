'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { Locale } from '../../i18n/core';
import { useLocale } from '../../i18n/client';
import { api } from '../api';

/**
 * The language switch: remembered on the signed-in user (and in a cookie for the sign-in page); the page is rendered
 * again in the new language once the server has it.
 */
export function useSetLocale() {
  const locale = useLocale();
  const router = useRouter();
  return useMutation({
    mutationFn: (next: Locale) => api<{ ok: true; locale: Locale }>('/api/locale', { json: { locale: next }, locale }),
    onSuccess: () => router.refresh(),
  });
}
