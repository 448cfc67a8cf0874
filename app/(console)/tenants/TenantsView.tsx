'use client';

import Link from 'next/link';
import { LocalTime } from '@/components/LocalTime';
import { TestBadge } from '@/components/instances/ui';
import { FilterButtons, FilterForm, useFilterForm } from '@/components/TimeInput';
import { Badge, DataTable, errorMessageOf, Field, StatePanel, type Column } from '@/components/ui';
import { useTenants } from '@/lib/client/hooks/tenants';
import { useT } from '@/lib/i18n/client';
import type { Translate } from '@/lib/i18n/core';
import messages from '@/lib/i18n/messages/tenants';
import type { KitTenantSummary, TenantFilters } from '@/lib/kit/queries';
import { tenantHref } from '@/lib/kit/tenantFilters';

export type TenantsT = Translate<Extract<keyof (typeof messages)['en'], string>>;
const iso = (d: Date | string) => new Date(d).toISOString();

function columns(t: TenantsT): Column<KitTenantSummary>[] {
  return [
    {
      key: 'tenant',
      header: t('col.tenant'),
      cell: (r) => (
        <span translate="no" className="block min-w-0">
          <span className="block break-words font-medium">{r.name ?? r.tenantId}</span>
          <span className="block break-all font-mono text-xs text-slate-500">{r.tenantId}</span>
        </span>
      ),
    },
    {
      key: 'instance',
      header: t('col.instance'),
      cell: (r) => (
        <span translate="no" className="block min-w-0">
          <span className="block break-all font-mono text-xs">{r.instanceId}</span>
          <span className="block truncate text-xs text-slate-500">{r.customerName ?? r.customerId ?? '—'}</span>
          <TestBadge test={r.testFlag} />
        </span>
      ),
    },
    {
      key: 'apps',
      header: t('col.applications'),
      cell: (r) =>
        r.applications.length === 0 ? (
          <span className="text-slate-500">{t('app.none')}</span>
        ) : (
          <ul className="space-y-1">
            {r.applications.map((a) => (
              <li key={a.appId} translate="no" className="text-xs">
                <span className="font-mono">{a.appId}</span> · <span className="break-all font-mono">{a.clientId ?? '—'}</span>{' '}
                <Badge tone={a.hasSecret ? 'success' : 'neutral'}>{a.hasSecret ? t('app.secret') : t('app.noSecret')}</Badge>
              </li>
            ))}
          </ul>
        ),
    },
    { key: 'users', header: t('col.users'), className: 'sm:w-20 sm:text-right', cell: (r) => r.userCount },
    { key: 'orgs', header: t('col.orgs'), className: 'sm:w-20 sm:text-right', cell: (r) => r.orgCount },
    { key: 'changed', header: t('col.changedAt'), hideBelow: 'md', className: 'sm:w-44', cell: (r) => <LocalTime iso={iso(r.changedAt)} /> },
  ];
}

const KEYS = ['instanceId', 'customer'] as const;

/** The kit's tenants: a filter by instance and customer, one row a tenant with its applications and counts. */
export function TenantsView({ filters, initial }: { filters: TenantFilters; initial: KitTenantSummary[] }) {
  const t = useT(messages);
  const { submit } = useFilterForm(KEYS, [], '');
  const list = useTenants(filters, { initial });
  const filtered = Boolean(filters.instanceId || filters.customer);
  return (
    <div className="space-y-4">
      <FilterForm label={t('filter.label')} values={filters} onSubmit={submit} className="grid-cols-1 sm:grid-cols-3">
        <Field label={t('filter.instanceId')}>
          <input id="f-instanceId" name="instanceId" defaultValue={filters.instanceId ?? ''} autoComplete="off" maxLength={64} translate="no" />
        </Field>
        <Field label={t('filter.customer')}>
          <input id="f-customer" name="customer" defaultValue={filters.customer ?? ''} autoComplete="off" maxLength={255} translate="no" />
        </Field>
        <FilterButtons apply={t('filter.apply')} reset={{ href: '/tenants', label: t('filter.clear') }} className="flex flex-wrap items-end gap-2" />
      </FilterForm>
      <div aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {list.data ? t('list.count', { n: list.data.length }) : ''}
      </div>
      {list.isError && <StatePanel state="error" errorMessage={t('list.error', { message: errorMessageOf(list.error, '') })} onRetry={() => void list.refetch()} />}
      {list.data && (
        <DataTable
          className={list.isFetching ? 'opacity-70' : undefined}
          caption={t('list.caption')}
          columns={columns(t)}
          rows={list.data}
          rowKey={(r) => `${r.instanceId}/${r.tenantId}`}
          rowHref={tenantHref}
          rowTestId="tenant-row"
          empty={
            <>
              <p>{filtered ? t('list.emptyFiltered') : t('list.empty')}</p>
              {filtered && (
                <Link href="/tenants" className="mt-3 inline-block text-red-700 underline">
                  {t('filter.clear')}
                </Link>
              )}
            </>
          }
        />
      )}
    </div>
  );
}
