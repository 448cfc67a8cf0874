'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Checks, VerdictBadge } from '@/components/debugger/Checks';
import { consoleFetch } from '@/components/instances/ui';
import { LocalTime } from '@/components/LocalTime';
import { replayWarnings } from '@/lib/debugger/catalog';
import type { CaseRow, ResultRow, RunRow } from '@/lib/debugger/queries';
import { useT } from '@/lib/i18n/client';
import common from '@/lib/i18n/messages/common';
import messages from '@/lib/i18n/messages/debugger';
import { queryKeys } from '@/lib/queryKeys';

type Key = keyof (typeof messages)['en'];
type RunOutcome = { runId: string; passed: number; failed: number; results: ResultRow[] };

const card = 'mt-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6';
const button =
  'rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60';
const small = 'rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-red-700 disabled:opacity-60';
const th = 'px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500';
const td = 'px-2 py-2 align-top';

export function CasesView({ initialCases, initialRuns, canRun }: { initialCases: CaseRow[]; initialRuns: RunRow[]; canRun: boolean }) {
  const t = useT(messages);
  const tc = useT(common);
  const qc = useQueryClient();
  const cases = useQuery({
    queryKey: queryKeys.debugger.cases(),
    queryFn: () => consoleFetch<{ cases: CaseRow[] }>('/api/console/debugger/cases').then((r) => r.cases),
    initialData: initialCases,
  });
  const runs = useQuery({
    queryKey: queryKeys.debugger.runs(),
    queryFn: () => consoleFetch<{ runs: RunRow[] }>('/api/console/debugger/runs?limit=30').then((r) => r.runs),
    initialData: initialRuns,
  });
  const [lastRun, setLastRun] = useState<RunOutcome>();
  const [message, setMessage] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.debugger.all });

  const runAll = useMutation({
    mutationFn: () => consoleFetch<RunOutcome>('/api/console/debugger/runs', { method: 'POST' }),
    onSuccess: (r) => {
      setLastRun(r);
      setMessage(undefined);
      void refresh();
    },
  });
  const runOne = useMutation({
    mutationFn: (id: string) => consoleFetch<RunOutcome>(`/api/console/debugger/cases/${id}/run`, { method: 'POST' }),
    onSuccess: (r) => {
      setLastRun(r);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (c: CaseRow) => consoleFetch(`/api/console/debugger/cases/${c.id}`, { method: 'DELETE' }).then(() => c),
    onSuccess: (c) => {
      setConfirming(undefined);
      setMessage(t('cases.deleted', { name: c.name }));
      void refresh();
    },
  });
  const busy = runAll.isPending || runOne.isPending;
  const list = cases.data ?? [];
  const warned = replayWarnings(list);
  const mutationError = runAll.error ?? runOne.error ?? remove.error;

  return (
    <div>
      {!canRun && (
        <p role="note" className="mt-4 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {t('viewerNote')}
        </p>
      )}
      <section aria-labelledby="cases-title" className={card}>
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="cases-title" className="text-lg font-semibold">
            {t('cases.title')}
          </h2>
          {canRun && list.length > 0 && (
            <button type="button" className={`ml-auto ${button}`} disabled={busy} onClick={() => runAll.mutate()}>
              {runAll.isPending ? t('cases.running') : t('cases.runAll')}
            </button>
          )}
        </div>
        <p className="mt-1 text-sm text-slate-600">{t('cases.intro')}</p>
        {warned.length > 0 && (
          <p role="note" className="mt-3 rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            {t('cases.replayWarning', { names: warned.join(', ') })}
          </p>
        )}
        {cases.isError && (
          <p role="alert" className="mt-3 text-sm text-red-800">
            {t('cases.loadError', { error: (cases.error as Error).message })}
          </p>
        )}
        {mutationError && (
          <p role="alert" className="mt-3 text-sm text-red-800">
            {t('error', { error: (mutationError as Error).message })}
          </p>
        )}
        {message && (
          <p role="status" className="mt-3 text-sm text-green-700">
            {message}
          </p>
        )}
        {list.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600">
            {t('cases.empty')}{' '}
            <Link href="/debugger" className="text-red-800 underline focus-visible:outline-2 focus-visible:outline-red-700">
              {t('cases.newCase')}
            </Link>
          </p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm" aria-labelledby="cases-title">
              <thead>
                <tr>
                  <th className={th}>{t('cases.name')}</th>
                  <th className={th}>{t('cases.activity')}</th>
                  <th className={th}>{t('cases.target')}</th>
                  <th className={th}>{t('cases.last')}</th>
                  <th className={th}>{t('cases.trend')}</th>
                  {canRun && <th className={th}>{t('cases.actions')}</th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.map((c) => (
                  <tr key={c.id} data-testid="case-row">
                    <td className={`${td} font-medium`}>{c.name}</td>
                    <td className={`${td} font-mono text-xs`}>
                      {c.activity}
                      {c.params.scene && <span className="block text-slate-500">{c.params.scene}</span>}
                    </td>
                    <td className={`${td} max-w-[16rem] break-all text-xs`}>
                      {c.targetUrl ?? t('cases.thisApp')}
                      {c.keyFingerprint && <span className="block text-slate-500">{t('cases.typedKey', { fingerprint: c.keyFingerprint })}</span>}
                    </td>
                    <td className={td}>
                      {c.last ? (
                        <span className="flex flex-wrap items-center gap-1 text-xs">
                          <VerdictBadge pass={c.last.pass} />
                          <span className="font-mono">{c.last.resultCode ?? '—'}</span>
                          <span className="text-slate-500">
                            {c.last.durationMs} ms · <LocalTime iso={c.last.at} />
                          </span>
                        </span>
                      ) : (
                        <span className="text-xs text-slate-500">{t('cases.never')}</span>
                      )}
                    </td>
                    <td className={td}>
                      <Trend values={c.trend} />
                    </td>
                    {canRun && (
                      <td className={td}>
                        {confirming === c.id ? (
                          <span role="group" aria-label={t('cases.confirmDelete', { name: c.name })} className="flex flex-wrap items-center gap-1 text-xs">
                            {t('cases.confirmDelete', { name: c.name })}
                            <button type="button" className={small} disabled={remove.isPending} onClick={() => remove.mutate(c)}>
                              {t('cases.yesDelete')}
                            </button>
                            <button type="button" className={small} onClick={() => setConfirming(undefined)}>
                              {tc('cancel')}
                            </button>
                          </span>
                        ) : (
                          <span className="flex flex-wrap gap-1">
                            <button type="button" className={small} disabled={busy} onClick={() => runOne.mutate(c.id)} aria-label={`${t('cases.run')} ${c.name}`}>
                              {t('cases.run')}
                            </button>
                            <Link href={`/debugger?case=${c.id}`} className={small} aria-label={`${t('cases.edit')} ${c.name}`}>
                              {t('cases.edit')}
                            </Link>
                            <button type="button" className={small} onClick={() => setConfirming(c.id)} aria-label={`${t('cases.delete')} ${c.name}`}>
                              {t('cases.delete')}
                            </button>
                          </span>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {lastRun && (
        <section aria-labelledby="last-run-title" className={card}>
          <h2 id="last-run-title" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
            {t('run.title', { id: lastRun.runId })}
            <VerdictBadge pass={lastRun.failed === 0} />
            <span data-testid="run-summary" className="text-sm font-normal text-slate-600">
              {t('run.summary', { passed: lastRun.passed, failed: lastRun.failed })}
            </span>
          </h2>
          <RunResults results={lastRun.results} />
        </section>
      )}

      <History runs={runs.data ?? []} loading={runs.isFetching && !runs.data} error={runs.isError ? (runs.error as Error).message : undefined} />
    </div>
  );
}

/** Newest first: a small square per result, green for pass, red for fail. */
function Trend({ values }: { values: boolean[] }) {
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

function RunResults({ results }: { results: ResultRow[] }) {
  const t = useT(messages);
  if (!results.length) return <p className="mt-3 text-sm text-slate-600">{t('run.noResults')}</p>;
  return (
    <ul className="mt-3 space-y-2" aria-label={t('run.details')}>
      {results.map((r) => (
        <li key={r.id} data-testid="run-result" className="rounded border border-slate-200">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-2 p-2 text-sm focus-visible:outline-2 focus-visible:outline-red-700">
              <VerdictBadge pass={r.pass} />
              <span className="font-medium">{r.caseName ?? r.step ?? r.activity}</span>
              <span className="font-mono text-xs text-slate-600">{r.activity}</span>
              <span className="font-mono text-xs">{r.resultCode ?? '—'}</span>
              <span className="text-xs text-slate-500">{r.durationMs} ms</span>
            </summary>
            <div className="space-y-2 border-t border-slate-200 p-3">
              <Checks checks={r.checks} />
              <pre tabIndex={0} aria-label={t('result.request')} className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs">
                {`POST ${r.requestUrl}\n\n${r.requestBody}`}
              </pre>
              {r.responseBody !== null && (
                <pre tabIndex={0} aria-label={t('result.response')} className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs">
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

function History({ runs, loading, error }: { runs: RunRow[]; loading: boolean; error?: string }) {
  const t = useT(messages);
  const [open, setOpen] = useState<string>();
  const results = useQuery({
    queryKey: queryKeys.debugger.run(open ?? ''),
    queryFn: () => consoleFetch<{ results: ResultRow[] }>(`/api/console/debugger/runs/${open}`).then((r) => r.results),
    enabled: !!open,
  });
  const runAlls = runs.filter((r) => r.trigger === 'run_all').slice(0, 20).reverse();
  return (
    <section aria-labelledby="history-title" className={card}>
      <h2 id="history-title" className="text-lg font-semibold">
        {t('history.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('history.intro')}</p>
      {runAlls.length > 0 && (
        <figure className="mt-4">
          <figcaption className="text-xs text-slate-600">{t('history.trend', { count: runAlls.length })}</figcaption>
          <div className="mt-1 flex h-16 items-end gap-1" data-testid="run-trend">
            {runAlls.map((r) => {
              const total = r.passed + r.failed;
              const ratio = total ? r.passed / total : 0;
              const label = t('history.trendBar', { id: r.id, passed: r.passed, total });
              return (
                <span key={r.id} role="img" aria-label={label} title={label} className="flex h-full w-4 flex-col justify-end rounded-sm bg-red-200">
                  <span className="block rounded-sm bg-emerald-500" style={{ height: `${Math.round(ratio * 100)}%` }} />
                </span>
              );
            })}
          </div>
        </figure>
      )}
      {error && (
        <p role="alert" className="mt-3 text-sm text-red-800">
          {t('error', { error })}
        </p>
      )}
      {loading && <p className="mt-3 text-sm text-slate-600">{t('loading')}</p>}
      {!loading && runs.length === 0 && <p className="mt-3 text-sm text-slate-600">{t('history.empty')}</p>}
      {runs.length > 0 && (
        <div className="mt-4 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-200 text-sm" aria-labelledby="history-title">
            <thead>
              <tr>
                <th className={th}>{t('history.when')}</th>
                <th className={th}>{t('history.trigger')}</th>
                <th className={th}>{t('history.who')}</th>
                <th className={th}>{t('history.outcome')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {runs.map((r) => (
                <tr key={r.id} data-testid="history-row">
                  <td className={`${td} whitespace-nowrap text-xs`}>
                    <button
                      type="button"
                      aria-expanded={open === r.id}
                      aria-label={t('history.open', { id: r.id })}
                      onClick={() => setOpen(open === r.id ? undefined : r.id)}
                      className="text-left text-red-800 underline focus-visible:outline-2 focus-visible:outline-red-700"
                    >
                      <LocalTime iso={r.startedAt} />
                    </button>
                    {open === r.id && (
                      <div className="mt-2 min-w-[18rem] whitespace-normal">
                        {results.isLoading && <p className="text-slate-600">{t('loading')}</p>}
                        {results.isError && <p role="alert" className="text-red-800">{t('error', { error: (results.error as Error).message })}</p>}
                        {results.data && <RunResults results={results.data} />}
                      </div>
                    )}
                  </td>
                  <td className={`${td} text-xs`}>{t(`trigger.${r.trigger}` as Key)}</td>
                  <td className={`${td} break-all text-xs`}>{r.triggeredBy}</td>
                  <td className={`${td} text-xs`}>
                    <span className="flex flex-wrap items-center gap-1">
                      <VerdictBadge pass={r.failed === 0} />
                      {t('run.summary', { passed: r.passed, failed: r.failed })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
