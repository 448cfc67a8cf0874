'use client';

import { useEffect, useState } from 'react';
import { useIsClient } from '@/components/LocalTime';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { countdownWords } from './words';

/**
 * Time left until the marketplace refunds the order or abandons the message, ticking each second. Measured on the
 * server's clock (the reader's may be off): the offset between the two is taken when the data arrived.
 */
export function Countdown({ deadline, afterwards, serverNow }: { deadline: string; afterwards: 'refund' | 'abandon'; serverNow: string }) {
  const client = useIsClient();
  const t = useT(messages);
  const [offset] = useState(() => Date.parse(serverNow) - Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const at = client ? now + offset : Date.parse(serverNow);
  const { text, over } = countdownWords(t, afterwards, Date.parse(deadline), at);
  return (
    <span data-testid="countdown" className={`whitespace-nowrap font-medium ${over ? 'text-slate-500' : 'text-red-800'}`} title={deadline}>
      {text}
    </span>
  );
}
