'use client';

import type { ResultRow } from '@/lib/debugger/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/debugger';
import { Checks, VerdictBadge } from './Checks';

const PRE = 'overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs';

/** A run's results, one per call: the verdict in the summary, the checks and the exact request and answer inside. */
export function RunResults({ results }: { results: ResultRow[] }) {
  const t = useT(messages);
  if (!results.length) return <p className="mt-3 text-sm text-slate-600">{t('run.noResults')}</p>;
  return (
    <ul className="mt-3 space-y-2" aria-label={t('run.details')}>
      {results.map((r) => (
        <li key={r.id} data-testid="run-result" className="rounded border border-slate-200">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-2 p-2 text-sm focus-visible:outline-2 focus-visible:outline-red-700">
              <VerdictBadge pass={r.pass} />
              <span translate="no" className="font-medium">
                {r.caseName ?? r.step ?? r.activity}
              </span>
              <code className="text-xs text-slate-600">{r.activity}</code>
              <code className="text-xs">{r.resultCode ?? '—'}</code>
              <span className="text-xs text-slate-500">{r.durationMs} ms</span>
            </summary>
            <div className="space-y-2 border-t border-slate-200 p-3">
              <Checks checks={r.checks} />
              <pre tabIndex={0} aria-label={t('result.request')} className={PRE}>
                {`POST ${r.requestUrl}\n\n${r.requestBody}`}
              </pre>
              {r.responseBody !== null && (
                <pre tabIndex={0} aria-label={t('result.response')} className={PRE}>
                  {`HTTP ${r.httpStatus ?? '—'}\n\n${r.responseBody}`}
                </pre>
              )}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** Newest first: a small square per result, green for pass, red for fail. */
export function Trend({ values }: { values: boolean[] }) {
  const t = useT(messages);
  if (!values.length) return <span className="text-xs text-slate-500">—</span>;
  const label = values.map((v) => t(v ? 'status.pass' : 'status.fail')).join(', ');
  return (
    <span role="img" aria-label={label} title={label} className="flex gap-0.5">
      {values.map((v, i) => (
        <span key={i} className={`inline-block h-3 w-2 rounded-sm ${v ? 'bg-emerald-500' : 'bg-red-500'}`} />
      ))}
    </span>
  );
}
