'use client';

import { useSyncExternalStore } from 'react';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import { useLocale } from '@/lib/i18n/client';

const subscribe = () => () => undefined;

/** True in the browser after hydration; false on the server and while hydrating (so both render the same). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** A time in the reader's time zone; UTC on the server's first paint, so hydration matches. */
export function LocalTime({ iso, withDate = true }: { iso: string; withDate?: boolean }) {
  const client = useIsClient();
  const tag = LOCALE_TAGS[useLocale()];
  const d = new Date(iso);
  const text = client
    ? withDate
      ? d.toLocaleString(tag, { dateStyle: 'short', timeStyle: 'medium' })
      : d.toLocaleTimeString(tag)
    : iso.replace('T', ' ').slice(0, 19) + ' UTC';
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
