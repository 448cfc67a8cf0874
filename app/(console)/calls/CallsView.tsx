'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { LocalTime, useIsClient } from '@/components/LocalTime';
import { useConfirm } from '@/components/ui';
import type { CallPage, CallSummary, Failure } from '@/lib/calls/queries';
import { queryKeys } from '@/lib/queryKeys';
import { useLocale, useT } from '@/lib/i18n/client';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/calls';
import { Countdown } from './Countdown';
import { verdictText, type CallsT } from './words';
import { ACTIVITY_NAMES } from '@/lib/marketplace/names';
import { ResultCode } from '@/lib/marketplace/resultCodes';
import { TIME_INPUT_FORMAT } from '@/lib/datetime';
import { readFilterForm, TimeInput } from '@/components/TimeInput';
import { api, errorOf } from '@/lib/client/api';

const FILTER_KEYS = ['direction', 'activity', 'resultCode', 'outcome', 'from', 'to', 'id', 'testFlag', 'jobId'] as const;
// the marketplace's calls, and the Query Order calls this app makes
const ACTIVITIES: string[] = [...ACTIVITY_NAMES, 'queryOrder'];
// the production interfaces' result codes (spec §6); outbound calls record an HTTP status or the API's own code
const RESULT_CODES: string[] = Object.values(ResultCode);

const getJson = <T,>(url: string): Promise<T> => api<T>(url);

