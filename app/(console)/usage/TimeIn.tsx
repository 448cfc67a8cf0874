'use client';

import { LocalTime } from '@/components/LocalTime';
import type { Precision } from '@/lib/datetime';

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
