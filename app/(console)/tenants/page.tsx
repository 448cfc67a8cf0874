import { requireUser } from '@/lib/auth/guard';
import messages from '@/lib/i18n/messages/tenants';
import { getT } from '@/lib/i18n/server';
import { listTenants, type TenantFilters } from '@/lib/kit/queries';
import { getRuntime } from '@/lib/runtime';
import { TenantsView } from './TenantsView';

export const dynamic = 'force-dynamic';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v)?.trim().slice(0, 255) || undefined;

/** The buyers' tenants the joint-operation kit synced (issue 9), by instance and customer. */
export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser('viewer');
  const t = await getT(messages);
  const sp = await searchParams;
  const filters: TenantFilters = { instanceId: one(sp.instanceId)?.slice(0, 64), customer: one(sp.customer) };
  const rt = await getRuntime();
  const tenants = await listTenants(rt.prisma, rt.pool, filters);
  return (
    <main>
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-1 text-slate-600">{t('intro')}</p>
      <TenantsView filters={filters} initial={JSON.parse(JSON.stringify(tenants))} />
    </main>
  );
}
