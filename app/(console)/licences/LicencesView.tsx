'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Button, buttonClass, DataTable, errorMessageOf, StatePanel } from '@/components/ui';
import type { Role } from '@/lib/auth/roles';
import { useLicenceProducts, useLicences } from '@/lib/client/hooks/licences';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/licences';
import { GENERATIONS, parseDeliveryFilters, type DeliveryFilters, type DeliveryPage, type Generation, type LicenceProductRow } from '@/lib/licences/queries';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@/lib/licences/transitions';
import { deliveryColumns } from './columns';
import { LicenceProducts } from './LicenceProducts';

/** The search of a queue view: a status (else all), a generation (else all) and a page after the first. */
function searchOf(status: DeliveryStatus | '', page = 1, generation: Generation | '' = ''): string {
  const sp = new URLSearchParams();
  if (status) sp.set('status', status);
  if (generation) sp.set('generation', generation);
  if (page > 1) sp.set('page', String(page));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** The licence delivery queue (spec §9.4): a filter by status with counts, the deliveries a page at a time, and the licence products. */
export function LicencesView(props: { initialFilters: DeliveryFilters; initialPage: DeliveryPage; initialProducts: LicenceProductRow[]; role: Role }) {
  const t = useT(messages);
  const router = useRouter();
  const pathname = usePathname();
  const filters = parseDeliveryFilters(useSearchParams());
  const status = filters.status ?? '';
  const generation = filters.generation ?? '';
  const pageNo = filters.page ?? 1;
  const isInitial = status === (props.initialFilters.status ?? '') && generation === (props.initialFilters.generation ?? '') && pageNo === (props.initialFilters.page ?? 1);
  const list = useLicences(status, pageNo, { initial: isInitial ? props.initialPage : undefined, generation });
  const products = useLicenceProducts({ initial: props.initialProducts });
  const { data } = list;

  const go = (next: DeliveryStatus | '', page?: number) => router.push(`${pathname}${searchOf(next, page, generation)}`, { scroll: false });
  // "all" counts every delivery listed, the awaiting ones of released instances too (not counted as awaiting)
  const total = data ? DELIVERY_STATUSES.reduce((n, s) => n + data.counts[s], data.releasedAwaiting) : undefined;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.limit)) : 1;
  const anyMarked = (products.data ?? []).some((p) => p.marked);

  return (
    <div className="mt-6 space-y-4">
      <nav aria-label={t('filter.label')} className="flex flex-wrap gap-2">
        {(['', ...DELIVERY_STATUSES] as const).map((s) => {
          const active = s === status;
          const n = data ? (s ? data.counts[s] : total) : undefined;
          return (
            <Link key={s || 'all'} href={`${pathname}${searchOf(s, 1, generation)}`} scroll={false} aria-current={active ? 'page' : undefined} className={buttonClass(active ? 'primary' : 'secondary', 'md', 'rounded-full')}>
              {s ? t(`status.${s}`) : t('status.all')}
              {n !== undefined && <span className={active ? 'font-semibold' : 'font-semibold text-slate-600'}>{n}</span>}
            </Link>
          );
        })}
      </nav>
      <nav aria-label={t('filter.generation')} className="flex flex-wrap gap-2">
        {(['', ...GENERATIONS] as const).map((g) => {
          const active = g === generation;
          const n = data ? (g ? data.generations[g] : total) : undefined;
          return (
            <Link key={g || 'all'} href={`${pathname}${searchOf(status, 1, g)}`} scroll={false} aria-current={active ? 'page' : undefined} className={buttonClass(active ? 'primary' : 'secondary', 'sm', 'rounded-full')}>
              {g ? t(`generation.${g}`) : t('generation.all')}
              {n !== undefined && <span className={active ? 'font-semibold' : 'font-semibold text-slate-600'}>{n}</span>}
            </Link>
          );
        })}
      </nav>

      <div aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {list.isFetching ? t('detail.refreshing') : data ? t('list.count', { n: data.total }) : ''}
      </div>

      {list.isError && <StatePanel state="error" errorMessage={t('list.error', { message: errorMessageOf(list.error, '') })} onRetry={() => void list.refetch()} />}
      {!data && !list.isError && <StatePanel state="loading" />}
      {data && (
        <DataTable
          className={list.isFetching ? 'opacity-70' : undefined}
          caption={t('list.caption')}
          columns={deliveryColumns(t)}
          rows={data.rows}
          rowKey={(r) => r.id}
          rowHref={(r) => `/licences/${r.id}`}
          empty={
            <>
              <p>{status || generation ? t('list.emptyFiltered') : anyMarked ? t('list.empty') : t('list.emptyNoProducts')}</p>
              {(status || generation) && (
                <Button className="mt-3" onClick={() => router.push(pathname, { scroll: false })}>
                  {t('list.showAll')}
                </Button>
              )}
            </>
          }
        />
      )}
      {data && data.releasedAwaiting > 0 && (!status || status === 'awaiting') && <p className="text-xs text-slate-500">{t('list.releasedNote', { n: data.releasedAwaiting })}</p>}

      {data && data.total > data.limit && (
        <nav aria-label={t('list.page', { page: pageNo, pages })} className="flex items-center justify-between gap-2 text-sm">
          <Button disabled={pageNo <= 1} onClick={() => go(status, pageNo - 1)}>
            {t('list.prev')}
          </Button>
          <span>{t('list.page', { page: pageNo, pages })}</span>
          <Button disabled={pageNo >= pages} onClick={() => go(status, pageNo + 1)}>
            {t('list.next')}
          </Button>
        </nav>
      )}

      <LicenceProducts rows={products.data ?? []} role={props.role} />
    </div>
  );
}
