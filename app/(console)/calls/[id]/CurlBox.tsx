'use client';

import { useEffect, useState } from 'react';
import { CopyButton } from '@/components/ui';
import { errorOf } from '@/lib/client/api';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { remainingText } from '../words';

type Signed = { curl: string; keyLabel: string; signedAt: string; validUntil: string };

/**
 * Asks the server for a curl command that replays this call with a fresh signature. The key stays on the server;
 * the command is good for 60 s (spec §3.2 timestamp window), then a new one must be signed.
 */
export function CurlBox({ callId, allowed }: { callId: string; allowed: boolean }) {
  const [state, setState] = useState<{ loading: boolean; error?: string; signed?: Signed; receivedAt?: number }>({ loading: false });
  const [now, setNow] = useState(() => Date.now());
  const t = useT(messages);
  useEffect(() => {
    if (!state.signed) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [state.signed]);

  if (!allowed) {
    return <p className="mt-2 text-sm text-slate-600">{t('curlNeedsSupport')}</p>;
  }

  async function sign() {
    setState({ loading: true });
    try {
      const res = await fetch(`/api/console/calls/${callId}/curl`, { headers: { accept: 'application/json' } });
      if (!res.ok) throw await errorOf(res);
      const body = (await res.json()) as Signed;
      setNow(Date.now());
      setState({ loading: false, signed: body, receivedAt: Date.now() });
    } catch (err) {
      setState({ loading: false, error: (err as Error).message });
    }
  }

  // validity on the server's clock, counted from when the answer arrived
  const left = state.signed && state.receivedAt ? Date.parse(state.signed.validUntil) - Date.parse(state.signed.signedAt) - (now - state.receivedAt) : 0;
  return (
    <div className="mt-2 text-sm">
      <p className="text-slate-600">{t('curlIntro')}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={sign}
          disabled={state.loading}
          className="rounded bg-red-700 px-3 py-1.5 text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60"
        >
          {state.loading ? t('signing') : state.signed ? t('signAgain') : t('signCurl')}
        </button>
        {state.signed && <CopyButton text={state.signed.curl} />}
        {state.signed && (
          <span data-testid="curl-validity" aria-live="polite" className={left > 0 ? 'text-slate-600' : 'font-medium text-red-800'}>
            {left > 0 ? t('validFor', { left: remainingText(t, left), key: state.signed.keyLabel }) : t('expired')}
          </span>
        )}
      </div>
      {state.error && (
        <p role="alert" className="mt-2 text-red-800">
          {state.error}
        </p>
      )}
      {state.signed && (
        <pre
          aria-label={t('curlCommand')}
          tabIndex={0}
          className="mt-3 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 font-mono text-xs text-slate-100 focus-visible:outline-2 focus-visible:outline-red-700"
        >
          {state.signed.curl}
        </pre>
      )}
    </div>
  );
}
