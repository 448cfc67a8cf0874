'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { consoleFetch, StatusBadge, TestBadge } from '@/components/instances/ui';
import {
  CHARGING_MODES,
  DEFAULT_LIMIT,
  filtersToSearch,
  INSTANCE_STATUSES,
  parseInstanceFilters,
  type InstanceFilters,
  type InstanceSort,
} from '@/lib/instances/filters';
import type { InstancePage } from '@/lib/instances/queries';
import { queryKeys } from '@/lib/queryKeys';
import { useLocale, useT } from '@/lib/i18n/client';
import terms, { term } from '@/lib/i18n/messages/terms';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/instances';

const SELECT = 'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-red-700';
const SORT_LABEL = { id: 'col.instance', status: 'col.status', expire: 'col.expires', created: 'col.created' } as const satisfies Record<InstanceSort, string>;
const BUTTON = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-offset-1 focus:outline-red-700 disabled:opacity-50';

function SortHeader(props: {
  sort: InstanceSort;
  label: string;
  className?: string;
  current: InstanceSort;
  dir: 'asc' | 'desc';
  onSort: (s: InstanceSort) => void;
}) {
  const active = props.current === props.sort;
  return (
    <th scope="col" aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined} className={`px-3 py-2 font-medium ${props.className ?? ''}`}>
      <button type="button" onClick={() => props.onSort(props.sort)} className="rounded hover:text-red-700 focus:outline-2 focus:outline-red-700">
        {props.label}
        {active ? (props.dir === 'asc' ? ' ↑' : ' ↓') : ''}
      </button>
    </th>
  );
}

