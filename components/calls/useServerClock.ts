'use client';

import { useEffect, useState } from 'react';
import { useIsClient } from '@/components/LocalTime';

/**
 * The server's clock, ticking each second: the reader's clock may be off, so the offset between the two is taken when
 * the data first arrived (`serverNow`, the time the server answered). Before hydration it is `serverNow` itself, so the
 * server's render and the browser's first one match. The call countdowns and the jobs' next tries count on it.
 */
export function useServerClock(serverNow: string): number {
  const client = useIsClient();
  const [offset] = useState(() => Date.parse(serverNow) - Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return client ? now + offset : Date.parse(serverNow);
}
