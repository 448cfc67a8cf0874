'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { TestBadge } from '@/components/instances/ui';
import { Fact, Facts } from '@/components/licences/ui';
import { LocalTime } from '@/components/LocalTime';
import { FilterButtons, FilterForm } from '@/components/TimeInput';
import { Badge, Button, Card, DataTable, DetailHeader, errorMessageOf, Field } from '@/components/ui';
import { hasRole, type Role } from '@/lib/auth/roles';
import { useTenant } from '@/lib/client/hooks/tenants';
import { useT } from '@/lib/i18n/client';
import messages from '@/lib/i18n/messages/tenants';
import type { KitUserRow, OrgNode, TenantDetail, TenantUserFilters } from '@/lib/kit/queries';
import { parseTenantUserFilters, tenantUserSearch } from '@/lib/kit/tenantFilters';
import type { TenantsT } from '../../TenantsView';

const iso = (d: Date | string) => new Date(d).toISOString();
const link = 'text-red-700 underline-offset-2 hover:underline';

function OrgList({ nodes }: { nodes: OrgNode[] }) {
  return (
    <ul className="space-y-1 border-l border-slate-200 pl-4">
      {nodes.map((n) => (
        <li key={n.orgCode}>
          <span className="text-sm">{n.orgName ?? n.orgCode}</span> <span translate="no" className="font-mono text-xs text-slate-500">{n.orgCode}</span>
          {n.children.length > 0 && <OrgList nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}

function UserFilterForm({ filters, apps, t }: { filters: TenantUserFilters; apps: string[]; t: TenantsT }) {
  const router = useRouter();
  const pathname = usePathname();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = parseTenantUserFilters(new URLSearchParams(new FormData(e.currentTarget) as unknown as Record<string, string>));
    router.push(`${pathname}${tenantUserSearch({ ...f, page: undefined })}`, { scroll: false });
  };
  return (
    <FilterForm label={t('users.title')} values={filters} onSubmit={submit} className="grid-cols-1 sm:grid-cols-3 lg:grid-cols-6">
      <Field label={t('users.search')} className="sm:col-span-2">
        <input id="u-q" name="q" defaultValue={filters.q ?? ''} autoComplete="off" maxLength={255} />
      </Field>
      <Field label={t('users.app')}>
        <select id="u-app" name="appId" defaultValue={filters.appId ?? ''}>
          <option value="">{t('users.any')}</option>
          {apps.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('users.role')}>
        <select id="u-role" name="role" defaultValue={filters.role ?? ''}>
          <option value="">{t('users.any')}</option>
          <option value="user">{t('users.role.user')}</option>
          <option value="admin">{t('users.role.admin')}</option>
        </select>
      </Field>
      <Field label={t('users.enabled')}>
        <select id="u-enabled" name="enabled" defaultValue={filters.enabled === undefined ? '' : String(filters.enabled)}>
          <option value="">{t('users.any')}</option>
          <option value="true">{t('users.yes')}</option>
          <option value="false">{t('users.no')}</option>
        </select>
      </Field>
      <Field label={t('users.status')}>
        <select id="u-status" name="status" defaultValue={filters.status ?? 'active'}>
          {(['active', 'deauthorised', 'deleted', 'all'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`users.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <FilterButtons apply={t('filter.apply')} reset={{ href: pathname, label: t('filter.clear') }} className="flex flex-wrap items-end gap-2 sm:col-span-3 lg:col-span-6" />
    </FilterForm>
  );
}

/** One tenant of the kit directory: its facts, applications (never the secret), users, org tree and kit calls. */
export function TenantDetailView(props: { instanceId: string; tenantId: string; filters: TenantUserFilters; initial: TenantDetail; role: Role }) {
  const t = useT(messages);
  const router = useRouter();
  const pathname = usePathname();
  const { filters } = props;
  const q = useTenant(props.instanceId, props.tenantId, filters, { initial: props.initial });
  const d = q.data ?? props.initial;
  const { tenant } = d;
  const pages = Math.max(1, Math.ceil(d.users.total / d.users.limit));
  const goPage = (page: number) => router.push(`${pathname}${tenantUserSearch({ ...filters, page })}`, { scroll: false });

  return (
    <main className="space-y-6">
      <DetailHeader
        back={{ href: '/tenants', label: t('detail.back') }}
        title={tenant.name ?? tenant.tenantId}
        id={tenant.tenantId}
        idLabel={t('col.tenant')}
        badges={<TestBadge test={tenant.testFlag} />}
      >
        {q.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {t('detail.error', { message: errorMessageOf(q.error, '') })}
          </p>
        )}
      </DetailHeader>

      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('col.tenant')}>
          <Facts>
            <Fact label={t('detail.instance')}>
              <Link href={`/instances/${encodeURIComponent(tenant.instanceId)}`} translate="no" className={`break-all font-mono text-xs ${link}`}>
                {tenant.instanceId}
              </Link>
            </Fact>
            <Fact label={t('detail.customer')}>{tenant.customerName ?? tenant.customerId ?? undefined}</Fact>
            <Fact label={t('detail.tenantCode')}>{tenant.tenantCode ?? undefined}</Fact>
            <Fact label={t('detail.domainName')}>{tenant.domainName ? <span translate="no" className="break-all">{tenant.domainName}</span> : undefined}</Fact>
            <Fact label={t('detail.orderId')}>{tenant.orderId ? <span translate="no" className="break-all font-mono text-xs">{tenant.orderId}</span> : undefined}</Fact>
            <Fact label={t('detail.changedAt')}>
              <LocalTime iso={iso(tenant.changedAt)} />
            </Fact>
          </Facts>
        </Card>
        <Card title={t('apps.title')}>
          <DataTable
            caption={t('apps.caption')}
            rows={d.applications}
            rowKey={(a) => a.appId}
            empty={<p>{t('apps.empty')}</p>}
            columns={[
              { key: 'app', header: t('apps.appId'), cell: (a) => <span translate="no" className="break-all font-mono text-xs">{a.appId}</span> },
              { key: 'client', header: t('apps.clientId'), cell: (a) => <span translate="no" className="break-all font-mono text-xs">{a.clientId ?? '—'}</span> },
              {
                key: 'secret',
                header: t('apps.secret'),
                cell: (a) => <Badge tone={a.hasSecret ? 'success' : 'neutral'}>{a.hasSecret ? t('app.secret') : t('app.noSecret')}</Badge>,
              },
            ]}
          />
        </Card>
      </div>

      <Card title={t('users.title')} description={hasRole(props.role, 'support') ? undefined : t('users.masked')}>
        <UserFilterForm filters={filters} apps={d.applications.map((a) => a.appId)} t={t} />
        <p aria-live="polite" className="mt-3 text-sm text-slate-600">
          {d.users.people === d.users.total ? t('users.count', { n: d.users.total }) : t('users.countApps', { n: d.users.people, rows: d.users.total })}
        </p>
        <DataTable<KitUserRow>
          className={q.isFetching ? 'mt-2 opacity-70' : 'mt-2'}
          caption={t('users.caption')}
          rows={d.users.rows}
          rowKey={(u) => `${u.appId}/${u.userName}`}
          rowTestId="kit-user-row"
          empty={<p>{t('users.empty')}</p>}
          columns={[
            {
              key: 'user',
              header: t('users.userName'),
              cell: (u) => (
                <span className="block min-w-0">
                  <span translate="no" className="block break-all font-medium">{u.userName}</span>
                  <span className="block text-xs text-slate-500">{u.name ?? ''}</span>
                </span>
              ),
            },
            { key: 'app', header: t('users.app'), cell: (u) => <span translate="no" className="break-all font-mono text-xs">{u.appId}</span> },
            {
              key: 'role',
              header: t('users.role'),
              cell: (u) => (
                <span className="flex flex-wrap gap-1">
                  {u.role && <Badge tone={u.role === 'admin' ? 'accent' : 'neutral'}>{u.role === 'admin' || u.role === 'user' ? t(`users.role.${u.role}`) : u.role}</Badge>}
                  {!u.enabled && <Badge tone="warning">{t('users.enabled')}: {t('users.no')}</Badge>}
                  {u.status !== 'active' && <Badge tone="danger">{t(`users.status.${u.status}`)}</Badge>}
                </span>
              ),
            },
            { key: 'org', header: t('users.org'), hideBelow: 'md', cell: (u) => <span translate="no" className="font-mono text-xs">{u.orgCode ?? '—'}</span> },
            { key: 'mobile', header: t('users.mobile'), cell: (u) => <span translate="no">{u.mobile ?? '—'}</span> },
            { key: 'email', header: t('users.email'), cell: (u) => <span translate="no" className="break-all">{u.email ?? '—'}</span> },
          ]}
        />
        {d.users.total > d.users.limit && (
          <nav aria-label={t('users.page', { page: d.users.page, pages })} className="mt-3 flex items-center justify-between gap-2 text-sm">
            <Button disabled={d.users.page <= 1} onClick={() => goPage(d.users.page - 1)}>
              {t('users.prev')}
            </Button>
            <span>{t('users.page', { page: d.users.page, pages })}</span>
            <Button disabled={d.users.page >= pages} onClick={() => goPage(d.users.page + 1)}>
              {t('users.next')}
            </Button>
          </nav>
        )}
      </Card>

      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('orgs.title')} description={t('orgs.count', { n: d.orgCount })}>
          {d.orgs.length ? <OrgList nodes={d.orgs} /> : <p className="text-sm text-slate-600">{t('orgs.empty')}</p>}
        </Card>
        <Card title={t('calls.title')}>
          <DataTable
            caption={t('calls.caption')}
            rows={d.calls}
            rowKey={(c) => c.id}
            rowHref={(c) => `/calls/${c.id}`}
            rowTestId="tenant-call-row"
            empty={<p>{t('calls.empty')}</p>}
            columns={[
              { key: 'time', header: t('calls.time'), cell: (c) => <LocalTime iso={iso(c.createdAt)} /> },
              { key: 'activity', header: t('calls.activity'), cell: (c) => <span translate="no" className="font-mono text-xs">{c.activity ?? '—'}</span> },
              {
                key: 'result',
                header: t('calls.result'),
                cell: (c) => (
                  <Badge tone={c.success ? 'success' : 'danger'}>
                    {c.success ? t('calls.ok') : t('calls.failed')}
                    {c.resultCode ? ` ${c.resultCode}` : ''}
                  </Badge>
                ),
              },
            ]}
          />
        </Card>
      </div>
    </main>
  );
}
