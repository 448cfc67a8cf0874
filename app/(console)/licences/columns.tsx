import { LocalTime } from '@/components/LocalTime';
import { TestBadge } from '@/components/instances/ui';
import { CodeStatusBadges, DeliveryStatusBadge, GenerationBadge, kindLabel, type LicenceT } from '@/components/licences/ui';
import type { Column } from '@/components/ui';
import type { DeliveryRow } from '@/lib/licences/queries';

/** The queue's columns: what a support engineer scans for (delivery, generation and kind, instance or code, status) first, the rest from wider screens. */
export function deliveryColumns(t: LicenceT): Column<DeliveryRow>[] {
  return [
    { key: 'delivery', header: t('list.delivery'), className: 'font-medium sm:w-24', cell: (r) => `#${r.id}` },
    {
      key: 'kind',
      header: t('detail.kind'),
      className: 'sm:w-36',
      cell: (r) => (
        <span className="block">
          <GenerationBadge t={t} generation={r.generation} />
          <span className="mt-1 block text-xs text-slate-600">{kindLabel(t, r.kind)}</span>
        </span>
      ),
    },
    {
      key: 'instance',
      header: t('list.instance'),
      cell: (r) => (
        <span translate="no" className="block min-w-0">
          {r.instanceId ? (
            <span className="block break-all font-mono text-xs">{r.instanceId}</span>
          ) : r.code ? (
            <span className="block break-all font-mono text-xs" data-testid="delivery-code">
              {r.code.code}
              {r.codeCount > 1 && <span className="text-slate-500"> {t('code.more', { n: r.codeCount - 1 })}</span>}
            </span>
          ) : (
            <span className="block text-xs text-slate-500">—</span>
          )}
          <span className="block break-all text-xs text-slate-500">{r.orderId}</span>
          <span className="block truncate text-xs text-slate-500">{r.customerName ?? r.customerId ?? '—'}</span>
        </span>
      ),
    },
    {
      key: 'product',
      header: t('list.product'),
      hideBelow: 'md',
      cell: (r) => (
        <span translate="no" className="block min-w-0">
          <span className="block break-words">{r.productName ?? r.productId}</span>
          <span className="block break-all text-xs text-slate-500">{r.skuCode ?? ''}</span>
        </span>
      ),
    },
    {
      key: 'status',
      header: t('list.status'),
      className: 'sm:w-40',
      cell: (r) => (
        <>
          <span className="flex flex-wrap gap-1">
            <DeliveryStatusBadge status={r.status} label={t(`status.${r.status}`)} />
            {r.code && <CodeStatusBadges t={t} code={r.code} />}
            {!r.code?.test && <TestBadge test={r.testFlag} />}
          </span>
          {r.code?.marketStatus && (
            <span className="mt-1 block text-xs text-slate-500">
              {t('code.market')}: <span translate="no">{r.code.marketStatus}</span>
            </span>
          )}
          {r.instanceStatus === 'released' && (r.status === 'awaiting' || r.status === 'rejected') && (
            <span className="mt-1 block text-xs text-slate-500">{t('list.released')}</span>
          )}
        </>
      ),
    },
    {
      key: 'licence',
      header: t('list.licence'),
      hideBelow: 'lg',
      cell: (r) =>
        r.code ? (
          <span className="block min-w-0 text-xs">
            <span className="block">{r.code.expireTime ? <LocalTime iso={r.code.expireTime} precision="date" /> : t('detail.noExpiry')}</span>
            {r.code.device && (
              <span translate="no" className="block truncate font-mono text-slate-500" title={t('code.device')}>
                {r.code.device}
              </span>
            )}
          </span>
        ) : r.licence ? (
          <span translate="no" className="block min-w-0 text-xs">
            <span className="block truncate">{r.licence.fileName}</span>
            <span className="block truncate font-mono text-slate-500" title={r.licence.sha256}>
              {r.licence.sha256.slice(0, 16)}…
            </span>
          </span>
        ) : (
          <span className="text-xs text-slate-500">{t('list.noLicence')}</span>
        ),
    },
    { key: 'created', header: t('list.created'), hideBelow: 'sm', className: 'sm:w-28', cell: (r) => <LocalTime iso={r.createdAt} precision="date" /> },
  ];
}
