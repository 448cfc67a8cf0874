'use client';

import { useServerClock } from '@/components/calls/useServerClock';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { countdownWords } from './words';

/** Time left until the marketplace refunds the order or abandons the message, ticking each second on the server's clock. */
export function Countdown({ deadline, afterwards, serverNow }: { deadline: string; afterwards: 'refund' | 'abandon'; serverNow: string }) {
  const t = useT(messages);
  const now = useServerClock(serverNow);
  const { text, over } = countdownWords(t, afterwards, Date.parse(deadline), now);
  return (
    <span data-testid="countdown" className={`whitespace-nowrap font-medium ${over ? 'text-slate-500' : 'text-red-800'}`} title={deadline}>
      {text}
    </span>
  );
}