export function CallsView(props: {
  view: 'all' | 'failures';
  initialPage?: CallPage;
  initialFailures?: { now: string; failures: Failure[] };
  filterError?: string;
  pageSize: number;
  canReinvoke?: boolean;
}) {
  const search = useSearchParams();
  const filters = useMemo(() => {
    const f: Record<string, string> = {};
    for (const k of FILTER_KEYS) {
      const v = search.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [search]);
  const t = useT(messages);
  return (
    <>
      <Tabs view={props.view} />
      {props.view === 'failures' ? (
        <FailuresTable initial={props.initialFailures} canReinvoke={!!props.canReinvoke} />
      ) : (
        <>
          <FilterForm filters={filters} />
          {props.filterError ? (
            <p role="alert" className="mt-4 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
              {t('filterError', { error: props.filterError })}
            </p>
          ) : (
            // a new key for new filters: the loaded pages start over
            <CallTable key={JSON.stringify(filters)} filters={filters} initial={props.initialPage} pageSize={props.pageSize} />
          )}
        </>
      )}
    </>
  );
}

function Tabs({ view }: { view: 'all' | 'failures' }) {
  const t = useT(messages);
  const tab = (active: boolean) =>
    `rounded px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 ${active ? 'bg-red-700 text-white' : 'text-slate-700 hover:bg-slate-200'}`;
  return (
    <nav aria-label={t('views')} className="mt-4 flex gap-1">
      <Link href="/calls" aria-current={view === 'all' ? 'page' : undefined} className={tab(view === 'all')}>
        {t('allCalls')}
      </Link>
      <Link href="/calls?view=failures" aria-current={view === 'failures' ? 'page' : undefined} className={tab(view === 'failures')}>
        {t('failures')}
      </Link>
    </nav>
  );
}

const inputCls =
  'mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-red-700 focus-visible:outline-2 focus-visible:outline-red-700';

function FilterForm({ filters }: { filters: Record<string, string> }) {
  const router = useRouter();
  const pathname = usePathname();
  const client = useIsClient();
  const t = useT(messages);
  const [timeErrors, setTimeErrors] = useState<Partial<Record<(typeof FILTER_KEYS)[number], string>>>({});
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // the URL holds absolute times, so a shared link shows the same calls in any time zone
    const { query, errors } = readFilterForm(new FormData(e.currentTarget), FILTER_KEYS, ['from', 'to'], t('timeFormat', { format: TIME_INPUT_FORMAT }));
    setTimeErrors(errors);
    if (Object.keys(errors).length === 0) router.push(query.size ? `${pathname}?${query}` : pathname);
  }
  const field = (name: string, label: string, control: React.ReactNode) => (
    <label className="block text-sm text-slate-600" htmlFor={`f-${name}`}>
      {label}
      {control}
    </label>
  );
  return (
    <form
      aria-label={t('filters')}
      onSubmit={submit}
      // the form's defaults follow the URL (back/forward, links)
      key={JSON.stringify(filters) + String(client)}
      className="mt-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-5"
    >
      {field(
        'direction',
        t('direction'),
        <select id="f-direction" name="direction" defaultValue={filters.direction ?? ''} className={inputCls}>
          <option value="">{t('any')}</option>
          <option value="inbound">{t('inbound')}</option>
          <option value="outbound">{t('outbound')}</option>
        </select>,
      )}
      {field(
        'activity',
        t('activity'),
        <select id="f-activity" name="activity" defaultValue={filters.activity ?? ''} className={inputCls}>
          <option value="">{t('any')}</option>
          {/* a value from a shared link that is not in the list stays selectable */}
          {[...ACTIVITIES, ...(filters.activity && !ACTIVITIES.includes(filters.activity) ? [filters.activity] : [])].map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>,
      )}
      {field(
        'resultCode',
        t('resultCode'),
        <select id="f-resultCode" name="resultCode" defaultValue={filters.resultCode ?? ''} className={inputCls}>
          <option value="">{t('any')}</option>
          {[...RESULT_CODES, ...(filters.resultCode && !RESULT_CODES.includes(filters.resultCode) ? [filters.resultCode] : [])].map((c) => (
            <option key={c} value={c}>
              {`resultCode.${c}` in messages.en ? `${c} · ${t(`resultCode.${c}` as never)}` : c}
            </option>
          ))}
        </select>,
      )}
      {field(
        'outcome',
        t('outcome'),
        <select id="f-outcome" name="outcome" defaultValue={filters.outcome ?? ''} className={inputCls}>
          <option value="">{t('any')}</option>
          <option value="success">{t('success')}</option>
          <option value="failure">{t('failure')}</option>
        </select>,
      )}
      {field(
        'testFlag',
        t('testFlag'),
        <select id="f-testFlag" name="testFlag" defaultValue={filters.testFlag ?? ''} className={inputCls}>
          <option value="">{t('any')}</option>
          <option value="1">{t('testCalls')}</option>
          <option value="0">{t('realCalls')}</option>
        </select>,
      )}
      {field('id', t('targetId'), <input id="f-id" name="id" defaultValue={filters.id ?? ''} className={inputCls} autoComplete="off" />)}
      {(['from', 'to'] as const).map((k) => field(k, t(k === 'from' ? 'from' : 'until'), <TimeInput key={k} name={k} iso={filters[k]} error={timeErrors[k]} className={inputCls} />))}
      {filters.jobId && <input type="hidden" name="jobId" value={filters.jobId} />}
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1 lg:col-span-2">
        <button
          type="submit"
          className="rounded bg-red-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          {t('apply')}
        </button>
        <Link href="/calls" className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-red-700">
          {t('clear')}
        </Link>
        {filters.jobId && <span className="text-xs text-slate-500">{t('job', { id: filters.jobId })}</span>}
      </div>
    </form>
  );
}

/** Newest first by (createdAt, id): the order of the server's keyset. */
function compareCalls(a: CallSummary, b: CallSummary): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.id.length !== b.id.length) return b.id.length - a.id.length;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function CallTable({ filters, initial, pageSize }: { filters: Record<string, string>; initial?: CallPage; pageSize: number }) {
  const t = useT(messages);
  const locale = useLocale();
  const qs = new URLSearchParams({ ...filters, limit: String(pageSize) });
  // the first page refreshes every 5 s, so new calls appear without reloading
  const head = useQuery({
    queryKey: queryKeys.calls.list(filters),
    queryFn: () => getJson<CallPage>(`/api/console/calls?${qs}`),
    initialData: initial,
    refetchInterval: 5_000,
  });
  // Older pages continue from where the FIRST head page ended; call rows never change once written, so the head's
  // refreshes and the older pages are merged by id. (More than one page of new calls within 5 s would leave a gap
  // until the next reload.)
  const [anchor] = useState<string | null | undefined>(() => initial?.nextCursor);
  const [older, setOlder] = useState<{ calls: CallSummary[]; cursor: string | null | undefined; loading: boolean; error?: string }>({
    calls: [],
    cursor: undefined,
    loading: false,
  });
  const nextCursor = older.cursor === undefined ? (anchor !== undefined ? anchor : head.data?.nextCursor) : older.cursor;

  async function loadMore() {
    if (!nextCursor) return;
    setOlder((o) => ({ ...o, loading: true, error: undefined }));
    try {
      const page = await getJson<CallPage>(`/api/console/calls?${qs}&cursor=${encodeURIComponent(nextCursor)}`);
      setOlder((o) => ({ calls: [...o.calls, ...page.calls], cursor: page.nextCursor, loading: false }));
    } catch (err) {
      setOlder((o) => ({ ...o, loading: false, error: (err as Error).message }));
    }
  }

  const rows = useMemo(() => {
    const byId = new Map<string, CallSummary>();
    for (const c of [...(initial?.calls ?? []), ...(head.data?.calls ?? []), ...older.calls]) byId.set(c.id, c);
    return [...byId.values()].sort(compareCalls);
  }, [initial, head.data, older.calls]);

  if (head.isPending) return <Panel role="status">{t('loadingCalls')}</Panel>;
  if (head.isError && !rows.length) {
    return (
      <Panel role="alert">
        {t('couldNotLoad', { error: head.error.message })}
        <RetryButton onClick={() => head.refetch()} label={t('retry')} />
      </Panel>
    );
  }
  if (!rows.length) return <Panel>{Object.keys(filters).length ? t('noMatch') : t('none')}</Panel>;
  return (
    <section aria-label={t('calls')} className="relative mt-4 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      {head.isError && (
        <p role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          {t('refreshFailed', { error: head.error.message })}
        </p>
      )}
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t('col.time')}
              </th>
              <th scope="col" className="px-3 py-2">
                {t('col.activity')}
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                {t('col.target')}
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                {t('col.result')}
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                {t('col.signature')}
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">
                {t('col.ms')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-testid="call-row" className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                <td className="px-3 py-2 sm:whitespace-nowrap">
                  <Link href={`/calls/${c.id}`} className="text-red-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700" aria-label={t('callLink', { id: c.id })}>
                    <LocalTime iso={c.createdAt} />
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <span className="whitespace-nowrap">
                    <span className="mr-1 text-slate-400" title={t(c.direction === 'inbound' ? 'inbound' : 'outbound')} aria-label={t(c.direction === 'inbound' ? 'inbound' : 'outbound')}>
                      {c.direction === 'inbound' ? '→' : '←'}
                    </span>
                    {c.activity ?? '—'}
                  </span>
                  {c.testFlag && <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">{t('test')}</span>}
                  <span className="mt-1 block sm:hidden">
                    <Outcome success={c.success} code={c.resultCode ?? (c.responseStatus ? `HTTP ${c.responseStatus}` : null)} />
                  </span>
                  <span className="block max-w-48 truncate text-xs text-slate-500 md:hidden">{c.instanceId ?? c.orderId ?? ''}</span>
                </td>
                <td className="hidden max-w-56 truncate px-3 py-2 text-slate-600 md:table-cell">
                  {c.orderId ?? ''}
                  {c.orderId && c.instanceId ? ' · ' : ''}
                  {c.instanceId ?? ''}
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">
                  <Outcome success={c.success} code={c.resultCode ?? (c.responseStatus ? `HTTP ${c.responseStatus}` : null)} />
                </td>
                <td className="hidden px-3 py-2 text-slate-600 sm:table-cell">{c.signatureVerdict ? verdictText(t, c.signatureVerdict) : '—'}</td>
                <td className="hidden px-3 py-2 text-right tabular-nums text-slate-600 sm:table-cell">{c.durationMs.toLocaleString(LOCALE_TAGS[locale])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex items-center gap-3 border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
        {nextCursor ? (
          <button
            type="button"
            onClick={loadMore}
            disabled={older.loading}
            className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-red-700 disabled:opacity-60"
          >
            {older.loading ? t('loading') : t('loadMore')}
          </button>
        ) : (
          <span>{t('end')}</span>
        )}
        {older.error && <span role="alert" className="text-red-800">{t('couldNotLoadMore', { error: older.error })}</span>}
        <span className="ml-auto text-xs" aria-live="polite">
          {t('shown', { n: rows.length.toLocaleString(LOCALE_TAGS[locale]) })}
        </span>
      </div>
    </section>
  );
}

export function Outcome({ success, code }: { success: boolean; code: string | null }) {
  const t = useT(messages);
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <span
        className={`rounded px-1.5 py-0.5 text-xs font-medium ${success ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'}`}
      >
        {success ? t('ok') : t('failed')}
      </span>
      {code && <span className="font-mono text-xs text-slate-700">{code}</span>}
    </span>
  );
}

