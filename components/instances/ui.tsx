'use client';

import { Badge, type BadgeTone } from '@/components/ui';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { useT } from '@/lib/i18n/client';
import { translator, type Locale } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/instances';

const STATUS_TONE: Record<InstanceStatus, BadgeTone> = {
  provisioning: 'info',
  active: 'success',
  frozen: 'accent',
  released: 'neutral',
  failed: 'danger',
};

export function StatusBadge({ status }: { status: InstanceStatus }) {
  const t = useT(messages);
  return (
    <Badge data-testid="instance-status" tone={STATUS_TONE[status]}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function TestBadge({ test }: { test: boolean }) {
  const t = useT(messages);
  return test ? <Badge tone="warning">{t('test')}</Badge> : null;
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
