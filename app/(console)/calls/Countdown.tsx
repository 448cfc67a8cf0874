'use client';

import { useEffect, useState } from 'react';
import { countdownText } from '@/lib/calls/retryWindows';
import { useIsClient } from '@/components/LocalTime';

/**
 * Time left until the marketplace refunds the order or abandons the message, ticking each second. Measured on the
 * server's clock (the reader's may be off): the offset between the two is taken when the data arrived.
 */
export function Countdown({ deadline, afterwards, serverNow }: { deadline: string; afterwards: 'refund' | 'abandon'; serverNow: string }) {
  const client = useIsClient();
  const [offset] = useState(() => Date.parse(serverNow) - Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const at = client ? now + offset : Date.parse(serverNow);
  const text = countdownText(afterwards, Date.parse(deadline), at);
  const over = text === 'window over';
  return (
    <span data-testid="countdown" className={`whitespace-nowrap font-medium ${over ? 'text-slate-500' : 'text-red-800'}`} title={deadline}>
      {text}
    </span>
  );
}