function Panel({ children, role }: { children: React.ReactNode; role?: 'status' | 'alert' }) {
  return (
    <div role={role} className={`mt-4 rounded-lg border p-6 shadow-sm ${role === 'alert' ? 'border-red-200 bg-red-50 text-red-900' : 'border-slate-200 bg-white text-slate-600'}`}>
      {children}
    </div>
  );
}

function RetryButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="ml-3 rounded border border-red-300 bg-white px-3 py-1 text-sm text-red-900 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-700"
    >
      {label}
    </button>
  );
}

function windowText(t: CallsT, f: Failure): string {
  if (f.retryWindowMs === null) return f.activity === 'queryInstance' ? t('polled') : t('noRetry');
  const h = f.retryWindowMs / 3_600_000;
  return t(f.afterwards === 'refund' ? 'retriedRefunded' : 'retriedAbandoned', { h });
}

function FailuresTable({ initial, canReinvoke }: { initial?: { now: string; failures: Failure[] }; canReinvoke: boolean }) {
  const qc = useQueryClient();
  const t = useT(messages);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<{ pending: boolean; summary?: string; ok?: boolean }>({ pending: false });
  const confirm = useConfirm();
  const q = useQuery({
    queryKey: queryKeys.calls.failures(),
    queryFn: () => getJson<{ now: string; failures: Failure[] }>('/api/console/calls/failures'),
    initialData: initial,
    refetchInterval: 5_000,
  });
  if (q.isPending) return <Panel role="status">{t('loadingFailures')}</Panel>;
  if (q.isError) {
    return (
      <Panel role="alert">
        {t('failuresCouldNotLoad', { error: q.error.message })}
        <RetryButton onClick={() => q.refetch()} label={t('retry')} />
      </Panel>
    );
  }
  const { failures } = q.data;
  if (!failures.length) {
    return (
      <>
        {bulk.summary && <BulkSummary text={bulk.summary} ok={bulk.ok} />}
        <Panel>{t('noFailures')}</Panel>
      </>
    );
  }
  const shown = new Set(failures.map((f) => f.lastCallId));
  const chosen = [...selected].filter((id) => shown.has(id));
  async function reinvokeSelected() {
    const question = chosen.length === 1 ? t('confirmBulkOne') : t('confirmBulk', { n: chosen.length });
    if (!(await confirm({ title: question, message: t('bulkIntro'), confirmLabel: t('reinvoke') }))) return;
    setBulk({ pending: true });
    try {
      const res = await fetch('/api/console/calls/reinvoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids: chosen }),
      });
      if (!res.ok) throw await errorOf(res);
      const body = (await res.json()) as { results?: { ok: boolean; success?: boolean; error?: string }[] };
      if (!body.results) throw new Error(`HTTP ${res.status}`);
      const succeeded = body.results.filter((r) => r.ok && r.success).length;
      const failing = body.results.filter((r) => r.ok && !r.success).length;
      const refused = body.results.filter((r) => !r.ok).length;
      setBulk({
        pending: false,
        ok: failing + refused === 0,
        summary: t(refused ? 'bulkSummaryRefused' : 'bulkSummary', { n: body.results.length, succeeded, failing, refused }),
      });
      setSelected(new Set());
      await qc.invalidateQueries({ queryKey: queryKeys.calls.all });
    } catch (err) {
      setBulk({ pending: false, ok: false, summary: t('bulkFailed', { error: (err as Error).message }) });
    }
  }
  return (
    <section aria-label={t('failures')} className="relative mt-4 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <p className="border-b border-slate-200 px-4 py-2 text-sm text-slate-600">
        {t('failuresIntro')}
      </p>
      {canReinvoke && (
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2 text-sm">
          <button
            type="button"
            disabled={!chosen.length || bulk.pending}
            onClick={reinvokeSelected}
            className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-50"
          >
            {bulk.pending ? t('reinvoking') : t('reinvokeSelected', { n: chosen.length })}
          </button>
          <span className="text-slate-500">{t('bulkIntro')}</span>
        </div>
      )}
      {bulk.summary && <BulkSummary text={bulk.summary} ok={bulk.ok} />}
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {canReinvoke && (
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t('select')}</span>
                </th>
              )}
              <th scope="col" className="px-3 py-2">
                {t('col.deadline')}
              </th>
              <th scope="col" className="px-3 py-2">
                {t('col.activity')}
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                {t('col.target')}
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                {t('col.lastResult')}
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                {t('col.attempts')}
              </th>
              <th scope="col" className="hidden px-3 py-2 lg:table-cell">
                {t('col.firstFailure')}
              </th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={`${f.activity}|${f.target}`} data-testid="failure-row" className="border-b border-slate-100 align-top last:border-0">
                {canReinvoke && (
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label={t('selectRow', { activity: f.activity ?? t('call'), target: f.orderId ?? f.instanceId ?? f.target })}
                      checked={selected.has(f.lastCallId)}
                      onChange={(e) => {
                        const next = new Set(selected);
                        if (e.target.checked) next.add(f.lastCallId);
                        else next.delete(f.lastCallId);
                        setSelected(next);
                      }}
                    />
                  </td>
                )}
                <td className="px-3 py-2">
                  {f.deadline && f.afterwards ? (
                    <Countdown deadline={f.deadline} afterwards={f.afterwards} serverNow={q.data.now} />
                  ) : (
                    <span className="text-slate-500">—</span>
                  )}
                  <div className="text-xs text-slate-500">{windowText(t, f)}</div>
                </td>
                <td className="px-3 py-2">
                  <Link href={`/calls/${f.lastCallId}`} className="whitespace-nowrap text-red-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-red-700">
                    {f.activity ?? t('noActivity')}
                  </Link>
                  {f.testFlag && <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600">{t('test')}</span>}
                  <span className="mt-1 block font-mono text-xs sm:hidden">{f.resultCode}</span>
                  <span className="block max-w-40 truncate text-xs text-slate-500 md:hidden">{f.orderId ?? f.instanceId ?? ''}</span>
                </td>
                <td className="hidden max-w-56 px-3 py-2 text-slate-600 md:table-cell">
                  {f.orderId && <div className="truncate" title={f.orderId}>{f.orderId}</div>}
                  {f.orderLineId && <div className="truncate text-xs" title={f.orderLineId}>
                      {t('line', { id: f.orderLineId })}
                    </div>}
                  {f.instanceId && (
                    <Link href={`/instances/${encodeURIComponent(f.instanceId)}`} className="block truncate text-red-800 hover:underline">
                      {f.instanceId}
                    </Link>
                  )}
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">
                  <span className="font-mono text-xs">{f.resultCode}</span>
                  <div className="line-clamp-2 max-w-72 break-words text-xs text-slate-500">{f.resultMsg}</div>
                </td>
                <td className="hidden px-3 py-2 tabular-nums sm:table-cell">{f.attempts}</td>
                <td className="hidden whitespace-nowrap px-3 py-2 text-slate-600 lg:table-cell">
                  <LocalTime iso={f.firstFailureAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function BulkSummary({ text, ok }: { text: string; ok?: boolean }) {
  return (
    <p role="status" className={`border-b border-slate-200 px-4 py-2 text-sm ${ok ? 'text-green-700' : 'text-red-700'}`}>
      {text}
    </p>
  );
}