/** The list's filters live in the URL: a link reproduces the view, and Back steps through earlier views. */
export function InstancesView({ initialFilters, initialData }: { initialFilters: InstanceFilters; initialData: InstancePage }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = parseInstanceFilters(params);
  const search = filtersToSearch(filters);
  const [q, setQ] = useState(filters.q ?? '');
  const t = useT(messages);
  const tt = useT(terms);
  const locale = useLocale();
  const num = (n: number) => n.toLocaleString(LOCALE_TAGS[locale]);

  const { data, error, isFetching, refetch } = useQuery({
    queryKey: queryKeys.instances.list(filters),
    queryFn: () => consoleFetch<InstancePage>(`/api/console/instances?${search}`, undefined, locale),
    initialData: search === filtersToSearch(initialFilters) ? initialData : undefined,
    placeholderData: keepPreviousData,
  });

  const apply = (change: Partial<InstanceFilters>) => {
    // any change but paging starts again on page 1; what is typed in the search box counts even before Enter
    const next = { ...filters, q: q.trim() || undefined, page: undefined, ...change };
    const s = filtersToSearch(next);
    router.push(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };
  const sortBy = (sort: InstanceSort) =>
    apply({ sort, dir: (filters.sort ?? 'created') === sort && (filters.dir ?? 'desc') === 'desc' ? 'asc' : 'desc' });
  const sortProps = { current: filters.sort ?? 'created', dir: filters.dir ?? 'desc', onSort: sortBy };
  const page = data?.page ?? 1;
  const limit = data?.limit ?? DEFAULT_LIMIT;
  const pages = data ? Math.max(1, Math.ceil(data.total / limit)) : 1;
  const filtered = Boolean(filters.q || filters.status || filters.chargingMode || filters.test);

  return (
    <div className="mt-6 space-y-4">
      <section aria-label={t('filters')} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <form
          role="search"
          aria-label={t('searchLabel')}
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            apply({ q: q.trim() || undefined });
          }}
        >
          <label className="min-w-0 flex-1 basis-64">
            <span className="text-sm font-medium">{t('search')}</span>
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('searchPlaceholder')}
              className="mt-1 w-full rounded border border-slate-300 px-3 py-1.5 text-sm focus:outline-2 focus:outline-red-700"
            />
          </label>
          <button type="submit" className="rounded bg-red-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-800 focus:outline-2 focus:outline-offset-2 focus:outline-red-700">
            {t('search')}
          </button>
        </form>
        <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
          <label className="block text-sm">
            <span className="font-medium">{t('status')}</span>
            <select className={SELECT} value={filters.status ?? ''} onChange={(e) => apply({ status: (e.target.value || undefined) as InstanceFilters['status'] })}>
              <option value="">{t('allStatuses')}</option>
              {INSTANCE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            <span className="font-medium">{t('chargingMode')}</span>
            <select className={SELECT} value={filters.chargingMode ?? ''} onChange={(e) => apply({ chargingMode: e.target.value || undefined })}>
              <option value="">{t('allChargingModes')}</option>
              {CHARGING_MODES.map((m) => (
                <option key={m} value={m}>
                  {term(tt, 'chargingMode', m)}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            <span className="font-medium">{t('testOrReal')}</span>
            <select className={SELECT} value={filters.test ?? ''} onChange={(e) => apply({ test: (e.target.value || undefined) as InstanceFilters['test'] })}>
              <option value="">{t('testAndReal')}</option>
              <option value="real">{t('realOnly')}</option>
              <option value="test">{t('testOnly')}</option>
            </select>
          </label>
        </div>
      </section>

      <div aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {isFetching ? t('loading') : data ? (data.total === 1 ? t('countOne') : t('count', { n: num(data.total) })) : ''}
      </div>

      {error && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p>{(error as Error).message}</p>
          <button type="button" onClick={() => refetch()} className={`${BUTTON} mt-2`}>
            {t('retry')}
          </button>
        </div>
      )}

      {data && data.rows.length === 0 && (
        <div className="rounded-lg border border-slate-200 bg-white p-8 text-center text-slate-600 shadow-sm">
          <p>{filtered ? t('noMatch') : t('none')}</p>
          {filtered && (
            <button
              type="button"
              className={`${BUTTON} mt-3`}
              onClick={() => {
                setQ('');
                router.push(pathname, { scroll: false });
              }}
            >
              {t('clearFilters')}
            </button>
          )}
        </div>
      )}

      {data && data.rows.length > 0 && (
        <div className={`relative overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm ${isFetching ? 'opacity-70' : ''}`}>
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">{t('caption', { sort: t(SORT_LABEL[filters.sort ?? 'created']) })}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <SortHeader {...sortProps} sort="id" label={t('col.instance')} className="lg:w-72" />
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
                  {t('col.customer')}
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                  {t('col.product')}
                </th>
                <SortHeader {...sortProps} sort="status" label={t('col.status')} className="w-28" />
                <SortHeader {...sortProps} sort="expire" label={t('col.expires')} className="hidden w-28 sm:table-cell" />
                <SortHeader {...sortProps} sort="created" label={t('col.created')} className="hidden w-28 md:table-cell" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.rows.map((r) => (
                <tr key={r.id} className="align-top hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link href={`/instances/${encodeURIComponent(r.id)}`} className="break-all font-mono text-xs text-red-700 underline-offset-2 hover:underline focus:outline-2 focus:outline-red-700">
                      {r.id}
                    </Link>
                    <div className="mt-0.5 break-all text-xs text-slate-500">{t('order', { id: r.orderId })}</div>
                    <div className="mt-0.5 text-xs text-slate-500 lg:hidden">{r.customerName ?? r.customerId ?? '—'}</div>
                  </td>
                  <td className="hidden px-3 py-2 lg:table-cell">
                    <div className="truncate">{r.customerName ?? '—'}</div>
                    <div className="truncate text-xs text-slate-500">{r.customerId}</div>
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">
                    <div className="truncate">{r.productName ?? r.productId ?? '—'}</div>
                    <div className="truncate text-xs text-slate-500">
                      {r.skuCode ?? ''} {r.chargingMode ? `· ${term(tt, 'chargingMode', r.chargingMode)}` : ''}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-1">
                      <StatusBadge status={r.status} />
                      <TestBadge test={r.testFlag} />
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 sm:table-cell">{r.expireTime ? <LocalTime iso={r.expireTime} precision="date" /> : '—'}</td>
                  <td className="hidden px-3 py-2 md:table-cell"><LocalTime iso={r.createdAt} precision="date" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {data && data.total > limit && (
        <nav aria-label={t('pages')} className="flex items-center justify-between gap-2 text-sm">
          <button type="button" className={BUTTON} disabled={page <= 1} onClick={() => apply({ page: page - 1 })}>
            {t('previous')}
          </button>
          <span>{t('pageOf', { page: num(page), pages: num(pages) })}</span>
          <button type="button" className={BUTTON} disabled={page >= pages} onClick={() => apply({ page: page + 1 })}>
            {t('next')}
          </button>
        </nav>
      )}
    </div>
  );
}
