'use client';

import { useSearchParams } from 'next/navigation';
import { Card, errorMessageOf, StatePanel } from '@/components/ui';
import { LocalTime } from '@/components/LocalTime';
import { UsageChart } from '@/components/UsageChart';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useUsageFailures, type UsageFailures } from '@/lib/client/hooks/usage';
import { usePackageBalances, usePackageSkus, useUsageHours } from '@/lib/client/hooks/usageViews';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/usage';
import { parseUsageFilters, usageSearch, type UsageFilters } from '@/lib/usage/filters';
import type { PackageBalance, PackageSkuRow, UsageHours } from '@/lib/usage/queries';
import { FailedRecords } from './FailedRecords';
import { PackageBalances } from './PackageBalances';
import { PackageQuotas } from './PackageQuotas';
import { Reconciliation } from './Reconciliation';
import { UsageFilterForm } from './UsageFilterForm';

export interface UsageInitial {
  hours?: UsageHours;
  packages: PackageBalance[];
  records: UsageFailures;
  skus?: PackageSkuRow[];
}

/** The Usage page below its heading: filters, charts, reconciliation, packages, failed records, package quotas. */
export function UsageView({ initialFilters, initial, role }: { initialFilters: UsageFilters; initial: UsageInitial; role: Role }) {
  const t = useT(messages);
  const filters = parseUsageFilters(useSearchParams());
  const same = usageSearch(filters) === usageSearch(initialFilters);
  const hours = useUsageHours(filters, { initial: same ? initial.hours : undefined });
  const packages = usePackageBalances(filters.instanceId, same ? initial.packages : undefined);
  const records = useUsageFailures(same ? initial.records : undefined, filters.instanceId);
  const isSupport = hasRole(role, 'support');
  const data = hours.data;

  return (
    <div className="mt-6 space-y-6">
      <UsageFilterForm filters={filters} error={hours.isError ? hours.error : undefined} />

      <div aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {hours.isFetching ? t('refreshing') : data ? <RangeText from={data.from} to={data.to} /> : ''}
      </div>

      {hours.isError && !data && <StatePanel state="error" errorMessage={t('loadError', { message: errorMessageOf(hours.error, '') })} onRetry={() => void hours.refetch()} />}
      {!data && !hours.isError && <StatePanel state="loading" />}
      {data && (
        <>
          <Card title={t('charts.title')} data-testid="usage-charts">
            {data.series.length === 0 ? (
              <p className="text-sm text-slate-600">{t('charts.none')}</p>
            ) : (
              <div className="grid gap-6 md:grid-cols-2">
                {data.series.map((s) => (
                  <UsageChart
                    key={`${s.instanceId}\n${s.billingItem}`}
                    points={s.points}
                    hourLabel={(iso) => <LocalTime iso={iso} precision="minute" />}
                    labels={{
                      title: t('chart.title', { instance: s.instanceId, item: s.billingItem }),
                      caption: t('chart.caption', { instance: s.instanceId, item: s.billingItem }),
                      measured: t('chart.measured'),
                      pushed: t('chart.pushed'),
                      accepted: t('chart.accepted'),
                      hour: t('chart.hour'),
                      empty: t('chart.empty'),
                      max: (value) => t('chart.max', { value }),
                    }}
                  />
                ))}
              </div>
            )}
            {data.moreSeries > 0 && <p className="mt-3 text-xs text-slate-500">{t('charts.more', { n: data.moreSeries })}</p>}
          </Card>
          <Reconciliation data={data} />
        </>
      )}

      <PackageBalances query={packages} />
      <FailedRecords query={records} canPush={isSupport} />
      {isSupport && <SkuSection initial={initial.skus} isAdmin={hasRole(role, 'admin')} />}
    </div>
  );
}

function RangeText({ from, to }: { from: string; to: string }) {
  const t = useT(messages);
  const [a, b] = t('range', { from: '\u0000', to: '\u0001' }).split(/\u0000|\u0001/);
  return (
    <span data-testid="usage-range">
      {a}
      <LocalTime iso={from} precision="minute" />
      {b}
      <LocalTime iso={to} precision="minute" />
    </span>
  );
}

function SkuSection({ initial, isAdmin }: { initial?: PackageSkuRow[]; isAdmin: boolean }) {
  const skus = usePackageSkus(initial);
  return <PackageQuotas query={skus} isAdmin={isAdmin} />;
}
