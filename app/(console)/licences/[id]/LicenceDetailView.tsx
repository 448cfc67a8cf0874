'use client';

import Link from 'next/link';
import { TestBadge } from '@/components/instances/ui';
import { LocalTime } from '@/components/LocalTime';
import { DeliveryStatusBadge, Fact, Facts, GenerationBadge, kindLabel } from '@/components/licences/ui';
import { Card, DetailHeader, errorMessageOf } from '@/components/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useLicence } from '@/lib/client/hooks/licences';
import { useT } from '@/lib/i18n/client';
import instanceMessages from '@/lib/i18n/messages/instances';
import messages from '@/lib/i18n/messages/licences';
import type { DeliveryDetail } from '@/lib/licences/queries';
import { DecisionForm, DeliverForm } from './DeliveryForms';
import { LicenceCard } from './LicenceCard';
import { LicenceCodesCard } from './LicenceCodesCard';
import { LicenceTimeline } from './LicenceTimeline';

/** One licence delivery: what is licensed and for whom, the licence, the supervision steps and the actions of the role. */
export function LicenceDetailView({ initial, role }: { initial: DeliveryDetail; role: Role }) {
  const t = useT(messages);
  const ti = useT(instanceMessages);
  const { data, error, isFetching } = useLicence(initial.id, { initial });
  const d = data ?? initial;
  const canAct = hasRole(role, 'support');
  const released = d.instanceStatus === 'released';
  const owed = (d.status === 'awaiting' || d.status === 'rejected') && !released;
  const statusKey = `status.${d.instanceStatus}` as 'status.active';

  return (
    <main className="space-y-6">
      <DetailHeader
        back={{ href: '/licences', label: t('detail.back') }}
        title={t('detail.heading', { id: `#${d.id}` })}
        badges={
          <>
            <GenerationBadge t={t} generation={d.generation} />
            <DeliveryStatusBadge status={d.status} label={t(`status.${d.status}`)} />
            <TestBadge test={d.testFlag} />
          </>
        }
        note={isFetching ? <span role="status">{t('detail.refreshing')}</span> : undefined}
      >
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {t('detail.refreshError', { message: errorMessageOf(error, '') })}
          </p>
        )}
        {released && <p className="mt-2 rounded bg-slate-100 p-3 text-sm text-slate-700">{t('detail.released')}</p>}
      </DetailHeader>

      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('detail.what')}>
          <Facts>
            <Fact label={t('detail.instance')}>
              {d.instanceId ? (
                <>
                  <Link href={`/instances/${encodeURIComponent(d.instanceId)}`} translate="no" className="break-all font-mono text-xs text-red-700 underline-offset-2 hover:underline">
                    {d.instanceId}
                  </Link>
                  <span className="block text-xs text-slate-500">
                    {t('detail.instanceStatus')}: {ti(statusKey) === statusKey ? d.instanceStatus : ti(statusKey)}
                  </span>
                </>
              ) : (
                <span className="text-xs text-slate-600">{t('detail.noInstance')}</span>
              )}
            </Fact>
            <Fact label={t('detail.order')}>
              <span translate="no" className="break-all">
                {d.orderId}
              </span>
              {d.orderLineId && <span className="block break-all text-xs text-slate-500">{t('detail.line', { id: d.orderLineId })}</span>}
            </Fact>
            <Fact label={t('detail.kind')}>{kindLabel(t, d.kind)}</Fact>
            <Fact label={t('detail.product')}>
              <span translate="no">{d.productName ?? d.productId}</span>
              {d.productName && (
                <span translate="no" className="block break-all text-xs text-slate-500">
                  {d.productId}
                </span>
              )}
            </Fact>
            <Fact label={t('detail.sku')}>{d.skuCode && <span translate="no">{d.skuCode}</span>}</Fact>
            <Fact label={t('detail.linear')}>{d.linearValue}</Fact>
            <Fact label={t('detail.expires')}>{d.expireTime ? <LocalTime iso={d.expireTime} /> : t('detail.noExpiry')}</Fact>
          </Facts>
        </Card>

        <Card title={t('detail.customer')}>
          {d.customerId ? (
            <Facts>
              <Fact label={t('detail.customerName')}>{d.customerName && <span translate="no">{d.customerName}</span>}</Fact>
              <Fact label={t('detail.customerId')}>
                <span translate="no" className="break-all">
                  {d.customerId}
                </span>
              </Fact>
              <Fact label={t('detail.email')}>{d.customerEmail && <span translate="no">{d.customerEmail}</span>}</Fact>
            </Facts>
          ) : (
            <p className="text-sm text-slate-600">{t('detail.customerUnknown')}</p>
          )}
        </Card>
      </div>

      {d.codes.length > 0 && <LicenceCodesCard t={t} codes={d.codes} />}
      {d.generation !== 'licence_code' && <LicenceCard t={t} d={d} canAct={canAct} />}
      {canAct && owed && <DeliverForm t={t} d={d} />}
      {canAct && d.status === 'delivered' && <DecisionForm t={t} d={d} />}
      <LicenceTimeline t={t} events={d.events} />
    </main>
  );
}
