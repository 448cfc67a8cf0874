'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { LocalTime } from '@/components/LocalTime';
import { consoleFetch, TestBadge } from '@/components/instances/ui';
import { BUTTON, CARD, DeliveryStatusBadge, INPUT, PRIMARY } from '@/components/licences/ui';
import { useConfirm } from '@/components/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/licences';
import { parseDeliveryFilters, type DeliveryFilters, type DeliveryPage, type LicenceProductRow } from '@/lib/licences/queries';
import { DELIVERY_STATUSES } from '@/lib/licences/transitions';
import { queryKeys } from '@/lib/queryKeys';

type T = ReturnType<typeof useT<keyof (typeof messages)['en']>>;

export const kindLabel = (t: T, kind: string) => {
  const key = `kind.${kind}` as Parameters<T>[0];
  const s = t(key);
  return s === key ? kind : s;
};

export function LicencesView(props: { initialFilters: DeliveryFilters; initialPage: DeliveryPage; initialProducts: LicenceProductRow[]; role: Role }) {
  const t = useT(messages);
  const router = useRouter();
  const pathname = usePathname();
  const filters = parseDeliveryFilters(useSearchParams());
  const status = filters.status ?? '';
  const pageNo = filters.page ?? 1;
  const isInitial = status === (props.initialFilters.status ?? '') && pageNo === (props.initialFilters.page ?? 1);

  const { data, error, isFetching, refetch } = useQuery({
    queryKey: queryKeys.licences.list(status, pageNo),
    queryFn: () => consoleFetch<DeliveryPage>(`/api/console/licences?${new URLSearchParams({ ...(status ? { status } : {}), ...(pageNo > 1 ? { page: String(pageNo) } : {}) })}`),
    initialData: isInitial ? props.initialPage : undefined,
    placeholderData: keepPreviousData,
  });
  const products = useQuery({
    queryKey: queryKeys.licences.products(),
    queryFn: async () => (await consoleFetch<{ products: LicenceProductRow[] }>('/api/console/licences/products')).products,
    initialData: props.initialProducts,
  });

  const go = (next: { status?: string; page?: number }) => {
    const sp = new URLSearchParams();
    if (next.status) sp.set('status', next.status);
    if (next.page && next.page > 1) sp.set('page', String(next.page));
    const s = sp.toString();
    router.push(s ? `${pathname}?${s}` : pathname, { scroll: false });
  };

  const counts = data?.counts;
  // "all" counts every delivery listed, the awaiting ones of released instances too (not counted as awaiting)
  const total = data ? DELIVERY_STATUSES.reduce((n, s) => n + data.counts[s], data.releasedAwaiting) : 0;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.limit)) : 1;
  const anyMarked = (products.data ?? []).some((p) => p.marked);

  return (
    <div className="mt-6 space-y-4">
      <nav aria-label={t('filter.label')} className="flex flex-wrap gap-2">
        {(['', ...DELIVERY_STATUSES] as const).map((s) => {
          const active = s === status;
          const n = counts ? (s ? counts[s] : total) : undefined;
          return (
            <Link
              key={s || 'all'}
              href={s ? `${pathname}?status=${s}` : pathname}
              scroll={false}
              aria-current={active ? 'page' : undefined}
              className={`rounded-full border px-3 py-1 text-sm focus:outline-2 focus:outline-offset-1 focus:outline-red-700 ${active ? 'border-red-700 bg-red-700 text-white' : 'border-slate-300 bg-white hover:bg-slate-100'}`}
            >
              {s ? t(`status.${s}`) : t('status.all')}
              {n !== undefined && <span className={`ml-1.5 font-semibold ${active ? '' : 'text-slate-600'}`}>{n}</span>}
            </Link>
          );
        })}
      </nav>

      <div aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {isFetching ? t('detail.refreshing') : data ? t('list.count', { n: data.total }) : ''}
      </div>

      {error && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p>{t('list.error', { message: (error as Error).message })}</p>
          <button type="button" onClick={() => refetch()} className={`${BUTTON} mt-2`}>
            {t('list.showAll')}
          </button>
        </div>
      )}

      {data && data.rows.length === 0 && (
        <div className="rounded-lg border border-slate-200 bg-white p-8 text-center text-slate-600 shadow-sm">
          <p>{status ? t('list.emptyFiltered') : anyMarked ? t('list.empty') : t('list.emptyNoProducts')}</p>
          {status && (
            <button type="button" className={`${BUTTON} mt-3`} onClick={() => go({})}>
              {t('list.showAll')}
            </button>
          )}
        </div>
      )}

      {data && data.rows.length > 0 && (
        <div className={`overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm ${isFetching ? 'opacity-70' : ''}`}>
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">{t('list.caption')}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="w-28 px-3 py-2 font-medium sm:w-36">
                  {t('list.delivery')}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t('list.instance')}
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                  {t('list.product')}
                </th>
                <th scope="col" className="w-32 px-3 py-2 font-medium">
                  {t('list.status')}
                </th>
                <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
                  {t('list.licence')}
                </th>
                <th scope="col" className="hidden w-28 px-3 py-2 font-medium sm:table-cell">
                  {t('list.created')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.rows.map((r) => (
                <tr key={r.id} className="align-top hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link href={`/licences/${r.id}`} className="font-medium text-red-700 underline-offset-2 hover:underline focus:outline-2 focus:outline-red-700">
                      #{r.id}
                    </Link>
                    <div className="text-xs text-slate-500">{kindLabel(t, r.kind)}</div>
                  </td>
                  <td className="px-3 py-2">
                    <div className="break-all font-mono text-xs">{r.instanceId}</div>
                    <div className="break-all text-xs text-slate-500">{r.orderId}</div>
                    <div className="truncate text-xs text-slate-500">{r.customerName ?? r.customerId ?? '—'}</div>
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">
                    <div className="truncate">{r.productName ?? r.productId}</div>
                    <div className="truncate text-xs text-slate-500">{r.skuCode ?? ''}</div>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-1">
                      <DeliveryStatusBadge status={r.status} label={t(`status.${r.status}`)} />
                      <TestBadge test={r.testFlag} />
                    </div>
                    {r.instanceStatus === 'released' && (r.status === 'awaiting' || r.status === 'rejected') && (
                      <div className="mt-1 text-xs text-slate-500">{t('list.released')}</div>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 lg:table-cell">
                    {r.licence ? (
                      <>
                        <div className="truncate text-xs">{r.licence.fileName}</div>
                        <div className="truncate font-mono text-xs text-slate-500" title={r.licence.sha256}>
                          {r.licence.sha256.slice(0, 16)}…
                        </div>
                      </>
                    ) : (
                      <span className="text-xs text-slate-500">{t('list.noLicence')}</span>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 sm:table-cell"><LocalTime iso={r.createdAt} precision="date" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.releasedAwaiting > 0 && (!status || status === 'awaiting') && <p className="text-xs text-slate-500">{t('list.releasedNote', { n: data.releasedAwaiting })}</p>}

      {data && data.total > data.limit && (
        <nav aria-label={t('list.page', { page: pageNo, pages })} className="flex items-center justify-between gap-2 text-sm">
          <button type="button" className={BUTTON} disabled={pageNo <= 1} onClick={() => go({ status, page: pageNo - 1 })}>
            {t('list.prev')}
          </button>
          <span>{t('list.page', { page: pageNo, pages })}</span>
          <button type="button" className={BUTTON} disabled={pageNo >= pages} onClick={() => go({ status, page: pageNo + 1 })}>
            {t('list.next')}
          </button>
        </nav>
      )}

      <Products t={t} rows={products.data ?? []} role={props.role} />
    </div>
  );
}

function Products({ t, rows, role }: { t: T; rows: LicenceProductRow[]; role: Role }) {
  const queryClient = useQueryClient();
  const isAdmin = hasRole(role, 'admin');
  const [typed, setTyped] = useState('');
  const [notice, setNotice] = useState<string>();
  const change = useMutation({
    mutationFn: ({ productId, mark }: { productId: string; mark: boolean }) =>
      consoleFetch<{ productId: string; queued?: number; removed?: number }>('/api/console/licences/products', {
        method: mark ? 'POST' : 'DELETE',
        body: JSON.stringify({ productId }),
      }),
    onMutate: () => setNotice(undefined),
    onSuccess: (r, v) => {
      setNotice(v.mark ? t('products.markedNotice', { product: r.productId, n: r.queued ?? 0 }) : t('products.unmarkedNotice', { product: r.productId, n: r.removed ?? 0 }));
      if (v.mark) setTyped('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.licences.all });
    },
  });
  const confirm = useConfirm();
  const unmark = async (productId: string) => {
    const ok = await confirm({
      title: t('products.unmarkTitle', { product: productId }),
      message: t('products.unmarkConfirm'),
      confirmLabel: t('products.unmark'),
      tone: 'danger',
    });
    if (ok) change.mutate({ productId, mark: false });
  };

  return (
    <section aria-labelledby="products-h" className={`${CARD} mt-8`}>
      <h2 id="products-h" className="font-medium">
        {t('products.title')}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t('products.intro')}</p>
      {rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">{t('products.empty')}</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100" aria-label={t('products.title')}>
          {rows.map((p) => (
            <li key={p.productId} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
              <span className="min-w-0 flex-1 basis-56">
                <span className="block break-all font-mono text-xs">{p.productId}</span>
                {p.productName && <span className="block text-xs text-slate-500">{p.productName}</span>}
              </span>
              <span className={`text-xs ${p.marked ? 'font-medium text-emerald-800' : 'text-slate-500'}`}>
                {p.marked ? t('products.marked') : t('products.notMarked')}
                {p.marked && p.markedBy ? ` · ${t('products.markedBy', { who: p.markedBy })}` : ''}
                {p.deliveries > 0 ? ` · ${t('products.deliveries', { n: p.deliveries })}` : ''}
              </span>
              {isAdmin &&
                (p.marked ? (
                  <button type="button" className={BUTTON} disabled={change.isPending} onClick={() => unmark(p.productId)} aria-label={`${t('products.unmark')} ${p.productId}`}>
                    {t('products.unmark')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className={BUTTON}
                    disabled={change.isPending}
                    onClick={() => change.mutate({ productId: p.productId, mark: true })}
                    aria-label={`${t('products.mark')} ${p.productId}`}
                  >
                    {t('products.mark')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {isAdmin ? (
        <form
          className="mt-4 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({ productId: typed.trim(), mark: true });
          }}
        >
          <label className="min-w-0 flex-1 basis-64 text-sm">
            <span className="font-medium">{t('products.id')}</span>
            <input className={INPUT} value={typed} onChange={(e) => setTyped(e.target.value)} required maxLength={64} placeholder="OFFI000000000000000001" />
          </label>
          <button type="submit" className={PRIMARY} disabled={change.isPending}>
            {t('products.mark')}
          </button>
        </form>
      ) : (
        <p className="mt-3 text-xs text-slate-500">{t('products.adminOnly')}</p>
      )}
      {change.error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {(change.error as Error).message}
        </p>
      )}
      {notice && (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          {notice}
        </p>
      )}
    </section>
  );
}
