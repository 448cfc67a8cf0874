'use client';

import { LocalTime } from '@/components/LocalTime';
import { Card } from '@/components/ui';
import type { InstanceDetail } from '@/lib/instances/queries';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/instances';
import terms, { term } from '@/lib/i18n/messages/terms';
import { Fact, Facts } from './Facts';

const time = (iso: string | null) => (iso ? <LocalTime iso={iso} /> : undefined);

/** What was bought: product, SKU, charging, expiry, the order line, and when the instance was created and provisioned. */
export function SubscriptionCard({ d }: { d: InstanceDetail }) {
  const t = useT(messages);
  const tt = useT(terms);
  return (
    <Card title={t('subscription')}>
      <Facts>
        <Fact label={t('product')} data>
          {(d.productName || d.productId) && (
            <>
              {d.productName ?? d.productId}
              {d.productName && d.productId && <span className="block text-xs text-slate-500">{d.productId}</span>}
            </>
          )}
        </Fact>
        <Fact label={t('sku')} data>
          {d.skuCode}
        </Fact>
        <Fact label={t('linearValue')}>{d.linearValue}</Fact>
        <Fact label={t('charging')}>{term(tt, 'chargingMode', d.chargingMode) || undefined}</Fact>
        <Fact label={t('expires')}>{time(d.expireTime)}</Fact>
        <Fact label={t('orderField')}>
          <span translate="no" className="break-all">
            {d.orderId}
          </span>
          <span className="block break-all text-xs text-slate-500">{t('line', { id: d.orderLineId })}</span>
        </Fact>
        {d.chargingMode?.startsWith('ON_DEMAND') && <Fact label={t('usage')}>{d.usageValue}</Fact>}
        <Fact label={t('created')}>{time(d.createdAt)}</Fact>
        {d.provisionedAt && <Fact label={t('provisioned')}>{time(d.provisionedAt)}</Fact>}
        {d.releasedAt && <Fact label={t('released')}>{time(d.releasedAt)}</Fact>}
      </Facts>
    </Card>
  );
}

/** The buyer, as the order named them. */
export function CustomerCard({ customer }: { customer: InstanceDetail['customer'] }) {
  const t = useT(messages);
  return (
    <Card title={t('customer')}>
      {customer ? (
        <Facts>
          <Fact label={t('name')} data value={customer.name} />
          <Fact label={t('customerId')} data value={<span className="break-all">{customer.id}</span>} />
          <Fact label={t('user')} data value={customer.userName} />
          <Fact label={t('email')} data value={customer.email} />
        </Facts>
      ) : (
        <p className="text-sm text-slate-600">{t('customerUnknown')}</p>
      )}
    </Card>
  );
}
