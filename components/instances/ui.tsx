'use client';

import type { InstanceStatus } from '@/lib/instances/transitions';
import { useT } from '@/lib/i18n/client';
import { api, type ApiRequest } from '@/lib/client/api';
import type { Locale } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/instances';

/** A time as the console shows it: UTC, to the second, the same on the server and in the browser (no hydration drift). */
export function formatTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : '—';
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

const STATUS_STYLE: Record<InstanceStatus, string> = {
  provisioning: 'bg-sky-50 text-sky-800 ring-sky-200',
  active: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  frozen: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
  released: 'bg-slate-100 text-slate-700 ring-slate-300',
  failed: 'bg-red-50 text-red-800 ring-red-200',
};

export function StatusBadge({ status }: { status: InstanceStatus }) {
  const t = useT(messages);
  return (
    <span data-testid="instance-status" className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[status]}`}>
      {t(`status.${status}`)}
    </span>
  );
}

export function TestBadge({ test }: { test: boolean }) {
  const t = useT(messages);
  return test ? (
    <span className="inline-block rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200">{t('test')}</span>
  ) : null;
}

/**
 * Fetches console JSON through lib/client/api.ts: a non-2xx answer becomes an ApiError carrying the API's own message
 * (the envelope `{ error: { key, message, fields? } }`). `init.body` is JSON text.
 */
export function consoleFetch<T>(url: string, init?: { method?: ApiRequest['method']; body?: string }, locale: Locale = 'en'): Promise<T> {
  return api<T>(url, { method: init?.method, json: init?.body === undefined ? undefined : JSON.parse(init.body), locale });
}
