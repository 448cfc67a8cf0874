'use client';

import { LocalTime } from '@/components/LocalTime';
import type { Column } from '@/components/ui';
import type { InstanceSort } from '@/lib/instances/filters';
import type { InstanceRow } from '@/lib/instances/queries';
import type { Translate } from '@/lib/i18n/core';
import type messages from '@/lib/i18n/messages/instances';
import type terms from '@/lib/i18n/messages/terms';
import { term } from '@/lib/i18n/messages/terms';
import { StatusBadge, TestBadge } from './ui';

type T = Translate<keyof (typeof messages)['en']>;
type TermsT = Translate<keyof (typeof terms)['en']>;

export interface SortState {
  sort: InstanceSort;
  dir: 'asc' | 'desc';
  onSort: (sort: InstanceSort) => void;
}

/** A sortable column's header: a button that sorts by it (again: the other way round). */
function SortButton({ by, label, state }: { by: InstanceSort; label: string; state: SortState }) {
  const active = state.sort === by;
  return (
    <button type="button" onClick={() => state.onSort(by)} className="rounded uppercase tracking-wide hover:text-red-700 focus-visible:outline-2 focus-visible:outline-red-700">
      {label}
      {active ? (state.dir === 'asc' ? ' ↑' : ' ↓') : ''}
    </button>
  );
}

const dash = (v: string | null | undefined) => v || '—';

/** A value that is data, not words (ids, names as the marketplace sent them), with an optional second line. */
function data(main: string, sub?: string | null, className = 'break-words') {
  return (
    <span translate="no" className={className}>
      {main}
      {sub && <span className="block text-xs text-slate-500">{sub}</span>}
    </span>
  );
}

/** The instance list's columns: the id (the row's link) with its order, customer, product, status, dates. */
export function instanceColumns(t: T, tt: TermsT, sort: SortState): Column<InstanceRow>[] {
  const sortable = (key: InstanceSort, header: string) => ({
    key,
    header: <SortButton by={key} label={header} state={sort} />,
    label: header,
    sorted: sort.sort === key ? (sort.dir === 'asc' ? ('ascending' as const) : ('descending' as const)) : undefined,
  });
  return [
    { ...sortable('id', t('col.instance')), className: 'lg:w-72', cell: (r) => data(r.id, undefined, 'break-all font-mono text-xs') },
    { key: 'order', header: t('orderField'), hideBelow: 'lg', cell: (r) => data(r.orderId, undefined, 'break-all text-xs') },
    { key: 'customer', header: t('col.customer'), cell: (r) => data(dash(r.customerName ?? r.customerId), r.customerName ? r.customerId : null) },
    {
      key: 'product',
      header: t('col.product'),
      hideBelow: 'md',
      cell: (r) => (
        <>
          {data(dash(r.productName ?? r.productId))}
          <span className="block text-xs text-slate-500">
            <span translate="no">{r.skuCode ?? ''}</span> {r.chargingMode ? `· ${term(tt, 'chargingMode', r.chargingMode)}` : ''}
          </span>
        </>
      ),
    },
    {
      ...sortable('status', t('col.status')),
      className: 'sm:w-28',
      cell: (r) => (
        <span className="flex flex-wrap gap-1">
          <StatusBadge status={r.status} />
          <TestBadge test={r.testFlag} />
        </span>
      ),
    },
    { ...sortable('expire', t('col.expires')), className: 'sm:w-28', cell: (r) => (r.expireTime ? <LocalTime iso={r.expireTime} precision="date" /> : '—') },
    { ...sortable('created', t('col.created')), className: 'sm:w-28', hideBelow: 'md', cell: (r) => <LocalTime iso={r.createdAt} precision="date" /> },
  ];
}
