'use client';

import { Badge, type BadgeTone } from '@/components/ui';
import type { InstanceStatus } from '@/lib/instances/transitions';
import { useT } from '@/lib/i18n/client';
import { api, type ApiRequest } from '@/lib/client/api';
import type { Locale } from '@/lib/i18n/core';
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

/**
 * Fetches console JSON through lib/client/api.ts: a non-2xx answer becomes an ApiError carrying the API's own message
 * (the envelope `{ error: { key, message, fields? } }`). `init.body` is JSON text.
 */
export function consoleFetch<T>(url: string, init?: { method?: ApiRequest['method']; body?: string }, locale: Locale = 'en'): Promise<T> {
  return api<T>(url, { method: init?.method, json: init?.body === undefined ? undefined : JSON.parse(init.body), locale });
}
