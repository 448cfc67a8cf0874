'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Outcome } from '@/components/calls/Outcome';
import { Button, errorMessageOf, useConfirm } from '@/components/ui';
import type { Failure } from '@/lib/calls/queries';
import type { ReinvokeResult } from '@/lib/calls/reinvoke';
import { useBulkReinvoke } from '@/lib/client/hooks/calls';
import { useLocale, useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/calls';
import { messageText } from '@/lib/refusal';
import { bulkSummary, type CallsT } from './words';
import { LINK } from '@/components/calls/link';

/** What became of one re-invoked failure: the new attempt's result with a link to it, its job queued again, or why not. */
function ResultLine({ failure: f, result: r, t }: { failure?: Failure; result: ReinvokeResult; t: CallsT }) {
  const locale = useLocale();
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <span translate="no" className="font-mono text-xs">
        {f?.activity ?? r.id} {f?.orderId ?? f?.instanceId ?? ''}
      </span>
      {!r.ok ? (
        <span className="text-red-800">{t('bulkRefused', { reason: messageText(r.why, locale) })}</span>
      ) : 'queued' in r ? (
        <span>{t('bulkQueued', { jobId: r.jobId })}</span>
      ) : (
        <>
          <Outcome success={r.success} code={r.resultCode} />
          <span>
            {t('newAttempt')}{' '}
            <Link href={`/calls/${r.newCallId}`} className={LINK}>
              {t('callLower', { id: r.newCallId })}
            </Link>
          </span>
        </>
      )}
    </li>
  );
}

/**
 * Re-invokes the chosen failures together, after the console's confirmation; then says what each attempt gave, in
 * place, while the list refreshes (a failure that succeeded leaves it).
 */
export function BulkReinvoke({ chosen, available, onDone }: { chosen: Failure[]; available: boolean; onDone: () => void }) {
  const t = useT(messages);
  const confirm = useConfirm();
  const bulk = useBulkReinvoke();
  const [ran, setRan] = useState<Failure[]>([]);

  async function run() {
    const question = chosen.length === 1 ? t('confirmBulkOne') : t('confirmBulk', { n: chosen.length });
    if (!(await confirm({ title: question, message: t('bulkIntro'), confirmLabel: t('reinvoke') }))) return;
    setRan(chosen);
    bulk.mutate(
      chosen.map((f) => f.lastCallId),
      { onSuccess: onDone },
    );
  }

  const summary = bulk.data && bulkSummary(t, bulk.data.results);
  return (
    <div className="space-y-2 text-sm">
      {available && (
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="primary" disabled={!chosen.length} busy={bulk.isPending} busyLabel={t('reinvoking')} onClick={run}>
            {t('reinvokeSelected', { n: chosen.length })}
          </Button>
          <span className="text-slate-500">{t('bulkIntro')}</span>
        </div>
      )}
      {bulk.isError && (
        <p role="alert" className="text-red-700">
          {t('bulkFailed', { error: errorMessageOf(bulk.error, '') })}
        </p>
      )}
      {bulk.data && summary && (
        <div role="status" aria-label={t('bulkResults')} className="rounded border border-slate-200 bg-white px-4 py-3">
          <p className={summary.ok ? 'text-green-700' : 'text-red-700'}>{summary.text}</p>
          <ul className="mt-2 space-y-1">
            {bulk.data.results.map((r) => (
              <ResultLine key={r.id} failure={ran.find((f) => f.lastCallId === r.id)} result={r} t={t} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
