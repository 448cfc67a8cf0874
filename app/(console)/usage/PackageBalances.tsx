'use client';

import { Badge, Card, StatePanel, type QueryLike } from '@/components/ui';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/usage';
import type { PackageBalance } from '@/lib/usage/queries';
import { unitsToString } from '@/lib/usage/units';
import { TimeIn } from '@/components/LocalTime';

/** Each package instance: per billing item a bar of the quota used, with the numbers; 用完即停 and exhaustion marked. */
export function PackageBalances({ query }: { query: QueryLike<PackageBalance[]> }) {
  const t = useT(messages);
  return (
    <Card title={t('pkg.title')} description={t('pkg.intro')} data-testid="packages">
      <StatePanel query={query} empty={t('pkg.empty')}>
        {(packages: PackageBalance[]) => (
          <ul className="divide-y divide-slate-100">
            {packages.map((p) => (
              <li key={p.packageInstanceId} className="py-3 first:pt-0" data-testid="package">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span translate="no" className="min-w-0 break-all font-mono text-xs font-medium">
                    {p.packageInstanceId}
                  </span>
                  <Badge tone={p.stopAtQuota ? 'warning' : 'info'}>{p.stopAtQuota ? t('pkg.stop') : t('pkg.overflow')}</Badge>
                  {(p.quotaExhaustedAt || p.items.some((i) => i.exhausted)) && <Badge tone="danger">{t('pkg.exhausted')}</Badge>}
                  <span translate="no" className="text-xs text-slate-500">
                    {[p.productId, p.skuCode].filter(Boolean).join(' · ')}
                  </span>
                  {p.expireTime && (
                    <span className="text-xs text-slate-500">
                      <TimeIn text={(at) => t('pkg.expires', { at })} iso={p.expireTime} precision="date" />
                    </span>
                  )}
                </div>
                {p.quotaExhaustedAt && (
                  <p className="mt-1 text-sm text-red-800">
                    <TimeIn text={(at) => t('pkg.exhaustedAt', { at })} iso={p.quotaExhaustedAt} />
                  </p>
                )}
                {!p.configured && <p className="mt-1 text-xs text-slate-500">{t('pkg.unconfigured')}</p>}
                <ul className="mt-2 space-y-2">
                  {p.items.map((i) => {
                    const percent = i.quota ? Math.min(100, Math.round((100 * i.used) / i.quota)) : 0;
                    return (
                      <li key={i.billingItem} className="text-sm">
                        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                          <span translate="no" className="break-all font-mono text-xs">
                            {i.billingItem}
                          </span>
                          <span className="text-xs text-slate-600">
                            {i.quota === null
                              ? t('pkg.usedNoQuota', { used: unitsToString(i.used) })
                              : t('pkg.used', { used: unitsToString(i.used), quota: unitsToString(i.quota), remaining: unitsToString(i.remaining ?? 0) })}
                          </span>
                        </div>
                        {i.quota !== null && (
                          <div
                            role="progressbar"
                            aria-label={t('pkg.bar', { item: i.billingItem, percent })}
                            aria-valuemin={0}
                            aria-valuemax={100}
                            aria-valuenow={percent}
                            className="mt-1 h-2.5 w-full overflow-hidden rounded bg-slate-100 ring-1 ring-inset ring-slate-200"
                          >
                            <div className={`h-full ${i.exhausted ? 'bg-red-600' : percent >= 80 ? 'bg-amber-500' : 'bg-emerald-600'}`} style={{ width: `${percent}%` }} />
                          </div>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </StatePanel>
    </Card>
  );
}
