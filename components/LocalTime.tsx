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

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-01 18:50:33`: the unambiguous ISO-like form, in the runtime's own time zone or in UTC. */
export function isoLike(d: Date, zone: 'local' | 'utc' = 'local', withDate = true): string {
  const [y, mo, day, h, mi, s] =
    zone === 'utc'
      ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const time = `${pad(h)}:${pad(mi)}:${pad(s)}`;
  return withDate ? `${y}-${pad(mo)}-${pad(day)} ${time}` : time;
}

/**
 * A time in the reader's time zone; UTC on the server's first paint, so hydration matches. `format="iso"` writes it
 * `2026-12-01 18:50:33` with the UTC time on hover; the default stays the locale's short form with the ISO time on hover.
 */
export function LocalTime({ iso, withDate = true, format = 'locale' }: { iso: string; withDate?: boolean; format?: 'locale' | 'iso' }) {
  const client = useIsClient();
  const tag = LOCALE_TAGS[useLocale()];
  const d = new Date(iso);
  const utc = iso.replace('T', ' ').slice(0, 19) + ' UTC';
  let text = utc;
  if (client && format === 'iso') text = isoLike(d, 'local', withDate);
  else if (client) text = withDate ? d.toLocaleString(tag, { dateStyle: 'short', timeStyle: 'medium' }) : d.toLocaleTimeString(tag);
  return (
    <time dateTime={iso} title={format === 'iso' ? `${isoLike(d, 'utc')} UTC` : iso}>
      {text}
    </time>
  );
}
