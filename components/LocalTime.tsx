'use client';

import { useSyncExternalStore } from 'react';
import { formatLocal, formatUtc, type Precision } from '@/lib/datetime';

const subscribe = () => () => undefined;

/** True in the browser after hydration; false on the server and while hydrating (so both render the same). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * A time as the console shows every time (lib/datetime.ts): `2026-12-01 18:50:33` in the reader's time zone, the UTC
 * time on hover. The server's first paint shows UTC (marked so), so hydration matches; the browser then shows its own
 * zone. `withDate={false}` is the older spelling of precision="time".
 */
export function LocalTime({ iso, precision, withDate = true }: { iso: string; precision?: Precision; withDate?: boolean }) {
  const client = useIsClient();
  const d = new Date(iso);
  const p: Precision = precision ?? (withDate ? 'second' : 'time');
  return (
    <time dateTime={iso} title={formatUtc(d)}>
      {client ? formatLocal(d, p) : formatUtc(d, p)}
    </time>
  );
}

/** A sentence with a time in it ("expires {at}" / "{at} 到期"): the translated text around a <LocalTime>. */
export function TimeIn({ text, iso, precision = 'minute' }: { text: (at: string) => string; iso: string; precision?: Precision }) {
  const [before, after] = text('\u0000').split('\u0000');
  return (
    <>
      {before}
      <LocalTime iso={iso} precision={precision} />
      {after}
    </>
  );
}
