'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { instanceColumns } from '@/components/instances/instanceColumns';
import { InstanceFilters } from '@/components/instances/InstanceFilters';
import { Button, DataTable, StatePanel, cx } from '@/components/ui';
import { useInstances } from '@/lib/client/hooks/instances';
import { DEFAULT_LIMIT, filtersToSearch, parseInstanceFilters, type InstanceFilters as Filters, type InstanceSort } from '@/lib/instances/filters';
import type { InstancePage } from '@/lib/instances/queries';
import { useLocale, useT } from '@/lib/i18n/client';
import { LOCALE_TAGS } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/instances';
import terms from '@/lib/i18n/messages/terms';

const SORT_LABEL = { id: 'col.instance', status: 'col.status', expire: 'col.expires', created: 'col.created' } as const satisfies Record<InstanceSort, string>;

/** The list's filters live in the URL: a link reproduces the view, and Back steps through earlier views. */
export function InstancesView({ initialFilters, initialData }: { initialFilters: Filters; initialData: InstancePage }) {
  const router = useRouter();
  const pathname = usePathname();
  const filters = parseInstanceFilters(useSearchParams());
  const [q, setQ] = useState(filters.q ?? '');
  const t = useT(messages);
  const tt = useT(terms);
  const locale = useLocale();
  const num = (n: number) => n.toLocaleString(LOCALE_TAGS[locale]);
  const query = useInstances(filters, filtersToSearch(filters) === filtersToSearch(initialFilters) ? initialData : undefined);
  const { data, isFetching } = query;

  const go = (next: Filters) => {
    const s = filtersToSearch(next);
    router.push(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };
  // any change but paging starts again on page 1; what is typed in the search box counts even before Enter
  const apply = (change: Partial<Filters>) => go({ ...filters, q: q.trim() || undefined, page: undefined, ...change });
  const sort = filters.sort ?? 'created';
  const dir = filters.dir ?? 'desc';
  const onSort = (by: InstanceSort) => apply({ sort: by, dir: sort === by && dir === 'desc' ? 'asc' : 'desc' });
  const page = data?.page ?? 1;
  const limit = data?.limit ?? DEFAULT_LIMIT;
  const pages = data ? Math.max(1, Math.ceil(data.total / limit)) : 1;
  const filtered = Boolean(filters.q || filters.status || filters.chargingMode || filters.test);
  const clear = () => {
    setQ('');
    go({});
  };

  return (
    <div className="mt-6 space-y-4">
      <InstanceFilters filters={filters} q={q} onQ={setQ} onApply={apply} />

      <div aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {isFetching ? t('loading') : data ? (data.total === 1 ? t('countOne') : t('count', { n: num(data.total) })) : ''}
      </div>

      <StatePanel query={query} isEmpty={(d) => d.rows.length === 0} empty={<EmptyList filtered={filtered} onClear={clear} />}>
        {(d) => (
          <DataTable
            className={cx(isFetching && 'opacity-70')}
            caption={t('caption', { sort: t(SORT_LABEL[sort]) })}
            columns={instanceColumns(t, tt, { sort, dir, onSort })}
            rows={d.rows}
            rowKey={(r) => r.id}
            rowHref={(r) => `/instances/${encodeURIComponent(r.id)}`}
          />
        )}
      </StatePanel>

      {data && data.total > limit && (
        <nav aria-label={t('pages')} className="flex items-center justify-between gap-2 text-sm">
          <Button disabled={page <= 1} onClick={() => go({ ...filters, page: page - 1 })}>
            {t('previous')}
          </Button>
          <span>{t('pageOf', { page: num(page), pages: num(pages) })}</span>
          <Button disabled={page >= pages} onClick={() => go({ ...filters, page: page + 1 })}>
            {t('next')}
          </Button>
        </nav>
      )}
    </div>
  );
}

function EmptyList({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const t = useT(messages);
  return (
    <>
      <p>{filtered ? t('noMatch') : t('none')}</p>
      {filtered && (
        <Button className="mt-3" onClick={onClear}>
          {t('clearFilters')}
        </Button>
      )}
    </>
  );
}
