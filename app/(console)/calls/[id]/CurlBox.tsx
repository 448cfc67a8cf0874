'use client';

import { useEffect, useState } from 'react';
import { Button, CopyButton, errorMessageOf } from '@/components/ui';
import { useCurl } from '@/lib/client/hooks/calls';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { remainingText } from '../words';

/**
 * Asks the server for a curl command that replays this call with a fresh signature. The key stays on the server;
 * the command is good for 60 s (spec §3.2 timestamp window; a V1 call's for V1_TIMESTAMP_WINDOW_SECONDS, spec §4.2),
 * then a new one must be signed.
 */
export function CurlBox({ callId, allowed, v1 = false }: { callId: string; allowed: boolean; v1?: boolean }) {
  const t = useT(messages);
  const curl = useCurl(callId);
  const signed = curl.data;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!signed) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [signed]);

  if (!allowed) return <p className="text-sm text-slate-600">{t('curlNeedsSupport')}</p>;
  // validity on the server's clock, counted from when the answer arrived (the clock ticks from the next second)
  const left = signed ? Date.parse(signed.validUntil) - Date.parse(signed.signedAt) - Math.max(0, now - signed.receivedAt) : 0;
  return (
    <div className="text-sm">
      <p className="text-slate-600">{t(v1 ? 'curlIntroV1' : 'curlIntro')}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button variant="primary" busy={curl.isPending} busyLabel={t('signing')} onClick={() => curl.mutate()}>
          {signed ? t('signAgain') : t('signCurl')}
        </Button>
        {signed && <CopyButton text={signed.curl} />}
        {signed && (
          <span data-testid="curl-validity" aria-live="polite" className={left > 0 ? 'text-slate-600' : 'font-medium text-red-800'}>
            {left > 0 ? t('validFor', { left: remainingText(t, left), key: signed.keyLabel }) : t('expired')}
          </span>
        )}
      </div>
      {curl.isError && (
        <p role="alert" className="mt-2 text-red-800">
          {errorMessageOf(curl.error, '')}
        </p>
      )}
      {signed && (
        <pre
          aria-label={t('curlCommand')}
          tabIndex={0}
          className="mt-3 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 font-mono text-xs text-slate-100 focus-visible:outline-2 focus-visible:outline-red-700"
        >
          {signed.curl}
        </pre>
      )}
    </div>
  );
}
