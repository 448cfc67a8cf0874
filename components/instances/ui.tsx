'use client';

import type { InstanceStatus } from '@/lib/instances/transitions';
import { useT } from '@/lib/i18n/client';
import { translator, type Locale } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/instances';

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

/** Fetches console JSON; a non-2xx answer becomes an Error carrying the API's own message. */
export async function consoleFetch<T>(url: string, init?: RequestInit, locale: Locale = 'en'): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...init?.headers } });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  const t = translator(messages, locale);
  if (res.status === 401) throw new Error(t('sessionEnded'));
  if (!res.ok) throw new Error(body.error ?? t('serverAnswered', { status: res.status }));
  return body as T;
}
