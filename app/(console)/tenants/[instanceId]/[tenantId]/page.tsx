import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { getTenantDetail } from '@/lib/kit/queries';
import { parseTenantUserFilters } from '@/lib/kit/tenantFilters';
import { getRuntime } from '@/lib/runtime';
import { TenantDetailView } from './TenantDetailView';

export const dynamic = 'force-dynamic';

/** One tenant of the kit directory: applications, users, the org tree and its sync history (issue 9). */
export default async function TenantPage({
  params,
  searchParams,
}: {
  params: Promise<{ instanceId: string; tenantId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [user, p, sp, rt] = await Promise.all([requireUser('viewer'), params, searchParams, getRuntime()]);
  const { instanceId, tenantId } = p;
  const filters = parseTenantUserFilters(sp);
  const detail = await getTenantDetail(rt.prisma, rt.pool, instanceId, tenantId, filters, user.role);
  if (!detail) notFound();
  return <TenantDetailView instanceId={instanceId} tenantId={tenantId} filters={filters} initial={JSON.parse(JSON.stringify(detail))} role={user.role} />;
}
