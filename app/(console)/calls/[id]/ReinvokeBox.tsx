'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorOf } from '@/lib/client/api';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';

/** Runs a failed call again after a confirmation; the result appears in the list of attempts below. */
export function ReinvokeBox({ callId, refusal, allowed, outbound = false }: { callId: string; refusal?: string; allowed: boolean; outbound?: boolean }) {
  const router = useRouter();
  const t = useT(messages);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; queued?: boolean }>();

  if (!allowed) return <p className="mt-2 text-sm text-slate-600">{t('needsSupport')}</p>;
  async function run() {
    setPending(true);
    setMessage(undefined);
    try {
      const res = await fetch(`/api/console/calls/${callId}/reinvoke`, { method: 'POST' });
      const body = res.ok ? ((await res.json()) as { ok?: boolean; success?: boolean; resultCode?: string; resultMsg?: string; queued?: boolean; jobId?: string }) : undefined;
      if (!body?.ok) setMessage({ ok: false, text: body ? `HTTP ${res.status}` : (await errorOf(res)).message });
      else if (body.queued) setMessage({ ok: true, queued: true, text: t('queued', { jobId: body.jobId }) });
      else setMessage({ ok: !!body.success, text: `${body.resultCode} ${body.resultMsg ?? ''}`.trim() });
      router.refresh();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    } finally {
      setPending(false);
      setConfirming(false);
    }
  }

  const outcome = message && (
    <p role="status" className={message.ok ? 'text-green-700' : 'text-red-700'}>
      {message.queued ? '' : message.ok ? t('succeeded') : t('stillFailing')}
      {message.text}
    </p>
  );

  // After a successful attempt the refreshed page says the call is resolved; the outcome of the attempt stays shown.
  if (refusal)
    return (
      <div className="mt-2 space-y-2 text-sm">
        {outcome}
        <p className="text-slate-600">{t('cannotReinvoke', { reason: refusal })}</p>
      </div>
    );

  return (
    <div className="mt-3 space-y-2 text-sm">
      <p className="text-slate-600">{t(outbound ? 'outboundHint' : 'reinvokeIntro')}</p>
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800">
          {t('reinvoke')}
        </button>
      ) : (
        <div role="group" aria-label={t('confirmGroup')} className="flex flex-wrap items-center gap-2">
          <span>{t('runAgain', { id: callId })}</span>
          <button type="button" disabled={pending} onClick={run} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
            {pending ? t('running') : t('yesRun')}
          </button>
          <button type="button" disabled={pending} onClick={() => setConfirming(false)} className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
            {t('cancel')}
          </button>
        </div>
      )}
      {outcome}
    </div>
  );
}
